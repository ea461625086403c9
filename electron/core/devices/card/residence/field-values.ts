import Encoding from 'encoding-japanese';
import { DeviceError } from '../../../../../shared/devices/errors';

/**
 * Decoding of the text values of residence-card files. Files are written to full capacity, so values may
 * carry `00` (or space) filler; an empty value means "not recorded".
 */

function trimFiller(value: Uint8Array): Uint8Array {
  let end = value.length;
  while (end > 0 && (value[end - 1] === 0x00 || value[end - 1] === 0x20)) end--;
  let start = 0;
  while (start < end && value[start] === 0x20) start++;
  return value.subarray(start, end);
}

/** A code of the JIS X 0201 range (digits, letters); undefined when empty. */
export function codeValue(value: Uint8Array | undefined, what: string): string | undefined {
  if (!value) return undefined;
  const trimmed = trimFiller(value);
  if (trimmed.length === 0) return undefined;
  for (const byte of trimmed) {
    if (byte < 0x21 || byte > 0x7e) throw new DeviceError('card_protocol', {}, `${what}: not a code`);
  }
  return String.fromCharCode(...trimmed);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `YYYYMMDD` → `YYYY-MM-DD`; undefined when empty; anything else is malformed. */
export function dateValue(value: Uint8Array | undefined, what: string): string | undefined {
  const code = codeValue(value, what);
  if (code === undefined) return undefined;
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(code);
  const year = Number(match?.[1]);
  const month = Number(match?.[2]);
  const day = Number(match?.[3]);
  if (!match || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new DeviceError('card_protocol', {}, `${what}: not a YYYYMMDD date`);
  }
  return `${match[1]}-${match[2]}-${match[3]}`;
}

/** Gen-2 text (UTF-8 without BOM, spec 3.3.4). Lenient: a broken sequence shows as U+FFFD for staff to see. */
export function utf8Text(value: Uint8Array | undefined): string | undefined {
  if (!value) return undefined;
  const text = new TextDecoder('utf-8').decode(trimFiller(value)).trim();
  return text === '' ? undefined : text;
}

/**
 * Gen-1 text: JIS X 0208 (the spec allows JIS X 0213 characters) in Shift_JIS form, decoded as cp932 with
 * encoding-japanese (pure JS, so the same in Node and in Electron whatever ICU data it ships). Characters
 * outside cp932 (JIS X 0213 planes) come out as substitutes — to be checked on real cards.
 */
export function cp932Text(value: Uint8Array | undefined): string | undefined {
  if (!value) return undefined;
  const text = Encoding.convert(trimFiller(value), { to: 'UNICODE', from: 'SJIS', type: 'string' }).trim();
  return text === '' ? undefined : text;
}
