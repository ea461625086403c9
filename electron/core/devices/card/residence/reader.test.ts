import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DeviceError, isDeviceError } from '../../../../../shared/devices/errors';
import type { CardTransport } from '../transport';
import { bytesToHex } from './bytes';
import { readResidenceCard } from './reader';
import { connectVirtualCard } from './sim/in-process-transport';
import { syntheticFirstGenerationCard, syntheticSecondGenerationCard } from './sim/synthetic-cards';
import { testImpostorIssuer, testIssuer } from './sim/test-keys';
import { VirtualResidenceCard, type ResidenceCardProfile } from './sim/virtual-residence-card';
import { encodeTlv } from './tlv';

const trustedIssuers = [testIssuer(1), testIssuer(2)];

function transportFor(profile: ResidenceCardProfile, options: Parameters<typeof connectVirtualCard>[1] = {}): CardTransport {
  return connectVirtualCard(new VirtualResidenceCard(profile), options);
}

/** A copy of the profile with one byte of one file flipped (after the card was signed). */
function tampered(profile: ResidenceCardProfile, df: keyof ResidenceCardProfile['files'], p1: number, index: number): ResidenceCardProfile {
  const files = { MF: new Map(profile.files.MF), DF1: new Map(profile.files.DF1), DF2: new Map(profile.files.DF2), DF3: new Map(profile.files.DF3) };
  const file = files[df].get(p1)?.slice();
  assert.ok(file);
  file[index] = (file[index] ?? 0) ^ 0x01;
  files[df].set(p1, file);
  return { ...profile, files };
}

/** How many commands a complete read of this card takes. */
async function commandCount(profile: ResidenceCardProfile): Promise<number> {
  let count = 0;
  await readResidenceCard(transportFor(profile, { onExchange: () => count++ }), profile.cardNumber, { trustedIssuers });
  return count;
}

describe('readResidenceCard, gen 1 (types 1/2)', () => {
  for (const cardType of ['1', '2'] as const) {
    it(`reads every file of a type ${cardType} card and verifies its signature`, async () => {
      const { profile, expected } = syntheticFirstGenerationCard(cardType);
      const read = await readResidenceCard(transportFor(profile), profile.cardNumber.toLowerCase(), { trustedIssuers });
      assert.equal(read.generation, 1);
      if (read.generation !== 1) return;
      assert.equal(read.cardType, cardType);
      assert.equal(read.kind, cardType === '1' ? 'residence-card' : 'special-permanent-resident-certificate');
      assert.equal(read.specVersion, '0001');
      assert.deepEqual(read.signature, { status: 'valid', issuer: testIssuer(1).subject });
      assert.equal(read.frontImage.format, 'tiff-mmr');
      assert.equal(bytesToHex(read.frontImage.bytes), bytesToHex(expected.frontImage));
      assert.equal(read.facePhoto.format, 'jpeg2000');
      assert.equal(bytesToHex(read.facePhoto.bytes), bytesToHex(expected.facePhoto));
      assert.deepEqual(read.addresses, expected.addresses);
      assert.deepEqual(read.permissions, expected.permissions);
    });
  }
});

