import { z } from 'zod';
import { HealthInsurance, Pension, ResidentKind, Sex } from '../api/schemas';
import { ALL_EVENT_KINDS, LIFE_EVENTS, RESIDENCE_CATEGORIES } from '../rules/types';
import { RESIDENCE_STATUS_CODES } from '../rules/residence-status';
import { REFUSAL_REASONS } from '../rules/residence';

/**
 * What a one-stop visit holds once staff have identified the household and chosen the life event. Kept in
 * the host's counter session (so a window reload loses nothing) and projected to each window.
 *
 * Each shape is written once, as a zod schema; its TypeScript type is inferred from it. The staff view
 * (shared/contract/views.ts) and the contract's inputs reuse these schemas, so the session, the view and the
 * validation of a staff command cannot drift apart.
 */

/** The life events a visit handles: those the rules engine judges. */
export const VISIT_LIFE_EVENTS = LIFE_EVENTS;
export const VisitLifeEventSchema = z.enum(VISIT_LIFE_EVENTS);
export type VisitLifeEvent = z.infer<typeof VisitLifeEventSchema>;

/** Who a resident is, as staff tell people apart: the record's id, the names, the birth date and the sex. */
const ResidentIdentitySchema = z.object({
  residentId: z.string(),
  name: z.string(),
  nameKana: z.string().nullable(),
  alphabetName: z.string().nullable(),
  birthDate: z.string(),
  sex: Sex,
});

/** One household member as the visit needs them: display data plus what the rules engine reads. */
export const VisitMemberSchema = ResidentIdentitySchema.extend({
  relation: z.string(),
  kind: ResidentKind,
  healthInsurance: HealthInsurance,
  pension: Pension,
  careCertified: z.boolean(),
  hasMyNumberCard: z.boolean(),
  hasResidenceCard: z.boolean(),
  /** 支援措置: staff-only; never in the customer projection. */
  supportMeasure: z.boolean(),
  // Residence status as the rules read it (absent for a Japanese national and in older sessions). Staff-only.
  /** ISO 3166-1 alpha-2. */
  nationality: z.string().nullable().optional(),
  /** 在留の区分 as the engine's code (register text mapped by shared/rules/residence-status.ts). */
  residenceCategory: z.enum(RESIDENCE_CATEGORIES).nullable().optional(),
  /** 在留資格 as a code; null when none, or when `residenceStatusText` names no status (staff are warned). */
  residenceStatus: z.enum(RESIDENCE_STATUS_CODES).nullable().optional(),
  /** 在留資格 as the register or the intake wrote it. */
  residenceStatusText: z.string().nullable().optional(),
  /** 在留期間 as stated (3年, 6月, 90日). */
  periodOfStay: z.string().nullable().optional(),
  stayExpiresOn: z.string().nullable().optional(),
  /** Set by the judgement of a 転入: why this member may not be registered (shared/rules/residence.ts); they get no procedures. */
  refusal: z.enum(REFUSAL_REASONS).nullable().optional(),
});
export type VisitMember = z.infer<typeof VisitMemberSchema>;

export const VisitHouseholdSchema = z.object({
  householdId: z.string(),
  address: z.string(),
  members: z.array(VisitMemberSchema),
  /** Moving in, not in the register yet (shared/session/intake.ts): the submission registers it under these ids. */
  isNew: z.boolean().optional(),
});
export type VisitHousehold = z.infer<typeof VisitHouseholdSchema>;

/** 出生: the newborn, entered by staff from the birth certificate (no resident record exists yet). */
export const NewbornDetailsSchema = z.object({
  name: z.string().trim().min(1).max(100),
  nameKana: z.string().trim().max(100),
  birthDate: z.iso.date(),
  sex: z.union([z.literal(1), z.literal(2)]),
});
export type NewbornDetails = z.infer<typeof NewbornDetailsSchema>;

/** What staff enter for the event (the fields each event needs; the rest stay empty). */
export const EventDetailsSchema = z.object({
  eventDate: z.iso.date(),
  /** 転入 / 転居: the new address; 転出: the destination. */
  newAddress: z.string().max(200),
  /** 転入: the previous municipality (or country). */
  previousAddress: z.string().max(200),
  newborn: NewbornDetailsSchema.nullable().optional(),
  /** 死亡: the household member who died (their residentId); the procedures of the survivors are judged without them. */
  deceasedResidentId: z.string().min(1).max(64).nullable().optional(),
  /** 死亡: the day the death became known, when not the day of death (the 死亡届 deadline counts from it). */
  deathKnownDate: z.iso.date().nullable().optional(),
  /** 転入: the 転出予定日 on the 転出証明書 (児童手当's 15 days count from the day after it). */
  plannedMoveOutDate: z.iso.date().nullable().optional(),
  /** 世帯変更, 在留, 社会保険, 離婚: the sub-kind staff chose (rules/types.ts EVENT_KINDS; the host checks it fits the event). */
  eventKind: z.enum(ALL_EVENT_KINDS).nullable().optional(),
  /** 転出 to another member town of this cloud (its 6-digit code): the submission hands the family off to it (特例転入). */
  destinationTenantId: z.string().regex(/^\d{6}$/).nullable().optional(),
});
export type EventDetails = z.infer<typeof EventDetailsSchema>;

