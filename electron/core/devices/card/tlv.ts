/**
 * A small, lenient BER-TLV reader (ISO/IEC 8825-1) for what Japanese ID cards actually store:
 *   - multi-byte tags such as DF21, 5F1F, 7F21, and the non-minimal FF10 / FF20 (tag numbers below 31 written
 *     in the high-tag form), which a strict DER parser rejects;
 *   - lengths in 1 to 3 bytes: 00..7F, 81 xx, 82 xx yy;
 *   - 00 / FF filler before, between and after objects (unwritten EF bytes). An FF counts as filler when
 *     another FF, a 00 or the end follows it; an FF before any other byte starts an FFxx tag.
 * Anything else malformed throws DeviceError('card_protocol') and nothing else: the input comes from a card
 * and may be garbage. Values are views into the input (no copy); children are parsed only on request, because
 * a constructed-looking tag such as FF10 may hold plain digits.
 */
import { DeviceError } from '../../../../shared/devices/errors';

export interface TlvNode {
  /** All tag bytes as one number: 0x84, 0xDF21, 0xFF20, 0x7F21. */
  tag: number;
  /** Bit 6 of the first tag byte. */
  constructed: boolean;
  /** The value bytes (a view into the parsed buffer). */
  value: Uint8Array;
  /** Where the tag starts, relative to the buffer handed to the parser. */
  offset: number;
  /** Tag + length bytes. */
  headerLength: number;
}

export interface TlvHeader {
  tag: number;
  constructed: boolean;
  headerLength: number;
  /** Length of the value. */
  length: number;
}

/** More than this is not a tag any of our cards uses, and keeps tag numbers exact. */
const MAX_TAG_BYTES = 3;

function malformed(detail: string): DeviceError {
  return new DeviceError('card_protocol', {}, `TLV: ${detail}`);
}

/**
 * Reads one tag and length at `offset`. Throws when they are incomplete or not in the supported forms, so a
 * caller can read a file's first bytes and learn how many follow.
 */
export function readTlvHeader(bytes: Uint8Array, offset = 0): TlvHeader {
  let at = offset;
  const first = bytes[at++];
  if (first === undefined) throw malformed('missing tag');
  let tag = first;
  if ((first & 0x1f) === 0x1f) {
    // High-tag-number form: subsequent bytes while bit 8 is set. Accepted even when the number would fit in
    // the first byte (FF10, FF20 on the My Number card).
    for (;;) {
      const next = bytes[at++];
      if (next === undefined) throw malformed('truncated tag');
      tag = tag * 0x100 + next;
      if (at - offset > MAX_TAG_BYTES) throw malformed('tag longer than 3 bytes');
      if ((next & 0x80) === 0) break;
    }
  }
  const lengthByte = bytes[at++];
  if (lengthByte === undefined) throw malformed('missing length');
  let length: number;
  if (lengthByte < 0x80) {
    length = lengthByte;
  } else if (lengthByte === 0x81 || lengthByte === 0x82) {
    const count = lengthByte & 0x7f;
    if (at + count > bytes.length) throw malformed('truncated length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 0x100 + bytes[at++]!;
  } else {
    // 80 is the indefinite form (never used on these cards); 83 and longer exceed anything the EFs hold.
    throw malformed('unsupported length form');
  }
  return { tag, constructed: (first & 0x20) !== 0, headerLength: at - offset, length };
}

/** True at a filler byte: 00, or FF that cannot start a tag we read (followed by FF, 00 or nothing). */
function isFiller(bytes: Uint8Array, at: number): boolean {
  const b = bytes[at];
  if (b === 0x00) return true;
  if (b !== 0xff) return false;
  const next = bytes[at + 1];
  return next === undefined || next === 0x00 || next === 0xff;
}

/** Parses a sequence of TLV objects (one level), skipping filler. An empty or all-filler input gives []. */
export function parseTlv(bytes: Uint8Array): TlvNode[] {
  const nodes: TlvNode[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (isFiller(bytes, at)) {
      at++;
      continue;
    }
    const header = readTlvHeader(bytes, at);
    const start = at + header.headerLength;
    const end = start + header.length;
    if (end > bytes.length) throw malformed('value runs past the end');
    nodes.push({
      tag: header.tag,
      constructed: header.constructed,
      value: bytes.subarray(start, end),
      offset: at,
      headerLength: header.headerLength,
    });
    at = end;
  }
  return nodes;
}

/** The first node with this tag, or undefined. */
export function findTlv(nodes: readonly TlvNode[], tag: number): TlvNode | undefined {
  return nodes.find((node) => node.tag === tag);
}

/** Parses a constructed node's value as TLV objects (children offsets are relative to its value). */
export function childrenOf(node: TlvNode): TlvNode[] {
  return parseTlv(node.value);
}

/** The first child with this tag, or undefined. */
export function findChild(node: TlvNode, tag: number): TlvNode | undefined {
  return findTlv(childrenOf(node), tag);
}

/** Like findTlv, but a missing object is a broken answer. `what` names it in the error detail (no data). */
export function requireTlv(nodes: readonly TlvNode[], tag: number, what = tagHex(tag)): TlvNode {
  const node = findTlv(nodes, tag);
  if (!node) throw malformed(`missing ${what}`);
  return node;
}

/** "DF21". */
export function tagHex(tag: number): string {
  const hex = tag.toString(16).toUpperCase();
  return hex.length % 2 === 0 ? hex : `0${hex}`;
}

/** Encodes one object (tag given as its bytes' number, shortest length form). For simulators and tests. */
export function encodeTlv(tag: number, value: Uint8Array): Uint8Array {
  const tagBytes: number[] = [];
  for (let rest = tag; ; rest = Math.floor(rest / 0x100)) {
    tagBytes.unshift(rest & 0xff);
    if (rest < 0x100) break;
  }
  if (tagBytes.length > MAX_TAG_BYTES) throw malformed('tag longer than 3 bytes');
  const n = value.length;
  let lengthBytes: number[];
  if (n < 0x80) lengthBytes = [n];
  else if (n <= 0xff) lengthBytes = [0x81, n];
  else if (n <= 0xffff) lengthBytes = [0x82, n >> 8, n & 0xff];
  else throw malformed('value longer than 65535 bytes');
  const out = new Uint8Array(tagBytes.length + lengthBytes.length + n);
  out.set(tagBytes, 0);
  out.set(lengthBytes, tagBytes.length);
  out.set(value, tagBytes.length + lengthBytes.length);
  return out;
}

/** Concatenates byte arrays (TLV building). */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
