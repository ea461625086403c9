import { randomBytes } from 'node:crypto';
import { DeviceError } from '../../../../../shared/devices/errors';
import type { CardTransport } from '../transport';
import { concatBytes, equalBytes, wipe } from './bytes';
import type { ResidenceCardNumber } from './card-number';
import { deriveAccessKey, deriveSessionKey, type CipherSuite } from './crypto';
import { exchange, expectOk, GET_CHALLENGE, mutualAuthenticate, SW_OK, SW_VERIFICATION_FAILED, swText } from './commands';
import { buildSmVerify } from './secure-messaging';

/**
 * Access control with the card number (spec 3.5.2, 4.2.2–4.2.4 and appendix 1): GET CHALLENGE, MUTUAL
 * AUTHENTICATE (each side proves it knows Kenc/Kmac derived from the card number and contributes half of the
 * session key), then VERIFY of the card number under secure messaging. The same flow serves both generations;
 * only the cipher suite differs, and the caller has already chosen it from the card type.
 *
 * Status mapping:
 * - MUTUAL AUTHENTICATE `63 00`: the card could not check our MAC with *its* key, i.e. the key derived from the
 *   entered number is not this card's key → 'card_number_mismatch' (a wrong number fails here, before VERIFY).
 *   No fallback to the other generation's algorithm: the generation came from the card type.
 * - our checks of the card's answer fail (M.ICC, RND.ICC, RND.IFD) → 'card_auth_failed': the card did not
 *   prove knowledge of the key (not a genuine card, or a corrupted exchange).
 * - VERIFY `63 00` → 'card_number_mismatch'.
 */

export interface HostNonces {
  /** RND.IFD, 8 bytes. */
  readonly rndIfd: Uint8Array;
  /** K.IFD, the host's half of the session key, 16 bytes. */
  readonly kIfd: Uint8Array;
}

export type HostNonceSource = () => HostNonces;

const defaultNonces: HostNonceSource = () => ({ rndIfd: new Uint8Array(randomBytes(8)), kIfd: new Uint8Array(randomBytes(16)) });

export interface SecureSession {
  readonly suite: CipherSuite;
  /** KSenc; the caller wipes it when the read is over. */
  readonly sessionKey: Uint8Array;
}

export async function authenticate(
  transport: CardTransport,
  suite: CipherSuite,
  cardNumber: ResidenceCardNumber,
  nonces: HostNonceSource = defaultNonces,
): Promise<SecureSession> {
  const accessKey = deriveAccessKey(cardNumber); // Kenc = Kmac
  const fresh = nonces();
  // Copies, so wiping ours never touches a buffer the nonce source may still hold.
  const rndIfd = fresh.rndIfd.slice();
  const kIfd = fresh.kIfd.slice();
  let plainIfd: Uint8Array | undefined;
  let plainIcc: Uint8Array | undefined;
  let sessionKey: Uint8Array | undefined;
  try {
    if (rndIfd.length !== 8 || kIfd.length !== 16) throw new DeviceError('card_protocol', {}, 'host nonces have the wrong length');
    const rndIcc = expectOk(await exchange(transport, GET_CHALLENGE), 'GET CHALLENGE');
    if (rndIcc.length !== 8) throw new DeviceError('card_protocol', {}, 'GET CHALLENGE: challenge is not 8 bytes');

    plainIfd = concatBytes(rndIfd, rndIcc, kIfd);
    const eIfd = suite.encrypt(accessKey, plainIfd);
    const mIfd = suite.cryptogramMac(accessKey, eIfd);
    const answer = await exchange(transport, mutualAuthenticate(eIfd, mIfd));
    if (answer.sw === SW_VERIFICATION_FAILED) {
      throw new DeviceError('card_number_mismatch', { step: 'mutual_authenticate' }, 'the card rejected the cryptogram of the entered number');
    }
    if (answer.sw !== SW_OK) throw new DeviceError('card_protocol', {}, `MUTUAL AUTHENTICATE answered ${swText(answer.sw)}`);
    if (answer.data.length !== 40) throw new DeviceError('card_protocol', {}, 'MUTUAL AUTHENTICATE: answer is not 40 bytes');

    const eIcc = answer.data.subarray(0, 32);
    const mIcc = answer.data.subarray(32, 40);
    if (!equalBytes(suite.cryptogramMac(accessKey, eIcc), mIcc)) {
      throw new DeviceError('card_auth_failed', { check: 'mac' }, 'M.ICC does not verify');
    }
    plainIcc = suite.decrypt(accessKey, eIcc); // RND.ICC ‖ RND.IFD ‖ K.ICC
    if (!equalBytes(plainIcc.subarray(0, 8), rndIcc) || !equalBytes(plainIcc.subarray(8, 16), rndIfd)) {
      throw new DeviceError('card_auth_failed', { check: 'random' }, 'the card returned other randoms');
    }
    sessionKey = deriveSessionKey(kIfd, plainIcc.subarray(16, 32));

    const verified = await exchange(transport, buildSmVerify(suite, sessionKey, cardNumber));
    if (verified.sw === SW_VERIFICATION_FAILED) {
      throw new DeviceError('card_number_mismatch', { step: 'verify' }, 'the card rejected the entered number');
    }
    if (verified.sw !== SW_OK) throw new DeviceError('card_protocol', {}, `VERIFY answered ${swText(verified.sw)}`);
    const session = { suite, sessionKey };
    sessionKey = undefined; // handed over: the caller wipes it
    return session;
  } finally {
    wipe(accessKey, kIfd, plainIfd, plainIcc, sessionKey);
  }
}
