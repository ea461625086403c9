/**
 * The 個人番号 check digit (総務省令第85号 第5条). A card answer whose 12 digits fail it is not
 * accepted: a misread number attached to a procedure is worse than no number.
 */
import { DeviceError } from '../../../../shared/devices/errors';

const TWELVE_DIGITS = /^[0-9]{12}$/;
const ELEVEN_DIGITS = /^[0-9]{11}$/;

/**
 * Check digit for the first 11 digits: Pn is the n-th digit counted from the right, Qn = n + 1 (n ≤ 6) or
 * n − 5 (n ≥ 7), r = Σ Pn·Qn mod 11, check digit 0 when r ≤ 1, else 11 − r.
 */
export function individualNumberCheckDigit(first11: string): number {
  if (!ELEVEN_DIGITS.test(first11)) throw new DeviceError('card_protocol', {}, 'check digit needs 11 ASCII digits');
  let sum = 0;
  for (let n = 1; n <= 11; n++) {
    const p = first11.charCodeAt(11 - n) - 0x30;
    const q = n <= 6 ? n + 1 : n - 5;
    sum += p * q;
  }
  const r = sum % 11;
  return r <= 1 ? 0 : 11 - r;
}

/** 12 ASCII digits whose last one is the check digit of the first 11. */
export function isValidIndividualNumber(value: string): boolean {
  return TWELVE_DIGITS.test(value) && individualNumberCheckDigit(value.slice(0, 11)) === value.charCodeAt(11) - 0x30;
}
