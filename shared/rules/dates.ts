/**
 * Calendar rules of the rules engine, on ISO dates ('YYYY-MM-DD') without time or time zone.
 *
 * Pure integer arithmetic (proleptic Gregorian calendar, days counted from 1970-01-01); no `Date`, no clock.
 *
 * Legal age (年齢計算ニ関スル法律 + 民法 143条): age is counted from the day of birth, so a person attains an age
 * at the end of the day before the birthday. That day is the 到達日 (e.g. 65歳到達日, the day 介護保険 第1号 starts;
 * 20歳到達日, the day 国民年金 starts), and on the whole of it the engine counts the person at the new age.
 * Consequences: born on 29 February → one year older on 28 February of every year (leap or not); born on
 * 1 April → older on 31 March, which puts them in the school year before the children born on 2 April.
 */

export type IsoDate = string;

export type SchoolStage = 'preschool' | 'elementary' | 'junior_high' | 'high_school_age' | 'adult';
export const SCHOOL_STAGES: readonly SchoolStage[] = ['preschool', 'elementary', 'junior_high', 'high_school_age', 'adult'];

interface Ymd {
  y: number;
  m: number;
  d: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

function parse(date: IsoDate): Ymd {
  const match = ISO_DATE.exec(date);
  if (!match) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const ymd = { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) };
  if (ymd.m < 1 || ymd.m > 12 || ymd.d < 1 || ymd.d > daysInMonth(ymd.y, ymd.m)) throw new RangeError(`not a calendar date: ${date}`);
  return ymd;
}

/** Days since 1970-01-01 (H. Hinnant's days_from_civil). Day overflow is allowed: (2026, 2, 29) = 1 March. */
function dayNumber(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function fromDayNumber(days: number): Ymd {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

function format({ y, m, d }: Ymd): IsoDate {
  if (y < 0 || y > 9999) throw new RangeError(`year out of range: ${y}`);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** True for a real calendar date written 'YYYY-MM-DD'. */
export function isIsoDate(value: string): boolean {
  try {
    parse(value);
    return true;
  } catch {
    return false;
  }
}

/** Throws a RangeError unless `value` is a real calendar date written 'YYYY-MM-DD'. */
export function assertIsoDate(value: string): void {
  parse(value);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  if (!Number.isInteger(days)) throw new RangeError(`days must be an integer: ${days}`);
  const { y, m, d } = parse(date);
  return format(fromDayNumber(dayNumber(y, m, d) + days));
}

/** -1, 0 or 1, for sorting. Validates both dates. */
export function compare(a: IsoDate, b: IsoDate): -1 | 0 | 1 {
  const x = parse(a);
  const y = parse(b);
  const dx = dayNumber(x.y, x.m, x.d);
  const dy = dayNumber(y.y, y.m, y.d);
  return dx < dy ? -1 : dx > dy ? 1 : 0;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  const a = parse(from);
  const b = parse(to);
  return dayNumber(b.y, b.m, b.d) - dayNumber(a.y, a.m, a.d);
}

/**
 * 到達日: the day at whose end a person born on `birthDate` attains `age` — the day before the `age`-th birthday.
 * A 29 February birthday falls on 1 March in a common year, so the day is 28 February in every year.
 */
export function ageAttainmentDate(birthDate: IsoDate, age: number): IsoDate {
  if (!Number.isInteger(age) || age < 0) throw new RangeError(`age must be a non-negative integer: ${age}`);
  const b = parse(birthDate);
  return format(fromDayNumber(dayNumber(b.y + age, b.m, b.d) - 1));
}

/**
 * Age on `onDate`, the legal way: the person already counts at the new age on the day before the birthday
 * (see the module comment). Negative before birth is not meaningful: throws when `onDate` is before `birthDate`.
 */
export function legalAge(birthDate: IsoDate, onDate: IsoDate): number {
  const b = parse(birthDate);
  if (compare(onDate, birthDate) < 0) throw new RangeError(`${onDate} is before the birth date ${birthDate}`);
  const next = parse(addDays(onDate, 1));
  // Completed years on the next day; day overflow makes a 29 February birthday fall on 1 March in common years.
  const anniversary = dayNumber(next.y, b.m, b.d);
  return next.y - b.y - (dayNumber(next.y, next.m, next.d) < anniversary ? 1 : 0);
}

/** The school/fiscal year (年度) a date belongs to: April to March, named after the year of its April. */
export function fiscalYearOf(date: IsoDate): number {
  const { y, m } = parse(date);
  return m >= 4 ? y : y - 1;
}

/**
 * The year whose April the child starts elementary school (学校教育法 17条: 満六歳に達した日の翌日以後における最初の
 * 学年の初め). Born 2 April Y … 1 April Y+1 → April Y+7.
 */
export function elementarySchoolEntryYear(birthDate: IsoDate): number {
  const attained = parse(ageAttainmentDate(birthDate, 6));
  // The first 1 April on or after the day after the attainment day: attaining 6 on 31 March (born 1 April)
  // starts that April; attaining 6 on 1 April (born 2 April) waits until the next one.
  return attained.m <= 3 ? attained.y : attained.y + 1;
}

/** School stage and grade (1-based within the stage; null for preschool and adult) on `onDate`. */
export function schoolGrade(birthDate: IsoDate, onDate: IsoDate): { stage: SchoolStage; grade: number | null } {
  const years = fiscalYearOf(onDate) - elementarySchoolEntryYear(birthDate);
  if (years < 0) return { stage: 'preschool', grade: null };
  if (years < 6) return { stage: 'elementary', grade: years + 1 };
  if (years < 9) return { stage: 'junior_high', grade: years - 5 };
  if (years < 12) return { stage: 'high_school_age', grade: years - 8 };
  return { stage: 'adult', grade: null };
}

/**
 * Stage of the (notional) school career on `onDate`: elementary = the 6 school years from the April after
 * attaining 6, junior high the next 3, high-school age the next 3 (whether or not the person is enrolled),
 * then adult. 'adult' is a school-stage label, not 成年.
 */
export function schoolStage(birthDate: IsoDate, onDate: IsoDate): SchoolStage {
  return schoolGrade(birthDate, onDate).stage;
}

/** The first 31 March on or after the day the person attains `age` (e.g. 18歳到達後最初の3月31日). */
export function fiscalYearEndAfterAge(birthDate: IsoDate, age: number): IsoDate {
  const attained = parse(ageAttainmentDate(birthDate, age));
  return format({ y: attained.m <= 3 ? attained.y : attained.y + 1, m: 3, d: 31 });
}

/** True while `onDate` is on or before fiscalYearEndAfterAge(birthDate, age). */
export function isUntilFiscalYearEndOfAge(birthDate: IsoDate, age: number, onDate: IsoDate): boolean {
  return compare(onDate, fiscalYearEndAfterAge(birthDate, age)) <= 0;
}
