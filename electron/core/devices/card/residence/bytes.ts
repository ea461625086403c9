/** Byte helpers shared by the residence-card modules (no dependencies, nothing card-specific). */

import { concatBytes as concatList } from '../tlv';

/** Concatenates byte arrays (the card layer's one implementation, in ../tlv). */
export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  return concatList(parts);
}

export function hexToBytes(hex: string): Uint8Array {
  const clean = hex.replace(/\s+/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-f]/i.test(clean)) throw new RangeError('bad hex');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function bytesToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('').toUpperCase();
}

/** Constant-time comparison, for MACs and the randoms of mutual authentication. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

export function xorBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = (a[i] ?? 0) ^ (b[i] ?? 0);
  return out;
}

/** `value` followed by zero bytes up to `length` (a longer value is returned as it is). */
export function zeroPadTo(value: Uint8Array, length: number): Uint8Array {
  if (value.length >= length) return value;
  const out = new Uint8Array(length);
  out.set(value, 0);
  return out;
}

/** Best effort: overwrite key material and plaintext once they are no longer needed. */
export function wipe(...buffers: readonly (Uint8Array | undefined)[]): void {
  for (const buffer of buffers) buffer?.fill(0);
}
