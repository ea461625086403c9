/**
 * Passport and ID-card MRZ (ICAO 9303) from an MRZ reader or a 2D scanner, as the typed facts the counter uses.
 *
 * The `mrz` package does the field layout and the check digits; this wrapper adds what a counter needs around it:
 * - raw scanner text in (lines end with CR and/or LF, readers pad with spaces, keyboard-wedge input may be lower
 *   case or full width), normalised before parsing;
 * - only TD1 (ID cards, 3 × 30), TD2 (2 × 36) and TD3 (passports, 2 × 44): anything else is 'mrz_format';
 * - every wrong check digit is a DeviceError('mrz_check_digit', {field}) naming the field, so the clerk is told to
 *   rescan instead of being shown a wrong birth date; nothing half-valid is ever returned;
 * - dates as ISO strings, with the century decided here (the MRZ only has two digits).
 *
 * Errors carry field names only, never the values: they are logged, and the values are a resident's identity.
 */
import { parse, type Details, type FieldName, type ParseResult } from 'mrz';
import { DeviceError } from '../../../../shared/devices/errors';

export type MrzFormat = 'TD1' | 'TD2' | 'TD3';
export type MrzSex = 'male' | 'female' | 'unspecified';

/** Field names used in error params ('mrz_check_digit' and 'mrz_format'). */
export type MrzField =
  | 'documentCode'
  | 'issuingState'
  | 'documentNumber'
  | 'nationality'
  | 'birthDate'
  | 'sex'
  | 'expirationDate'
  | 'name'
  | 'optionalData'
  | 'composite';

export interface MrzDocument {
  readonly format: MrzFormat;
  /** 'P' (passport), 'I', 'ID', 'AC'… without the filler. */
  readonly documentCode: string;
  /** ICAO 9303 state code: 'JPN', 'D' (Germany), 'XXA' (stateless)… */
  readonly issuingState: string;
  readonly documentNumber: string;
  readonly nationality: string;
  /** ISO date. 'YYYY-MM' or 'YYYY' when the document itself leaves the day or month unknown (`<<`). */
  readonly birthDate: string;
  readonly sex: MrzSex;
  /** ISO date 'YYYY-MM-DD'. */
  readonly expiryDate: string;
  /** Primary identifier as printed in the MRZ (Latin letters, components separated by one space). */
  readonly surname: string;
  /** Secondary identifier; '' when the document has none. */
  readonly givenNames: string;
  /** TD3 personal number, TD2 optional data, TD1 optional data of line 1 (after a long document number). */
  readonly optionalData?: string;
  /** TD1 optional data of line 2. */
  readonly optionalData2?: string;
  /** Some characters were read as their OCR look-alikes (0/O, 1/I, 8/B…) and corrected: worth a glance. */
  readonly autocorrected: boolean;
}

export interface ParseMrzOptions {
  /** The day the century of two-digit years is judged against. Default: now, in the host's time zone. */
  readonly today?: Date;
  /**
   * Let `mrz` fix OCR look-alikes (O→0 in numeric fields, 0→O in alphabetic ones). Default on: numeric fields are
   * still protected by their check digits, and the result says when something was corrected.
   */
  readonly autocorrect?: boolean;
}

const LAYOUT: Readonly<Record<MrzFormat, { lines: number; length: number }>> = {
  TD1: { lines: 3, length: 30 },
  TD2: { lines: 2, length: 36 },
  TD3: { lines: 2, length: 44 },
};

/** The longest input still worth normalising: three 30-character lines and generous separators. */
const MAX_INPUT_LENGTH = 512;

function formatError(detail: string, field?: MrzField): DeviceError {
  return new DeviceError('mrz_format', field ? { field } : {}, detail);
}

/**
 * Scanner text → MRZ lines: NFKC (full-width from an IME becomes ASCII), control characters and spaces removed,
 * upper case, empty lines dropped. A reader that sends the MRZ as one run without line breaks is split by length.
 */
export function normalizeMrzLines(text: string): string[] {
  if (text.length > MAX_INPUT_LENGTH) throw formatError('input too long');
  const lines = text
    .normalize('NFKC')
    .split(/[\r\n]+/)
    // eslint-disable-next-line no-control-regex -- framing bytes (STX/ETX…) some readers add are dropped on purpose
    .map((line) => line.replace(/[\s\u0000-\u001f\u007f]+/g, '').toUpperCase())
    .filter((line) => line.length > 0);
  if (lines.length === 1) {
    const only = lines[0] ?? '';
    for (const { lines: count, length } of Object.values(LAYOUT)) {
      if (only.length === count * length) {
        return Array.from({ length: count }, (_, i) => only.slice(i * length, (i + 1) * length));
      }
    }
  }
  return lines;
}

/** TD1, TD2 or TD3 by line count and length; undefined for anything else. */
export function detectMrzFormat(lines: readonly string[]): MrzFormat | undefined {
  for (const format of Object.keys(LAYOUT) as MrzFormat[]) {
    const { lines: count, length } = LAYOUT[format];
    if (lines.length === count && lines.every((line) => line.length === length)) return format;
  }
  return undefined;
}

