import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDeviceError } from '../../../../../shared/devices/errors';
import { bytesToHex, concatBytes, hexToBytes } from './bytes';
import { parseResidenceCardNumber, requireResidenceCardNumber } from './card-number';
import {
  aesCbcDecrypt,
  aesCbcEncrypt,
  aesCmac,
  deriveAccessKey,
  deriveSessionKey,
  FIRST_GENERATION_SUITE,
  pad80,
  retailMac,
  SECOND_GENERATION_SUITE,
  tdesCbcDecrypt,
  tdesCbcEncrypt,
  unpad80,
} from './crypto';
import { OFFICIAL } from './official-vectors';

describe('residence card crypto: official gen-2 vectors (第２世代在留カード等仕様書 appendix 2)', () => {
  const cardNumber = requireResidenceCardNumber(OFFICIAL.cardNumber);

  it('derives Kenc = Kmac from the card number', () => {
    assert.equal(bytesToHex(new TextEncoder().encode(cardNumber)), '414131323334353637384242');
    assert.equal(bytesToHex(deriveAccessKey(cardNumber)), OFFICIAL.kenc);
  });

  it('upper-cases the number before hashing', () => {
    assert.equal(bytesToHex(deriveAccessKey(requireResidenceCardNumber('aa12345678bb'))), OFFICIAL.kenc);
  });

  it('builds E.IFD and M.IFD', () => {
    const kenc = hexToBytes(OFFICIAL.kenc);
    const eIfd = SECOND_GENERATION_SUITE.encrypt(kenc, concatBytes(hexToBytes(OFFICIAL.rndIfd), hexToBytes(OFFICIAL.rndIcc), hexToBytes(OFFICIAL.kIfd)));
    assert.equal(bytesToHex(eIfd), OFFICIAL.eIfd);
    assert.equal(bytesToHex(SECOND_GENERATION_SUITE.cryptogramMac(kenc, eIfd)), OFFICIAL.mIfd);
  });

  it('checks M.ICC and decrypts E.ICC into RND.ICC ‖ RND.IFD ‖ K.ICC', () => {
    const kenc = hexToBytes(OFFICIAL.kenc);
    const eIcc = hexToBytes(OFFICIAL.eIcc);
    assert.equal(bytesToHex(SECOND_GENERATION_SUITE.cryptogramMac(kenc, eIcc)), OFFICIAL.mIcc);
    assert.equal(bytesToHex(SECOND_GENERATION_SUITE.decrypt(kenc, eIcc)), OFFICIAL.rndIcc + OFFICIAL.rndIfd + OFFICIAL.kIcc);
  });

  it('derives KSenc', () => {
    assert.equal(bytesToHex(deriveSessionKey(hexToBytes(OFFICIAL.kIfd), hexToBytes(OFFICIAL.kIcc))), OFFICIAL.ksEnc);
  });
});

describe('AES-CMAC: RFC 4493 section 4 examples', () => {
  const key = hexToBytes('2b7e151628aed2a6abf7158809cf4f3c');
  const message = hexToBytes(
    '6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51 30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710',
  );
  const cases: [number, string][] = [
    [0, 'bb1d6929e95937287fa37d129b756746'],
    [16, '070a16b46b4d4144f79bdd9dd04a287c'],
    [40, 'dfa66747de9ae63030ca32611497c827'],
    [64, '51f0bebf7e3b9d92fc49741779363cfe'],
  ];
  for (const [length, mac] of cases) {
    it(`Mlen = ${length}`, () => {
      assert.equal(bytesToHex(aesCmac(key, message.subarray(0, length))), mac.toUpperCase());
    });
  }
});

