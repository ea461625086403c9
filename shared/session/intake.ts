import { z } from 'zod';
import { HealthInsurance, INTAKE_SOURCES, NewHousehold, Pension, Sex, WrittenText } from '../api/schemas';
import type { EventDetails, VisitLifeEvent } from './visit';
import { intakeResidence, RESIDENCE_CATEGORY_TEXT, RESIDENCE_STATUSES } from '../rules/residence-status';
import { refusalOf, type RefusalReason } from '../rules/residence';

/**
 * Intake of people moving in (転入) who are not in the register yet: the draft staff fill in the identification
 * step, item by item as the 転出証明書 lists them (or as a passport's MRZ and a residence card prefill them), kept
 * in the host's session so a window reload loses nothing. Confirmed, it becomes the visit's household (marked
 * new, electron/core/host/intake.ts) and the rest of the visit treats it like a registered one; the submission sends it as `newHousehold`
 * (shared/api/schemas) and the backend registers it then.
 *
 * A draft is lenient (fields may still be empty while staff type); `newHouseholdOf` is where it must be whole.
 * Every text is bounded and free of control characters, like everything a person writes.
 */

const Text = (max: number) => z.string().max(max).regex(WrittenText);
/** A date typed so far: empty, or the ISO date the one-field date entry understood. */
const DraftDate = z.union([z.literal(''), z.iso.date()]);

export const IntakeMemberDraftSchema = z.object({
  /** Made by the host when the member is added: the id the visit's procedures and forms use, and the registered one. */
  residentId: z.uuid(),
  /** 続柄 as on the 転出証明書 (世帯主, 妻, 子 …). */
  relation: Text(20),
  name: Text(100),
  nameKana: Text(100),
  alphabetName: Text(100),
  birthDate: DraftDate,
  sex: Sex.nullable(),
  /** 外国人住民: the residence items below apply; 本籍/筆頭者 do not. */
  foreign: z.boolean(),
  honseki: Text(200),
  hittousha: Text(100),
  nationality: Text(50),
  residenceStatus: Text(50),
  periodOfStay: Text(30),
  stayExpiresOn: DraftDate,
  residenceCardNumber: z.string().regex(/^[A-Za-z0-9]{0,12}$/),
  /** No residence card yet (issued later at the municipality): the landing permission stamped in the passport. */
  landingGrantedOn: DraftDate,
  landingPort: Text(50),
  /** Asked at the counter (not on the 転出証明書): what the rules judge health insurance and pension by. */
  healthInsurance: HealthInsurance,
  pension: Pension,
  hasMyNumberCard: z.boolean(),
});
export type IntakeMemberDraft = z.infer<typeof IntakeMemberDraftSchema>;

/** What staff edit (the whole form at once): the household's items and its members, in the 転出証明書's order. */
export const IntakeEditSchema = z.object({
  address: Text(200),
  movedInOn: DraftDate,
  previousAddress: Text(200),
  /** 転出予定日 (empty from abroad). */
  movedOutOn: DraftDate,
  members: z.array(IntakeMemberDraftSchema).min(1).max(20),
});
export type IntakeEdit = z.infer<typeof IntakeEditSchema>;

export const IntakeDraftSchema = IntakeEditSchema.extend({
  source: z.enum(INTAKE_SOURCES),
  householdId: z.uuid(),
  /**
   * Changed by every change the form did not make itself (a member added or removed, a card or MRZ read, undo):
   * the staff window takes the host's draft again when it changes, and otherwise keeps what is being typed.
   */
  version: z.number().int().nonnegative(),
});
export type IntakeDraft = z.infer<typeof IntakeDraftSchema>;

export function blankIntakeMember(residentId: string, foreign = false): IntakeMemberDraft {
  return {
    residentId,
    relation: '',
    name: '',
    nameKana: '',
    alphabetName: '',
    birthDate: '',
    sex: null,
    foreign,
    honseki: '',
    hittousha: '',
    nationality: '',
    residenceStatus: '',
    periodOfStay: '',
    stayExpiresOn: '',
    residenceCardNumber: '',
    landingGrantedOn: '',
    landingPort: '',
    healthInsurance: 'none',
    pension: 'none',
    hasMyNumberCard: false,
  };
}

/** The sex a 続柄 already says (妻 is a woman): chosen with it, so staff skip the sex for them. */
export const SEX_OF_RELATION: Readonly<Record<string, 1 | 2>> = { 妻: 2, 夫: 1, 父: 1, 母: 2, 兄: 1, 弟: 1, 姉: 2, 妹: 2, 子の妻: 2 };

/**
 * The 続柄 a person added to the household most likely has, as a 転出証明書 lists a family: the 世帯主 first,
 * then their spouse (妻 of a man, 夫 of a woman), then children. A starting choice that saves the clerk the
 * arrows in the common case and is changed like any other where the paper says otherwise; nothing is guessed
 * where the order says nothing (no spouse is guessed for a 世帯主 whose sex is not entered yet).
 */
