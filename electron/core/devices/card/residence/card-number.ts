import { DeviceError, type DeviceErrorCode } from '../../../../../shared/devices/errors';

/**
 * The residence-card number (在留カード番号 / 特別永住者証明書番号) typed by staff from the card face. It is the
 * card's access secret: both key derivation and VERIFY use it, so it is personal data and never logged, never
 * put into an error's params or detail.
 *
 * Both specifications only say "12 alphanumeric characters, upper-cased before hashing" (e.g. `AB12345678CD`);
 * the 2+8+2 letter/digit pattern of printed numbers is not checked here, because the chip does not need it
 * and a stricter rule could lock out a valid special-permanent-resident number.
 */
export type ResidenceCardNumber = string & { readonly __brand: 'ResidenceCardNumber' };

const CARD_NUMBER = /^[A-Z0-9]{12}$/;

/**
 * The code thrown for a malformed number. There is no dedicated code yet: 'card_number_mismatch' must keep
 * meaning "the card rejected this number" and 'pin_format' speaks of a 4-digit PIN, so a malformed number is
 * reported as 'card_protocol' with params.reason = 'card_number_format' until the lead adds e.g.
 * 'card_number_format' to shared/devices/errors.ts (then change this one line). Callers are expected to check
 * the input with `parseResidenceCardNumber` first, so this is a backstop, not the normal path.
 */
const MALFORMED_CARD_NUMBER: DeviceErrorCode = 'card_protocol';

/** The normalized number, or undefined if `input` cannot be one (for form validation; throws nothing). */
export function parseResidenceCardNumber(input: string): ResidenceCardNumber | undefined {
  const normalized = input.trim().toUpperCase();
  return CARD_NUMBER.test(normalized) ? (normalized as ResidenceCardNumber) : undefined;
}

/** The normalized number; a malformed one throws before anything is sent to the card. */
export function requireResidenceCardNumber(input: string): ResidenceCardNumber {
  const parsed = typeof input === 'string' ? parseResidenceCardNumber(input) : undefined;
  if (!parsed) throw new DeviceError(MALFORMED_CARD_NUMBER, { reason: 'card_number_format' }, 'the entered card number is not 12 characters A-Z 0-9');
  return parsed;
}

/** The 12 ASCII bytes the card hashes and compares. */
export function cardNumberBytes(cardNumber: ResidenceCardNumber): Uint8Array {
  return new TextEncoder().encode(cardNumber);
}
