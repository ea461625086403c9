import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isDeviceError } from '../../../../shared/devices/errors';
import { childrenOf, concatBytes, encodeTlv, findChild, findTlv, parseTlv, readTlvHeader, requireTlv, tagHex } from './tlv';

const bytes = (text: string) => new Uint8Array(Buffer.from(text.replace(/\s/g, ''), 'hex'));
const isProtocolError = (e: unknown) => isDeviceError(e, 'card_protocol');

describe('parseTlv', () => {
  it('reads the non-minimal FF10 object with filler after it (EF 0001)', () => {
    const nodes = parseTlv(bytes('FF100C 313233343536373839303138 0000'));
    assert.equal(nodes.length, 1);
    assert.equal(nodes[0]!.tag, 0xff10);
    assert.equal(nodes[0]!.constructed, true);
    assert.equal(Buffer.from(nodes[0]!.value).toString('latin1'), '123456789018');
    assert.equal(nodes[0]!.headerLength, 3);
  });

  it('reads FF20 with 81 xx, 2-byte DFxx children, and FF filler', () => {
    const name = new Uint8Array(130).fill(0x41);
    const inner = concatBytes([encodeTlv(0xdf21, new Uint8Array(8)), encodeTlv(0xdf22, name), encodeTlv(0xdf25, bytes('32'))]);
    const file = concatBytes([encodeTlv(0xff20, inner), bytes('FFFFFFFF')]);
    assert.equal(file[2], 0x81, 'long form used');
    const outer = requireTlv(parseTlv(file), 0xff20);
    assert.equal(outer.headerLength, 4);
    const kids = childrenOf(outer);
    assert.deepEqual(kids.map((k) => tagHex(k.tag)), ['DF21', 'DF22', 'DF25']);
    assert.equal(kids[1]!.value.length, 130);
    assert.equal(kids[1]!.headerLength, 4, 'DF22 81 82');
    assert.equal(findChild(outer, 0xdf25)!.value[0], 0x32);
  });

  it('reads 82 xx yy lengths and 3-byte tags', () => {
    const value = new Uint8Array(300).fill(7);
    const nodes = parseTlv(concatBytes([encodeTlv(0x5f1f, value), encodeTlv(0x7f8101, bytes('AA'))]));
    assert.equal(nodes[0]!.headerLength, 5);
    assert.equal(nodes[0]!.value.length, 300);
    assert.equal(nodes[1]!.tag, 0x7f8101);
    assert.deepEqual([...nodes[1]!.value], [0xaa]);
  });

  it('skips 00 / FF filler before, between and after objects', () => {
    const nodes = parseTlv(bytes('00 00 FF FF 00 8001AA 00 00 FF10 02 3132 FF FF 00'));
    assert.deepEqual(nodes.map((n) => n.tag), [0x80, 0xff10]);
    assert.equal(nodes[1]!.offset, 10);
    // FF right before a tag byte is the start of an FFxx tag, not filler (the FF10 / FF20 case).
    assert.deepEqual(parseTlv(bytes('FF 20 01 AA')).map((n) => n.tag), [0xff20]);
    assert.deepEqual(parseTlv(bytes('')), []);
    assert.deepEqual(parseTlv(bytes('FFFF0000FF')), []);
  });

  it('accepts lengths 00..7F, 81 xx, 82 xx yy and nothing else', () => {
    assert.deepEqual(readTlvHeader(bytes('DF2100')), { tag: 0xdf21, constructed: false, headerLength: 3, length: 0 });
    assert.equal(readTlvHeader(bytes('DF21 8180')).length, 0x80);
    assert.equal(readTlvHeader(bytes('DF21 820100')).length, 0x100);
    for (const header of ['DF21 80', 'DF21 83000001', 'DF21 84', 'DF21 81', 'DF21 8201', 'DF', 'DF21', 'DFA1A1A101 00']) {
      assert.throws(() => readTlvHeader(bytes(header)), isProtocolError, header);
    }
  });

  it('refuses a value that runs past the end', () => {
    assert.throws(() => parseTlv(bytes('FF100C 3132')), isProtocolError);
    assert.throws(() => parseTlv(bytes('FF20 8105 DF2101')), isProtocolError);
  });

  it('finds nodes by tag, and names missing ones', () => {
    const nodes = parseTlv(bytes('8001AA 8101BB'));
    assert.equal(findTlv(nodes, 0x81)!.value[0], 0xbb);
    assert.equal(findTlv(nodes, 0x82), undefined);
    assert.throws(() => requireTlv(nodes, 0x82, 'the thing'), (e) => isProtocolError(e) && String(e).includes('the thing'));
  });
});