export function likelyRelation(members: readonly Pick<IntakeMemberDraft, 'relation' | 'sex'>[]): string {
  const head = members.find((m) => m.relation === '世帯主');
  if (!head) return '世帯主';
  const hasSpouse = members.some((m) => m.relation === '妻' || m.relation === '夫');
  if (!hasSpouse && members.length === 1) return head.sex === 1 ? '妻' : head.sex === 2 ? '夫' : '';
  return '子';
}

/** What a passport MRZ or a residence card read gives a member (a third source — a card's 4 items — fits too). */
export interface IntakeRead {
  name?: string | null;
  alphabetName?: string | null;
  birthDate?: string | null;
  sex?: 1 | 2 | 9 | null;
  nationality?: string | null;
  residenceStatus?: string | null;
  periodOfStay?: string | null;
  stayExpiresOn?: string | null;
  residenceCardNumber?: string | null;
}

const isEmpty = (m: IntakeMemberDraft) => !m.name.trim() && !m.alphabetName.trim() && !m.birthDate;

/**
 * Which member a read fills: the one it already describes (same birth date, and the same alphabet name where
 * both have one — a residence card after that person's passport), else the first member not entered yet, else
 * a new member (`newId`). So staff scan passport after passport and each fills the next person.
 */
export function fillFromRead(draft: IntakeDraft, read: IntakeRead, newId: () => string): IntakeDraft | null {
  const same = (m: IntakeMemberDraft) =>
    Boolean(read.birthDate) && m.birthDate === read.birthDate && (!read.alphabetName || !m.alphabetName || m.alphabetName === read.alphabetName);
  const index = draft.members.findIndex(same);
  const target = index >= 0 ? index : draft.members.findIndex(isEmpty);
  if (target < 0 && draft.members.length >= 20) return null;
  const members = target >= 0 ? [...draft.members] : [...draft.members, blankIntakeMember(newId())];
  const at = target >= 0 ? target : members.length - 1;
  const before = members[at]!;
  const given = (value: string | null | undefined, current: string) => (value ? value : current);
  const nationality = given(read.nationality, before.nationality);
  members[at] = {
    ...before,
    name: given(read.name, before.name),
    alphabetName: given(read.alphabetName, before.alphabetName),
    birthDate: given(read.birthDate, before.birthDate) as IntakeMemberDraft['birthDate'],
    sex: read.sex ?? before.sex,
    foreign: before.foreign || (nationality !== '' && nationality !== 'JPN'),
    nationality,
    residenceStatus: given(read.residenceStatus, before.residenceStatus),
    periodOfStay: given(read.periodOfStay, before.periodOfStay),
    stayExpiresOn: given(read.stayExpiresOn, before.stayExpiresOn) as IntakeMemberDraft['stayExpiresOn'],
    residenceCardNumber: given(read.residenceCardNumber?.toUpperCase(), before.residenceCardNumber),
  };
  return { ...draft, members };
}

const orNull = (text: string) => (text.trim() === '' ? null : text.trim());

/**
 * The draft as the backend's `NewHousehold`, or the paths of the fields still missing or wrong (said to staff
 * field by field). What every source must give: the address here and the day they moved in, where they come
 * from, and per member 続柄, a name, birth date and sex; exactly one 世帯主; a foreign member's nationality and
 * their residence card number — or, arriving from abroad without one yet, the landing permission.
 */