/** [line, start, end) of a field. */
type Span = readonly [line: number, start: number, end: number];

/** Where the fields this wrapper reads itself sit, per format (ICAO 9303 parts 4–6). */
interface FieldSpans {
  readonly birth: Span;
  readonly sex: Span;
  readonly expiry: Span;
  readonly nationality: Span;
  readonly name: Span;
  readonly numberCheck: Span;
  readonly optional: Span;
  readonly optional2?: Span;
}

const FIELDS: Readonly<Record<MrzFormat, FieldSpans>> = {
  TD3: {
    birth: [1, 13, 19],
    sex: [1, 20, 21],
    expiry: [1, 21, 27],
    nationality: [1, 10, 13],
    name: [0, 5, 44],
    numberCheck: [1, 9, 10],
    optional: [1, 28, 42],
  },
  TD2: {
    birth: [1, 13, 19],
    sex: [1, 20, 21],
    expiry: [1, 21, 27],
    nationality: [1, 10, 13],
    name: [0, 5, 36],
    numberCheck: [1, 9, 10],
    optional: [1, 28, 35],
  },
  TD1: {
    birth: [1, 0, 6],
    sex: [1, 7, 8],
    expiry: [1, 8, 14],
    nationality: [1, 15, 18],
    name: [2, 0, 30],
    numberCheck: [0, 14, 15],
    optional: [0, 15, 30],
    optional2: [1, 18, 29],
  },
};

/** Reads scanner text as an MRZ. Throws DeviceError 'mrz_format' or 'mrz_check_digit' — nothing else. */
export function parseMrz(text: string, options: ParseMrzOptions = {}): MrzDocument {
  try {
    return parseMrzLines(normalizeMrzLines(text), options);
  } catch (error) {
    if (error instanceof DeviceError) throw error;
    // `mrz` throws plain Errors on shapes it does not know; every such input is simply not an MRZ we read.
    throw formatError('not readable by mrz');
  }
}

function parseMrzLines(input: readonly string[], options: ParseMrzOptions): MrzDocument {
  if (!input.every((line) => /^[A-Z0-9<]+$/.test(line))) throw formatError('characters outside A-Z 0-9 <');
  const format = detectMrzFormat(input);
  if (!format) throw formatError('not TD1, TD2 or TD3');

  // ICAO 9303 (2021) allows 'X' for an unspecified sex; `mrz` knows only '<'. The sex is outside every check
  // digit, so the substitution cannot hide a misread.
  const [sexLine, sexColumn] = FIELDS[format].sex;
  const lines = input.map((line, index) =>
    index === sexLine && line[sexColumn] === 'X' ? `${line.slice(0, sexColumn)}<${line.slice(sexColumn + 1)}` : line,
  );

  const autocorrect = options.autocorrect ?? true;
  const result = parse(lines, { autocorrect });
  // A 2 × 36 input that `mrz` takes for an old French national ID card is not an ICAO TD2.
  if (result.format !== format) throw formatError(`read as ${result.format}`);
  rejectInvalid(result.details);

  const corrected = applyCorrections(lines, result.details);
  const autocorrected = autocorrect && corrected.some((line, i) => line !== lines[i]);
  return toDocument(format, corrected, result, options.today ?? new Date(), autocorrected);
}

const CHECK_DIGIT_FIELDS: readonly (readonly [FieldName, MrzField])[] = [
  ['documentNumberCheckDigit', 'documentNumber'],
  ['birthDateCheckDigit', 'birthDate'],
  ['expirationDateCheckDigit', 'expirationDate'],
  ['personalNumberCheckDigit', 'optionalData'],
  ['compositeCheckDigit', 'composite'],
];

const FORMAT_FIELDS: Readonly<Partial<Record<FieldName, MrzField>>> = {
  documentCode: 'documentCode',
  issuingState: 'issuingState',
  documentNumber: 'documentNumber',
  nationality: 'nationality',
  birthDate: 'birthDate',
  sex: 'sex',
  expirationDate: 'expirationDate',
  lastName: 'name',
  firstName: 'name',
  optional: 'optionalData',
  optional1: 'optionalData',
  optional2: 'optionalData',
  personalNumber: 'optionalData',
};

/**
 * The first problem, in the order that tells the clerk most: a wrong document code means this is no MRZ at all;
 * then check digits (a misread: rescan), the field's own digit before the composite one, which a single misread
 * digit breaks as well; then any other malformed field.
 */
function rejectInvalid(details: readonly Details[]): void {
  const invalid = (field: FieldName) => details.some((detail) => detail.field === field && !detail.valid);
  if (invalid('documentCode')) throw formatError('document code', 'documentCode');
  for (const [checkDigit, field] of CHECK_DIGIT_FIELDS) {
    if (invalid(checkDigit)) throw new DeviceError('mrz_check_digit', { field });
  }
  for (const detail of details) {
    if (detail.valid) continue;
    const field = detail.field ? FORMAT_FIELDS[detail.field] : undefined;
    throw formatError('malformed field', field);
  }
}

