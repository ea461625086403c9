import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDeviceError } from '../../../../../shared/devices/errors';
import { bytesToHex, concatBytes, hexToBytes } from './bytes';
import { requireResidenceCardNumber } from './card-number';
import { FIRST_GENERATION_SUITE, pad80, SECOND_GENERATION_SUITE, type CipherSuite } from './crypto';
import { OFFICIAL } from './official-vectors';
import { buildSmReadBinary, buildSmVerify, unwrapSmResponse } from './secure-messaging';

function wrap(suite: CipherSuite, key: Uint8Array, plain: Uint8Array): Uint8Array {
  const cipher = suite.encrypt(key, pad80(plain, suite.blockSize));
  const length = cipher.length + 1;
  const lengthBytes = length < 0x80 ? [length] : length <= 0xff ? [0x81, length] : [0x82, length >> 8, length & 0xff];
  return concatBytes(Uint8Array.of(0x86, ...lengthBytes, 0x01), cipher);
}

describe('secure messaging', () => {
  it('builds the official gen-2 VERIFY APDU', () => {
    const apdu = buildSmVerify(SECOND_GENERATION_SUITE, hexToBytes(OFFICIAL.ksEnc), requireResidenceCardNumber(OFFICIAL.cardNumber));
    assert.equal(bytesToHex(apdu), OFFICIAL.verify);
  });

  it('builds a gen-1 VERIFY with the same header and a 3DES body the key opens', () => {
    const key = hexToBytes('0F1E2D3C4B5A69788796A5B4C3D2E1F0');
    const apdu = buildSmVerify(FIRST_GENERATION_SUITE, key, requireResidenceCardNumber('AB12345678CD'));
    assert.equal(bytesToHex(apdu.subarray(0, 8)), '0820008613861101');
    assert.equal(apdu.length, 24);
    assert.equal(bytesToHex(FIRST_GENERATION_SUITE.decrypt(key, apdu.subarray(8))), bytesToHex(new TextEncoder().encode('AB12345678CD')) + '80000000');
  });

  it('builds SM READ BINARY of a whole file', () => {
    assert.equal(bytesToHex(buildSmReadBinary(0x84)), '08B0840000000496020000' + '0000');
  });

  for (const suite of [FIRST_GENERATION_SUITE, SECOND_GENERATION_SUITE]) {
    it(`unwraps 86 objects of every length form (gen ${suite.generation})`, () => {
      const key = hexToBytes('00112233445566778899AABBCCDDEEFF');
      for (const size of [0, 1, 15, 16, 100, 250, 5508]) {
        const plain = Uint8Array.from({ length: size }, (_, i) => (i * 7) & 0xff);
        assert.equal(bytesToHex(unwrapSmResponse(suite, key, wrap(suite, key, plain))), bytesToHex(plain), `size ${size}`);
      }
    });
  }

  it('refuses other objects, indicators, partial blocks and a wrong key as card_protocol', () => {
    const suite = SECOND_GENERATION_SUITE;
    const key = hexToBytes('00112233445566778899AABBCCDDEEFF');
    const good = wrap(suite, key, new TextEncoder().encode('D0 name'));
    const cases = [
      Uint8Array.of(0x87, ...good.subarray(1)), // another tag
      Uint8Array.of(0x86, good[1] ?? 0, 0x02, ...good.subarray(3)), // indicator 02
      Uint8Array.of(0x86, 0x01, 0x01), // no ciphertext
      Uint8Array.of(0x86, 0x09, 0x01, 1, 2, 3, 4, 5, 6, 7, 8), // 8 bytes is not an AES block
      good.subarray(0, good.length - 1), // truncated
    ];
    for (const data of cases) {
      assert.throws(() => unwrapSmResponse(suite, key, data), (error) => isDeviceError(error, 'card_protocol'), bytesToHex(data));
    }
    // A wrong key almost never leaves a valid 80 00… tail; when it does, the caller's TLV parsing catches it.
    assert.throws(() => unwrapSmResponse(suite, new Uint8Array(16), good), (error) => isDeviceError(error, 'card_protocol'));
  });
});
