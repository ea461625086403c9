/**
 * 在留資格 (status of residence, 入管法 別表第一・第二) and 在留の区分 (住基法 30条の45) as the rules read them: one
 * list of stable codes with their Japanese names, the one table from the register's Japanese category text to
 * the engine's codes, and the 在留期間 (period of stay) as stated (3年, 6月, 90日) in months and days.
 *
 * What a person typed or a card gave is free text; `residenceStatusCode` and `residenceCategoryCode` are the only
 * way it becomes a code. Text no entry names gives null (the caller warns staff; nothing crashes).
 */
import type { ResidenceCategory } from './types';

/**
 * The statuses of 入管法 別表第一 (activities) and 別表第二 (position), in the law's order. Two designated activities
 * (特定活動) are told apart because the rules need them: 医療滞在 (告示25号: in Japan for medical treatment, and
 * whoever looks after them) and 観光・保養 (告示40号・41号: long-stay sightseeing) — 国民健康保険法施行規則 1条 keeps
 * both out of 国保. Every other 特定活動 is `designated_activities`. 育成就労 (from 2027) is not in force yet.
 */
export const RESIDENCE_STATUSES = {
  // 別表第一の一
  diplomat: '外交',
  official: '公用',
  professor: '教授',
  artist: '芸術',
  religious_activities: '宗教',
  journalist: '報道',
  // 別表第一の二
  highly_skilled_professional: '高度専門職',
  business_manager: '経営・管理',
  legal_accounting_services: '法律・会計業務',
  medical_services: '医療',
  researcher: '研究',
  instructor: '教育',
  engineer_humanities_international: '技術・人文知識・国際業務',
  intra_company_transferee: '企業内転勤',
  nursing_care: '介護',
  entertainer: '興行',
  skilled_labor: '技能',
  specified_skilled_worker: '特定技能',
  technical_intern_training: '技能実習',
  // 別表第一の三
  cultural_activities: '文化活動',
  temporary_visitor: '短期滞在',
  // 別表第一の四
  student: '留学',
  trainee: '研修',
  dependent: '家族滞在',
  // 別表第一の五
  designated_activities: '特定活動',
  designated_activities_medical_stay: '特定活動（医療滞在）',
  designated_activities_long_stay_sightseeing: '特定活動（観光・保養）',
  // 別表第二
  permanent_resident: '永住者',
  spouse_of_japanese: '日本人の配偶者等',
  spouse_of_permanent_resident: '永住者の配偶者等',
  long_term_resident: '定住者',
} as const;

export type ResidenceStatusCode = keyof typeof RESIDENCE_STATUSES;
export const RESIDENCE_STATUS_CODES = Object.keys(RESIDENCE_STATUSES) as [ResidenceStatusCode, ...ResidenceStatusCode[]];

/** Other ways the status is written (the card's English, a shortened form, a numbered sub-status). */
const STATUS_ALIASES: Readonly<Record<string, ResidenceStatusCode>> = {
  経営管理: 'business_manager',
  法律会計業務: 'legal_accounting_services',
  技術人文知識国際業務: 'engineer_humanities_international',
  技人国: 'engineer_humanities_international',
  医療滞在: 'designated_activities_medical_stay',
  観光保養: 'designated_activities_long_stay_sightseeing',
  特定活動医療滞在: 'designated_activities_medical_stay',
  特定活動観光保養: 'designated_activities_long_stay_sightseeing',
  diplomat: 'diplomat',
  official: 'official',
  temporaryvisitor: 'temporary_visitor',
  student: 'student',
  dependent: 'dependent',
  permanentresident: 'permanent_resident',
  spouseorchildofjapanesenational: 'spouse_of_japanese',
  spouseorchildofpermanentresident: 'spouse_of_permanent_resident',
  longtermresident: 'long_term_resident',
  designatedactivities: 'designated_activities',
  technicalinterntraining: 'technical_intern_training',
  specifiedskilledworker: 'specified_skilled_worker',
  engineerspecialistinhumanitiesinternationalservices: 'engineer_humanities_international',
};

/** Folds how a status is written: width, spaces, the middle dot, brackets and numbered sub-statuses (特定技能1号, 高度専門職（1号イ）). */
function folded(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s・･,.'’/\-_]/gu, '')
    .replace(/[()（）「」]/gu, '')
    .replace(/第?[0-9]+号[イロハ]?$/u, '');
}

const STATUS_BY_TEXT: ReadonlyMap<string, ResidenceStatusCode> = new Map([
  ...Object.entries(RESIDENCE_STATUSES).map(([code, name]) => [folded(name), code as ResidenceStatusCode] as const),
  ...Object.entries(STATUS_ALIASES).map(([text, code]) => [folded(text), code] as const),
]);

/** The code of a 在留資格 as the register or a person wrote it (永住者, 技術・人文知識・国際業務, 特定技能1号, Student); null for text no status names. */
export function residenceStatusCode(text: string | null | undefined): ResidenceStatusCode | null {
  if (!text || !text.trim()) return null;
  if ((RESIDENCE_STATUS_CODES as readonly string[]).includes(text)) return text as ResidenceStatusCode;
  return STATUS_BY_TEXT.get(folded(text)) ?? null;
}

