import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDeviceError } from '../../../../../shared/devices/errors';
import type { CardTransport, VirtualCard } from '../transport';
import { authenticate } from './authentication';
import { bytesToHex, concatBytes, hexToBytes } from './bytes';
import { requireResidenceCardNumber } from './card-number';
import { deriveAccessKey, FIRST_GENERATION_SUITE, SECOND_GENERATION_SUITE } from './crypto';
import { selectDf } from './commands';
import { OFFICIAL } from './official-vectors';
import { buildSmReadBinary, unwrapSmResponse } from './secure-messaging';
import { connectVirtualCard } from './sim/in-process-transport';
import { syntheticFirstGenerationCard, syntheticSecondGenerationCard } from './sim/synthetic-cards';
import { VirtualResidenceCard } from './sim/virtual-residence-card';

const officialNonces = () => ({ rndIfd: hexToBytes(OFFICIAL.rndIfd), kIfd: hexToBytes(OFFICIAL.kIfd) });

/** Random source for the virtual card that plays back fixed values in order. */
function playback(...values: string[]): (length: number) => Uint8Array {
  const queue = values.map(hexToBytes);
  return (length) => {
    const next = queue.shift();
    assert.ok(next && next.length === length, 'unexpected random request');
    return next;
  };
}

/** A card whose answers to one kind of command are replaced. */
function patched(card: VirtualCard, patch: (apdu: Uint8Array, response: Uint8Array) => Uint8Array): VirtualCard {
  return { atr: card.atr, reset: () => card.reset(), process: (apdu) => patch(apdu, card.process(apdu)) };
}