// --- Properties: the parser faces card answers, i.e. anything.

/** Tags as they are encoded: 1 byte (not 00, low bits ≠ 11111), 2 bytes, or 3 bytes — never filler-looking. */
const tagArb = fc.oneof(
  fc.integer({ min: 0x01, max: 0xfe }).filter((b) => (b & 0x1f) !== 0x1f),
  fc
    .tuple(fc.integer({ min: 0, max: 7 }).map((hi) => (hi << 5) | 0x1f), fc.integer({ min: 0x01, max: 0x7f }))
    .map(([a, b]) => (a << 8) | b),
  fc
    .tuple(
      fc.integer({ min: 0, max: 7 }).map((hi) => (hi << 5) | 0x1f),
      fc.integer({ min: 0x80, max: 0xfe }),
      fc.integer({ min: 0, max: 0x7f }),
    )
    .map(([a, b, c]) => a * 0x10000 + (b << 8) + c),
);
const fillerArb = fc.uint8Array({ maxLength: 4 }).map((b) => b.map((x) => (x & 1 ? 0xff : 0x00)));
/** Before an object only 00 is unambiguous: FF followed by a tag byte reads as the start of an FFxx tag. */
const leadingFillerArb = fc.uint8Array({ maxLength: 4 }).map((b) => b.fill(0));

describe('parseTlv properties', () => {
  it('only ever throws DeviceError card_protocol, on any bytes (3000 runs)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (input) => {
        try {
          for (const node of parseTlv(input)) {
            assert.ok(node.offset + node.headerLength + node.value.length <= input.length);
            try {
              childrenOf(node);
            } catch (error) {
              assert.ok(isProtocolError(error), String(error));
            }
          }
        } catch (error) {
          assert.ok(isProtocolError(error), String(error));
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('survives TLV-shaped garbage: valid headers with random lengths and bodies (3000 runs)', () => {
    const shaped = fc
      .array(fc.tuple(tagArb, fc.oneof(fc.integer({ min: 0, max: 0x7f }), fc.constantFrom(0x80, 0x81, 0x82, 0x83, 0xff)), fc.uint8Array({ maxLength: 40 })))
      .map((parts) =>
        concatBytes(
          parts.map(([tag, length, body]) => concatBytes([encodeTlv(tag, new Uint8Array(0)).subarray(0, -1), Uint8Array.of(length), body])),
        ),
      );
    fc.assert(
      fc.property(shaped, (input) => {
        try {
          parseTlv(input);
        } catch (error) {
          assert.ok(isProtocolError(error), String(error));
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('round-trips any object list with filler around it (2000 runs)', () => {
    const objects = fc.array(fc.tuple(tagArb, fc.uint8Array({ maxLength: 400 })), { maxLength: 6 });
    fc.assert(
      fc.property(leadingFillerArb, objects, fillerArb, (before, list, after) => {
        const input = concatBytes([before, ...list.map(([tag, value]) => encodeTlv(tag, value)), after]);
        const nodes = parseTlv(input);
        assert.deepEqual(
          nodes.map((n) => [n.tag, [...n.value]]),
          list.map(([tag, value]) => [tag, [...value]]),
        );
      }),
      { numRuns: 2000 },
    );
  });
});
