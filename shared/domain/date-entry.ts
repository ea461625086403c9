/**
 * A date as a clerk types it into one field: 西暦 (2026-12-19, 2026/12/19, 2026.12.19, 20261219, 2026年12月19日)
 * or 和暦 (R8.12.19, R081219, 令和8年12月19日, 令和元年5月1日, H2.1.8, S64/1/7, 平成31年4月30日…), full-width
 * digits from an IME included. Read into the ISO 'YYYY-MM-DD' the wire carries, or a reason it cannot be read.
 * Pure; the era table is kept here (not Intl) because reading needs each era's first and last day, which a
 * formatter does not give.
 */
import { isIsoDate } from './dates';

export type EraName = '明治' | '大正' | '昭和' | '平成' | '令和';

interface Era {
  readonly name: EraName;
  readonly letter: string;
  /** First and last day (ISO); null: the era goes on. */
  readonly first: string;
  readonly last: string | null;
}

/**
 * The modern eras, newest first. 明治 is counted from the day the solar calendar started (明治6年1月1日): earlier
 * 明治 dates were written in the old lunisolar calendar and cannot be converted by arithmetic.
 */
const ERAS: readonly Era[] = [
  { name: '令和', letter: 'R', first: '2019-05-01', last: null },
  { name: '平成', letter: 'H', first: '1989-01-08', last: '2019-04-30' },
  { name: '昭和', letter: 'S', first: '1926-12-25', last: '1989-01-07' },
  { name: '大正', letter: 'T', first: '1912-07-30', last: '1926-12-24' },
  { name: '明治', letter: 'M', first: '1873-01-01', last: '1912-07-29' },
];
/** 明治6年 is 1873, yet 明治 year 1 is 1868: the year count starts before the first day readable here. */
const FIRST_YEAR: Readonly<Record<EraName, number>> = { 令和: 2019, 平成: 1989, 昭和: 1926, 大正: 1912, 明治: 1868 };

export type DateEntry =
  | { readonly ok: true; readonly iso: string }
  | { readonly ok: false; readonly problem: 'empty' | 'unreadable' | 'no_such_day' }
  /** A 和暦 date outside its era (平成31年5月1日 is 令和元年5月1日). */
  | { readonly ok: false; readonly problem: 'outside_era'; readonly era: EraName; readonly first: string; readonly last: string | null };

const WESTERN = /^(\d{4})(?:([-/.])(\d{1,2})\2(\d{1,2})|(\d{2})(\d{2})|年(\d{1,2})月(\d{1,2})日?)$/;
const ERA_NAMES = ERAS.map((era) => era.name).join('|');
const ERA_LETTERS = ERAS.map((era) => era.letter).join('');
// 令和8年12月19日, R8.12.19, R8/12/19, R8-12-19, R08.12.19, R081219 (two digits each), 令8.12.19; 元 for year 1.
const JAPANESE = new RegExp(`^(${ERA_NAMES}|[${ERA_LETTERS}]|[明大昭平令])(元|\\d{1,2})(?:([-/.])(\\d{1,2})\\3(\\d{1,2})|年(\\d{1,2})月(\\d{1,2})日?)$`);
const JAPANESE_COMPACT = new RegExp(`^([${ERA_LETTERS}])(\\d{2})(\\d{2})(\\d{2})$`);

function eraOf(token: string): Era | undefined {
  return ERAS.find((era) => era.name === token || era.letter === token || era.name[0] === token);
}

const pad = (n: number) => String(n).padStart(2, '0');

function day(year: number, month: number, dayOfMonth: number): DateEntry {
  const iso = `${String(year).padStart(4, '0')}-${pad(month)}-${pad(dayOfMonth)}`;
  return isIsoDate(iso) ? { ok: true, iso } : { ok: false, problem: 'no_such_day' };
}

function eraDay(era: Era, eraYear: number, month: number, dayOfMonth: number): DateEntry {
  if (eraYear < 1) return { ok: false, problem: 'unreadable' };
  const read = day(FIRST_YEAR[era.name] + eraYear - 1, month, dayOfMonth);
  if (!read.ok) return read;
  if (read.iso < era.first || (era.last !== null && read.iso > era.last)) return { ok: false, problem: 'outside_era', era: era.name, first: era.first, last: era.last };
  return read;
}

// 11.30, 11/30, 11-30, 11月30日: a month and day without a year, read only where a day near today is meant.
const MONTH_DAY = /^(\d{1,2})(?:([-/.])(\d{1,2})|月(\d{1,2})日?)$/;

/**
 * The year that puts a month and day nearest to `near` (a 転出予定日 typed as 11.30 on 2026-12-08 is 2026-11-30;
 * 1.5 typed then is 2027-01-05): half a year either way, so the answer is never further than six months off.
 */
function nearestDay(month: number, dayOfMonth: number, near: string): DateEntry {
  const year = Number(near.slice(0, 4));
  const candidates = [year - 1, year, year + 1].map((y) => day(y, month, dayOfMonth)).filter((entry): entry is { ok: true; iso: string } => entry.ok);
  // 2月29日 exists only in leap years: the nearest year that has it, or no such day.
  if (candidates.length === 0) return day(year, month, dayOfMonth);
  const distance = (iso: string) => Math.abs(Date.parse(iso) - Date.parse(near));
  return candidates.reduce((best, entry) => (distance(entry.iso) < distance(best.iso) ? entry : best));
}

/**
 * Reads a typed date. With `near` (an ISO date, e.g. today), a month and day alone (`11.30`, `11月30日`) is read
 * as the nearest such day: for the dates of a visit (転出予定日, 転入日, the event date), which are days around
 * today — never for a birth date, where a year is always meant.
 */
export function readDateEntry(text: string, near?: string): DateEntry {
  // NFKC: full-width digits and letters (２０２６／１２／１９, Ｒ８) become ASCII; spaces mean nothing in a date.
  const entry = text.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
  if (entry === '') return { ok: false, problem: 'empty' };
  const monthDay = near && isIsoDate(near) ? MONTH_DAY.exec(entry) : null;
  if (monthDay) {
    const [, month, , d1, d2] = monthDay;
    return nearestDay(Number(month), Number(d1 ?? d2), near!);
  }
  const western = WESTERN.exec(entry);
  if (western) {
    const [, year, , m1, d1, m2, d2, m3, d3] = western;
    return day(Number(year), Number(m1 ?? m2 ?? m3), Number(d1 ?? d2 ?? d3));
  }
  const japanese = JAPANESE.exec(entry) ?? JAPANESE_COMPACT.exec(entry);
  if (japanese) {
    const [, token = '', year = '', ...rest] = japanese;
    const era = eraOf(token);
    // The compact form has no separator group; the others have one (unused groups are undefined).
    const [month, dayOfMonth] = rest.filter((part) => part !== undefined && /^\d+$/.test(part));
    if (era && month !== undefined && dayOfMonth !== undefined) return eraDay(era, year === '元' ? 1 : Number(year), Number(month), Number(dayOfMonth));
  }
  return { ok: false, problem: 'unreadable' };
}

/** The 和暦 year of an ISO date: '令和8年', '令和元年'; null before 明治6年 or for anything that is not an ISO date. */
export function eraYearOf(iso: string): string | null {
  if (!isIsoDate(iso)) return null;
  const era = ERAS.find((candidate) => iso >= candidate.first);
  if (!era) return null;
  const year = Number(iso.slice(0, 4)) - FIRST_YEAR[era.name] + 1;
  return `${era.name}${year === 1 ? '元' : year}年`;
}
