import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DeviceError } from '../../../../../shared/devices/errors';
import { concatBytes } from './bytes';
import { parseCardType, parseCommonData } from './card-type';
import { FIRST_GENERATION_SUITE, pad80, SECOND_GENERATION_SUITE } from './crypto';
import { parseAddressEntries, parseFirstGenerationFace, parseFrontImage, parseRemark } from './first-generation-files';
import {
  parseAddressImage,
  parseCardNumberFile,
  parseNameAndFace,
  parsePrintedEntries,
  parseSecondGenerationPermissions,
  printedEntriesSignedData,
} from './second-generation-files';
import { unwrapSmResponse } from './secure-messaging';
import { parseSignatureFile, verifyCardSignature } from './signature';
import { syntheticFirstGenerationCard, syntheticSecondGenerationCard } from './sim/synthetic-cards';
import { encodeTlv, parseFirstTlv, parseTlvs, readTlvHeader } from './tlv';

/**
 * Every parser of card bytes, fed random, structured-random and mutated-real input: the only thing allowed
 * out besides a result is a DeviceError. A TypeError / RangeError / Node crypto error is a failure.
 */

const RUNS = { numRuns: 2000 };

function onlyDeviceErrors(run: () => unknown): true {
  try {
    run();
  } catch (error) {
    if (!(error instanceof DeviceError)) throw error;
  }
  return true;
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const anyBytes = fc.uint8Array({ maxLength: 400 });

/** Values that look like what the card holds (codes, dates, digits) as well as noise. */
const fieldValue = fc.oneof(
  fc.uint8Array({ maxLength: 16 }),
  fc.stringMatching(/^[0-9]{0,10}$/).map(utf8),
  fc.constantFrom('0', '1', '2', '3', '4', '9', '0000', '0300', '1299', '090', '20300131', '19000229', '20000229', '20241301', ' 1 ', '1\u0000\u0000').map(utf8),
);

/** A file of TLV objects with the given tags (plus some strangers), then random filler. */
function tlvFile(tags: readonly number[]): fc.Arbitrary<Uint8Array> {
  const object = fc
    .record({ tag: fc.oneof(fc.constantFrom(...tags), fc.integer({ min: 0x01, max: 0xfe }), fc.constant(0xdfd1)), value: fieldValue })
    .map(({ tag, value }) => encodeTlv(tag, value));
  return fc
    .tuple(fc.array(object, { maxLength: 12 }), fc.oneof(fc.constant(new Uint8Array()), fc.uint8Array({ maxLength: 6 })))
    .map(([objects, tail]) => concatBytes(...objects, tail));
}

/** A real file with a few bytes overwritten and maybe cut short. */
function mutated(file: Uint8Array): fc.Arbitrary<Uint8Array> {
  return fc
    .record({
      edits: fc.array(fc.tuple(fc.nat({ max: Math.max(0, file.length - 1) }), fc.nat({ max: 255 })), { minLength: 1, maxLength: 4 }),
      cut: fc.nat({ max: file.length }),
      truncate: fc.boolean(),
    })
    .map(({ edits, cut, truncate }) => {
      const out = file.slice();
      for (const [index, byte] of edits) out[index] = byte;
      return truncate ? out.subarray(0, cut) : out;
    });
}

const gen1 = syntheticFirstGenerationCard('1').profile.files;
const gen2 = syntheticSecondGenerationCard('05').profile.files;
const real = (files: typeof gen1, df: keyof typeof gen1, p1: number) => files[df].get(p1) ?? new Uint8Array();

describe('TLV parser: only DeviceError on any input', () => {
  it('readTlvHeader / parseFirstTlv / parseTlvs on random bytes', () => {
    fc.assert(
      fc.property(anyBytes, (bytes) => onlyDeviceErrors(() => readTlvHeader(bytes)) && onlyDeviceErrors(() => parseFirstTlv(bytes)) && onlyDeviceErrors(() => parseTlvs(bytes))),
      RUNS,
    );
  });

  it('parses back what it encodes, filler ignored', () => {
    const object = fc.record({
      tag: fc.oneof(fc.integer({ min: 0x01, max: 0xfe }).filter((tag) => (tag & 0x1f) !== 0x1f), fc.constant(0xdfd1), fc.constant(0x5f01)),
      value: fc.uint8Array({ maxLength: 300 }),
    });
    fc.assert(
      fc.property(fc.array(object, { maxLength: 6 }), fc.nat({ max: 10 }), (objects, filler) => {
        const file = concatBytes(...objects.map(({ tag, value }) => encodeTlv(tag, value)), new Uint8Array(filler));
        const parsed = parseTlvs(file);
        assert.deepEqual(
          parsed.map(({ tag, value }) => ({ tag, value: Array.from(value) })),
          objects.map(({ tag, value }) => ({ tag, value: Array.from(value) })),
        );
        return true;
      }),
      RUNS,
    );
  });
});

describe('secure messaging unwrap: only DeviceError on any input', () => {
  const key = new Uint8Array(16).fill(7);
  for (const suite of [FIRST_GENERATION_SUITE, SECOND_GENERATION_SUITE]) {
    it(`random response data (gen ${suite.generation})`, () => {
      fc.assert(
        fc.property(anyBytes, (bytes) => onlyDeviceErrors(() => unwrapSmResponse(suite, key, bytes))),
        RUNS,
      );
    });

    it(`well-formed 86 objects around random ciphertext (gen ${suite.generation})`, () => {
      const cipher = fc.nat({ max: 40 }).chain((blocks) => fc.uint8Array({ minLength: blocks * suite.blockSize, maxLength: blocks * suite.blockSize }));
      fc.assert(
        fc.property(cipher, fc.constantFrom(0x01, 0x02, 0x00), (body, indicator) =>
          onlyDeviceErrors(() => unwrapSmResponse(suite, key, encodeTlv(0x86, concatBytes(Uint8Array.of(indicator), body)))),
        ),
        RUNS,
      );
    });

    it(`round-trips any plaintext (gen ${suite.generation})`, () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 600 }), (plain) => {
          const wrapped = encodeTlv(0x86, concatBytes(Uint8Array.of(0x01), suite.encrypt(key, pad80(plain, suite.blockSize))));
          assert.deepEqual(Array.from(unwrapSmResponse(suite, key, wrapped)), Array.from(plain));
          return true;
        }),
        RUNS,
      );
    });
  }
});

