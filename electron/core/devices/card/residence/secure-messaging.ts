import { DeviceError } from '../../../../../shared/devices/errors';
import { concatBytes, wipe } from './bytes';
import { cardNumberBytes, type ResidenceCardNumber } from './card-number';
import { pad80, unpad80, type CipherSuite } from './crypto';
import { parseFirstTlv } from './tlv';

/**
 * Secure messaging as the residence card uses it (spec 4.2.2 and 4.2.5): confidentiality only. Command data
 * and response data travel in a `86` object (padding-content indicator `01`, then the ciphertext under KSenc
 * with IV 0); there is no MAC object in either direction, so integrity of what is read comes from the
 * signature in DF3, not from here.
 */

/** CLA `08`: the SM indication of these commands (proprietary class, no command header authentication). */
const SM_CLA = 0x08;
const TAG_ENCRYPTED = 0x86;
const PADDING_INDICATOR = 0x01;

/**
 * VERIFY of the card number under SM: `08 20 00 86 13 86 11 01` + enc(KSenc, cardNo ‖ 80 00 00 00). The
 * 12-byte number padded with method 2 is 16 bytes for both block sizes, so the header is the same for both
 * generations.
 */
export function buildSmVerify(suite: CipherSuite, sessionKey: Uint8Array, cardNumber: ResidenceCardNumber): Uint8Array {
  const plain = pad80(cardNumberBytes(cardNumber), suite.blockSize);
  try {
    const cipher = suite.encrypt(sessionKey, plain);
    const object = concatBytes(Uint8Array.of(TAG_ENCRYPTED, cipher.length + 1, PADDING_INDICATOR), cipher);
    return concatBytes(Uint8Array.of(SM_CLA, 0x20, 0x00, 0x86, object.length), object);
  } finally {
    wipe(plain);
  }
}

/**
 * SM READ BINARY of a whole EF by SFI: `08 B0 <P1> 00` + extended Lc `00 00 04` + the Le object `96 02 00 00`
 * ("the whole file") + extended Le `00 00`.
 */
export function buildSmReadBinary(p1: number): Uint8Array {
  return Uint8Array.of(SM_CLA, 0xb0, p1, 0x00, 0x00, 0x00, 0x04, 0x96, 0x02, 0x00, 0x00, 0x00, 0x00);
}

/**
 * The plaintext of an SM response `86 <L> 01 <cipher>` (status word already removed): decrypted with KSenc
 * and stripped of its `80 00…` padding. Anything else is a protocol error.
 */
export function unwrapSmResponse(suite: CipherSuite, sessionKey: Uint8Array, data: Uint8Array): Uint8Array {
  const object = parseFirstTlv(data);
  if (object.tag !== TAG_ENCRYPTED) throw new DeviceError('card_protocol', {}, 'secure messaging: no encrypted data object');
  if (object.value[0] !== PADDING_INDICATOR) throw new DeviceError('card_protocol', {}, 'secure messaging: unknown padding indicator');
  const cipher = object.value.subarray(1);
  if (cipher.length === 0 || cipher.length % suite.blockSize !== 0) {
    throw new DeviceError('card_protocol', {}, 'secure messaging: ciphertext is not whole blocks');
  }
  const padded = suite.decrypt(sessionKey, cipher);
  // Copy out so the padded buffer can be wiped; the caller owns (and later wipes or returns) the copy.
  const plain = unpad80(padded).slice();
  wipe(padded);
  return plain;
}