/** The lines as `mrz` read them after its look-alike corrections, so values and check digits agree. */
function applyCorrections(lines: readonly string[], details: readonly Details[]): string[] {
  const chars = lines.map((line) => line.split(''));
  for (const detail of details) {
    for (const { line, column, corrected } of detail.autocorrect) {
      const row = chars[line];
      if (row && column >= 0 && column < row.length) row[column] = corrected;
    }
  }
  return chars.map((row) => row.join(''));
}

function toDocument(
  format: MrzFormat,
  lines: readonly string[],
  result: ParseResult,
  today: Date,
  autocorrected: boolean,
): MrzDocument {
  const at = ([line, start, end]: Span) => (lines[line] ?? '').slice(start, end);
  const fields = FIELDS[format];
  const documentNumber = result.fields.documentNumber;
  if (!documentNumber) throw formatError('document number', 'documentNumber');
  const optionalData =
    format === 'TD3' ? clean(at(fields.optional)) : optionalDataAfterNumber(at(fields.optional), at(fields.numberCheck));
  const optionalData2 = fields.optional2 ? clean(at(fields.optional2)) : '';
  const sex = at(fields.sex);
  const { surname, givenNames } = splitName(at(fields.name));
  return {
    format,
    documentCode: clean(at([0, 0, 2])),
    issuingState: clean(at([0, 2, 5])),
    documentNumber,
    nationality: clean(at(fields.nationality)),
    birthDate: birthDateIso(at(fields.birth), today),
    sex: sex === 'M' ? 'male' : sex === 'F' ? 'female' : 'unspecified',
    expiryDate: expiryDateIso(at(fields.expiry), today),
    surname,
    givenNames,
    ...(optionalData ? { optionalData } : {}),
    ...(optionalData2 ? { optionalData2 } : {}),
    autocorrected,
  };
}

/**
 * TD1/TD2 optional data. When the document number is longer than 9 characters its check-digit slot holds '<' and
 * the number goes on in the optional field, ended by its check digit and a filler (ICAO 9303-4 §4.2.2.2); what
 * follows that filler is the real optional data.
 */
function optionalDataAfterNumber(optional: string, checkSlot: string): string {
  if (checkSlot !== '<') return clean(optional);
  const end = optional.indexOf('<');
  // `mrz` accepts an overflow without a digit before the filler (its check then compares with Number('') = 0).
  if (end < 2 || !/[0-9]/.test(optional[end - 1] ?? '')) throw formatError('long document number', 'documentNumber');
  return clean(optional.slice(end + 1));
}

/** Fillers out: trailing ones dropped, inner ones become single spaces. */
function clean(field: string): string {
  return field.replace(/<+$/, '').replace(/<+/g, ' ').trim();
}

/** `SURNAME<<GIVEN<NAMES`: the first double filler separates the identifiers; no double filler, no given names. */
function splitName(field: string): { surname: string; givenNames: string } {
  const split = field.indexOf('<<');
  if (split < 0) return { surname: clean(field), givenNames: '' };
  return { surname: clean(field.slice(0, split)), givenNames: clean(field.slice(split + 2)) };
}

/** Birth dates are in the past: 20YY unless that day is still to come, then 19YY. */
function birthDateIso(yymmdd: string, today: Date): string {
  const [yy, mm, dd] = [yymmdd.slice(0, 2), yymmdd.slice(2, 4), yymmdd.slice(4, 6)];
  if (!/^\d\d$/.test(yy)) throw formatError('birth year unknown', 'birthDate');
  const month = mm === '<<' ? undefined : Number(mm);
  const day = dd === '<<' ? undefined : Number(dd);
  if (month === undefined && day !== undefined) throw formatError('birth day without month', 'birthDate');
  let year = 2000 + Number(yy);
  if (compareDay(year, month ?? 1, day ?? 1, today) > 0) year -= 100;
  if (month === undefined) return pad(year, 4);
  if (day === undefined) return `${pad(year, 4)}-${pad(month, 2)}`;
  if (!isCalendarDate(year, month, day)) throw formatError('no such birth date', 'birthDate');
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/**
 * Expiry dates lie within a lifetime of today either way: 20YY unless that is more than 50 years ahead, then 19YY
 * (an old, expired document). Documents are valid for at most ten years, so the window is never tight.
 */
function expiryDateIso(yymmdd: string, today: Date): string {
  if (!/^\d{6}$/.test(yymmdd)) throw formatError('expiry date incomplete', 'expirationDate');
  const [month, day] = [Number(yymmdd.slice(2, 4)), Number(yymmdd.slice(4, 6))];
  let year = 2000 + Number(yymmdd.slice(0, 2));
  if (year > today.getFullYear() + 50) year -= 100;
  if (!isCalendarDate(year, month, day)) throw formatError('no such expiry date', 'expirationDate');
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

function compareDay(year: number, month: number, day: number, today: Date): number {
  const a = year * 10000 + month * 100 + day;
  const b = today.getFullYear() * 10000 + (today.getMonth() + 1) * 100 + today.getDate();
  return Math.sign(a - b);
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