describe('readResidenceCard, gen 2 (types 05/06)', () => {
  for (const cardType of ['05', '06'] as const) {
    it(`reads every file of a type ${cardType} card and verifies its signature`, async () => {
      const { profile, expected } = syntheticSecondGenerationCard(cardType);
      const read = await readResidenceCard(transportFor(profile), profile.cardNumber, { trustedIssuers });
      assert.equal(read.generation, 2);
      if (read.generation !== 2) return;
      assert.equal(read.cardType, cardType);
      assert.equal(read.kind, cardType === '05' ? 'residence-card' : 'special-permanent-resident-certificate');
      assert.deepEqual(read.signature, { status: 'valid', issuer: testIssuer(2).subject });
      assert.equal(read.cardNumber, expected.cardNumber);
      assert.deepEqual(read.printed, expected.printed);
      assert.deepEqual(read.permissions, expected.permissions);
      assert.equal(read.nameImage.format, 'tiff-mmr');
      assert.equal(bytesToHex(read.nameImage.bytes), bytesToHex(expected.nameImage));
      assert.equal(bytesToHex(read.facePhoto.bytes), bytesToHex(expected.facePhoto));
      assert.equal(read.addressImage.format, 'tiff-mmr');
      assert.equal(bytesToHex(read.addressImage.bytes), bytesToHex(expected.addressImage));
    });
  }

  it('reads P1 86 as the address image on gen 2 and as the face photo on gen 1', async () => {
    const seen: string[] = [];
    const gen2 = syntheticSecondGenerationCard('05');
    await readResidenceCard(transportFor(gen2.profile, { onExchange: (command) => seen.push(bytesToHex(command.subarray(0, 3))) }), gen2.profile.cardNumber, { trustedIssuers });
    assert.deepEqual(
      seen.filter((header) => header.startsWith('08B0')),
      ['08B081', '08B083', '08B084', '08B086'],
    );
    seen.length = 0;
    const gen1 = syntheticFirstGenerationCard('1');
    await readResidenceCard(transportFor(gen1.profile, { onExchange: (command) => seen.push(bytesToHex(command.subarray(0, 3))) }), gen1.profile.cardNumber, { trustedIssuers });
    assert.deepEqual(
      seen.filter((header) => header.startsWith('08B0')),
      ['08B085', '08B086'],
    );
  });
});

describe('readResidenceCard: refusals', () => {
  it('refuses a wrong card number with card_number_mismatch, both generations', async () => {
    for (const { profile } of [syntheticFirstGenerationCard('1'), syntheticSecondGenerationCard('05')]) {
      await assert.rejects(readResidenceCard(transportFor(profile), 'AB00000000CD', { trustedIssuers }), (error) => isDeviceError(error, 'card_number_mismatch'));
    }
  });

  it('refuses a malformed number before sending anything, without echoing it', async () => {
    const { profile } = syntheticSecondGenerationCard('05');
    let sent = 0;
    await assert.rejects(readResidenceCard(transportFor(profile, { onExchange: () => sent++ }), 'UV2345-789WX', { trustedIssuers }), (error) => {
      assert.ok(isDeviceError(error, 'card_protocol'));
      assert.equal(error.params.reason, 'card_number_format');
      assert.ok(!error.message.includes('UV2345'));
      return true;
    });
    assert.equal(sent, 0);
  });

  it('refuses the My Number-integrated types 07/08 and unknown types as card_unsupported, before authenticating', async () => {
    for (const code of ['07', '08', '3', '09']) {
      const { profile } = syntheticSecondGenerationCard('05');
      const mf = new Map(profile.files.MF);
      mf.set(0x8a, encodeTlv(0xc1, new TextEncoder().encode(code)));
      const commands: string[] = [];
      await assert.rejects(
        readResidenceCard(transportFor({ ...profile, files: { ...profile.files, MF: mf } }, { onExchange: (command) => commands.push(bytesToHex(command)) }), profile.cardNumber),
        (error) => isDeviceError(error, 'card_unsupported'),
      );
      assert.ok(!commands.some((command) => command.startsWith('0084')), 'no GET CHALLENGE');
    }
  });

  it('reads the card type with the 2-byte header first, then the whole object (no fixed Le 03)', async () => {
    const { profile } = syntheticSecondGenerationCard('05');
    const commands: string[] = [];
    await readResidenceCard(transportFor(profile, { onExchange: (command) => commands.push(bytesToHex(command)) }), profile.cardNumber, { trustedIssuers });
    assert.deepEqual(commands.slice(0, 2), ['00B08A0002', '00B08A0004']);
  });

  it('refuses a card that is not a residence card (MF files missing) as card_unsupported', async () => {
    const transport: CardTransport = { atr: new Uint8Array(), transmit: async () => Uint8Array.of(0x6a, 0x82) };
    await assert.rejects(readResidenceCard(transport, 'AB12345678CD'), (error) => isDeviceError(error, 'card_unsupported'));
  });
});

