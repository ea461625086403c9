import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DeviceError } from '../../../../../shared/devices/errors';
import type { CardTransport } from '../transport';
import { concatBytes } from './bytes';
import { readResidenceCard } from './reader';
import { connectVirtualCard } from './sim/in-process-transport';
import { syntheticFirstGenerationCard, syntheticSecondGenerationCard } from './sim/synthetic-cards';
import { testIssuer } from './sim/test-keys';
import { VirtualResidenceCard } from './sim/virtual-residence-card';

/**
 * The whole reader against cards that answer nonsense, or a genuine virtual card with one answer garbled in
 * transit: it either finishes (with whatever signature status) or throws a DeviceError — nothing else.
 */

const RUNS = { numRuns: 2000 };
const trustedIssuers = [testIssuer(1), testIssuer(2)];
const profiles = [
  syntheticFirstGenerationCard('1').profile,
  syntheticFirstGenerationCard('2').profile,
  syntheticSecondGenerationCard('05').profile,
  syntheticSecondGenerationCard('06').profile,
];

async function onlyDeviceErrors(run: () => Promise<unknown>): Promise<true> {
  try {
    await run();
  } catch (error) {
    if (!(error instanceof DeviceError)) throw error;
  }
  return true;
}

const statusWord = fc.constantFrom([0x90, 0x00], [0x90, 0x00], [0x63, 0x00], [0x69, 0x82], [0x6a, 0x82], [0x62, 0x82], []);

describe('readResidenceCard under random and garbled answers', () => {
  it('a card answering random bytes', async () => {
    const answers = fc.array(
      fc.tuple(fc.uint8Array({ maxLength: 64 }), statusWord).map(([data, sw]) => concatBytes(data, Uint8Array.from(sw))),
      { maxLength: 30 },
    );
    await fc.assert(
      fc.asyncProperty(answers, fc.constantFrom('AB12345678CD', 'UV23456789WX'), async (script, cardNumber) => {
        const queue = [...script];
        const transport: CardTransport = { atr: new Uint8Array(), transmit: async () => queue.shift() ?? Uint8Array.of(0x6f, 0x00) };
        return onlyDeviceErrors(() => readResidenceCard(transport, cardNumber, { trustedIssuers }));
      }),
      RUNS,
    );
  });

  it('a genuine card with one answer garbled (flipped byte, cut short, other status word)', async () => {
    const garbling = fc.record({
      card: fc.nat({ max: profiles.length - 1 }),
      at: fc.nat({ max: 30 }),
      kind: fc.constantFrom('flip', 'cut', 'status', 'empty'),
      position: fc.nat(),
      value: fc.integer({ min: 1, max: 255 }),
    });
    await fc.assert(
      fc.asyncProperty(garbling, async ({ card, at, kind, position, value }) => {
        const profile = profiles[card];
        assert.ok(profile);
        const inner = connectVirtualCard(new VirtualResidenceCard(profile));
        let count = 0;
        const transport: CardTransport = {
          atr: inner.atr,
          async transmit(apdu) {
            const response = await inner.transmit(apdu);
            if (count++ !== at) return response;
            const out = response.slice();
            if (kind === 'flip') out[position % out.length] = (out[position % out.length] ?? 0) ^ value;
            if (kind === 'cut') return out.subarray(0, position % out.length);
            if (kind === 'status') out.set([0x60 | (value & 0x0f), value], out.length - 2);
            if (kind === 'empty') return new Uint8Array();
            return out;
          },
        };
        return onlyDeviceErrors(async () => {
          const read = await readResidenceCard(transport, profile.cardNumber, { trustedIssuers });
          assert.ok(['valid', 'invalid', 'untrusted-issuer'].includes(read.signature.status));
        });
      }),
      RUNS,
    );
  });
});
