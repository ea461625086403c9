/**
 * What a one-stop visit holds once staff have identified the household and chosen the life event. Kept in
 * the host's counter session (so a window reload loses nothing) and projected to each window.
 */

export type { Identification } from '../contract/views';

/** One household member as the visit needs them: display data plus what the rules engine reads. */
export interface VisitMember {
  residentId: string;
  name: string;
  nameKana: string | null;
  alphabetName: string | null;
  birthDate: string;
  sex: 1 | 2 | 9;
  relation: string;
  kind: 'japanese' | 'foreign';
  healthInsurance: 'national' | 'employee' | 'late_elderly' | 'welfare' | 'none';
  pension: 'national' | 'employee' | 'dependent_spouse' | 'recipient' | 'none';
  careCertified: boolean;
  hasMyNumberCard: boolean;
  hasResidenceCard: boolean;
  /** 支援措置: staff-only; never in the customer projection. */
  supportMeasure: boolean;
}

export interface VisitHousehold {
  householdId: string;
  address: string;
  members: VisitMember[];
}

export const VISIT_LIFE_EVENTS = ['moving_in', 'moving_out', 'moving_within', 'birth', 'death', 'marriage'] as const;
export type VisitLifeEvent = (typeof VISIT_LIFE_EVENTS)[number];

/** What staff enter for the event (the fields each event needs; the rest stay empty). */
export interface EventDetails {
  eventDate: string;
  /** 転入 / 転居: the new address; 転出: the destination. */
  newAddress: string;
  /** 転入: the previous municipality (or country). */
  previousAddress: string;
  /** 出生: the newborn, entered by staff from the birth certificate (no resident record exists yet). */
  newborn?: NewbornDetails | null;
  /** 死亡: the household member who died; the procedures of the survivors are judged without them. */
  deceasedResidentId?: string | null;
  /** 死亡: the day the death became known, when not the day of death (the 死亡届 deadline counts from it). */
  deathKnownDate?: string | null;
  /** 転入: the 転出予定日 on the 転出証明書 (児童手当's 15 days count from the day after it). */
  plannedMoveOutDate?: string | null;
}

export interface NewbornDetails {
  name: string;
  nameKana: string;
  birthDate: string;
  sex: 1 | 2;
}

/** The provisional id of a newborn in a visit, until the 出生届 creates the resident record. */
export const NEWBORN_ID_PREFIX = 'newborn:';

export interface ProcedureReason {
  code: string;
  params: Record<string, string | number>;
}

/** One procedure for one member (or the whole household: residentId null), judged or added by staff. */
export interface ProcedureLine {
  procedureId: string;
  residentId: string | null;
  department: string;
  deadline: string | null;
  feeYen: number;
  reasons: ProcedureReason[];
  source: 'judged' | 'added';
  included: boolean;
  /** Why staff added or removed it (required for a manual change; staff-only). */
  note: string;
  /** Its form carries the 個人番号 (番号法): read from the My Number card for this procedure only. */
  needsIndividualNumber?: boolean;
}

export interface VisitResult {
  cloudVisitId: string;
  receiptNumber: string;
  feeYen: number;
  /** When the host got the backend's answer (the receipt's issue time). */
  submittedAt: string;
}