describe('readResidenceCard: signature status', () => {
  it('reports altered images or printed entries as invalid', async () => {
    const gen1 = syntheticFirstGenerationCard('1');
    const gen2 = syntheticSecondGenerationCard('05');
    const cases: [ResidenceCardProfile, string][] = [
      [tampered(gen1.profile, 'DF1', 0x85, 100), 'gen-1 front image'],
      [tampered(gen1.profile, 'DF1', 0x86, 2000), 'gen-1 face photo'],
      [tampered(gen2.profile, 'DF1', 0x83, 4), 'gen-2 printed entries (card expiry)'],
      [tampered(gen2.profile, 'DF1', 0x84, 300), 'gen-2 name image'],
      [tampered(gen2.profile, 'DF1', 0x84, 4000), 'gen-2 face photo'],
      [tampered(gen2.profile, 'DF3', 0x82, 20), 'gen-2 signature value'],
    ];
    for (const [profile, what] of cases) {
      const read = await readResidenceCard(transportFor(profile), profile.cardNumber, { trustedIssuers });
      assert.deepEqual(read.signature, { status: 'invalid' }, what);
    }
  });

  it('does not cover the gen-2 address image or DF2 (the spec signs printed entries, face and name only)', async () => {
    const { profile } = syntheticSecondGenerationCard('05');
    const read = await readResidenceCard(transportFor(tampered(profile, 'DF1', 0x86, 500)), profile.cardNumber, { trustedIssuers });
    assert.equal(read.signature.status, 'valid');
  });

  it('reports untrusted-issuer without a trust list, with an unrelated one, and with a same-name impostor CA', async () => {
    for (const [{ profile }, generation] of [
      [syntheticFirstGenerationCard('1'), 1],
      [syntheticSecondGenerationCard('05'), 2],
    ] as const) {
      for (const issuers of [[], [testIssuer(generation === 1 ? 2 : 1)], [testImpostorIssuer(generation)]]) {
        const read = await readResidenceCard(transportFor(profile), profile.cardNumber, { trustedIssuers: issuers });
        assert.deepEqual(read.signature, { status: 'untrusted-issuer' });
      }
    }
  });

  it('reports invalid when the certificate is swapped for the other generation’s', async () => {
    const gen1 = syntheticFirstGenerationCard('1');
    const gen2 = syntheticSecondGenerationCard('05');
    const df3 = new Map(gen2.profile.files.DF3);
    const rsaSignatureFile = gen1.profile.files.DF3.get(0x82) ?? new Uint8Array();
    // DA/DB → DC/DD with the gen-1 RSA material inside: right tags, wrong key type.
    const swapped = rsaSignatureFile.slice();
    swapped[0] = 0xdc;
    swapped[260] = 0xdd;
    df3.set(0x82, swapped);
    const read = await readResidenceCard(transportFor({ ...gen2.profile, files: { ...gen2.profile.files, DF3: df3 } }), gen2.profile.cardNumber, { trustedIssuers });
    assert.deepEqual(read.signature, { status: 'invalid' });
  });
});

describe('readResidenceCard: card removed mid-read', () => {
  for (const make of [() => syntheticFirstGenerationCard('1'), () => syntheticSecondGenerationCard('05'), () => syntheticSecondGenerationCard('06')]) {
    const { profile } = make();
    it(`answers card_removed and nothing else at every step (type ${profile.cardType})`, async () => {
      const total = await commandCount(profile);
      assert.ok(total > 10);
      for (let after = 0; after < total; after++) {
        let result: unknown;
        await assert.rejects(
          (async () => {
            result = await readResidenceCard(transportFor(profile, { removeAfter: after }), profile.cardNumber, { trustedIssuers });
          })(),
          (error) => error instanceof DeviceError && error.code === 'card_removed',
          `removed after ${after} commands`,
        );
        assert.equal(result, undefined, 'nothing partial is returned');
      }
      // and with the card left in, the same read completes
      assert.equal((await readResidenceCard(transportFor(profile), profile.cardNumber, { trustedIssuers })).signature.status, 'valid');
    });
  }
});