/** The provisional id of a newborn in a visit, until the 出生届 creates the resident record. */
export const NEWBORN_ID_PREFIX = 'newborn:';

export const ProcedureReasonSchema = z.object({ code: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) });
export type ProcedureReason = z.infer<typeof ProcedureReasonSchema>;

/** One procedure for one member (or the whole household: residentId null), judged or added by staff. */
export const ProcedureLineSchema = z.object({
  procedureId: z.string(),
  residentId: z.string().nullable(),
  department: z.string(),
  deadline: z.string().nullable(),
  feeYen: z.number().int(),
  reasons: z.array(ProcedureReasonSchema),
  source: z.enum(['judged', 'added']),
  included: z.boolean(),
  /** Why staff added or removed it (required for a manual change; staff-only). */
  note: z.string(),
  /** Its form carries the 個人番号 (番号法): read from the My Number card for this procedure only. */
  needsIndividualNumber: z.boolean().optional(),
});
export type ProcedureLine = z.infer<typeof ProcedureLineSchema>;

/**
 * 特例転入: the handoff a submitted 転出 made for the member town the family moves to — its one-time code (printed
 * on the resident's paper and shown to staff; never logged) — or why it could not be made yet (staff retry; the
 * receipt stands either way).
 */
export const HandoffOutcomeSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('created'), destinationTenantId: z.string(), destinationName: z.string(), destinationNameEn: z.string(), code: z.string().max(20), expiresOn: z.iso.date() }),
  z.object({ status: z.literal('failed'), destinationTenantId: z.string(), error: z.object({ code: z.string(), message: z.string() }) }),
]);
export type HandoffOutcome = z.infer<typeof HandoffOutcomeSchema>;

export const VisitResultSchema = z.object({
  cloudVisitId: z.string(),
  receiptNumber: z.string(),
  feeYen: z.number().int(),
  /** When the host got the backend's answer (the receipt's issue time). */
  submittedAt: z.string(),
  /** A new household's ids as the submission registered them (the backend's `registered`). */
  registered: z.object({ householdId: z.string().nullable(), residentIds: z.array(z.string()) }).optional(),
  /** A 転出 to a member town: the handoff made after the submission (or why not yet). */
  handoff: HandoffOutcomeSchema.optional(),
});
export type VisitResult = z.infer<typeof VisitResultSchema>;

/** A resident a name search or a card read found (staff-only). */
export const ResidentHitSchema = ResidentIdentitySchema.extend({
  householdId: z.string(),
  /** The household's address: with the sex and birth date, what tells two people of one name apart. */
  address: z.string(),
  supportMeasure: z.boolean(),
});
export type ResidentHit = z.infer<typeof ResidentHitSchema>;

/** Where an identification came from: an IC card read at the counter, or a document's MRZ. */
export const IDENTITY_SOURCES = ['mynumber_card', 'residence_card', 'passport_mrz', 'id_card_mrz', 'pre_application'] as const;

/**
 * What a card or document told the host, and the residents it matched (staff-only; never in the customer
 * view). The 個人番号 is never part of it: it is read only inside a procedure that legally needs it.
 */
export const IdentificationSchema = z.object({
  source: z.enum(IDENTITY_SOURCES),
  readAt: z.string(),
  /** Kanji name (My Number card); null where the document has it only as an image (residence card). */
  name: z.string().nullable(),
  /** Latin-script name as on a passport / MRZ. */
  alphabetName: z.string().nullable(),
  birthDate: z.string().nullable(),
  sex: Sex.nullable(),
  address: z.string().nullable(),
  /** Residence card: the signature check ('valid' | 'invalid' | 'untrusted-issuer'); null for other sources. */
  signature: z.enum(['valid', 'invalid', 'untrusted-issuer']).nullable(),
  /** A pre-application's answers, for the life-event step to start from (staff check and can change them). */
  prefill: z
    .object({ lifeEvent: VisitLifeEventSchema.nullable(), eventDate: z.string().nullable(), newAddress: z.string(), previousAddress: z.string() })
    .nullable()
    .optional(),
  matches: z.array(ResidentHitSchema),
});
export type Identification = z.infer<typeof IdentificationSchema>;
