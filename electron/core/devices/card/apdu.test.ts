import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDeviceError } from '../../../../shared/devices/errors';
import {
  commandApdu,
  expectOk,
  getDataUid,
  parseResponse,
  readBinary,
  selectDf,
  selectEf,
  transmitWithResponseChaining,
  triesFromSw,
  verify,
  verifyRetryQuery,
} from './apdu';
import { TEXT_AP_AID } from './mynumber';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex').toUpperCase();
const bytes = (text: string) => new Uint8Array(Buffer.from(text.replace(/\s/g, ''), 'hex'));

describe('command APDUs (ISO/IEC 7816-4 short APDUs, CLA 00)', () => {
  it('builds the reference sequence byte for byte', () => {
    assert.equal(hex(selectDf(TEXT_AP_AID)), '00A4040C0AD3921000310001010408');
    assert.equal(hex(selectEf(0x0011)), '00A4020C020011');
    assert.equal(hex(verifyRetryQuery()), '00200080');
    assert.equal(hex(verify(Uint8Array.from('1234', (c) => c.charCodeAt(0)))), '002000800431323334');
    assert.equal(hex(readBinary(0, 0x11)), '00B0000011');
    assert.equal(hex(readBinary(7, 0x55)), '00B0000755');
    assert.equal(hex(getDataUid()), 'FFCA000000');
  });

  it('READ BINARY takes a 15-bit offset and Le 1..256 (256 sent as 00)', () => {
    assert.equal(hex(readBinary(0x7fff, 256)), '00B07FFF00');
    assert.equal(hex(readBinary(0x0123, 1)), '00B0012301');
    for (const [offset, le] of [[0x8000, 1], [-1, 1], [0, 0], [0, 257], [1.5, 1]] as const) {
      assert.throws(() => readBinary(offset, le), (e) => isDeviceError(e, 'card_protocol'));
    }
  });

  it('refuses impossible commands with DeviceError', () => {
    assert.throws(() => selectDf(new Uint8Array(17)), (e) => isDeviceError(e, 'card_protocol'));
    assert.throws(() => selectEf(0x10000), (e) => isDeviceError(e, 'card_protocol'));
    assert.throws(() => verify(new Uint8Array(0)), (e) => isDeviceError(e, 'card_protocol'));
    assert.throws(() => commandApdu(0x100, 0, 0, 0), (e) => isDeviceError(e, 'card_protocol'));
    assert.throws(() => commandApdu(0, 0, 0, 0, new Uint8Array(256)), (e) => isDeviceError(e, 'card_protocol'));
  });
});

describe('status words', () => {
  it('splits data and SW; a response without SW is a protocol error', () => {
    const { data, sw } = parseResponse(bytes('0102 9000'));
    assert.deepEqual([...data], [1, 2]);
    assert.equal(sw, 0x9000);
    assert.throws(() => parseResponse(bytes('90')), (e) => isDeviceError(e, 'card_protocol'));
    assert.deepEqual([...expectOk(bytes('AB 9000'), 'step')], [0xab]);
    assert.throws(() => expectOk(bytes('6A82'), 'step'), (e) => isDeviceError(e, 'card_protocol') && e.message.includes('6A82'));
  });

  it('reads tries from 63Cx only', () => {
    assert.equal(triesFromSw(0x63c3), 3);
    assert.equal(triesFromSw(0x63c0), 0);
    assert.equal(triesFromSw(0x6300), undefined);
    assert.equal(triesFromSw(0x6984), undefined);
  });
});

describe('transmitWithResponseChaining', () => {
  it('follows 61xx with GET RESPONSE and joins the parts', async () => {
    const sent: string[] = [];
    const answers = [bytes('0102 6103'), bytes('030405 6102'), bytes('0607 9000')];
    const out = await transmitWithResponseChaining(async (apdu) => {
      sent.push(hex(apdu));
      return answers.shift()!;
    }, readBinary(0, 7));
    assert.equal(hex(out), '010203040506079000');
    assert.deepEqual(sent, ['00B0000007', '00C0000003', '00C0000002']);
  });

  it('repeats a case-2 command once with the Le a 6Cxx names', async () => {
    const sent: string[] = [];
    const answers = [bytes('6C04'), bytes('01020304 9000')];
    const out = await transmitWithResponseChaining(async (apdu) => {
      sent.push(hex(apdu));
      return answers.shift()!;
    }, getDataUid());
    assert.equal(hex(out), '010203049000');
    assert.deepEqual(sent, ['FFCA000000', 'FFCA000004']);
  });

  it('gives up on a card that never stops answering 61xx', async () => {
    await assert.rejects(
      transmitWithResponseChaining(async () => bytes('00 6101'), readBinary(0, 1)),
      (e) => isDeviceError(e, 'card_protocol'),
    );
  });
});
