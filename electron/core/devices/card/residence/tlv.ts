import { DeviceError } from '../../../../../shared/devices/errors';

/**
 * The small BER-TLV reader the residence card needs (spec 3.2.3.1 of both generations): 1–2 byte tags (`DFD1`
 * is the only 2-byte one, and not strict BER), lengths `00..7F`, `81 xx`, `82 xx yy`, and `00` (sometimes
 * `FF`) filler after the last object because every EF is written to its full capacity. Kept inside this
 * folder on purpose: the card-wide tlv.ts is being written in parallel and this one can be swapped for it.
 *
 * Everything here reads bytes that came off a card, so every malformation is a DeviceError('card_protocol')
 * and never an exception of another type; the detail names the problem, never the bytes.
 */

export interface Tlv {
  /** The tag as a number: 0xC1, 0xDFD1… */
  readonly tag: number;
  readonly value: Uint8Array;
}

export interface TlvHeader {
  readonly tag: number;
  /** Bytes taken by tag + length. */
  readonly headerLength: number;
  readonly valueLength: number;
}

const MAX_LENGTH_BYTES = 3; // 83 xx yy zz: more than any residence-card EF, still accepted

function malformed(detail: string): DeviceError {
  return new DeviceError('card_protocol', {}, `TLV: ${detail}`);
}

/** Filler bytes that end the objects of a file written to its full capacity. */
function isFiller(byte: number): boolean {
  return byte === 0x00 || byte === 0xff;
}

/**
 * Reads a tag and length at `offset`. Returns undefined when `bytes` ends before the header does, so a
 * caller that read only the first bytes of a file (the MF objects) can ask for more.
 */
export function readTlvHeader(bytes: Uint8Array, offset = 0): TlvHeader | undefined {
  let cursor = offset;
  const first = bytes[cursor++];
  if (first === undefined) return undefined;
  let tag = first;
  if ((first & 0x1f) === 0x1f) {
    // "Tag: 1–2 bytes" (spec 3.2.3.1): the second byte is the whole tag number. It is *not* read as BER
    // continuation: in `DF D1` bit 8 of D1 is set, which strict BER would take for a third tag byte.
    const second = bytes[cursor++];
    if (second === undefined) return undefined;
    tag = first * 0x100 + second;
  }
  const lengthByte = bytes[cursor++];
  if (lengthByte === undefined) return undefined;
  let valueLength = lengthByte;
  if (lengthByte & 0x80) {
    const count = lengthByte & 0x7f;
    if (count === 0) throw malformed('indefinite length');
    if (count > MAX_LENGTH_BYTES) throw malformed('length field too long');
    valueLength = 0;
    for (let i = 0; i < count; i++) {
      const next = bytes[cursor++];
      if (next === undefined) return undefined;
      valueLength = valueLength * 0x100 + next;
    }
  }
  return { tag, headerLength: cursor - offset, valueLength };
}

/** The first object of `bytes` (what follows it is ignored). */
export function parseFirstTlv(bytes: Uint8Array): Tlv & { readonly totalLength: number } {
  const header = readTlvHeader(bytes, 0);
  if (!header) throw malformed('truncated header');
  const end = header.headerLength + header.valueLength;
  if (end > bytes.length) throw malformed('value runs past the end');
  return { tag: header.tag, value: bytes.subarray(header.headerLength, end), totalLength: end };
}

/** Every object of a file, in order, up to the filler. Objects are not descended into (none are nested). */
export function parseTlvs(bytes: Uint8Array): Tlv[] {
  const out: Tlv[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const lead = bytes[offset];
    if (lead === undefined || isFiller(lead)) break;
    const header = readTlvHeader(bytes, offset);
    if (!header) throw malformed('truncated header');
    const start = offset + header.headerLength;
    const end = start + header.valueLength;
    if (end > bytes.length) throw malformed('value runs past the end');
    out.push({ tag: header.tag, value: bytes.subarray(start, end) });
    offset = end;
  }
  return out;
}

/** The value of the one object with `tag`; a repeated tag is a malformed file (which copy would be signed?). */
export function findTag(objects: readonly Tlv[], tag: number): Uint8Array | undefined {
  let found: Uint8Array | undefined;
  for (const object of objects) {
    if (object.tag !== tag) continue;
    if (found) throw malformed(`tag ${tag.toString(16)} repeated`);
    found = object.value;
  }
  return found;
}

export function requireTag(objects: readonly Tlv[], tag: number): Uint8Array {
  const value = findTag(objects, tag);
  if (!value) throw malformed(`tag ${tag.toString(16)} missing`);
  return value;
}

/** Encodes one object (used by the virtual card to write its files). */
export function encodeTlv(tag: number, value: Uint8Array): Uint8Array {
  const tagBytes = tag > 0xff ? [tag >> 8, tag & 0xff] : [tag];
  const n = value.length;
  const lengthBytes = n < 0x80 ? [n] : n <= 0xff ? [0x81, n] : n <= 0xffff ? [0x82, n >> 8, n & 0xff] : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  const out = new Uint8Array(tagBytes.length + lengthBytes.length + n);
  out.set(tagBytes, 0);
  out.set(lengthBytes, tagBytes.length);
  out.set(value, tagBytes.length + lengthBytes.length);
  return out;
}
