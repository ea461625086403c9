/**
 * Deterministic synthetic residents for demos, load tests and the rules engine's fixtures.
 *
 * Pure: no I/O, no Math.random, no clock. The same options give byte-identical rows. Every household is
 * generated from its own PRNG, seeded from (seed, tenant, index), so a household does not depend on the ones
 * before it: `startIndex` resumes a stream anywhere and 2,000,000 residents stream in constant memory.
 * Ids (UUID v4-shaped) come from (tenant, index) alone, so the same slot keeps its id across seeds.
 *
 * The rows mirror the `households` and `residents` tables of server/db/migrations/001_core.sql column for
 * column (snake_case), and satisfy their CHECK constraints.
 *
 * Everything here is fictional. Names are drawn from common-name tables; addresses use real 町名 of
 * 美濃加茂市 and 坂祝町 with random 番地; card numbers only have the right shape.
 */
import { nameSearchKeys } from '../../shared/domain/name-search';

export const DEFAULT_REFERENCE_DATE = '2026-11-27';

/** First day foreign residents had a 住民票 (改正住民基本台帳法): their 外国人住民となった年月日 is never earlier. */
const FOREIGN_REGISTRY_START = '2012-07-09';

// ───────────────────────────────────────── row types (the table columns, exactly) ─────────────────────────

export type HealthInsurance = 'national' | 'employee' | 'late_elderly' | 'welfare' | 'none';
export type Pension = 'national' | 'employee' | 'dependent_spouse' | 'recipient' | 'none';
export type FuriganaStatus = 'unconfirmed' | 'surname_only' | 'given_only' | 'confirmed';
export type ResidentKind = 'japanese' | 'foreign';
/** ISO 5218 as on the My Number card. The generator only produces 1 and 2. */
export type Sex = 1 | 2 | 9;
export type Relation = '世帯主' | '妻' | '夫' | '子' | '父' | '母' | '同居人';
export type Nationality = 'PH' | 'BR' | 'VN' | 'CN' | 'KR' | 'PE';
export type ResidenceCategory = '中長期在留者' | '特別永住者';
export type ResidenceStatus = '永住者' | '定住者' | '日本人の配偶者等' | '技能実習' | '技術・人文知識・国際業務' | '家族滞在';

/** One row of `households`. */
export interface HouseholdRow {
  tenant_id: string;
  household_id: string;
  household_number: string;
  postal_code: string | null;
  address: string;
}

/** One row of `residents`. Dates are 'YYYY-MM-DD'; updated_at is an ISO timestamp with offset. */
export interface ResidentRow {
  tenant_id: string;
  resident_id: string;
  household_id: string;
  relation: Relation;
  kind: ResidentKind;
  name: string;
  name_kana: string | null;
  furigana_status: FuriganaStatus;
  alphabet_name: string | null;
  alias: string | null;
  alias_kana: string | null;
  birth_date: string;
  sex: Sex;
  nationality: Nationality | null;
  residence_category: ResidenceCategory | null;
  residence_status: ResidenceStatus | null;
  period_of_stay: string | null;
  stay_expires_on: string | null;
  residence_card_number: string | null;
  health_insurance: HealthInsurance;
  pension: Pension;
  care_certified: boolean;
  has_my_number_card: boolean;
  support_measure: boolean;
  became_resident_on: string;
  status: 'active' | 'removed';
  name_key: string;
  kana_key: string | null;
  alphabet_key: string | null;
  alias_key: string | null;
  alias_kana_key: string | null;
  version: number;
  updated_at: string;
}

export interface GeneratedHousehold {
  household: HouseholdRow;
  residents: ResidentRow[];
}

export interface GenerateOptions {
  tenantId: string;
  /** Number of households. */
  count: number;
  seed: number;
  /** Ages, expiry dates and move-in dates are relative to this day. Default DEFAULT_REFERENCE_DATE. */
  referenceDate?: string;
  /** Index of the first household (household_number 'H' + the index padded to 8 digits). Default 1. */
  startIndex?: number;
}

// ───────────────────────────────────────── PRNG ─────────────────────────────────────────────────────────

/** FNV-1a over the UTF-16 code units, finished with murmur3's fmix32 so close inputs spread. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A small seeded PRNG (mulberry32) with the helpers the generator needs. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  static from(...parts: (string | number)[]): Rng {
    return new Rng(hash32(parts.join('\u0000')));
  }

  uint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [item, weight] of items) {
      roll -= weight;
      if (roll < 0) return item;
    }
    const last = items[items.length - 1];
    if (!last) throw new Error('weighted pick from an empty list');
    return last[0];
  }

  /** A UUID string with the version (4) and variant (10xx) bits of a v4 UUID. */
  uuid(): string {
    const bytes: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      const word = this.uint32();
      bytes.push(word >>> 24, (word >>> 16) & 0xff, (word >>> 8) & 0xff, word & 0xff);
    }
    bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
    bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
    const hex = bytes.map((byte) => byte.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
}

// ───────────────────────────────────────── dates ────────────────────────────────────────────────────────

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

interface Ymd {
  y: number;
  m: number;
  d: number;
}

function parseDate(date: string): Ymd {
  const match = ISO_DATE.exec(date);
  if (!match) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const ymd = { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) };
  if (formatDay(dayNumber(ymd)) !== date) throw new RangeError(`not a calendar date: ${date}`);
  return ymd;
}

function dayNumber({ y, m, d }: Ymd): number {
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
}

