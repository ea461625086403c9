// Property tests: whatever a card (or something pretending to be one) answers, the response parsers and the
// whole read either succeed or throw a DeviceError — never a TypeError, a RangeError or a hang.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DeviceError, isDeviceError } from '../../../../shared/devices/errors';
import { parseResponse } from './apdu';
import { detectCardKind } from './card-kind';
import { individualNumberCheckDigit } from './individual-number';
import { parseAttributes, parseIndividualNumber, pinStatusFromSw, readMyNumberCard } from './mynumber';
import { transportFor } from './sim/in-process';
import { attributesFile, individualNumberFile, VirtualMyNumberCard } from './sim/virtual-mynumber-card';
import { uidFromResponse } from './staff-card';
import { concatBytes, encodeTlv } from './tlv';
import type { CardTransport } from './transport';

const RUNS = 2000;

function onlyDeviceErrors(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof DeviceError, `not a DeviceError: ${String(error)}`);
  }
}

async function onlyDeviceErrorsAsync(run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (error) {
    assert.ok(error instanceof DeviceError, `not a DeviceError: ${String(error)}`);
  }
}

/** Inputs that look like what the parsers expect, then get bent: TLV-shaped, mutated real files, random. */
const holderArb = fc.record({
  name: fc.string({ unit: 'binary', maxLength: 60 }),
  address: fc.string({ unit: 'binary', maxLength: 200 }),
  birthDate: fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  sex: fc.constantFrom(1 as const, 2 as const, 9 as const),
});

const mutated = (file: Uint8Array) =>
  fc.array(fc.tuple(fc.nat({ max: Math.max(0, file.length - 1) }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }).map((edits) => {
    const copy = file.slice();
    for (const [at, value] of edits) copy[at] = value;
    return copy;
  });

const fileLike = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  holderArb.chain((holder) => mutated(attributesFile(holder))),
  fc.stringMatching(/^[0-9]{12}$/).chain((n) => mutated(individualNumberFile(n))),
  fc.array(fc.tuple(fc.constantFrom(0xff20, 0xff10, 0xdf21, 0xdf22, 0xdf23, 0xdf24, 0xdf25), fc.uint8Array({ maxLength: 40 }))).map((parts) =>
    concatBytes(parts.map(([tag, value]) => encodeTlv(tag, value))),
  ),
);

describe('response parsers on any input', () => {
  it(`parseAttributes / parseIndividualNumber throw only DeviceError (${RUNS * 2} runs)`, () => {
    fc.assert(
      fc.property(fileLike, (file) => {
        onlyDeviceErrors(() => parseAttributes(file));
        onlyDeviceErrors(() => parseIndividualNumber(file));
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it(`parseResponse, uidFromResponse, pinStatusFromSw throw only DeviceError (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 20 }), fc.integer({ min: -1, max: 0x10000 }), (response, sw) => {
        onlyDeviceErrors(() => parseResponse(response));
        onlyDeviceErrors(() => uidFromResponse(response));
        onlyDeviceErrors(() => pinStatusFromSw(sw));
      }),
      { numRuns: RUNS },
    );
  });

  it(`round-trips any attributes through the card file (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(holderArb, fc.constantFrom(0x00 as const, 0xff as const), (holder, filler) => {
        assert.deepEqual(parseAttributes(attributesFile(holder, filler)), { ...holder });
      }),
      { numRuns: RUNS },
    );
  });

  it(`accepts a 個人番号 exactly when its check digit holds (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{12}$/), (number) => {
        const valid = individualNumberCheckDigit(number.slice(0, 11)) === Number(number[11]);
        try {
          assert.equal(parseIndividualNumber(individualNumberFile(number)), number);
          assert.ok(valid);
        } catch (error) {
          assert.ok(isDeviceError(error, 'card_protocol') && !valid, String(error));
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe('the whole read against a card answering garbage', () => {
  /** A transport whose every answer is drawn by fast-check: sometimes plausible, mostly not. */
  const answersArb = fc.array(
    fc.oneof(
      fc.uint8Array({ maxLength: 40 }),
      fc.constantFrom('9000', '63C2', '63C0', '6984', '6982', '6A82', '6282', '6100', '6C05', '61FF', '9000').map((sw) => new Uint8Array(Buffer.from(sw, 'hex'))),
      fileLike.map((file) => concatBytes([file.subarray(0, 256), Uint8Array.of(0x90, 0x00)])),
    ),
    { maxLength: 30 },
  );

  const scripted = (answers: Uint8Array[]): CardTransport => {
    let i = 0;
    return {
      atr: Uint8Array.of(0x3b, 0x88, 0x80, 0x01),
      async transmit() {
        const next = answers[i++];
        if (!next) throw new DeviceError('card_removed');
        return next;
      },
    };
  };

  it(`readMyNumberCard and detectCardKind throw only DeviceError (${RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(answersArb, fc.boolean(), async (answers, individualNumber) => {
        await onlyDeviceErrorsAsync(() => readMyNumberCard(scripted(answers), { pin: '1234', individualNumber }));
        await onlyDeviceErrorsAsync(() => detectCardKind(scripted(answers)));
      }),
      { numRuns: RUNS },
    );
  });

  it(`reads back any holder through the in-process virtual card (${RUNS / 4} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(holderArb, fc.option(fc.integer({ min: 4, max: 300 })), async (holder, chunk) => {
        const card = new VirtualMyNumberCard({ ...holder, ...(chunk === null ? {} : { responseChunk: chunk }) });
        assert.deepEqual(await readMyNumberCard(transportFor(card), { pin: '1234', individualNumber: false }), { ...holder });
      }),
      { numRuns: RUNS / 4 },
    );
  });
});