describe('gen-1 3DES and Retail MAC', () => {
  // No published residence-card gen-1 vectors exist. ICAO 9303 part 11 appendix D (BAC worked example) uses the
  // very same construction: 2-key 3DES-CBC IV 0 and ISO 9797-1 MAC algorithm 3 over method-2 padded E.IFD.
  it('matches the ICAO 9303 BAC worked example', () => {
    const kEnc = hexToBytes('AB94FDECF2674FDFB9B391F85D7F76F2');
    const kMac = hexToBytes('7962D9ECE03D1ACD4C76089DCE131543');
    const s = hexToBytes('781723860C06C2264608F919887022120B795240CB7049B01C19B33E32804F0B');
    const eIfd = tdesCbcEncrypt(kEnc, s);
    assert.equal(bytesToHex(eIfd), '72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2');
    assert.equal(bytesToHex(retailMac(kMac, pad80(eIfd, 8))), '5F1448EEA8AD90A7');
    assert.equal(bytesToHex(FIRST_GENERATION_SUITE.cryptogramMac(kMac, eIfd)), '5F1448EEA8AD90A7');
  });

  it('round-trips 3DES-CBC', () => {
    const key = hexToBytes('00112233445566778899AABBCCDDEEFF');
    const plain = hexToBytes('0102030405060708090A0B0C0D0E0F101112131415161718');
    const cipher = tdesCbcEncrypt(key, plain);
    assert.notEqual(bytesToHex(cipher), bytesToHex(plain));
    assert.equal(bytesToHex(tdesCbcDecrypt(key, cipher)), bytesToHex(plain));
  });

  it('a one-block Retail MAC is plain EDE of the block', () => {
    const key = hexToBytes('0123456789ABCDEFFEDCBA9876543210');
    const block = hexToBytes('4E6F772069732074');
    assert.equal(bytesToHex(retailMac(key, block)), bytesToHex(tdesCbcEncrypt(key, block)));
  });
});

describe('padding and lengths', () => {
  it('pads with 80 00… to the block size, always adding a byte', () => {
    assert.equal(bytesToHex(pad80(hexToBytes('414131323334353637384242'), 8)), '41413132333435363738424280000000');
    assert.equal(bytesToHex(pad80(hexToBytes('414131323334353637384242'), 16)), '41413132333435363738424280000000');
    assert.equal(bytesToHex(pad80(new Uint8Array(8), 8)), '00000000000000008000000000000000');
  });

  it('unpads, and refuses a block without the marker as card_protocol', () => {
    assert.equal(bytesToHex(unpad80(hexToBytes('AABB800000'))), 'AABB');
    assert.equal(bytesToHex(unpad80(hexToBytes('80'))), '');
    assert.throws(() => unpad80(hexToBytes('AABB000000')), (error) => isDeviceError(error, 'card_protocol'));
    assert.throws(() => unpad80(new Uint8Array(0)), (error) => isDeviceError(error, 'card_protocol'));
  });

  it('answers partial blocks and wrong key sizes with card_protocol, not a Node error', () => {
    const key = new Uint8Array(16);
    assert.throws(() => aesCbcDecrypt(key, new Uint8Array(15)), (error) => isDeviceError(error, 'card_protocol'));
    assert.throws(() => aesCbcEncrypt(key, new Uint8Array(0)), (error) => isDeviceError(error, 'card_protocol'));
    assert.throws(() => tdesCbcDecrypt(key, new Uint8Array(12)), (error) => isDeviceError(error, 'card_protocol'));
    assert.throws(() => tdesCbcEncrypt(new Uint8Array(8), new Uint8Array(8)), (error) => isDeviceError(error, 'card_protocol'));
    assert.throws(() => deriveSessionKey(new Uint8Array(15), new Uint8Array(16)), (error) => isDeviceError(error, 'card_protocol'));
  });
});

describe('card number', () => {
  it('normalizes case and surrounding blanks', () => {
    assert.equal(parseResidenceCardNumber(' ab12345678cd '), 'AB12345678CD');
  });

  it('refuses anything that is not 12 × [A-Z0-9]', () => {
    for (const input of ['', 'AB1234567CD', 'AB12345678CDE', 'AB1234-678CD', 'ＡＢ12345678CD', 'AB 12345678C']) {
      assert.equal(parseResidenceCardNumber(input), undefined, input);
      assert.throws(
        () => requireResidenceCardNumber(input),
        (error) => isDeviceError(error, 'card_protocol') && error.params.reason === 'card_number_format' && (input === '' || !error.message.includes(input)),
      );
    }
  });
});