describe('authentication against the virtual card', () => {
  it('replays the official gen-2 exchange byte for byte', async () => {
    const { profile } = syntheticSecondGenerationCard('05');
    const card = new VirtualResidenceCard({ ...profile, cardNumber: OFFICIAL.cardNumber }, { random: playback(OFFICIAL.rndIcc, OFFICIAL.kIcc) });
    const exchanges: [string, string][] = [];
    const transport = connectVirtualCard(card, { onExchange: (command, response) => exchanges.push([bytesToHex(command), bytesToHex(response)]) });

    const session = await authenticate(transport, SECOND_GENERATION_SUITE, requireResidenceCardNumber(OFFICIAL.cardNumber), officialNonces);

    assert.deepEqual(exchanges, [
      ['0084000008', OFFICIAL.rndIcc + '9000'],
      [OFFICIAL.mutualAuthenticate, OFFICIAL.eIcc + OFFICIAL.mIcc + '9000'],
      [OFFICIAL.verify, '9000'],
    ]);
    assert.equal(bytesToHex(session.sessionKey), OFFICIAL.ksEnc);
  });

  it('runs the gen-1 3DES / Retail MAC flow both ways and reads a DF1 file under SM', async () => {
    const { profile } = syntheticFirstGenerationCard('1');
    const transport = connectVirtualCard(new VirtualResidenceCard(profile));
    const session = await authenticate(transport, FIRST_GENERATION_SUITE, requireResidenceCardNumber(profile.cardNumber));
    assert.equal(session.sessionKey.length, 16);
    assert.equal(bytesToHex(await transport.transmit(selectDf('DF1'))), '9000');
    const response = await transport.transmit(buildSmReadBinary(0x86));
    assert.equal(bytesToHex(response.subarray(-2)), '9000');
    const plain = unwrapSmResponse(FIRST_GENERATION_SUITE, session.sessionKey, response.subarray(0, -2));
    assert.equal(bytesToHex(plain), bytesToHex(profile.files.DF1.get(0x86) ?? new Uint8Array()));
  });

  it('reports a number whose keys the card rejects (MUTUAL AUTHENTICATE 63 00) as card_number_mismatch', async () => {
    for (const { profile } of [syntheticFirstGenerationCard('1'), syntheticSecondGenerationCard('05')]) {
      const suite = profile.cardType === '1' ? FIRST_GENERATION_SUITE : SECOND_GENERATION_SUITE;
      const transport = connectVirtualCard(new VirtualResidenceCard(profile));
      await assert.rejects(
        authenticate(transport, suite, requireResidenceCardNumber('ZZ00000000ZZ')),
        (error) => isDeviceError(error, 'card_number_mismatch') && error.params.step === 'mutual_authenticate',
      );
    }
  });

  it('reports VERIFY 63 00 as card_number_mismatch', async () => {
    const { profile } = syntheticSecondGenerationCard('05');
    const card = patched(new VirtualResidenceCard(profile), (apdu, response) => (apdu[0] === 0x08 && apdu[1] === 0x20 ? Uint8Array.of(0x63, 0x00) : response));
    await assert.rejects(
      authenticate(connectVirtualCard(card), SECOND_GENERATION_SUITE, requireResidenceCardNumber(profile.cardNumber)),
      (error) => isDeviceError(error, 'card_number_mismatch') && error.params.step === 'verify',
    );
  });

  it('refuses a card whose M.ICC does not verify (card_auth_failed)', async () => {
    const { profile } = syntheticSecondGenerationCard('05');
    const card = patched(new VirtualResidenceCard(profile), (apdu, response) => {
      if (apdu[1] !== 0x82) return response;
      const forged = response.slice();
      forged[35] = (forged[35] ?? 0) ^ 0x01; // a bit of M.ICC
      return forged;
    });
    await assert.rejects(
      authenticate(connectVirtualCard(card), SECOND_GENERATION_SUITE, requireResidenceCardNumber(profile.cardNumber)),
      (error) => isDeviceError(error, 'card_auth_failed') && error.params.check === 'mac',
    );
  });

  it('refuses a card that knows the key but answers with other randoms (card_auth_failed)', async () => {
    for (const suite of [FIRST_GENERATION_SUITE, SECOND_GENERATION_SUITE]) {
      const cardNumber = requireResidenceCardNumber('AB12345678CD');
      const key = deriveAccessKey(cardNumber);
      // A replaying card: always the same challenge, and an E.ICC built for some other RND.IFD.
      const transport: CardTransport = {
        atr: new Uint8Array(),
        async transmit(apdu) {
          if (apdu[1] === 0x84) return hexToBytes('0102030405060708 9000');
          const eIcc = suite.encrypt(key, concatBytes(hexToBytes('0102030405060708'), hexToBytes('FFFFFFFFFFFFFFFF'), new Uint8Array(16)));
          return concatBytes(eIcc, suite.cryptogramMac(key, eIcc), hexToBytes('9000'));
        },
      };
      await assert.rejects(authenticate(transport, suite, cardNumber), (error) => isDeviceError(error, 'card_auth_failed') && error.params.check === 'random');
    }
  });

  it('refuses malformed answers as card_protocol', async () => {
    const cardNumber = requireResidenceCardNumber('AB12345678CD');
    const answers = [
      hexToBytes('01020304 9000'), // a 4-byte challenge
      hexToBytes('6A82'), // GET CHALLENGE refused
      hexToBytes('9000'.slice(0, 2)), // not even a status word
    ];
    for (const answer of answers) {
      const transport: CardTransport = { atr: new Uint8Array(), transmit: async () => answer };
      await assert.rejects(authenticate(transport, SECOND_GENERATION_SUITE, cardNumber), (error) => isDeviceError(error, 'card_protocol'));
    }
  });

  it('turns a foreign transport error into card_io', async () => {
    const transport: CardTransport = {
      atr: new Uint8Array(),
      transmit: async () => {
        throw new TypeError('socket closed');
      },
    };
    await assert.rejects(authenticate(transport, SECOND_GENERATION_SUITE, requireResidenceCardNumber('AB12345678CD')), (error) => isDeviceError(error, 'card_io'));
  });
});
