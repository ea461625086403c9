import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authenticate } from '../authentication';
import { bytesToHex, hexToBytes } from '../bytes';
import { requireResidenceCardNumber } from '../card-number';
import { readBinaryShort, readBinaryWhole, selectDf } from '../commands';
import { FIRST_GENERATION_SUITE, SECOND_GENERATION_SUITE } from '../crypto';
import { buildSmReadBinary, buildSmVerify } from '../secure-messaging';
import { parseCommandApdu } from './command-apdu';
import { syntheticFirstGenerationCard, syntheticSecondGenerationCard } from './synthetic-cards';
import { VirtualResidenceCard } from './virtual-residence-card';

const sw = (response: Uint8Array) => bytesToHex(response.subarray(-2));

describe('VirtualResidenceCard', () => {
  it('lets anyone read the MF, with short Le and by offset', () => {
    const card = new VirtualResidenceCard(syntheticSecondGenerationCard('05').profile);
    assert.equal(bytesToHex(card.process(readBinaryShort(0x8a, 2))), 'C1029000');
    assert.equal(bytesToHex(card.process(readBinaryShort(0x8a, 4))), 'C10230359000');
    assert.equal(bytesToHex(card.process(hexToBytes('00B0000202'))), '30359000', 'offset 2 of the current EF');
    assert.equal(bytesToHex(card.process(readBinaryShort(0x8a, 8))), 'C10230356282', 'end of file before Le');
    assert.equal(bytesToHex(card.process(readBinaryWhole(0x8b))), 'C004303030319000');
  });

  it('answers 69 82 to every DF1/DF2/DF3 read before VERIFY, plain or SM', () => {
    const { profile } = syntheticSecondGenerationCard('05');
    const card = new VirtualResidenceCard(profile);
    for (const df of ['DF1', 'DF2', 'DF3'] as const) {
      assert.equal(sw(card.process(selectDf(df))), '9000');
      for (const p1 of profile.files[df].keys()) {
        assert.equal(sw(card.process(readBinaryWhole(p1))), '6982', `${df} ${p1.toString(16)} plain`);
        assert.equal(sw(card.process(buildSmReadBinary(p1))), '6982', `${df} ${p1.toString(16)} SM`);
      }
    }
  });

  it('after VERIFY: DF1 only under SM, DF2/DF3 in plain; a reset drops the security status', async () => {
    const { profile } = syntheticFirstGenerationCard('1');
    const card = new VirtualResidenceCard(profile);
    const transport = { atr: card.atr, transmit: async (apdu: Uint8Array) => card.process(apdu) };
    await authenticate(transport, FIRST_GENERATION_SUITE, requireResidenceCardNumber(profile.cardNumber));
    card.process(selectDf('DF1'));
    assert.equal(sw(card.process(readBinaryWhole(0x85))), '6982', 'DF1 plain');
    assert.equal(sw(card.process(buildSmReadBinary(0x85))), '9000', 'DF1 SM');
    card.process(selectDf('DF2'));
    assert.equal(sw(card.process(readBinaryWhole(0x81))), '9000');
    assert.equal(sw(card.process(readBinaryWhole(0x85))), '6A82', 'no such EF in DF2');
    card.reset();
    card.process(selectDf('DF2'));
    assert.equal(sw(card.process(readBinaryWhole(0x81))), '6982', 'after reset');
  });

  it('needs a fresh challenge for MUTUAL AUTHENTICATE and a session for VERIFY', () => {
    const { profile } = syntheticSecondGenerationCard('05');
    const card = new VirtualResidenceCard(profile);
    assert.equal(sw(card.process(Uint8Array.of(0x00, 0x82, 0x00, 0x00, 0x28, ...new Uint8Array(40), 0x00))), '6985');
    const verify = buildSmVerify(SECOND_GENERATION_SUITE, new Uint8Array(16), requireResidenceCardNumber(profile.cardNumber));
    assert.equal(sw(card.process(verify)), '6985');
    assert.equal(sw(card.process(hexToBytes('0084000004'))), '6700', 'challenge is 8 bytes');
    assert.equal(card.process(hexToBytes('0084000008')).length, 10);
    assert.equal(sw(card.process(Uint8Array.of(0x00, 0x82, 0x00, 0x00, 0x28, ...new Uint8Array(40), 0x00))), '6300', 'MAC fails');
    assert.equal(sw(card.process(Uint8Array.of(0x00, 0x82, 0x00, 0x00, 0x28, ...new Uint8Array(40), 0x00))), '6985', 'challenge used up');
  });

  it('answers unknown classes, instructions, DFs and malformed APDUs with status words', () => {
    const card = new VirtualResidenceCard(syntheticSecondGenerationCard('06').profile);
    assert.equal(sw(card.process(hexToBytes('80CA000000'))), '6E00');
    assert.equal(sw(card.process(hexToBytes('00CA9F7F00'))), '6D00');
    assert.equal(sw(card.process(hexToBytes('00A4040C10D392F0004F0900000000000000000000'))), '6A82');
    assert.equal(sw(card.process(hexToBytes('00B0'))), '6700');
    assert.equal(sw(card.process(hexToBytes('00B08A00050102'))), '6700');
  });
});

describe('parseCommandApdu', () => {
  it('tells the four cases apart, short and extended', () => {
    assert.deepEqual(parseCommandApdu(hexToBytes('00A40000')), { cla: 0, ins: 0xa4, p1: 0, p2: 0, data: new Uint8Array(), extended: false });
    assert.equal(parseCommandApdu(hexToBytes('00B08A0000'))?.le, 256);
    assert.equal(parseCommandApdu(hexToBytes('00B08B00000000'))?.le, 65536);
    assert.equal(parseCommandApdu(hexToBytes('0082000028' + '00'.repeat(40) + '00'))?.data.length, 40);
    const sm = parseCommandApdu(hexToBytes('08B08400000004960200000000'));
    assert.equal(bytesToHex(sm?.data ?? new Uint8Array()), '96020000');
    assert.equal(sm?.le, 65536);
    assert.equal(parseCommandApdu(hexToBytes('00B0')), undefined);
  });
});