function formatDay(day: number): string {
  const date = new Date(day * DAY_MS);
  const y = date.getUTCFullYear();
  return `${String(y).padStart(4, '0')}-${String(date.getUTCMonth() + 1).padStart(2, '0')}-${String(date.getUTCDate()).padStart(2, '0')}`;
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Same month and day `years` later (or earlier); 29 February becomes 28 February in a common year. */
function addYears(date: Ymd, years: number): Ymd {
  const y = date.y + years;
  return { y, m: date.m, d: Math.min(date.d, daysInMonth(y, date.m)) };
}

function addMonths(date: Ymd, months: number): Ymd {
  const index = date.y * 12 + (date.m - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return { y, m, d: Math.min(date.d, daysInMonth(y, m)) };
}

/** Age in completed years on the reference date (the birthday counts from the day itself). */
export function ageOn(birthDate: string, referenceDate: string): number {
  const b = parseDate(birthDate);
  const r = parseDate(referenceDate);
  return r.y - b.y - (r.m < b.m || (r.m === b.m && r.d < b.d) ? 1 : 0);
}

/** Age in completed months on the reference date. */
export function ageInMonths(birthDate: string, referenceDate: string): number {
  const b = parseDate(birthDate);
  const r = parseDate(referenceDate);
  return (r.y - b.y) * 12 + (r.m - b.m) - (r.d < b.d ? 1 : 0);
}

/** A uniformly chosen birth date such that the person is exactly `age` on the reference date. */
function birthDateForAge(rng: Rng, age: number, ref: Ymd): string {
  const latest = dayNumber(addYears(ref, -age));
  const earliest = dayNumber(addYears(ref, -(age + 1))) + 1;
  const birth = formatDay(rng.int(earliest, latest));
  // The window is exact; this only guards the invariant.
  if (ageOn(birth, formatDay(dayNumber(ref))) !== age) throw new Error(`birth date ${birth} does not give age ${age}`);
  return birth;
}

function maxDate(...dates: string[]): string {
  return dates.reduce((a, b) => (a > b ? a : b));
}

// ───────────────────────────────────────── tenants, codes, addresses ────────────────────────────────────

/** Check digit of a 全国地方公共団体コード: weights 6,5,4,3,2; r = S mod 11; the last digit of 11 − r. */
export function localGovernmentCheckDigit(fiveDigits: string): number {
  if (!/^\d{5}$/.test(fiveDigits)) throw new RangeError(`not five digits: ${fiveDigits}`);
  const weights = [6, 5, 4, 3, 2];
  let sum = 0;
  for (let i = 0; i < 5; i += 1) sum += Number(fiveDigits[i]) * (weights[i] ?? 0);
  return (11 - (sum % 11)) % 10;
}

export function isValidLocalGovernmentCode(code: string): boolean {
  return /^\d{6}$/.test(code) && localGovernmentCheckDigit(code.slice(0, 5)) === Number(code[5]);
}

const REAL_TENANTS = ['212113', '215015'] as const;

/**
 * `count` distinct 6-digit codes in 岐阜県 (prefecture 21): 美濃加茂市 and 坂祝町 first, then synthetic
 * 21xxx codes (from 21700 up, a range no Gifu municipality uses) with the correct check digit.
 */
export function generateTenantCodes(count: number): string[] {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer: ${count}`);
  const codes: string[] = REAL_TENANTS.slice(0, count);
  for (let n = 700; codes.length < count; n += 1) {
    if (n > 999) throw new RangeError(`at most ${REAL_TENANTS.length + 300} tenant codes`);
    const five = `21${n}`;
    codes.push(`${five}${localGovernmentCheckDigit(five)}`);
  }
  return codes;
}

interface Municipality {
  /** Address prefix up to the municipality, e.g. 岐阜県美濃加茂市. */
  prefix: string;
  /** 町名 / 大字 with the highest 番地 used. */
  areas: readonly (readonly [string, number])[];
}

const MUNICIPALITIES: Readonly<Record<string, Municipality>> = {
  '212113': {
    prefix: '岐阜県美濃加茂市',
    areas: [
      ['太田町', 4200],
      ['太田本町', 5],
      ['本郷町', 9],
      ['古井町下古井', 3000],
      ['加茂野町加茂野', 1000],
      ['蜂屋町上蜂屋', 3800],
      ['蜂屋町中蜂屋', 1500],
      ['伊深町', 1200],
      ['三和町廿屋', 700],
      ['山之上町', 7000],
      ['下米田町今', 600],
      ['牧野', 2300],
      ['田島町', 4],
      ['森山町', 5],
      ['西町', 8],
      ['新池町', 3],
      ['深田町', 2],
      ['前平町', 3],
    ],
  },
  '215015': {
    prefix: '岐阜県加茂郡坂祝町',
    areas: [
      ['取組', 600],
      ['酒倉', 2200],
      ['黒岩', 1400],
      ['深萱', 1200],
      ['加茂山', 3],
      ['勝山', 1600],
    ],
  },
};

const GENERIC_AREAS: readonly (readonly [string, number])[] = [
  ['本町', 6],
  ['栄町', 4],
  ['緑町', 3],
  ['旭町', 5],
  ['若葉台', 7],
  ['大字上野', 2500],
  ['大字中島', 1800],
];

const BUILDINGS = ['ハイツ若葉', 'コーポ木曽川', 'グリーンヒル', 'メゾン日の出', 'サンライズ', 'アーバン太田', 'レジデンス栄'];

function municipalityOf(tenantId: string): Municipality {
  return MUNICIPALITIES[tenantId] ?? { prefix: `岐阜県模擬町${tenantId}`, areas: GENERIC_AREAS };
}

/**
 * An address in the tenant's municipality. Areas with a small maximum are 丁目 areas (…1丁目2番3号), the
 * others take 番地. Apartment dwellers (more often foreign residents) get a 方書.
 */
function makeAddress(rng: Rng, tenantId: string, apartmentShare: number): string {
  const { prefix, areas } = municipalityOf(tenantId);
  const [area, max] = rng.pick(areas);
  let address =
    max <= 9
      ? `${prefix}${area}${rng.int(1, max)}丁目${rng.int(1, 30)}番${rng.int(1, 25)}号`
      : `${prefix}${area}${rng.int(1, max)}番地${rng.chance(0.55) ? rng.int(1, 30) : ''}`;
  if (rng.chance(apartmentShare)) address += `\u3000${rng.pick(BUILDINGS)}${rng.int(1, 4)}0${rng.int(1, 8)}号`;
  return address;
}

// ───────────────────────────────────────── names ────────────────────────────────────────────────────────

type Reading = readonly [written: string, kana: string];

/** Common surnames, including the variant kanji met at the counter (髙, 﨑, 邊, 齋, 濵, 澤, 廣, 𠮷 …). */
const SURNAMES: readonly Reading[] = [
  ['佐藤', 'サトウ'], ['鈴木', 'スズキ'], ['高橋', 'タカハシ'], ['髙橋', 'タカハシ'], ['田中', 'タナカ'],
  ['伊藤', 'イトウ'], ['渡辺', 'ワタナベ'], ['渡邊', 'ワタナベ'], ['渡邉', 'ワタナベ'], ['山本', 'ヤマモト'],
  ['中村', 'ナカムラ'], ['小林', 'コバヤシ'], ['加藤', 'カトウ'], ['吉田', 'ヨシダ'], ['𠮷田', 'ヨシダ'],
  ['山田', 'ヤマダ'], ['佐々木', 'ササキ'], ['山口', 'ヤマグチ'], ['松本', 'マツモト'], ['井上', 'イノウエ'],
  ['木村', 'キムラ'], ['林', 'ハヤシ'], ['斎藤', 'サイトウ'], ['齋藤', 'サイトウ'], ['清水', 'シミズ'],
  ['山崎', 'ヤマザキ'], ['山﨑', 'ヤマザキ'], ['森', 'モリ'], ['池田', 'イケダ'], ['橋本', 'ハシモト'],
  ['阿部', 'アベ'], ['石川', 'イシカワ'], ['山下', 'ヤマシタ'], ['中島', 'ナカジマ'], ['石井', 'イシイ'],
  ['小川', 'オガワ'], ['前田', 'マエダ'], ['岡田', 'オカダ'], ['長谷川', 'ハセガワ'], ['藤田', 'フジタ'],
  ['後藤', 'ゴトウ'], ['近藤', 'コンドウ'], ['村上', 'ムラカミ'], ['遠藤', 'エンドウ'], ['青木', 'アオキ'],
  ['坂本', 'サカモト'], ['浜田', 'ハマダ'], ['濵田', 'ハマダ'], ['高木', 'タカギ'], ['髙木', 'タカギ'],
  ['桜井', 'サクライ'], ['櫻井', 'サクライ'], ['澤田', 'サワダ'], ['広瀬', 'ヒロセ'], ['廣瀬', 'ヒロセ'],
  ['可児', 'カニ'], ['纐纈', 'コウケツ'], ['各務', 'カガミ'], ['日比野', 'ヒビノ'], ['服部', 'ハットリ'],
  ['水野', 'ミズノ'], ['安藤', 'アンドウ'], ['大野', 'オオノ'], ['河合', 'カワイ'], ['丹羽', 'ニワ'],
  ['三輪', 'ミワ'], ['古田', 'フルタ'], ['酒井', 'サカイ'], ['熊崎', 'クマザキ'], ['長尾', 'ナガオ'],
];

/** Generation tags: S born up to 1955, M 1956–1989, Y from 1990. */
type GivenName = readonly [written: string, kana: string, eras: string];

const MALE_GIVEN: readonly GivenName[] = [
  ['正男', 'マサオ', 'S'], ['茂', 'シゲル', 'S'], ['清', 'キヨシ', 'S'], ['和夫', 'カズオ', 'S'], ['進', 'ススム', 'S'],
  ['實', 'ミノル', 'S'], ['勝', 'マサル', 'SM'], ['博', 'ヒロシ', 'SM'], ['一郎', 'イチロウ', 'SM'], ['修', 'オサム', 'SM'],
  ['隆', 'タカシ', 'SM'], ['健一', 'ケンイチ', 'M'], ['浩', 'ヒロシ', 'M'], ['直樹', 'ナオキ', 'M'], ['大輔', 'ダイスケ', 'M'],
  ['達也', 'タツヤ', 'M'], ['和也', 'カズヤ', 'M'], ['誠', 'マコト', 'MY'], ['拓也', 'タクヤ', 'MY'], ['健太', 'ケンタ', 'MY'],
  ['翔太', 'ショウタ', 'MY'], ['俊介', 'シュンスケ', 'MY'], ['恭平', 'キョウヘイ', 'MY'], ['龍之介', 'リュウノスケ', 'Y'],
  ['蓮', 'レン', 'Y'], ['陽翔', 'ハルト', 'Y'], ['湊', 'ミナト', 'Y'], ['悠真', 'ユウマ', 'Y'], ['大翔', 'ヒロト', 'Y'],
  ['蒼', 'アオイ', 'Y'], ['樹', 'イツキ', 'Y'], ['悠人', 'ユウト', 'Y'], ['陸', 'リク', 'Y'], ['颯太', 'ソウタ', 'Y'],
  ['勇気', 'ユウキ', 'Y'],
];

const FEMALE_GIVEN: readonly GivenName[] = [
  ['キヨ', 'キヨ', 'S'], ['ハル', 'ハル', 'S'], ['幸子', 'サチコ', 'S'], ['和子', 'カズコ', 'S'], ['節子', 'セツコ', 'S'],
  ['惠子', 'ケイコ', 'S'], ['洋子', 'ヨウコ', 'SM'], ['京子', 'キョウコ', 'SM'], ['恵子', 'ケイコ', 'SM'], ['眞理子', 'マリコ', 'SM'],
  ['久美子', 'クミコ', 'M'], ['由美子', 'ユミコ', 'M'], ['真由美', 'マユミ', 'M'], ['直美', 'ナオミ', 'M'], ['智子', 'トモコ', 'M'],
  ['裕子', 'ユウコ', 'M'], ['香織', 'カオリ', 'M'], ['美穂', 'ミホ', 'M'], ['恵美', 'エミ', 'MY'], ['千尋', 'チヒロ', 'MY'],
  ['彩', 'アヤ', 'MY'], ['舞', 'マイ', 'MY'], ['麻衣', 'マイ', 'MY'], ['美咲', 'ミサキ', 'MY'], ['愛', 'アイ', 'MY'],
  ['さくら', 'サクラ', 'Y'], ['陽菜', 'ヒナ', 'Y'], ['結衣', 'ユイ', 'Y'], ['葵', 'アオイ', 'Y'], ['凛', 'リン', 'Y'],
  ['芽依', 'メイ', 'Y'], ['結菜', 'ユイナ', 'Y'], ['紬', 'ツムギ', 'Y'], ['陽葵', 'ヒマリ', 'Y'], ['優花', 'ユウカ', 'Y'],
];

function eraOf(birthDate: string): 'S' | 'M' | 'Y' {
  const year = Number(birthDate.slice(0, 4));
  return year <= 1955 ? 'S' : year <= 1989 ? 'M' : 'Y';
}

function japaneseGiven(rng: Rng, sex: Sex, birthDate: string): Reading {
  const era = eraOf(birthDate);
  const pool = (sex === 1 ? MALE_GIVEN : FEMALE_GIVEN).filter(([, , eras]) => eras.includes(era));
  const [written, kana] = rng.pick(pool);
  return [written, kana];
}

/** A Latin name part with its katakana reading. */
type Part = readonly [latin: string, kana: string];

interface ForeignNameTable {
  family: readonly Part[];
  male: readonly Part[];
  female: readonly Part[];
  /** Number of family-name parts (e.g. Peruvian paternal + maternal surnames). */
  familyParts: readonly (readonly [number, number])[];
  givenParts: readonly (readonly [number, number])[];
}

const LATIN_NAMES: Readonly<Record<'PH' | 'BR' | 'VN' | 'PE', ForeignNameTable>> = {
  PH: {
    family: [
      ['Santos', 'サントス'], ['Reyes', 'レイエス'], ['Cruz', 'クルス'], ['Bautista', 'バウティスタ'], ['Ocampo', 'オカンポ'],
      ['Garcia', 'ガルシア'], ['Mendoza', 'メンドーサ'], ['Dela Cruz', 'デラクルス'], ['Villanueva', 'ビリャヌエバ'],
      ['Aquino', 'アキノ'], ['Ramos', 'ラモス'], ['Castillo', 'カスティーヨ'], ['Manalo', 'マナロ'], ['Pascual', 'パスクアル'],
    ],
    male: [
      ['Jose', 'ホセ'], ['Mark', 'マーク'], ['Anthony', 'アンソニー'], ['Rodel', 'ロデル'], ['Jerome', 'ジェローム'],
      ['Christian', 'クリスチャン'], ['Ronaldo', 'ロナルド'], ['John', 'ジョン'], ['Paul', 'ポール'], ['Jun', 'ジュン'],
    ],
    female: [
      ['Maria', 'マリア'], ['Cristina', 'クリスティーナ'], ['Jocelyn', 'ジョセリン'], ['Rowena', 'ロウェナ'], ['Maricel', 'マリセル'],
      ['Analyn', 'アナリン'], ['Grace', 'グレース'], ['Lovely', 'ラブリー'], ['Angelica', 'アンジェリカ'], ['Joy', 'ジョイ'],
    ],
    familyParts: [[1, 1]],
    givenParts: [[1, 3], [2, 2]],
  },
  BR: {
    family: [
      ['Silva', 'シルバ'], ['Santos', 'サントス'], ['Oliveira', 'オリベイラ'], ['Souza', 'ソウザ'], ['Pereira', 'ペレイラ'],
      ['Costa', 'コスタ'], ['Rodrigues', 'ロドリゲス'], ['Almeida', 'アルメイダ'], ['Nascimento', 'ナシメント'], ['Lima', 'リマ'],
      ['Araújo', 'アラウージョ'], ['Gonçalves', 'ゴンサルベス'], ['Conceição', 'コンセイソン'], ['Higa', 'ヒガ'],
      ['Nakamura', 'ナカムラ'], ['Yamashita', 'ヤマシタ'], ['Kinjo', 'キンジョウ'],
    ],
    male: [
      ['João', 'ジョアン'], ['José', 'ジョゼ'], ['Lucas', 'ルーカス'], ['Gabriel', 'ガブリエル'], ['Mateus', 'マテウス'],
      ['Rafael', 'ハファエル'], ['Thiago', 'チアゴ'], ['Luiz', 'ルイス'], ['Henrique', 'エンリケ'], ['Antônio', 'アントニオ'],
      ['Pedro', 'ペドロ'],
    ],
    female: [
      ['Maria', 'マリア'], ['Conceição', 'コンセイソン'], ['Ana', 'アナ'], ['Paula', 'パウラ'], ['Fernanda', 'フェルナンダ'],
      ['Juliana', 'ジュリアナ'], ['Letícia', 'レチシア'], ['Larissa', 'ラリッサ'], ['Beatriz', 'ベアトリス'], ['Camila', 'カミラ'],
      ['Gabriela', 'ガブリエラ'],
    ],
    familyParts: [[1, 2], [2, 3]],
    givenParts: [[1, 2], [2, 1]],
  },
  VN: {
    family: [
      ['Nguyễn', 'グエン'], ['Trần', 'チャン'], ['Lê', 'レ'], ['Phạm', 'ファム'], ['Hoàng', 'ホアン'], ['Vũ', 'ヴ'],
      ['Đặng', 'ダン'], ['Bùi', 'ブイ'], ['Đỗ', 'ド'], ['Ngô', 'ゴ'],
    ],
    // The first given part is the middle name (Văn / Thị / Đức …), the last the given name.
    male: [
      ['An', 'アン'], ['Hùng', 'フン'], ['Dũng', 'ズン'], ['Tuấn', 'トゥアン'], ['Nam', 'ナム'], ['Long', 'ロン'], ['Huy', 'フイ'],
      ['Minh', 'ミン'],
    ],
    female: [
      ['Lan', 'ラン'], ['Hương', 'フオン'], ['Linh', 'リン'], ['Trang', 'チャン'], ['Mai', 'マイ'], ['Hoa', 'ホア'], ['Thảo', 'タオ'],
      ['Ngọc', 'ゴック'],
    ],
    familyParts: [[1, 1]],
    givenParts: [[2, 1]],
  },
  PE: {
    family: [
      ['Quispe', 'キスペ'], ['Flores', 'フローレス'], ['García', 'ガルシア'], ['Rodríguez', 'ロドリゲス'], ['Sánchez', 'サンチェス'],
      ['Huamán', 'ワマン'], ['Ramírez', 'ラミレス'], ['Chávez', 'チャベス'], ['Torres', 'トーレス'], ['Higa', 'ヒガ'],
      ['Kanashiro', 'カナシロ'],
    ],
    male: [
      ['José', 'ホセ'], ['Luis', 'ルイス'], ['Juan', 'フアン'], ['Carlos', 'カルロス'], ['Jorge', 'ホルヘ'], ['Miguel', 'ミゲル'],
      ['Ángel', 'アンヘル'], ['César', 'セサル'],
    ],
    female: [
      ['María', 'マリア'], ['Elena', 'エレナ'], ['Rosa', 'ロサ'], ['Carmen', 'カルメン'], ['Lucía', 'ルシア'],
      ['Milagros', 'ミラグロス'], ['Patricia', 'パトリシア'], ['Sofía', 'ソフィア'],
    ],
    familyParts: [[2, 1]],
    givenParts: [[1, 1], [2, 1]],
  },
};

const VIETNAMESE_MIDDLE: Readonly<Record<1 | 2, readonly Part[]>> = {
  1: [['Văn', 'ヴァン'], ['Văn', 'ヴァン'], ['Đức', 'ドゥック'], ['Minh', 'ミン'], ['Thanh', 'タイン']],
  2: [['Thị', 'ティ'], ['Thị', 'ティ'], ['Ngọc', 'ゴック'], ['Thanh', 'タイン']],
};

/** Chinese and Korean names: 正字 kanji, the pinyin / romanised form, and a katakana reading. */
type HanPart = readonly [kanji: string, latin: string, kana: string];

const CHINESE_NAMES: { family: readonly HanPart[]; male: readonly HanPart[]; female: readonly HanPart[] } = {
  family: [
    ['王', 'Wang', 'ワン'], ['李', 'Li', 'リ'], ['張', 'Zhang', 'チャン'], ['劉', 'Liu', 'リュウ'], ['陳', 'Chen', 'チェン'],
    ['楊', 'Yang', 'ヤン'], ['趙', 'Zhao', 'チャオ'], ['黄', 'Huang', 'ホアン'], ['周', 'Zhou', 'チョウ'], ['呉', 'Wu', 'ウー'],
    ['孫', 'Sun', 'スン'], ['林', 'Lin', 'リン'],
  ],
  male: [
    ['偉', 'Wei', 'ウェイ'], ['洋', 'Yang', 'ヤン'], ['傑', 'Jie', 'ジエ'], ['強', 'Qiang', 'チアン'], ['磊', 'Lei', 'レイ'],
    ['明', 'Ming', 'ミン'], ['軍', 'Jun', 'ジュン'], ['浩然', 'Haoran', 'ハオラン'], ['志強', 'Zhiqiang', 'ジーチアン'],
  ],
  female: [
    ['娜', 'Na', 'ナ'], ['芳', 'Fang', 'ファン'], ['静', 'Jing', 'ジン'], ['麗', 'Li', 'リー'], ['敏', 'Min', 'ミン'],
    ['燕', 'Yan', 'イェン'], ['麗華', 'Lihua', 'リーホア'], ['秀英', 'Xiuying', 'シウイン'], ['雪梅', 'Xuemei', 'シュエメイ'],
  ],
};

const KOREAN_NAMES: { family: readonly HanPart[]; male: readonly HanPart[]; female: readonly HanPart[] } = {
  family: [
    ['金', 'Kim', 'キム'], ['李', 'Lee', 'イ'], ['朴', 'Park', 'パク'], ['崔', 'Choi', 'チェ'], ['鄭', 'Jung', 'チョン'],
    ['姜', 'Kang', 'カン'], ['趙', 'Cho', 'チョ'], ['尹', 'Yoon', 'ユン'], ['張', 'Jang', 'チャン'], ['林', 'Lim', 'イム'],
  ],
  male: [
    ['英洙', 'Young Soo', 'ヨンス'], ['成浩', 'Sung Ho', 'ソンホ'], ['民俊', 'Min Jun', 'ミンジュン'],
    ['相哲', 'Sang Chul', 'サンチョル'], ['東勲', 'Dong Hoon', 'ドンフン'], ['在賢', 'Jae Hyun', 'ジェヒョン'],
    ['永吉', 'Young Gil', 'ヨンギル'],
  ],
  female: [
    ['美淑', 'Mi Sook', 'ミスク'], ['英姫', 'Young Hee', 'ヨンヒ'], ['智恩', 'Ji Eun', 'ジウン'], ['秀晶', 'Su Jeong', 'スジョン'],
    ['恩惠', 'Eun Hye', 'ウネ'], ['順子', 'Sun Ja', 'スンジャ'], ['玉順', 'Ok Sun', 'オクスン'],
  ],
};

/** Japanese surnames long used as 通称 by 在日 Korean families, by original surname. */
const KOREAN_ALIAS_SURNAMES: Readonly<Record<string, readonly Reading[]>> = {
  金: [['金田', 'カネダ'], ['金本', 'カネモト'], ['金山', 'カネヤマ']],
  李: [['岩本', 'イワモト'], ['國本', 'クニモト']],
  朴: [['新井', 'アライ'], ['木村', 'キムラ']],
  崔: [['高山', 'タカヤマ']],
  鄭: [['東', 'ヒガシ']],
  姜: [['大山', 'オオヤマ']],
  趙: [['松田', 'マツダ']],
  尹: [['伊東', 'イトウ']],
  張: [['張本', 'ハリモト']],
  林: [['林', 'ハヤシ']],
};

// ───────────────────────────────────────── people ───────────────────────────────────────────────────────

interface Identity {
  kind: ResidentKind;
  name: string;
  nameKana: string | null;
  alphabetName: string | null;
  alias: string | null;
  aliasKana: string | null;
  nationality: Nationality | null;
}

interface ForeignStatus {
  category: ResidenceCategory;
  status: ResidenceStatus | null;
  period: string | null;
  expiresOn: string | null;
  cardNumber: string;
}

/** Everything about a member before it becomes a row. */
interface Member {
  relation: Relation;
  sex: Sex;
  birthDate: string;
  identity: Identity;
  foreign: ForeignStatus | null;
  health: HealthInsurance;
  pension: Pension;
  careCertified: boolean;
  hasMyNumberCard: boolean;
  supportMeasure: boolean;
  furigana: FuriganaStatus;
  becameResidentOn: string;
}

const SPACE = '\u3000';

function japaneseIdentity(surname: Reading, given: Reading): Identity {
  return {
    kind: 'japanese',
    name: `${surname[0]}${SPACE}${given[0]}`,
    nameKana: `${surname[1]}${SPACE}${given[1]}`,
    alphabetName: null,
    alias: null,
    aliasKana: null,
    nationality: null,
  };
}

/** A surname shared by a family: one or more parts (Brazil, Peru). Given names are chosen per person. */
interface ForeignFamily {
  nationality: Nationality;
  family: readonly Part[] | HanPart;
}

function foreignFamily(rng: Rng, nationality: Nationality): ForeignFamily {
  if (nationality === 'CN') return { nationality, family: rng.pick(CHINESE_NAMES.family) };
  if (nationality === 'KR') return { nationality, family: rng.pick(KOREAN_NAMES.family) };
  const table = LATIN_NAMES[nationality];
  const parts = rng.weighted(table.familyParts);
  const family: Part[] = [];
  while (family.length < parts) {
    const part = rng.pick(table.family);
    if (!family.includes(part)) family.push(part);
  }
  return { nationality, family };
}

function isHanPart(family: ForeignFamily['family']): family is HanPart {
  return typeof family[0] === 'string';
}

interface AliasOptions {
  /** The Japanese surname the 通称 takes (a Japanese spouse's), if any. */
  surname?: Reading;
  /** Force a 通称 (true) or none (false); otherwise by nationality. */
  alias?: boolean;
  /** Special permanent residents: the alphabet name is often not on record. */
  specialPermanent?: boolean;
}

function foreignIdentity(rng: Rng, family: ForeignFamily, sex: Sex, birthDate: string, options: AliasOptions = {}): Identity {
  const { nationality } = family;
  const female = sex === 2;
  let name: string;
  let nameKana: string;
  let alphabetName: string | null;
  let callKana = '';
  if (isHanPart(family.family)) {
    const table = nationality === 'CN' ? CHINESE_NAMES : KOREAN_NAMES;
    const given = rng.pick(female ? table.female : table.male);
    const [familyKanji, familyLatin, familyKana] = family.family;
    name = `${familyKanji}${SPACE}${given[0]}`;
    nameKana = `${familyKana}${SPACE}${given[2]}`;
    alphabetName = options.specialPermanent && rng.chance(0.5) ? null : `${familyLatin} ${given[1]}`;
  } else {
    const table = LATIN_NAMES[nationality as 'PH' | 'BR' | 'VN' | 'PE'];
    const givenParts: Part[] = [];
    let callName: Part;
    if (nationality === 'VN') {
      callName = rng.pick(female ? table.female : table.male);
      givenParts.push(rng.pick(VIETNAMESE_MIDDLE[female ? 2 : 1]), callName);
    } else {
      const count = rng.weighted(table.givenParts);
      while (givenParts.length < count) {
        const part = rng.pick(female ? table.female : table.male);
        if (!givenParts.includes(part)) givenParts.push(part);
      }
      callName = givenParts[0] ?? rng.pick(table.male);
      // Filipino names carry the mother's maiden surname as a middle name.
      if (nationality === 'PH' && rng.chance(0.6)) givenParts.push(rng.pick(table.family));
    }
    alphabetName = [...family.family, ...givenParts].map(([latin]) => latin).join(' ');
    name = alphabetName;
    const familyKana = family.family.map(([, kana]) => kana).join('・');
    const givenKana = givenParts.map(([, kana]) => kana).join(nationality === 'VN' ? SPACE : '・');
    nameKana = `${familyKana}${SPACE}${givenKana}`;
    callKana = callName[1];
  }

  const aliasShare = options.specialPermanent ? 0.8 : nationality === 'KR' ? 0.3 : nationality === 'CN' ? 0.3 : options.surname ? 0.4 : 0.02;
  let alias: string | null = null;
  let aliasKana: string | null = null;
  if (options.alias ?? rng.chance(aliasShare)) {
    // A 通称 is written in kanji or kana only: a Japanese (or the spouse's) surname and a Japanese given
    // name for Chinese and Korean residents; the spouse's surname and the kana given name for others.
    let surname = options.surname;
    if (!surname && nationality === 'KR' && isHanPart(family.family)) {
      surname = rng.pick(KOREAN_ALIAS_SURNAMES[family.family[0]] ?? SURNAMES);
    }
    surname ??= rng.pick(SURNAMES);
    if (nationality === 'CN' || nationality === 'KR') {
      const given = japaneseGiven(rng, sex, birthDate);
      alias = `${surname[0]}${SPACE}${given[0]}`;
      aliasKana = `${surname[1]}${SPACE}${given[1]}`;
    } else {
      // Others: the surname and the name they go by, in katakana (鈴木 + U+3000 + マリア).
      alias = `${surname[0]}${SPACE}${callKana}`;
      aliasKana = `${surname[1]}${SPACE}${callKana}`;
    }
  }
  return { kind: 'foreign', name, nameKana, alphabetName, alias, aliasKana, nationality };
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** 在留カード / 特別永住者証明書 number shape: 2 letters, 8 digits, 2 letters. */
function cardNumber(rng: Rng): string {
  let text = `${rng.pick([...LETTERS])}${rng.pick([...LETTERS])}`;
  for (let i = 0; i < 8; i += 1) text += String(rng.int(0, 9));
  return `${text}${rng.pick([...LETTERS])}${rng.pick([...LETTERS])}`;
}

// No 3月: a stay of 3 months or less makes nobody a 中長期在留者, so nobody in the register holds one (入管法 19条の3;
// shared/rules/residence.ts refuses it at 転入). Same total weights as before, so every other draw is unchanged.
const PERIODS: Readonly<Record<Exclude<ResidenceStatus, '永住者'>, readonly (readonly [string, number])[]>> = {
  定住者: [['5年', 3], ['3年', 4], ['1年', 2], ['6月', 1]],
  日本人の配偶者等: [['5年', 2], ['3年', 4], ['1年', 3], ['6月', 1]],
  技能実習: [['1年', 3], ['2年', 2]],
  '技術・人文知識・国際業務': [['5年', 3], ['3年', 4], ['1年', 3]],
  家族滞在: [['5年', 2], ['3年', 3], ['1年', 3], ['6月', 1]],
};

/** Length in months of a 在留期間 such as '5年', '6月' or '4年3月'. */
export function periodMonths(period: string): number {
  const match = /^(?:(\d+)年)?(?:(\d+)月)?$/u.exec(period);
  if (!match || (!match[1] && !match[2])) throw new RangeError(`not a period of stay: ${period}`);
  return Number(match[1] ?? 0) * 12 + Number(match[2] ?? 0);
}

/** The last day of a stay granted on `grantedOn` for `period` (granted 2026-04-01 for 1年 → 2027-03-31). */
export function stayExpiry(grantedOn: string, period: string): string {
  return formatDay(dayNumber(addMonths(parseDate(grantedOn), periodMonths(period))) - 1);
}

/**
 * A 中長期在留者 or 特別永住者 record. The (latest) permission was granted on a day no earlier than birth and
 * within one period before the reference date, so the stay is current: expiry ≥ reference date.
 */
function foreignStatus(rng: Rng, status: ResidenceStatus | '特別永住者', birthDate: string, ref: Ymd, period?: string): ForeignStatus {
  if (status === '特別永住者') {
    return { category: '特別永住者', status: null, period: null, expiresOn: null, cardNumber: cardNumber(rng) };
  }
  if (status === '永住者') {
    return { category: '中長期在留者', status, period: null, expiresOn: null, cardNumber: cardNumber(rng) };
  }
  const chosen = period ?? rng.weighted(PERIODS[status]);
  const refDay = dayNumber(ref);
  const earliest = Math.max(dayNumber(parseDate(birthDate)), dayNumber(addMonths(ref, -periodMonths(chosen))) + 1);
  const grantedOn = formatDay(rng.int(Math.min(earliest, refDay), refDay));
  return { category: '中長期在留者', status, period: chosen, expiresOn: stayExpiry(grantedOn, chosen), cardNumber: cardNumber(rng) };
}

// ───────────────────────────────────────── insurance ────────────────────────────────────────────────────

type Work = 'employee' | 'self' | 'none';

/**
 * Health insurance and pension from age, work and the household's situation:
 * - under 20: no pension; health insurance of the parents (employee insurance covers the children).
 * - 20–59: 厚生年金 when employed; 第3号 (dependent_spouse) for the non-working spouse of an employee;
 *   otherwise 国民年金. Employees' dependants are in employee health insurance.
 * - 60–64: employed → employee; otherwise no pension yet, 国保 (or the spouse's employee insurance).
 * - 65–74: pension recipient (employee while still working); 国保 unless working or a dependant.
 * - 75+: 後期高齢者医療, recipient.
 * - 生活保護 households: health 'welfare' at every age (they leave 国保 and 後期高齢); 国民年金 stays (法定免除).
 */
function insurance(age: number, work: Work, options: { spouseEmployee?: boolean; parentEmployee?: boolean; welfare?: boolean }): [HealthInsurance, Pension] {
  let pension: Pension;
  if (age < 20) pension = work === 'employee' ? 'employee' : 'none';
  else if (age < 60) pension = work === 'employee' ? 'employee' : options.spouseEmployee && work === 'none' ? 'dependent_spouse' : 'national';
  else if (age < 65) pension = work === 'employee' ? 'employee' : 'none';
  else pension = work === 'employee' && age < 70 ? 'employee' : 'recipient';

  if (options.welfare) return ['welfare', pension === 'employee' || pension === 'dependent_spouse' ? (age < 20 ? 'none' : 'national') : pension];
  let health: HealthInsurance;
  if (age >= 75) health = 'late_elderly';
  else if (work === 'employee') health = 'employee';
  else if (age < 20 || (age < 23 && work === 'none')) health = options.parentEmployee ? 'employee' : 'national';
  else health = options.spouseEmployee && work === 'none' ? 'employee' : 'national';
  return [health, pension];
}

function careShare(age: number): number {
  if (age < 40) return 0;
  if (age < 65) return 0.004;
  if (age < 75) return 0.04;
  if (age < 85) return 0.18;
  return 0.55;
}

// ───────────────────────────────────────── household assembly ───────────────────────────────────────────

interface Context {
  rng: Rng;
  ref: Ymd;
  refDate: string;
  tenantId: string;
}

interface MemberSpec {
  relation: Relation;
  sex: Sex;
  age: number;
  work: Work;
  /** Japanese name parts; given chosen from the birth era when absent. */
  surname?: Reading;
  given?: Reading;
  /** Foreign members. */
  foreign?: { family: ForeignFamily; status: ResidenceStatus | '特別永住者'; aliasSurname?: Reading; alias?: boolean; period?: string };
  spouseEmployee?: boolean;
  parentEmployee?: boolean;
  /** Exact birth date (coverage households); otherwise drawn for `age`. */
  birthDate?: string;
  overrides?: Partial<Pick<Member, 'health' | 'pension' | 'careCertified' | 'hasMyNumberCard' | 'furigana'>>;
}

interface HouseholdSpec {
  members: MemberSpec[];
  foreignHousehold: boolean;
  welfare: boolean;
  supportMeasure: boolean;
  /** Day the household moved in; null = since birth (everyone's 住民となった日 is their birth date). */
  movedInOn: string | null;
}

function drawFurigana(rng: Rng, kind: ResidentKind): FuriganaStatus {
  if (kind === 'foreign') return rng.weighted([['unconfirmed', 7], ['confirmed', 3]] as const);
  return rng.weighted([['confirmed', 70], ['unconfirmed', 22], ['surname_only', 5], ['given_only', 3]] as const);
}

function buildMember(ctx: Context, spec: MemberSpec, household: HouseholdSpec): Member {
  const { rng, ref, refDate } = ctx;
  const birthDate = spec.birthDate ?? birthDateForAge(rng, spec.age, ref);
  const age = ageOn(birthDate, refDate);
  let identity: Identity;
  let foreign: ForeignStatus | null = null;
  if (spec.foreign) {
    const special = spec.foreign.status === '特別永住者';
    identity = foreignIdentity(rng, spec.foreign.family, spec.sex, birthDate, {
      surname: spec.foreign.aliasSurname,
      alias: spec.foreign.alias,
      specialPermanent: special,
    });
    foreign = foreignStatus(rng, spec.foreign.status, birthDate, ref, spec.foreign.period);
  } else {
    identity = japaneseIdentity(spec.surname ?? rng.pick(SURNAMES), spec.given ?? japaneseGiven(rng, spec.sex, birthDate));
  }
  const [health, pension] = insurance(age, spec.work, {
    spouseEmployee: spec.spouseEmployee,
    parentEmployee: spec.parentEmployee,
    welfare: household.welfare,
  });
  const cardShare = identity.kind === 'foreign' ? 0.6 : age < 1 ? 0.35 : age < 15 ? 0.7 : 0.82;
  let became = household.movedInOn === null ? birthDate : maxDate(birthDate, household.movedInOn);
  if (identity.kind === 'foreign') became = maxDate(became, FOREIGN_REGISTRY_START);
  if (became > refDate) became = refDate;
  return {
    relation: spec.relation,
    sex: spec.sex,
    birthDate,
    identity,
    foreign,
    health,
    pension,
    careCertified: rng.chance(careShare(age)),
    hasMyNumberCard: rng.chance(cardShare),
    supportMeasure: household.supportMeasure,
    furigana: drawFurigana(rng, identity.kind),
    becameResidentOn: became,
    ...spec.overrides,
  };
}

function toRow(ctx: Context, householdId: string, residentId: string, member: Member): ResidentRow {
  const { identity, foreign } = member;
  const keys = nameSearchKeys({
    name: identity.name,
    kana: identity.nameKana,
    alphabet: identity.alphabetName,
    alias: identity.alias,
    aliasKana: identity.aliasKana,
  });
  return {
    tenant_id: ctx.tenantId,
    resident_id: residentId,
    household_id: householdId,
    relation: member.relation,
    kind: identity.kind,
    name: identity.name,
    name_kana: identity.nameKana,
    furigana_status: member.furigana,
    alphabet_name: identity.alphabetName,
    alias: identity.alias,
    alias_kana: identity.aliasKana,
    birth_date: member.birthDate,
    sex: member.sex,
    nationality: identity.nationality,
    residence_category: foreign?.category ?? null,
    residence_status: foreign?.status ?? null,
    period_of_stay: foreign?.period ?? null,
    stay_expires_on: foreign?.expiresOn ?? null,
    residence_card_number: foreign?.cardNumber ?? null,
    health_insurance: member.health,
    pension: member.pension,
    care_certified: member.careCertified,
    has_my_number_card: member.hasMyNumberCard,
    support_measure: member.supportMeasure,
    became_resident_on: member.becameResidentOn,
    status: 'active',
    name_key: keys.nameKey,
    kana_key: keys.kanaKey,
    alphabet_key: keys.alphabetKey,
    alias_key: keys.aliasKey,
    alias_kana_key: keys.aliasKanaKey,
    version: 1,
    updated_at: `${ctx.refDate}T09:00:00+09:00`,
  };
}

function assemble(ctx: Context, idRng: Rng, householdNumber: string, spec: HouseholdSpec): GeneratedHousehold {
  const householdId = idRng.uuid();
  const address = makeAddress(ctx.rng, ctx.tenantId, spec.foreignHousehold ? 0.6 : 0.2);
  const household: HouseholdRow = {
    tenant_id: ctx.tenantId,
    household_id: householdId,
    household_number: householdNumber,
    postal_code: null,
    address,
  };
  // No two members share a name (a child is not named exactly like a parent or sibling): redraw.
  const names = new Set<string>();
  const residents = spec.members.map((memberSpec) => {
    let member = buildMember(ctx, memberSpec, spec);
    for (let attempt = 0; attempt < 20 && names.has(member.identity.name); attempt += 1) member = buildMember(ctx, memberSpec, spec);
    names.add(member.identity.name);
    return toRow(ctx, householdId, idRng.uuid(), member);
  });
  return { household, residents };
}

// ───────────────────────────────────────── random households ────────────────────────────────────────────

const NATIONALITY_WEIGHTS: readonly (readonly [Nationality, number])[] = [
  // Household weights, chosen so that residents come out PH > BR > VN > CN > KR > PE (Vietnamese
  // households are mostly single 技能実習生, Brazilian and Peruvian ones families).
  ['PH', 12],
  ['BR', 7.5],
  ['VN', 15],
  ['CN', 5],
  ['KR', 4.5],
  ['PE', 1.5],
];

/** Households whose head is foreign; mixed marriages add a few more foreign residents to Japanese ones. */
const FOREIGN_HOUSEHOLD_SHARE = 0.105;

function employment(rng: Rng, age: number, employeeShare = 0.68): Work {
  if (age < 15) return 'none';
  if (age < 20) return rng.chance(0.1) ? 'employee' : 'none';
  if (age < 60) return rng.chance(employeeShare) ? 'employee' : rng.chance(0.6) ? 'self' : 'none';
  if (age < 65) return rng.chance(0.55) ? 'employee' : 'none';
  if (age < 70) return rng.chance(0.2) ? 'employee' : 'none';
  return 'none';
}

/** Ages of 1–3 children of a mother aged `motherAge` (first child from 20, at most 24 years old). */
function childAges(rng: Rng, motherAge: number, count: number): number[] {
  const oldest = Math.min(motherAge - 20, 24);
  if (oldest < 0) return [];
  const ages: number[] = [];
  for (let i = 0; i < count; i += 1) ages.push(rng.int(0, oldest));
  return ages.sort((a, b) => b - a);
}

function childWork(rng: Rng, age: number): Work {
  if (age < 20) return age >= 16 && rng.chance(0.08) ? 'employee' : 'none';
  return rng.chance(age < 23 ? 0.35 : 0.85) ? 'employee' : 'none';
}

function skewedAge(rng: Rng, min: number, max: number, peak: number): number {
  // Triangular distribution over [min, max] with its mode at `peak`.
  const u = rng.next();
  const c = (peak - min) / (max - min);
  const x = u < c ? min + Math.sqrt(u * (max - min) * (peak - min)) : max - Math.sqrt((1 - u) * (max - min) * (max - peak));
  return Math.min(max, Math.max(min, Math.round(x)));
}

function movedIn(rng: Rng, ref: Ymd, maxYearsAgo: number, sinceBirthShare: number): string | null {
  if (rng.chance(sinceBirthShare)) return null;
  const refDay = dayNumber(ref);
  return formatDay(rng.int(dayNumber(addYears(ref, -maxYearsAgo)), refDay - 1));
}

type JapaneseType =
  | 'single_adult'
  | 'single_elderly'
  | 'couple'
  | 'couple_elderly'
  | 'couple_children'
  | 'single_parent'
  | 'three_generations'
  | 'elderly_with_child'
  | 'cohabiting';

const JAPANESE_TYPES: readonly (readonly [JapaneseType, number])[] = [
  ['single_adult', 17],
  ['single_elderly', 14],
  ['couple', 7],
  ['couple_elderly', 13],
  ['couple_children', 27],
  ['single_parent', 8],
  ['three_generations', 9],
  ['elderly_with_child', 3],
  ['cohabiting', 2],
];

/** A foreign spouse of a Japanese resident: nationality and status of the (usually) wife. */
function foreignSpouse(rng: Rng, age: number, surname: Reading): NonNullable<MemberSpec['foreign']> {
  const nationality = rng.weighted([['PH', 50], ['CN', 22], ['KR', 10], ['BR', 8], ['VN', 6], ['PE', 4]] as const);
  const status: ResidenceStatus = age >= 35 && rng.chance(0.45) ? '永住者' : '日本人の配偶者等';
  return { family: foreignFamily(rng, nationality), status, aliasSurname: surname };
}

function japaneseHousehold(rng: Rng, ref: Ymd): HouseholdSpec {
  const type = rng.weighted(JAPANESE_TYPES);
  const surname = rng.pick(SURNAMES);
  const members: MemberSpec[] = [];
  const welfare = rng.chance(type === 'single_elderly' || type === 'single_parent' ? 0.05 : 0.008);
  const spec: HouseholdSpec = { members, foreignHousehold: false, welfare, supportMeasure: rng.chance(0.0015), movedInOn: null };
  const adult = (relation: Relation, sex: Sex, age: number, extra: Partial<MemberSpec> = {}): MemberSpec => ({
    relation,
    sex,
    age,
    work: employment(rng, age, sex === 1 ? 0.78 : 0.55),
    surname,
    ...extra,
  });

  const couple = (headAge: number): { head: MemberSpec; spouse: MemberSpec } => {
    const spouseAge = Math.max(18, headAge - rng.int(-2, 5));
    const wifeIsHead = rng.chance(0.04);
    const head = adult('世帯主', wifeIsHead ? 2 : 1, headAge);
    const spouse = adult(wifeIsHead ? '夫' : '妻', wifeIsHead ? 1 : 2, spouseAge);
    if (spouse.sex === 2 && head.work === 'employee' && spouseAge < 60 && rng.chance(0.5)) spouse.work = 'none';
    spouse.spouseEmployee = head.work === 'employee';
    head.spouseEmployee = spouse.work === 'employee';
    if (!wifeIsHead && headAge < 65 && rng.chance(0.045)) spouse.foreign = foreignSpouse(rng, spouseAge, surname);
    return { head, spouse };
  };

  const children = (motherAge: number, parentEmployee: boolean, count = rng.weighted([[1, 35], [2, 45], [3, 20]] as const)): MemberSpec[] =>
    childAges(rng, motherAge, count).map((age) => ({
      relation: '子',
      sex: rng.chance(0.51) ? 1 : 2,
      age,
      work: childWork(rng, age),
      surname,
      parentEmployee,
    }));

  switch (type) {
    case 'single_adult': {
      const age = skewedAge(rng, 19, 64, 28);
      members.push(adult('世帯主', rng.chance(0.58) ? 1 : 2, age));
      spec.movedInOn = movedIn(rng, ref, 15, 0.1);
      break;
    }
    case 'single_elderly': {
      const age = skewedAge(rng, 65, 99, 80);
      members.push(adult('世帯主', rng.chance(0.68) ? 2 : 1, age));
      spec.movedInOn = movedIn(rng, ref, 60, 0.45);
      break;
    }
    case 'couple': {
      const { head, spouse } = couple(skewedAge(rng, 22, 64, 30));
      members.push(head, spouse);
      spec.movedInOn = movedIn(rng, ref, 20, 0.05);
      break;
    }
    case 'couple_elderly': {
      const { head, spouse } = couple(skewedAge(rng, 65, 95, 74));
      members.push(head, spouse);
      spec.movedInOn = movedIn(rng, ref, 55, 0.35);
      break;
    }
    case 'couple_children': {
      const { head, spouse } = couple(skewedAge(rng, 25, 60, 40));
      const mother = head.sex === 2 ? head : spouse;
      const kids = children(mother.age, head.work === 'employee' || spouse.work === 'employee');
      members.push(head, spouse, ...kids);
      spec.movedInOn = movedIn(rng, ref, 25, 0.15);
      break;
    }
    case 'single_parent': {
      const sex: Sex = rng.chance(0.86) ? 2 : 1;
      const parent = adult('世帯主', sex, skewedAge(rng, 24, 58, 40));
      members.push(parent, ...children(sex === 2 ? parent.age : parent.age - 2, parent.work === 'employee', rng.weighted([[1, 50], [2, 38], [3, 12]] as const)));
      spec.movedInOn = movedIn(rng, ref, 20, 0.15);
      break;
    }
    case 'three_generations': {
      const { head, spouse } = couple(skewedAge(rng, 33, 60, 45));
      const mother = head.sex === 2 ? head : spouse;
      const kids = children(mother.age, head.work === 'employee' || spouse.work === 'employee', rng.weighted([[1, 30], [2, 50], [3, 20]] as const));
      members.push(head, spouse, ...kids);
      const parentsAge = head.age + rng.int(24, 34);
      const father = rng.chance(0.6);
      if (father) members.push(adult('父', 1, parentsAge + rng.int(0, 3)));
      if (!father || rng.chance(0.8)) members.push(adult('母', 2, parentsAge));
      spec.movedInOn = movedIn(rng, ref, 50, 0.55);
      break;
    }
    case 'elderly_with_child': {
      const parentAge = skewedAge(rng, 72, 98, 84);
      members.push(adult('世帯主', rng.chance(0.7) ? 2 : 1, parentAge));
      members.push(adult('子', rng.chance(0.55) ? 1 : 2, Math.max(40, parentAge - rng.int(24, 36))));
      spec.movedInOn = movedIn(rng, ref, 50, 0.6);
      break;
    }
    case 'cohabiting': {
      members.push(adult('世帯主', rng.chance(0.5) ? 1 : 2, skewedAge(rng, 20, 45, 27)));
      members.push(adult('同居人', rng.chance(0.5) ? 1 : 2, skewedAge(rng, 20, 45, 27), { surname: rng.pick(SURNAMES) }));
      spec.movedInOn = movedIn(rng, ref, 8, 0);
      break;
    }
  }
  return spec;
}

function foreignHousehold(rng: Rng, ref: Ymd): HouseholdSpec {
  const nationality = rng.weighted(NATIONALITY_WEIGHTS);
  const family = foreignFamily(rng, nationality);
  // Members who use a 通称 use the household's one surname (在日 families: the traditional one for theirs).
  const aliasSurname: Reading | undefined =
    nationality === 'KR' && isHanPart(family.family)
      ? rng.pick(KOREAN_ALIAS_SURNAMES[family.family[0]] ?? SURNAMES)
      : nationality === 'CN'
        ? rng.pick(SURNAMES)
        : undefined;
  const members: MemberSpec[] = [];
  const spec: HouseholdSpec = { members, foreignHousehold: true, welfare: rng.chance(0.01), supportMeasure: rng.chance(0.002), movedInOn: null };
  const person = (
    relation: Relation,
    sex: Sex,
    age: number,
    status: ResidenceStatus | '特別永住者',
    work: Work,
    extra: Partial<MemberSpec> = {},
  ): MemberSpec => ({ relation, sex, age, work, foreign: { family, status, aliasSurname }, ...extra });
  /** Residents from Latin America and the Philippines are mostly 定住者 / 永住者, often agency workers. */
  const settledWork = (age: number): Work => (age < 20 ? 'none' : age >= 65 ? 'none' : rng.chance(0.6) ? 'employee' : rng.chance(0.3) ? 'self' : 'none');

  const family4 = (settled: ResidenceStatus, headAge: number, kidsMax: number): void => {
    // A 日系二世 on 日本人の配偶者等 (child of a Japanese national): spouse and children are 定住者.
    const dependants: ResidenceStatus = settled === '日本人の配偶者等' ? '定住者' : settled;
    const head = person('世帯主', 1, headAge, settled, settledWork(headAge));
    const wifeAge = Math.max(20, headAge - rng.int(-2, 5));
    const wife = person('妻', 2, wifeAge, dependants, settledWork(wifeAge), wifeFamily(dependants));
    head.spouseEmployee = wife.work === 'employee';
    wife.spouseEmployee = head.work === 'employee';
    if (wife.work !== 'employee' && head.work === 'employee' && rng.chance(0.5)) wife.work = 'none';
    members.push(head, wife);
    for (const age of childAges(rng, wifeAge, rng.int(1, kidsMax))) {
      members.push(person('子', rng.chance(0.5) ? 1 : 2, age, dependants, childWork(rng, age), { parentEmployee: head.work === 'employee' || wife.work === 'employee' }));
    }
  };

  /** Chinese, Korean and Vietnamese wives keep their own surname; the children take the father's. */
  const wifeFamily = (status: ResidenceStatus | '特別永住者'): Partial<MemberSpec> =>
    nationality === 'CN' || nationality === 'KR' || nationality === 'VN' ? { foreign: { family: foreignFamily(rng, nationality), status, aliasSurname } } : {};

  const settledStatus = (): ResidenceStatus => rng.weighted([['永住者', 45], ['定住者', 45], ['日本人の配偶者等', 10]] as const);

  switch (nationality) {
    case 'VN': {
      const kind = rng.weighted([['intern', 60], ['engineer', 25], ['family', 15]] as const);
      if (kind === 'intern') members.push(person('世帯主', rng.chance(0.55) ? 1 : 2, rng.int(19, 34), '技能実習', 'employee'));
      else if (kind === 'engineer') members.push(person('世帯主', rng.chance(0.7) ? 1 : 2, rng.int(22, 40), '技術・人文知識・国際業務', 'employee'));
      else {
        const headAge = rng.int(25, 42);
        members.push(person('世帯主', 1, headAge, '技術・人文知識・国際業務', 'employee', { spouseEmployee: false }));
        members.push(person('妻', 2, headAge - rng.int(0, 4), '家族滞在', 'none', { spouseEmployee: true, ...wifeFamily('家族滞在') }));
        for (const age of childAges(rng, headAge - 2, rng.int(0, 2))) members.push(person('子', rng.chance(0.5) ? 1 : 2, age, '家族滞在', 'none', { parentEmployee: true }));
      }
      spec.movedInOn = movedIn(rng, ref, kind === 'intern' ? 3 : 8, 0);
      break;
    }
    case 'PH': {
      const kind = rng.weighted([['single', 35], ['family', 45], ['mother', 20]] as const);
      if (kind === 'single') {
        const age = rng.int(20, 50);
        const status = rng.weighted([['技能実習', 40], ['定住者', 30], ['永住者', 30]] as const);
        members.push(person('世帯主', rng.chance(0.6) ? 2 : 1, age, status, status === '技能実習' ? 'employee' : settledWork(age)));
      } else if (kind === 'family') family4(settledStatus(), rng.int(26, 55), 3);
      else {
        const age = rng.int(25, 50);
        const status = rng.weighted([['永住者', 50], ['定住者', 50]] as const);
        const mother = person('世帯主', 2, age, status, settledWork(age));
        members.push(mother);
        for (const kidAge of childAges(rng, age, rng.int(1, 3))) members.push(person('子', rng.chance(0.5) ? 1 : 2, kidAge, status, childWork(rng, kidAge), { parentEmployee: mother.work === 'employee' }));
      }
      spec.movedInOn = movedIn(rng, ref, 18, 0);
      break;
    }
    case 'BR':
    case 'PE': {
      const kind = rng.weighted([['single', 25], ['family', 65], ['three', 10]] as const);
      if (kind === 'single') {
        const age = rng.int(20, 62);
        members.push(person('世帯主', rng.chance(0.6) ? 1 : 2, age, settledStatus(), settledWork(age)));
      } else {
        const headAge = rng.int(kind === 'three' ? 35 : 25, 56);
        family4(settledStatus(), headAge, 3);
        if (kind === 'three') {
          const age = headAge + rng.int(24, 32);
          members.push(person('母', 2, age, '定住者', settledWork(age)));
        }
      }
      spec.movedInOn = movedIn(rng, ref, 25, 0);
      break;
    }
    case 'CN': {
      const kind = rng.weighted([['intern', 25], ['engineer', 15], ['family', 40], ['permanent', 20]] as const);
      if (kind === 'intern') members.push(person('世帯主', rng.chance(0.5) ? 1 : 2, rng.int(20, 38), '技能実習', 'employee'));
      else if (kind === 'engineer') members.push(person('世帯主', rng.chance(0.6) ? 1 : 2, rng.int(23, 45), '技術・人文知識・国際業務', 'employee'));
      else if (kind === 'family') {
        const headAge = rng.int(28, 50);
        const permanent = rng.chance(0.4);
        members.push(person('世帯主', 1, headAge, permanent ? '永住者' : '技術・人文知識・国際業務', 'employee'));
        const wifeStatus = permanent ? '永住者' : '家族滞在';
        const wife = person('妻', 2, headAge - rng.int(0, 4), wifeStatus, permanent && rng.chance(0.5) ? 'employee' : 'none', { spouseEmployee: true, ...wifeFamily(wifeStatus) });
        members.push(wife);
        for (const age of childAges(rng, headAge - 2, rng.int(1, 2))) members.push(person('子', rng.chance(0.5) ? 1 : 2, age, permanent ? '永住者' : '家族滞在', childWork(rng, age), { parentEmployee: true }));
      } else {
        const age = rng.int(35, 75);
        members.push(person('世帯主', rng.chance(0.5) ? 1 : 2, age, '永住者', employment(rng, age)));
      }
      spec.movedInOn = movedIn(rng, ref, 15, 0);
      break;
    }
    case 'KR': {
      const kind = rng.weighted([['special_single', 30], ['special_couple', 25], ['special_family', 20], ['resident', 25]] as const);
      if (kind === 'resident') {
        const age = rng.int(23, 60);
        members.push(person('世帯主', rng.chance(0.5) ? 1 : 2, age, rng.chance(0.5) ? '永住者' : '技術・人文知識・国際業務', 'employee'));
        spec.movedInOn = movedIn(rng, ref, 12, 0);
      } else {
        // 在日 families: born in Japan, usually living here for decades.
        const headAge = kind === 'special_family' ? rng.int(38, 62) : skewedAge(rng, 50, 95, 75);
        members.push(person('世帯主', kind === 'special_single' && rng.chance(0.6) ? 2 : 1, headAge, '特別永住者', employment(rng, headAge)));
        if (kind !== 'special_single') {
          const wifeAge = headAge - rng.int(0, 5);
          members.push(person('妻', 2, wifeAge, '特別永住者', employment(rng, wifeAge, 0.4), { spouseEmployee: members[0]?.work === 'employee', ...wifeFamily('特別永住者') }));
          if (kind === 'special_family') {
            for (const age of childAges(rng, wifeAge, rng.int(1, 2))) members.push(person('子', rng.chance(0.5) ? 1 : 2, age, '特別永住者', childWork(rng, age), { parentEmployee: members[0]?.work === 'employee' }));
          }
        }
        spec.movedInOn = movedIn(rng, ref, 50, 0.5);
      }
      break;
    }
  }
  return spec;
}

function randomHousehold(rng: Rng, ref: Ymd): HouseholdSpec {
  return rng.chance(FOREIGN_HOUSEHOLD_SHARE) ? foreignHousehold(rng, ref) : japaneseHousehold(rng, ref);
}

/**
 * Streams `count` households with their residents. Household i is a function of (seed, tenantId, i,
 * referenceDate) only; its ids of (tenantId, i) only.
 */
export function* generateHouseholds(options: GenerateOptions): Generator<GeneratedHousehold, void, undefined> {
  const { tenantId, count, seed } = options;
  const refDate = options.referenceDate ?? DEFAULT_REFERENCE_DATE;
  const startIndex = options.startIndex ?? 1;
  if (!/^\d{6}$/.test(tenantId)) throw new RangeError(`tenantId must be six digits: ${tenantId}`);
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer: ${count}`);
  if (!Number.isInteger(startIndex) || startIndex < 0) throw new RangeError(`startIndex must be a non-negative integer: ${startIndex}`);
  const ref = parseDate(refDate);
  for (let index = startIndex; index < startIndex + count; index += 1) {
    const rng = Rng.from('household', seed, tenantId, index, refDate);
    const ctx: Context = { rng, ref, refDate, tenantId };
    const spec = randomHousehold(rng, ref);
    yield assemble(ctx, Rng.from('id', tenantId, index), `H${String(index).padStart(8, '0')}`, spec);
  }
}

// ───────────────────────────────────────── coverage households ──────────────────────────────────────────

/** A birth date exactly `days` before the reference date. */
function daysBefore(ref: Ymd, days: number): string {
  return formatDay(dayNumber(ref) - days);
}

function r(written: string, kana: string): Reading {
  return [written, kana];
}

/**
 * A fixed, hand-picked set of households covering every branch the rules engine needs. Household numbers
 * are 'C001'…, outside the 'H…' range of `generateHouseholds`, and ids are derived from (tenant, 'coverage',
 * n), so both sets can live in one tenant. Names and card numbers come from a PRNG seeded by the tenant.
 *
 * C001 若い世帯 with a newborn (0 months) and a 7-year-old; employee insurance, 第3号 spouse; My Number cards
 * C002 自営業 family in 国保/国民年金 with children of 13 and 16; 振り仮名 unconfirmed
 * C003 三世代: employee couple, 父 78 (後期高齢, 要介護認定) and 母 72 (65–74)
 * C004 要介護認定 at 58 (第2号被保険者) with his wife
 * C005 一人暮らしの高齢者, 83 (後期高齢)
 * C006 高齢夫婦 70 and 67 (65–74, pension recipients)
 * C007 ブラジル人家族: father 35, mother 33, son 7 (定住者, 在留カード, 国保)
 * C008 特別永住者 couple (Korean) with 通称
 * C009 支援措置 (DV): mother 34 and child 5
 * C010 ベトナム人技能実習生 single, 24, employee insurance
 * C011 国際結婚: Japanese husband, Filipina wife (日本人の配偶者等, 第3号, 通称 with the husband's surname), child 10
 * C012 中国人 engineer, wife 家族滞在 (第3号) with 通称, child 3
 * C013 生活保護 single, 55 (health 'welfare')
 * C014 妻が世帯主, 夫; and a 同居人
 * C015 ペルー人 永住者 single, 48
 * C016 フィリピン人の五人家族: father 38, mother 36, children 11, 7 and 3 (定住者, 在留カード, 国保) — the customer
 *      display's largest case (moving in, more than 20 procedures)
 */
export function coverageHouseholds(tenantId: string, referenceDate: string = DEFAULT_REFERENCE_DATE): GeneratedHousehold[] {
  const ref = parseDate(referenceDate);
  const rng = Rng.from('coverage', tenantId, referenceDate);
  const ctx: Context = { rng, ref, refDate: referenceDate, tenantId };
  const idRng = Rng.from('coverage-id', tenantId);
  const base = { foreignHousehold: false, welfare: false, supportMeasure: false };
  const confirmed = { furigana: 'confirmed' as const };
  const specs: HouseholdSpec[] = [];

  // C001: newborn (born 6 days ago, 0 months) and an elementary-school child of 7.
  {
    const surname = r('髙橋', 'タカハシ');
    specs.push({
      ...base,
      movedInOn: daysBefore(ref, 3650),
      members: [
        { relation: '世帯主', sex: 1, age: 34, work: 'employee', surname, given: r('翔太', 'ショウタ'), spouseEmployee: false, overrides: { ...confirmed, hasMyNumberCard: true } },
        { relation: '妻', sex: 2, age: 31, work: 'none', surname, given: r('美咲', 'ミサキ'), spouseEmployee: true, overrides: { furigana: 'surname_only', hasMyNumberCard: true } },
        { relation: '子', sex: 2, age: 7, work: 'none', surname, given: r('陽菜', 'ヒナ'), parentEmployee: true, overrides: { furigana: 'given_only', hasMyNumberCard: false } },
        { relation: '子', sex: 1, age: 0, work: 'none', surname, given: r('湊', 'ミナト'), parentEmployee: true, birthDate: daysBefore(ref, 6), overrides: { furigana: 'unconfirmed', hasMyNumberCard: false } },
      ],
    });
  }
  // C002: self-employed, 国保 and 国民年金; children of 13 (中学生) and 16 (高校生).
  {
    const surname = r('山﨑', 'ヤマザキ');
    specs.push({
      ...base,
      movedInOn: null,
      members: [
        { relation: '世帯主', sex: 1, age: 45, work: 'self', surname, given: r('大輔', 'ダイスケ'), overrides: { furigana: 'unconfirmed', hasMyNumberCard: false } },
        { relation: '妻', sex: 2, age: 43, work: 'self', surname, given: r('香織', 'カオリ'), overrides: { furigana: 'unconfirmed', hasMyNumberCard: true } },
        { relation: '子', sex: 1, age: 16, work: 'none', surname, given: r('颯太', 'ソウタ'), parentEmployee: false, overrides: { furigana: 'unconfirmed', hasMyNumberCard: true } },
        { relation: '子', sex: 2, age: 13, work: 'none', surname, given: r('結衣', 'ユイ'), parentEmployee: false, overrides: { furigana: 'unconfirmed', hasMyNumberCard: false } },
      ],
    });
  }
  // C003: three generations; 父 78 on 後期高齢者医療 with a care-need certification, 母 72.
  {
    const surname = r('渡邊', 'ワタナベ');
    specs.push({
      ...base,
      movedInOn: null,
      members: [
        { relation: '世帯主', sex: 1, age: 52, work: 'employee', surname, given: r('健一', 'ケンイチ'), spouseEmployee: true, overrides: { ...confirmed, hasMyNumberCard: true } },
        { relation: '妻', sex: 2, age: 50, work: 'employee', surname, given: r('智子', 'トモコ'), spouseEmployee: true, overrides: { ...confirmed, hasMyNumberCard: true } },
        { relation: '父', sex: 1, age: 78, work: 'none', surname, given: r('正男', 'マサオ'), overrides: { ...confirmed, careCertified: true, hasMyNumberCard: false } },
        { relation: '母', sex: 2, age: 72, work: 'none', surname, given: r('惠子', 'ケイコ'), overrides: { ...confirmed, careCertified: false, hasMyNumberCard: true } },
      ],
    });
  }
  // C004: 要介護認定 at 58 (介護保険 第2号被保険者).
  {
    const surname = r('齋藤', 'サイトウ');
    specs.push({
      ...base,
      movedInOn: daysBefore(ref, 9000),
      members: [
        { relation: '世帯主', sex: 1, age: 58, work: 'self', surname, given: r('隆', 'タカシ'), overrides: { ...confirmed, careCertified: true, hasMyNumberCard: true } },
        { relation: '妻', sex: 2, age: 56, work: 'self', surname, given: r('由美子', 'ユミコ'), overrides: { ...confirmed, careCertified: false, hasMyNumberCard: true } },
      ],
    });
  }
  // C005: an 83-year-old living alone.
  specs.push({
    ...base,
    movedInOn: null,
    members: [{ relation: '世帯主', sex: 2, age: 83, work: 'none', surname: r('濵田', 'ハマダ'), given: r('キヨ', 'キヨ'), overrides: { ...confirmed, careCertified: false, hasMyNumberCard: false } }],
  });
  // C006: elderly couple aged 70 and 67.
  {
    const surname = r('纐纈', 'コウケツ');
    specs.push({
      ...base,
      movedInOn: null,
      members: [
        { relation: '世帯主', sex: 1, age: 70, work: 'none', surname, given: r('博', 'ヒロシ'), overrides: { ...confirmed, careCertified: false, hasMyNumberCard: true } },
        { relation: '妻', sex: 2, age: 67, work: 'none', surname, given: r('洋子', 'ヨウコ'), overrides: { ...confirmed, careCertified: false, hasMyNumberCard: true } },
      ],
    });
  }
  // C007: Brazilian family with residence cards, 国保.
  {
    const family: ForeignFamily = { nationality: 'BR', family: [['Oliveira', 'オリベイラ'], ['Nakamura', 'ナカムラ']] };
    const foreign = { family, status: '定住者' as const, alias: false, period: '3年' };
    specs.push({
      ...base,
      foreignHousehold: true,
      movedInOn: daysBefore(ref, 2000),
      members: [
        { relation: '世帯主', sex: 1, age: 35, work: 'self', foreign, overrides: { furigana: 'unconfirmed', hasMyNumberCard: true } },
        { relation: '妻', sex: 2, age: 33, work: 'self', foreign, overrides: { furigana: 'unconfirmed', hasMyNumberCard: false } },
        { relation: '子', sex: 1, age: 7, work: 'none', foreign, parentEmployee: false, overrides: { furigana: 'unconfirmed', hasMyNumberCard: false } },
      ],
    });
  }
  // C008: special permanent residents (在日 Korean couple) with 通称.
  {
    const family: ForeignFamily = { nationality: 'KR', family: ['金', 'Kim', 'キム'] };
    specs.push({
      ...base,
      foreignHousehold: true,
      movedInOn: null,
      members: [
        { relation: '世帯主', sex: 1, age: 68, work: 'none', foreign: { family, status: '特別永住者', alias: true, aliasSurname: r('金田', 'カネダ') }, overrides: { ...confirmed, hasMyNumberCard: true } },
        { relation: '妻', sex: 2, age: 66, work: 'none', foreign: { family: { nationality: 'KR', family: ['李', 'Lee', 'イ'] }, status: '特別永住者', alias: true, aliasSurname: r('金田', 'カネダ') }, overrides: { ...confirmed, hasMyNumberCard: true } },
      ],
    });
  }
  // C009: 支援措置 (DV): mother 34 and child 5, both restricted.
  {
    const surname = r('澤田', 'サワダ');
    specs.push({
      ...base,
      supportMeasure: true,
      movedInOn: daysBefore(ref, 200),
      members: [
        { relation: '世帯主', sex: 2, age: 34, work: 'employee', surname, given: r('彩', 'アヤ'), overrides: { ...confirmed, hasMyNumberCard: true } },
        { relation: '子', sex: 1, age: 5, work: 'none', surname, given: r('蓮', 'レン'), parentEmployee: true, overrides: { ...confirmed, hasMyNumberCard: false } },
      ],
    });
  }
  // C010: Vietnamese technical intern.
  specs.push({
    ...base,
    foreignHousehold: true,
    movedInOn: daysBefore(ref, 400),
    members: [
      {
        relation: '世帯主',
        sex: 1,
        age: 24,
        work: 'employee',
        foreign: { family: { nationality: 'VN', family: [['Nguyễn', 'グエン']] }, status: '技能実習', alias: false, period: '1年' },
        overrides: { furigana: 'unconfirmed', hasMyNumberCard: false },
      },
    ],
  });
  // C011: Japanese husband, Filipina wife (日本人の配偶者等, 第3号被保険者, 通称 with his surname), child 10.
  {
    const surname = r('鈴木', 'スズキ');
    specs.push({
      ...base,
      movedInOn: daysBefore(ref, 4000),
      members: [
        { relation: '世帯主', sex: 1, age: 45, work: 'employee', surname, given: r('誠', 'マコト'), spouseEmployee: false, overrides: { ...confirmed, hasMyNumberCard: true } },
        {
          relation: '妻',
          sex: 2,
          age: 40,
          work: 'none',
          spouseEmployee: true,
          foreign: { family: { nationality: 'PH', family: [['Santos', 'サントス']] }, status: '日本人の配偶者等', aliasSurname: surname, alias: true, period: '3年' },
          overrides: { furigana: 'unconfirmed', hasMyNumberCard: true },
        },
        { relation: '子', sex: 2, age: 10, work: 'none', surname, given: r('さくら', 'サクラ'), parentEmployee: true, overrides: { ...confirmed, hasMyNumberCard: true } },
      ],
    });
  }
  // C012: Chinese engineer, wife 家族滞在 with 通称, child 3.
  {
    const family: ForeignFamily = { nationality: 'CN', family: ['王', 'Wang', 'ワン'] };
    specs.push({
      ...base,
      foreignHousehold: true,
      movedInOn: daysBefore(ref, 1500),
      members: [
        { relation: '世帯主', sex: 1, age: 34, work: 'employee', spouseEmployee: false, foreign: { family, status: '技術・人文知識・国際業務', alias: false, period: '5年' }, overrides: { furigana: 'confirmed', hasMyNumberCard: true } },
        { relation: '妻', sex: 2, age: 32, work: 'none', spouseEmployee: true, foreign: { family: { nationality: 'CN', family: ['陳', 'Chen', 'チェン'] }, status: '家族滞在', alias: true, period: '5年' }, overrides: { furigana: 'unconfirmed', hasMyNumberCard: true } },
        { relation: '子', sex: 1, age: 3, work: 'none', parentEmployee: true, foreign: { family, status: '家族滞在', alias: false, period: '5年' }, overrides: { furigana: 'unconfirmed', hasMyNumberCard: false } },
      ],
    });
  }
  // C013: 生活保護, single, 55.
  specs.push({
    ...base,
    welfare: true,
    movedInOn: daysBefore(ref, 3000),
    members: [{ relation: '世帯主', sex: 1, age: 55, work: 'none', surname: r('𠮷田', 'ヨシダ'), given: r('修', 'オサム'), overrides: { furigana: 'unconfirmed', hasMyNumberCard: false } }],
  });
  // C014: wife as 世帯主 with 夫, and a 同居人.
  {
    const surname = r('櫻井', 'サクライ');
    specs.push({
      ...base,
      movedInOn: daysBefore(ref, 700),
      members: [
        { relation: '世帯主', sex: 2, age: 38, work: 'employee', surname, given: r('千尋', 'チヒロ'), spouseEmployee: true, overrides: { ...confirmed, hasMyNumberCard: true } },
        { relation: '夫', sex: 1, age: 40, work: 'employee', surname, given: r('拓也', 'タクヤ'), spouseEmployee: true, overrides: { ...confirmed, hasMyNumberCard: true } },
        { relation: '同居人', sex: 2, age: 27, work: 'employee', surname: r('廣瀬', 'ヒロセ'), given: r('舞', 'マイ'), overrides: { furigana: 'unconfirmed', hasMyNumberCard: false } },
      ],
    });
  }
  // C015: Peruvian permanent resident, single, 48.
  specs.push({
    ...base,
    foreignHousehold: true,
    movedInOn: daysBefore(ref, 6000),
    members: [
      {
        relation: '世帯主',
        sex: 2,
        age: 48,
        work: 'self',
        foreign: { family: { nationality: 'PE', family: [['Quispe', 'キスペ'], ['Flores', 'フローレス']] }, status: '永住者', alias: false },
        overrides: { furigana: 'unconfirmed', hasMyNumberCard: true },
      },
    ],
  });

  // C016: Filipino family of five with residence cards, 国保: two school-age children and a toddler. Appended last,
  // so the PRNG draws (names, card numbers) of C001–C015 stay as they were.
  {
    const family: ForeignFamily = { nationality: 'PH', family: [['Dela Cruz', 'デラクルス']] };
    const foreign = { family, status: '定住者' as const, alias: false, period: '5年' };
    specs.push({
      ...base,
      foreignHousehold: true,
      movedInOn: daysBefore(ref, 1200),
      members: [
        { relation: '世帯主', sex: 1, age: 38, work: 'self', foreign, overrides: { furigana: 'unconfirmed', hasMyNumberCard: false } },
        { relation: '妻', sex: 2, age: 36, work: 'self', foreign, overrides: { furigana: 'unconfirmed', hasMyNumberCard: false } },
        { relation: '子', sex: 2, age: 11, work: 'none', foreign, parentEmployee: false, overrides: { furigana: 'unconfirmed', hasMyNumberCard: false } },
        { relation: '子', sex: 1, age: 7, work: 'none', foreign, parentEmployee: false, overrides: { furigana: 'unconfirmed', hasMyNumberCard: false } },
        { relation: '子', sex: 2, age: 3, work: 'none', foreign, parentEmployee: false, overrides: { furigana: 'unconfirmed', hasMyNumberCard: false } },
      ],
    });
  }

  return specs.map((spec, i) => {
    // Coverage households are exact: no random care certification, the rest as specified.
    for (const member of spec.members) member.overrides = { careCertified: false, ...member.overrides };
    return assemble(ctx, idRng, `C${String(i + 1).padStart(3, '0')}`, spec);
  });
}