/**
 * THE table from the register's 在留の区分 (住民票's Japanese text, residents.residence_category) to the engine's
 * codes (types.ts RESIDENCE_CATEGORIES). Both kinds of 経過滞在者 are one code: the rules treat them alike.
 */
export const RESIDENCE_CATEGORY_TEXTS: Readonly<Record<string, ResidenceCategory>> = {
  中長期在留者: 'mid_long_term',
  特別永住者: 'special_permanent',
  一時庇護許可者: 'temporary_refuge',
  仮滞在許可者: 'provisional_stay',
  出生による経過滞在者: 'transitional',
  国籍喪失による経過滞在者: 'transitional',
};

/** The engine's code of a register category text; null when the register holds none or a text not in the table. */
export function residenceCategoryCode(text: string | null | undefined): ResidenceCategory | null {
  if (!text) return null;
  return RESIDENCE_CATEGORY_TEXTS[text.trim()] ?? null;
}

/**
 * The category of a newcomer from the intake (nobody types it): a 特別永住者 holds that certificate; anyone else
 * with a 在留資格 that may be registered (a residence card, or a landing permission) is a 中長期在留者. A status of
 * 短期滞在 / 外交 / 公用 or a stay of 3 months or less makes nobody a 中長期在留者 (入管法 19条の3): no category.
 */
export function newcomerCategory(status: ResidenceStatusCode | null, period: PeriodOfStay | null, specialPermanent: boolean): ResidenceCategory | null {
  if (specialPermanent) return 'special_permanent';
  if (status === null || status === 'temporary_visitor' || status === 'diplomat' || status === 'official') return null;
  if (period && isThreeMonthsOrLess(period)) return null;
  return 'mid_long_term';
}

/** A 在留期間 as stated: years, months and days (4年3月 → 4, 3, 0); `indefinite` for 無期限 (永住者, 高度専門職2号). */
export type PeriodOfStay = { indefinite: true } | { indefinite: false; years: number; months: number; days: number };

/** Parses a 在留期間 (3年, 6月, 4年3月, 90日, 15日, 無期限; "3 years", "90 days"); null when it says no period. */
export function parsePeriodOfStay(text: string | null | undefined): PeriodOfStay | null {
  if (!text) return null;
  const t = text.normalize('NFKC').trim().toLowerCase().replace(/\s+/gu, '');
  if (t === '無期限' || t === 'indefinite' || t === 'permanent') return { indefinite: true };
  const match = /^(?:(\d{1,2})(?:年|years?|y))?(?:(\d{1,2})(?:月|か月|ヶ月|カ月|ケ月|months?|m))?(?:(\d{1,3})(?:日|days?|d))?$/u.exec(t);
  if (!match || (!match[1] && !match[2] && !match[3])) return null;
  return { indefinite: false, years: Number(match[1] ?? 0), months: Number(match[2] ?? 0), days: Number(match[3] ?? 0) };
}

/**
 * Whether a period is 3 months or less (住基法 30条の45 / 入管法 19条の3 一号): 3月, 90日 and less. Days count as
 * up to 92 for three months (the longest three calendar months); a period with years never is.
 */
export function isThreeMonthsOrLess(period: PeriodOfStay): boolean {
  if (period.indefinite || period.years > 0) return false;
  if (period.days === 0) return period.months <= 3;
  return period.months * 31 + period.days <= 92;
}

/** The register's text of each category code (the inverse of RESIDENCE_CATEGORY_TEXTS; 経過滞在 after a birth). */
export const RESIDENCE_CATEGORY_TEXT: Readonly<Record<ResidenceCategory, string>> = {
  mid_long_term: '中長期在留者',
  special_permanent: '特別永住者',
  temporary_refuge: '一時庇護許可者',
  provisional_stay: '仮滞在許可者',
  transitional: '出生による経過滞在者',
};

/**
 * What the intake's typed 在留資格 field says: a category typed there (特別永住者, 一時庇護許可者 … as the 転出証明書
 * writes it in 在留資格等) gives that category and no status; otherwise the status's code and the category of
 * `newcomerCategory` — a residence card or a landing permission (`documented`) without a status typed yet still
 * makes a 中長期在留者. `unknown`: text was typed that names no status (staff are warned).
 */
export function intakeResidence(
  statusText: string,
  periodText: string,
  documented: boolean,
): { category: ResidenceCategory | null; status: ResidenceStatusCode | null; period: PeriodOfStay | null; unknown: boolean } {
  const period = parsePeriodOfStay(periodText);
  const typedCategory = residenceCategoryCode(statusText);
  if (typedCategory) return { category: typedCategory, status: null, period, unknown: false };
  const status = residenceStatusCode(statusText);
  const unknown = status === null && statusText.trim() !== '';
  const short = period !== null && isThreeMonthsOrLess(period);
  const category = status === null ? (documented && !short ? 'mid_long_term' : null) : newcomerCategory(status, period, false);
  return { category, status, period, unknown };
}
