/**
 * RFC 4648 Base32 without padding, upper case. Chosen for scanned codes because its alphabet (A–Z, 2–7) is inside
 * QR alphanumeric mode (compact symbols) and is typed by the same keys on US and JIS keyboards (no symbols), so a
 * code survives a keyboard-wedge scanner set to the wrong country.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const VALUES: ReadonlyMap<string, number> = new Map([...ALPHABET].map((char, value) => [char, value]));

export function encodeBase32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/**
 * Decodes canonical unpadded Base32: upper-case alphabet only, a length some byte count encodes to, and zero
 * unused bits at the end (so every byte string has exactly one text). Anything else: undefined.
 */
export function decodeBase32(text: string): Uint8Array | undefined {
  if (![0, 2, 4, 5, 7].includes(text.length % 8)) return undefined;
  const bytes = new Uint8Array(Math.floor((text.length * 5) / 8));
  let buffer = 0;
  let bits = 0;
  let index = 0;
  for (const char of text) {
    const value = VALUES.get(char);
    if (value === undefined) return undefined;
    buffer = ((buffer << 5) | value) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bytes[index++] = (buffer >>> (bits - 8)) & 0xff;
      bits -= 8;
    }
  }
  if ((buffer & ((1 << bits) - 1)) !== 0) return undefined;
  return bytes;
}
