/**
 * Input types of the rules engine (re-exported by ./engine). Kept apart so ./conditions and ./engine can share
 * them without importing each other.
 */
import type { IsoDate } from './dates';
import type { PeriodOfStay, ResidenceStatusCode } from './residence-status';

// The one list of each: the backend's schemas (shared/api), the visit session and the engine take them from here.
export const HEALTH_INSURANCES = ['national', 'employee', 'late_elderly', 'welfare', 'none'] as const;
export type HealthInsurance = (typeof HEALTH_INSURANCES)[number];
export const PENSIONS = ['national', 'employee', 'dependent_spouse', 'recipient', 'none'] as const;
export type Pension = (typeof PENSIONS)[number];
export const LIFE_EVENTS = [
  'moving_in',
  'moving_out',
  'moving_within',
  'birth',
  'death',
  'marriage',
  // issue 12: 国外転入, 国外転出, 世帯変更, 在留期間更新・在留資格変更, 社会保険の加入・喪失, 離婚.
  'moving_in_from_abroad',
  'moving_abroad',
  'household_change',
  'residence_status_change',
  'social_insurance_change',
  'divorce',
] as const;
export type LifeEvent = (typeof LIFE_EVENTS)[number];
/**
 * The sub-kinds staff choose for the events that have them (the condition `eventKind` reads it): 世帯変更 is a
 * 分離, 合併, 世帯主変更 or 続柄変更; 在留 a 期間更新 or 資格変更; 社会保険 a 加入 or 喪失 (of employer insurance);
 * 離婚 a 協議離婚 or 裁判離婚 (調停・審判・判決: the 離婚届 then has 10 days). An event not listed has none.
 */
export const EVENT_KINDS = {
  household_change: ['separation', 'merger', 'head_change', 'relation_change'],
  residence_status_change: ['renewal', 'change'],
  social_insurance_change: ['join', 'loss'],
  divorce: ['agreement', 'court'],
} as const satisfies Partial<Record<LifeEvent, readonly string[]>>;
export type EventKind = (typeof EVENT_KINDS)[keyof typeof EVENT_KINDS][number];
/** Every sub-kind once (the schemas' enum). */
export const ALL_EVENT_KINDS = [...new Set(Object.values(EVENT_KINDS).flat())] as [EventKind, ...EventKind[]];
/** The sub-kinds of a life event (empty when it has none). */
export function eventKindsOf(lifeEvent: LifeEvent): readonly EventKind[] {
  return (EVENT_KINDS as Partial<Record<LifeEvent, readonly EventKind[]>>)[lifeEvent] ?? [];
}
/** 日本人 or 外国人住民 (住民基本台帳法 30条の45): which parts of the 住民票 the record has. */
export const RESIDENT_KINDS = ['japanese', 'foreign'] as const;
export type ResidentKind = (typeof RESIDENT_KINDS)[number];
/**
 * 在留の区分 of a foreign resident (住基法 30条の45): 中長期在留者, 特別永住者, 一時庇護許可者, 仮滞在許可者, and
 * 出生・国籍喪失による経過滞在者. Minimal for the rules that need it (a 特別永住者's newborn); null or absent for
 * Japanese nationals and when unknown.
 */
export const RESIDENCE_CATEGORIES = ['mid_long_term', 'special_permanent', 'temporary_refuge', 'provisional_stay', 'transitional'] as const;
export type ResidenceCategory = (typeof RESIDENCE_CATEGORIES)[number];

/**
 * One person of the household the event concerns (the fields of shared/api `Resident` the rules read).
 *
 * - `relation`: 続柄 to the 世帯主 as on the 住民票 (世帯主, 妻, 夫, 子, 父, 母, 孫, 子の妻, 同居人 …).
 * - `hasResidenceCard`: holds a 在留カード **or a 特別永住者証明書** — the two cards that carry the 住居地 and are
 *   presented with the 転入届 (入管法 19条の9, 入管特例法 10条). Derive it from `residenceCardNumber !== null`.
 */
export interface Member {
  residentId: string;
  relation: string;
  birthDate: IsoDate;
  sex: 1 | 2 | 9;
  kind: ResidentKind;
  healthInsurance: HealthInsurance;
  pension: Pension;
  careCertified: boolean;
  hasMyNumberCard: boolean;
  hasResidenceCard: boolean;
  residenceCategory?: ResidenceCategory | null;
  // Residence status (issue 12): optional so callers that judge Japanese households need not say them. Null or
  // absent for Japanese nationals; for a foreign resident, what the register or the intake holds.
  /** ISO 3166-1 alpha-2 (BR, VN …), as the register stores it. */
  nationality?: string | null;
  /** 在留資格 as a code of residence-status.ts (null: none, or text no status names). */
  residenceStatus?: ResidenceStatusCode | null;
  /** 在留期間 as stated, parsed (residence-status.ts parsePeriodOfStay). */
  periodOfStay?: PeriodOfStay | null;
  /** 在留期間の満了日. */
  stayExpiresOn?: IsoDate | null;
}

/**
 * A life event of one household, as staff enter it. Ages and stages are counted on `eventDate`.
 *
 * - `members`: everyone the event concerns, in display order. For a birth include the newborn (a provisional
 *   id is fine before the 出生届 creates the record) and name it in `newbornResidentId`; for a death include
 *   the deceased and name them in `deceasedResidentId`. The deceased is not counted as a living household
 *   member (parents, children, remaining members).
 * - `deathKnownDate`: 死亡: the day the death became known (死亡届 counts its 7 days from it); the death day
 *   when absent.
 * - `plannedMoveOutDate`: 転入: the 転出予定日 on the 転出証明書 (児童手当's 15 days count from the day after it);
 *   the event date when absent.
 * - `eventKind`: the sub-kind staff chose, for an event that has them (EVENT_KINDS); required there, absent otherwise.
 */
export interface EventInput {
  lifeEvent: LifeEvent;
  eventDate: IsoDate;
  members: Member[];
  newbornResidentId?: string;
  deceasedResidentId?: string;
  deathKnownDate?: IsoDate;
  plannedMoveOutDate?: IsoDate;
  eventKind?: EventKind;
}
