import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import { DeviceError } from '../../../../../shared/devices/errors';
import { concatBytes, xorBytes } from './bytes';
import { cardNumberBytes, type ResidenceCardNumber } from './card-number';

/**
 * The symmetric cryptography of the residence card (spec appendix 1 of both generations):
 *
 * - access key: Kenc = Kmac = SHA-1(card number)[0..16]
 * - gen 1 (types 1/2): two-key 3DES-CBC with IV 0, ISO 9797-1 MAC algorithm 3 ("Retail MAC") over data padded
 *   with ISO 9797-1 method 2 (`80 00…`)
 * - gen 2 (types 05/06): AES-128-CBC with IV 0, AES-CMAC (RFC 4493) truncated to 8 bytes
 * - session key: KSenc = SHA-1((K.IFD ⊕ K.ICC) ‖ 00 00 00 01)[0..16]
 *
 * Only Node `crypto` names that exist both in Node's OpenSSL 3 default provider and in Electron's BoringSSL are
 * used: `des-ede-cbc`, `aes-128-cbc`, `aes-128-ecb`, `sha1`. Single DES (`des-ecb`, `des-cbc`) is *not* one of
 * them (OpenSSL 3 moved it to the legacy provider; Node 20 here answers "unsupported"), so the single-DES steps
 * of the Retail MAC run as `des-ede-cbc` keyed K1‖K1, which is the same permutation (E_K1 ∘ D_K1 ∘ E_K1 = E_K1).
 *
 * Lengths handed in here may come from a card (a garbled response), so a wrong length is a
 * DeviceError('card_protocol'), never a Node error.
 */

export const ACCESS_KEY_LENGTH = 16;
const ZERO_IV_8 = new Uint8Array(8);
const ZERO_IV_16 = new Uint8Array(16);

function requireLength(data: Uint8Array, multipleOf: number, what: string): void {
  if (data.length === 0 || data.length % multipleOf !== 0) {
    throw new DeviceError('card_protocol', {}, `${what}: length is not a positive multiple of ${multipleOf}`);
  }
}

function requireKey(key: Uint8Array): void {
  if (key.length !== 16) throw new DeviceError('card_protocol', {}, 'key is not 16 bytes');
}

function runCipher(name: string, encrypt: boolean, key: Uint8Array, iv: Uint8Array | null, data: Uint8Array): Uint8Array {
  const cipher = encrypt ? createCipheriv(name, key, iv) : createDecipheriv(name, key, iv);
  cipher.setAutoPadding(false);
  return concatBytes(cipher.update(data), cipher.final());
}

export function sha1(data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha1').update(data).digest());
}

/** Kenc = Kmac: the first 16 bytes of SHA-1 over the upper-cased 12 ASCII characters. */
export function deriveAccessKey(cardNumber: ResidenceCardNumber): Uint8Array {
  return sha1(cardNumberBytes(cardNumber)).slice(0, ACCESS_KEY_LENGTH);
}

/** KSenc from both halves of the key exchange of MUTUAL AUTHENTICATE. */
export function deriveSessionKey(kIfd: Uint8Array, kIcc: Uint8Array): Uint8Array {
  requireKey(kIfd);
  requireKey(kIcc);
  return sha1(concatBytes(xorBytes(kIfd, kIcc), Uint8Array.of(0, 0, 0, 1))).slice(0, ACCESS_KEY_LENGTH);
}

/** ISO 9797-1 padding method 2 (= ISO 7816-4): `80`, then `00` up to the block size; always adds a byte. */
export function pad80(data: Uint8Array, blockSize: number): Uint8Array {
  const out = new Uint8Array((Math.floor(data.length / blockSize) + 1) * blockSize);
  out.set(data, 0);
  out[data.length] = 0x80;
  return out;
}

/** Strips method-2 padding; a block without the `80` marker is a protocol error (wrong key or garbled). */
export function unpad80(data: Uint8Array): Uint8Array {
  let end = data.length - 1;
  while (end >= 0 && data[end] === 0x00) end--;
  if (end < 0 || data[end] !== 0x80) throw new DeviceError('card_protocol', {}, 'secure messaging: padding marker missing');
  return data.subarray(0, end);
}

// --- gen 1: two-key 3DES ---------------------------------------------------------------------------------

export function tdesCbcEncrypt(key: Uint8Array, data: Uint8Array): Uint8Array {
  requireKey(key);
  requireLength(data, 8, '3DES');
  return runCipher('des-ede-cbc', true, key, ZERO_IV_8, data);
}

export function tdesCbcDecrypt(key: Uint8Array, data: Uint8Array): Uint8Array {
  requireKey(key);
  requireLength(data, 8, '3DES');
  return runCipher('des-ede-cbc', false, key, ZERO_IV_8, data);
}