export function newHouseholdOf(draft: IntakeDraft): { ok: true; value: NewHousehold } | { ok: false; fields: string[] } {
  const missing: string[] = [];
  if (!draft.address.trim()) missing.push('address');
  if (!draft.movedInOn) missing.push('movedInOn');
  if (!draft.previousAddress.trim()) missing.push('previousAddress');
  if (draft.source === 'moving_out_certificate' && !draft.movedOutOn) missing.push('movedOutOn');
  if (draft.members.filter((m) => m.relation.trim() === '世帯主').length !== 1) missing.push('members.head');
  draft.members.forEach((m, i) => {
    const at = (field: string) => missing.push(`members.${i}.${field}`);
    if (!m.relation.trim()) at('relation');
    if (!m.name.trim() && !(m.foreign && m.alphabetName.trim())) at('name');
    if (!m.birthDate) at('birthDate');
    if (m.sex === null) at('sex');
    if (!m.foreign) return;
    if (!m.nationality.trim()) at('nationality');
    if (m.residenceCardNumber && m.residenceCardNumber.length !== 12) at('residenceCardNumber');
    const landed = Boolean(m.landingGrantedOn && m.landingPort.trim());
    if (!m.residenceCardNumber && draft.source === 'from_abroad' && !landed) at('landingPermission');
  });
  if (missing.length > 0) return { ok: false, fields: missing };
  const household = NewHousehold.safeParse({
    householdId: draft.householdId,
    address: draft.address,
    movedInOn: draft.movedInOn,
    intake: draft.source,
    members: draft.members.map((m) => {
      const residence = intakeResidence(m.residenceStatus, m.periodOfStay, Boolean(m.residenceCardNumber || (m.landingGrantedOn && m.landingPort.trim())));
      return {
        residentId: m.residentId,
        relation: m.relation.trim(),
        kind: m.foreign ? 'foreign' : 'japanese',
        // A foreign resident's name is registered in Latin letters where no kanji name is given.
        name: m.name.trim() || m.alphabetName.trim(),
        nameKana: orNull(m.nameKana),
        alphabetName: orNull(m.alphabetName),
        birthDate: m.birthDate,
        sex: m.sex,
        nationality: m.foreign ? orNull(m.nationality) : null,
        // The register keeps the category and the status's own name where the typed text names one (Student → 留学).
        residenceCategory: m.foreign && residence.category ? RESIDENCE_CATEGORY_TEXT[residence.category] : null,
        residenceStatus: !m.foreign || residence.category === 'special_permanent' ? null : residence.status ? RESIDENCE_STATUSES[residence.status] : orNull(m.residenceStatus),
        periodOfStay: m.foreign ? orNull(m.periodOfStay) : null,
        stayExpiresOn: m.foreign && m.stayExpiresOn ? m.stayExpiresOn : null,
        residenceCardNumber: m.foreign && m.residenceCardNumber ? m.residenceCardNumber.toUpperCase() : null,
        hasMyNumberCard: m.hasMyNumberCard,
        previousAddress: draft.previousAddress,
        movedOutOn: draft.movedOutOn || null,
        honseki: m.foreign ? null : orNull(m.honseki),
        hittousha: m.foreign ? null : orNull(m.hittousha),
        landingPermission: m.foreign && !m.residenceCardNumber && m.landingGrantedOn ? { grantedOn: m.landingGrantedOn, port: m.landingPort } : null,
      };
    }),
  });
  return household.success ? { ok: true, value: household.data } : { ok: false, fields: household.error.issues.map((issue) => issue.path.join('.')) };
}

/**
 * The life event an intake leads to: people arriving from abroad file the 国外転入 (their own procedures: no
 * 転出証明書, the 住居地 notification with the card or the landing permission, the 個人番号 notice); every other
 * source is a 転入 from another municipality. The backend registers a new household under either.
 */
export function lifeEventOfIntake(source: IntakeDraft['source']): 'moving_in' | 'moving_in_from_abroad' {
  return source === 'from_abroad' ? 'moving_in_from_abroad' : 'moving_in';
}

/**
 * The life event a confirmed intake is, with its details: everything the life-event step would ask is on the
 * paper already (the day they moved in, both addresses, the 転出予定日), so the counter judges it straight away
 * and the clerk goes on from the procedures (and can still step back to change the event).
 */
export function intakeLifeEvent(draft: Pick<IntakeDraft, 'source' | 'movedInOn' | 'address' | 'previousAddress' | 'movedOutOn'>): { lifeEvent: VisitLifeEvent; details: EventDetails } | null {
  if (!draft.movedInOn) return null;
  return {
    lifeEvent: lifeEventOfIntake(draft.source),
    details: { eventDate: draft.movedInOn, newAddress: draft.address, previousAddress: draft.previousAddress, plannedMoveOutDate: draft.movedOutOn || null },
  };
}

/** A warning the intake form shows staff before they confirm: who will be refused, whose 在留資格 names no status. */
export type IntakeWarning = { index: number; residentId: string } & ({ kind: 'refusal'; reason: RefusalReason } | { kind: 'unknown_status'; text: string });

/**
 * What the rules will say about each foreign member as typed so far (shared/rules/residence.ts): staff learn
 * before confirming that someone on 短期滞在 (or with a stay of 3 months or less …) will not be registered, and
 * that a 在留資格 they typed names no status (the rules then treat it as none).
 */
export function intakeWarnings(draft: Pick<IntakeDraft, 'members'>): IntakeWarning[] {
  return draft.members.flatMap((m, index): IntakeWarning[] => {
    if (!m.foreign) return [];
    const documented = Boolean(m.residenceCardNumber || (m.landingGrantedOn && m.landingPort.trim()));
    const residence = intakeResidence(m.residenceStatus, m.periodOfStay, documented);
    const warnings: IntakeWarning[] = [];
    if (residence.unknown) warnings.push({ index, residentId: m.residentId, kind: 'unknown_status', text: m.residenceStatus.trim() });
    const reason = refusalOf({
      residentId: m.residentId,
      relation: m.relation,
      birthDate: m.birthDate || '2000-01-01',
      sex: m.sex ?? 9,
      kind: 'foreign',
      healthInsurance: m.healthInsurance,
      pension: m.pension,
      careCertified: false,
      hasMyNumberCard: m.hasMyNumberCard,
      hasResidenceCard: Boolean(m.residenceCardNumber),
      residenceCategory: residence.category,
      residenceStatus: residence.status,
      periodOfStay: residence.period,
    });
    if (reason) warnings.push({ index, residentId: m.residentId, kind: 'refusal', reason });
    return warnings;
  });
}
