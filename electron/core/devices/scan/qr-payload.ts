/**
 * The Madoguchi pre-application code: what a resident's phone shows (or a printed pre-application form carries)
 * after filling in a form online, scanned at the counter to fetch that form from the backend.
 *
 *   MDG1-<application id>-<MAC>        e.g. MDG1-KRSXG5CTMVRXEZLU-<16 Base32 characters>
 *
 * - Only a reference and a MAC, no personal data: a lost screenshot discloses nothing, the code stays small, and
 *   the form itself comes from the backend over the authenticated channel.
 * - Every character is in QR alphanumeric mode (0–9 A–Z space $ % * + - . / :), so the symbol stays small, and
 *   none moves between US and JIS keyboard layouts, so a keyboard-wedge scanner set to the wrong country still
 *   types it right. That rules out ':' '*' '+' as separators (they move); '-' is unshifted on the
 *   same key on both layouts. The id and the MAC are Base32 (A–Z 2–7).
 * - The MAC is HMAC-SHA256 under the tenant's key over `MDG1-<id>`, truncated to 80 bits: enough against forging
 *   a code for someone else's application (guesses can only be tried at a counter, one scan at a time) while the
 *   QR code stays version 2–3. The version prefix is inside the MAC so a later format cannot be confused with it.
 * - A tenant may hold several keys during a rotation; a code verifies if any of them made it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { DeviceError } from '../../../../shared/devices/errors';
import { decodeBase32, encodeBase32 } from './base32';

export const PRE_APPLICATION_PREFIX = 'MDG1';
export const PRE_APPLICATION_SEPARATOR = '-';
/** 80 bits of MAC: 16 Base32 characters, no padding bits. */
const MAC_BYTES = 10;
/** HMAC-SHA256 keys shorter than the hash add nothing but risk; tenant keys are 32 random bytes. */
export const MIN_TENANT_KEY_BYTES = 32;
/** Application ids: canonical Base32, 8 to 32 characters (5 to 20 bytes; the backend uses 10 random bytes). */
const APPLICATION_ID = '[A-Z2-7]{8,32}';
const CODE = new RegExp(`^${PRE_APPLICATION_PREFIX}-(${APPLICATION_ID})-([A-Z2-7]{16})$`);
/** Longer than any code could be, even with scanner suffixes: not worth normalising. */
const MAX_SCANNED_LENGTH = 128;

export interface PreApplicationCode {
  readonly applicationId: string;
}

/** The text for the QR code of an application. Throws DeviceError if the id or the key is unusable. */
export function encodePreApplicationCode(applicationId: string, tenantKey: Uint8Array): string {
  if (!isApplicationId(applicationId)) {
    throw new DeviceError('qr_invalid', {}, 'application id is not 8–32 characters of canonical Base32');
  }
  assertTenantKey(tenantKey);
  const signed = `${PRE_APPLICATION_PREFIX}${PRE_APPLICATION_SEPARATOR}${applicationId}`;
  return `${signed}${PRE_APPLICATION_SEPARATOR}${encodeBase32(mac(signed, tenantKey))}`;
}

/**
 * Reads scanned text as a pre-application code and verifies it against the tenant's keys.
 * Throws DeviceError 'qr_invalid' (not such a code) or 'qr_signature' (the MAC does not verify) — nothing else.
 */
export function decodePreApplicationCode(text: string, tenantKeys: readonly Uint8Array[]): PreApplicationCode {
  if (typeof text !== 'string' || text.length > MAX_SCANNED_LENGTH) throw new DeviceError('qr_invalid');
  // Scanners append CR/LF; a wedge scanner with Caps Lock on sends lower case. Neither changes the code.
  const match = CODE.exec(text.trim().toUpperCase());
  const applicationId = match?.[1];
  const given = match?.[2] === undefined ? undefined : decodeBase32(match[2]);
  if (applicationId === undefined || !isApplicationId(applicationId) || given === undefined) throw new DeviceError('qr_invalid');

  if (tenantKeys.length === 0) throw new DeviceError('qr_signature', {}, 'no tenant key configured');
  const signed = `${PRE_APPLICATION_PREFIX}${PRE_APPLICATION_SEPARATOR}${applicationId}`;
  let verified = false;
  // Every key is tried, and compared in constant time, so timing tells neither the MAC nor which key matched.
  for (const key of tenantKeys) {
    assertTenantKey(key);
    verified = timingSafeEqual(mac(signed, key), given) || verified;
  }
  if (!verified) throw new DeviceError('qr_signature');
  return { applicationId };
}

function isApplicationId(id: string): boolean {
  return new RegExp(`^${APPLICATION_ID}$`).test(id) && decodeBase32(id) !== undefined;
}

function mac(signed: string, key: Uint8Array): Uint8Array {
  return createHmac('sha256', key).update(signed, 'ascii').digest().subarray(0, MAC_BYTES);
}

function assertTenantKey(key: Uint8Array): void {
  if (!(key instanceof Uint8Array) || key.length < MIN_TENANT_KEY_BYTES) {
    // A configuration fault, but it means no code can be verified, which is what the clerk needs to hear.
    throw new DeviceError('qr_signature', {}, `tenant key shorter than ${MIN_TENANT_KEY_BYTES} bytes`);
  }
}
