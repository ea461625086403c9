import { constants, verify, X509Certificate, type KeyObject } from 'node:crypto';
import { concatBytes, zeroPadTo } from './bytes';
import { readTlvHeader, requireTag, parseTlvs } from './tlv';
import type { SignatureCheck } from './types';

/**
 * The issuer's signature over the card's data (DF3 EF01), and the check of the card's signer certificate
 * against the configured trust list (ISA publishes its CA certificates; which of them to trust is
 * configuration, not code).
 *
 * | gen | tags | algorithm | signed data |
 * |-----|------|-----------|-------------|
 * | 1 | DA signature (256 B), DB X.509 | SHA-256 + RSA-2048 PKCS#1 v1.5 | D0 value zero-padded to 7000 ‖ D1 value zero-padded to 3000 |
 * | 2 | DC signature (96 B r‖s), DD X.509 | SHA-256 + ECDSA P-384 | printed-entry values (53 B) ‖ D1 padded to 3000 ‖ D0 padded to 2500 |
 *
 * The gen-2 zero padding of the images to their maximum sizes follows the gen-1 rule and the published
 * digests of the spec (eringoio); on cards the values are already stored at maximum size, so it matters
 * only for shorter values. Unverified on real gen-2 cards.
 */

export interface SignatureFile {
  readonly signature: Uint8Array;
  readonly certificate: Uint8Array;
}

const TAGS = { 1: { signature: 0xda, certificate: 0xdb }, 2: { signature: 0xdc, certificate: 0xdd } } as const;

export const FIRST_GENERATION_SIGNED_SIZES = { frontImage: 7000, facePhoto: 3000 } as const;
export const SECOND_GENERATION_SIGNED_SIZES = { facePhoto: 3000, nameImage: 2500 } as const;

export function parseSignatureFile(file: Uint8Array, generation: 1 | 2): SignatureFile {
  const objects = parseTlvs(file);
  return {
    signature: requireTag(objects, TAGS[generation].signature).slice(),
    certificate: requireTag(objects, TAGS[generation].certificate).slice(),
  };
}

export function firstGenerationSignedData(frontImage: Uint8Array, facePhoto: Uint8Array): Uint8Array {
  return concatBytes(zeroPadTo(frontImage, FIRST_GENERATION_SIGNED_SIZES.frontImage), zeroPadTo(facePhoto, FIRST_GENERATION_SIGNED_SIZES.facePhoto));
}

export function secondGenerationSignedData(printedEntries: Uint8Array, facePhoto: Uint8Array, nameImage: Uint8Array): Uint8Array {
  return concatBytes(
    printedEntries,
    zeroPadTo(facePhoto, SECOND_GENERATION_SIGNED_SIZES.facePhoto),
    zeroPadTo(nameImage, SECOND_GENERATION_SIGNED_SIZES.nameImage),
  );
}

/**
 * The certificate as DER. The DB/DD value may carry zero filler after the certificate (a 598-byte certificate
 * in a 602-byte field): the outer SEQUENCE says where it ends, and only zeros may follow.
 */
function loadCardCertificate(value: Uint8Array): X509Certificate | undefined {
  try {
    const header = readTlvHeader(value, 0);
    if (!header || header.tag !== 0x30) return undefined;
    const end = header.headerLength + header.valueLength;
    if (end > value.length || value.subarray(end).some((byte) => byte !== 0)) return undefined;
    return new X509Certificate(value.subarray(0, end));
  } catch {
    return undefined; // a certificate that does not parse verifies nothing
  }
}

/** The certificate's key; undefined when the certificate parses but its key does not (an unknown algorithm). */
function publicKeyOf(certificate: X509Certificate): KeyObject | undefined {
  try {
    return certificate.publicKey;
  } catch {
    return undefined;
  }
}

function keyFits(key: KeyObject, generation: 1 | 2): boolean {
  if (generation === 1) return key.asymmetricKeyType === 'rsa';
  return key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'secp384r1';
}

function signatureVerifies(key: KeyObject, generation: 1 | 2, data: Uint8Array, signature: Uint8Array): boolean {
  try {
    if (generation === 1) return verify('sha256', data, { key, padding: constants.RSA_PKCS1_PADDING }, signature);
    // The card stores r‖s (2 × 48 bytes); Node reads that form as 'ieee-p1363'. A DER-encoded value is
    // accepted too, since the spec text calls the field "ASN.1".
    const dsaEncoding = signature.length === 96 ? 'ieee-p1363' : 'der';
    return verify('sha256', data, { key, dsaEncoding }, signature);
  } catch {
    return false; // malformed signature bytes: same as a signature that does not verify
  }
}

function issuedBy(certificate: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return certificate.checkIssued(issuer) && certificate.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

/**
 * 'invalid' wins over 'untrusted-issuer': data that does not match its own signature is reported as altered
 * whoever issued the certificate. Certificate validity dates are not checked: the signature was made at
 * issuance, and card certificates may outlive their CA's signing period (to be revisited with the real CAs).
 */
export function verifyCardSignature(input: {
  readonly generation: 1 | 2;
  readonly signedData: Uint8Array;
  readonly signatureFile: SignatureFile;
  readonly trustedIssuers: readonly X509Certificate[];
}): SignatureCheck {
  const certificate = loadCardCertificate(input.signatureFile.certificate);
  const key = certificate && publicKeyOf(certificate);
  if (!certificate || !key) return { status: 'invalid' };
  if (!keyFits(key, input.generation) || !signatureVerifies(key, input.generation, input.signedData, input.signatureFile.signature)) {
    return { status: 'invalid' };
  }
  const issuer = input.trustedIssuers.find((candidate) => issuedBy(certificate, candidate));
  return issuer ? { status: 'valid', issuer: issuer.subject } : { status: 'untrusted-issuer' };
}