/**
 * ISO 9797-1 MAC algorithm 3 with DES: single-DES CBC-MAC under K1 over every block, then the last chaining
 * value is decrypted with K2 and encrypted with K1 again. `data` must already be padded (the card pads the
 * 32-byte cryptogram to 40 bytes with method 2 before MACing it).
 */
export function retailMac(key: Uint8Array, data: Uint8Array): Uint8Array {
  requireKey(key);
  requireLength(data, 8, 'Retail MAC');
  const k1 = key.subarray(0, 8);
  const singleDes = concatBytes(k1, k1); // EDE with K1 = K2 is single DES
  const head = data.subarray(0, data.length - 8);
  const chain = head.length > 0 ? runCipher('des-ede-cbc', true, singleDes, ZERO_IV_8, head).slice(-8) : ZERO_IV_8;
  // The final block under full EDE(K1, K2, K1) with the chaining value as IV is exactly E_K1(D_K2(E_K1(x ⊕ c))).
  return runCipher('des-ede-cbc', true, key, chain, data.subarray(data.length - 8));
}

// --- gen 2: AES-128 ---------------------------------------------------------------------------------------

export function aesCbcEncrypt(key: Uint8Array, data: Uint8Array): Uint8Array {
  requireKey(key);
  requireLength(data, 16, 'AES');
  return runCipher('aes-128-cbc', true, key, ZERO_IV_16, data);
}

export function aesCbcDecrypt(key: Uint8Array, data: Uint8Array): Uint8Array {
  requireKey(key);
  requireLength(data, 16, 'AES');
  return runCipher('aes-128-cbc', false, key, ZERO_IV_16, data);
}

/** Doubling in GF(2^128) for the CMAC subkeys (RFC 4493 section 2.3). */
function doubleBlock(block: Uint8Array): Uint8Array {
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = (((block[i] ?? 0) << 1) | ((block[i + 1] ?? 0) >> 7)) & 0xff;
  if ((block[0] ?? 0) & 0x80) out[15] = (out[15] ?? 0) ^ 0x87;
  return out;
}

/** AES-CMAC (RFC 4493), the full 16 bytes. The card uses the first 8. */
export function aesCmac(key: Uint8Array, message: Uint8Array): Uint8Array {
  requireKey(key);
  const k1 = doubleBlock(runCipher('aes-128-ecb', true, key, null, ZERO_IV_16));
  const k2 = doubleBlock(k1);
  const complete = message.length > 0 && message.length % 16 === 0;
  const blocks = complete ? message.length / 16 : Math.floor(message.length / 16) + 1;
  const last = complete ? message.slice(message.length - 16) : pad80(message.subarray((blocks - 1) * 16), 16);
  const lastMasked = xorBytes(last, complete ? k1 : k2);
  const prefix = message.subarray(0, (blocks - 1) * 16);
  const chain = prefix.length > 0 ? runCipher('aes-128-cbc', true, key, ZERO_IV_16, prefix).slice(-16) : ZERO_IV_16;
  return runCipher('aes-128-ecb', true, key, null, xorBytes(lastMasked, chain));
}

// --- per generation ----------------------------------------------------------------------------------------

/** The primitives one generation uses; everything above the crypto layer is written against this. */
export interface CipherSuite {
  readonly generation: 1 | 2;
  readonly blockSize: 8 | 16;
  encrypt(key: Uint8Array, data: Uint8Array): Uint8Array;
  decrypt(key: Uint8Array, data: Uint8Array): Uint8Array;
  /** The 8-byte MAC over a MUTUAL AUTHENTICATE cryptogram (E.IFD / E.ICC). */
  cryptogramMac(key: Uint8Array, cryptogram: Uint8Array): Uint8Array;
}

export const FIRST_GENERATION_SUITE: CipherSuite = {
  generation: 1,
  blockSize: 8,
  encrypt: tdesCbcEncrypt,
  decrypt: tdesCbcDecrypt,
  cryptogramMac: (key, cryptogram) => retailMac(key, pad80(cryptogram, 8)),
};

export const SECOND_GENERATION_SUITE: CipherSuite = {
  generation: 2,
  blockSize: 16,
  encrypt: aesCbcEncrypt,
  decrypt: aesCbcDecrypt,
  // CMAC pads by itself; the 32-byte cryptogram is two whole blocks, so no explicit padding (appendix 2).
  cryptogramMac: (key, cryptogram) => aesCmac(key, cryptogram).slice(0, 8),
};

export function cipherSuiteFor(generation: 1 | 2): CipherSuite {
  return generation === 1 ? FIRST_GENERATION_SUITE : SECOND_GENERATION_SUITE;
}