describe('card type and common data: only DeviceError on any input', () => {
  it('random bytes', () => {
    fc.assert(
      fc.property(anyBytes, (bytes) => onlyDeviceErrors(() => parseCardType(bytes)) && onlyDeviceErrors(() => parseCommonData(bytes))),
      RUNS,
    );
  });

  it('C0/C1 objects with random values', () => {
    fc.assert(
      fc.property(fc.constantFrom(0xc0, 0xc1), fieldValue, (tag, value) => {
        const file = encodeTlv(tag, value);
        return onlyDeviceErrors(() => parseCardType(file)) && onlyDeviceErrors(() => parseCommonData(file));
      }),
      RUNS,
    );
  });
});

describe('gen-2 printed entries and other DF1/DF2 files: only DeviceError on any input', () => {
  const printedTags = [0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xcb, 0xcc, 0xcd, 0xce];

  it('printed entries: random bytes', () => {
    fc.assert(
      fc.property(anyBytes, (bytes) => onlyDeviceErrors(() => parsePrintedEntries(bytes)) && onlyDeviceErrors(() => printedEntriesSignedData(bytes))),
      RUNS,
    );
  });

  it('printed entries: random objects with the real tags', () => {
    fc.assert(
      fc.property(tlvFile(printedTags), (file) => onlyDeviceErrors(() => parsePrintedEntries(file)) && onlyDeviceErrors(() => printedEntriesSignedData(file))),
      RUNS,
    );
  });

  it('printed entries: the real file, mutated', () => {
    fc.assert(
      fc.property(mutated(real(gen2, 'DF1', 0x83)), (file) => onlyDeviceErrors(() => parsePrintedEntries(file))),
      RUNS,
    );
  });

  it('card number, name/face, address image, DF2: random objects and mutated real files', () => {
    const df2Tags = [0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xde];
    fc.assert(
      fc.property(
        tlvFile([0xc2, 0xd0, 0xd1, ...df2Tags]),
        mutated(real(gen2, 'DF1', 0x84)),
        mutated(real(gen2, 'DF2', 0x81)),
        (file, nameAndFace, permissions) =>
          onlyDeviceErrors(() => parseCardNumberFile(file)) &&
          onlyDeviceErrors(() => parseNameAndFace(file)) &&
          onlyDeviceErrors(() => parseNameAndFace(nameAndFace)) &&
          onlyDeviceErrors(() => parseAddressImage(file)) &&
          onlyDeviceErrors(() => parseSecondGenerationPermissions([file, permissions])),
      ),
      RUNS,
    );
  });
});

describe('gen-1 files: only DeviceError on any input', () => {
  it('address entries and remarks: random objects, random bytes and the mutated real file', () => {
    fc.assert(
      fc.property(tlvFile([0xd2, 0xd3, 0xd4, 0xd5]), anyBytes, mutated(real(gen1, 'DF2', 0x81)), (file, bytes, address) =>
        [file, bytes, address].every(
          (input) =>
            onlyDeviceErrors(() => parseAddressEntries(input)) &&
            onlyDeviceErrors(() => parseRemark(input, 0xd5)) &&
            onlyDeviceErrors(() => parseFrontImage(input)) &&
            onlyDeviceErrors(() => parseFirstGenerationFace(input)),
        ),
      ),
      RUNS,
    );
  });
});

describe('signature file and verification: never anything but a status or a DeviceError', () => {
  const signedData = new Uint8Array(64);
  it('parses random signature files (DeviceError) and verifies random material (no throw at all)', () => {
    fc.assert(
      fc.property(
        tlvFile([0xda, 0xdb, 0xdc, 0xdd]),
        fc.constantFrom(1 as const, 2 as const),
        fc.uint8Array({ maxLength: 300 }),
        fc.oneof(fc.uint8Array({ maxLength: 700 }), mutated(real(gen2, 'DF3', 0x82).subarray(102, 102 + 590))),
        (file, generation, signature, certificate) => {
          onlyDeviceErrors(() => parseSignatureFile(file, generation));
          const check = verifyCardSignature({ generation, signedData, signatureFile: { signature, certificate }, trustedIssuers: [] });
          assert.ok(['valid', 'invalid', 'untrusted-issuer'].includes(check.status));
          return true;
        },
      ),
      RUNS,
    );
  });
});
