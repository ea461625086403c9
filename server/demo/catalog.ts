/**
 * Demo procedure catalogs (手続きカタログ) for the two first tenants. Data, not code: each tenant's catalog
 * lives in its own rows and may differ (department names, fees, deadlines, age limits). The values are
 * examples (shared/reference/domain.md §2–3 and §9): the procedures a life event typically triggers and typical
 * certificate fees (¥300 for a 住民票の写し), not these tenants' ordinances, which were not to hand; a real
 * tenant loads its own through the admin import. Conditions use the rules-engine vocabulary (shared/rules/conditions.ts, judged by
 * shared/rules/engine.ts); typing them as Condition checks them at compile time, and engine.test.ts parses them.
 *
 * procedure_id is unique per tenant (the table's key), so a procedure that recurs under another life event
 * carries that event as a suffix (national_health_insurance_loss_death, child_allowance_birth, …).
 *
 * Texts have one source: the locale files (shared/i18n/locales/<lang>/catalog.json), which the screens and the
 * 手続き案内書 read by procedure id. The rows' `texts` (the receipt's Japanese name, an export's readable
 * copy) are taken from the ja and en files here, so the two never disagree.
 */
import enCatalog from '../../shared/i18n/locales/en/catalog.json' with { type: 'json' };
import jaCatalog from '../../shared/i18n/locales/ja/catalog.json' with { type: 'json' };
import type { Condition } from '../../shared/rules/conditions';
import type { DeadlineBase } from '../../shared/rules/engine';
import type { ResidenceStatusCode } from '../../shared/rules/residence-status';

export interface CatalogSeed {
  procedureId: string;
  lifeEvent: 'moving_in' | 'moving_out' | 'moving_within' | 'birth' | 'death' | 'marriage' | 'certificate';
  department: string;
  condition: Condition;
  deadlineDays: number | null;
  /** The deadline counts the event day as day 1 (出生届: 14 days counting the day of birth). */
  deadlineCountsEventDay?: boolean;
  /** What the deadline counts from, when not the event date (死亡届: the day the death became known). */
  deadlineFrom?: DeadlineBase;
  /** The form carries the 個人番号 (番号法 別表); the counter reads it from the card for this procedure only. */
  needsIndividualNumber?: boolean;
  feeYen: number;
  texts: Record<string, { title: string; explanation: string; bring: string }>;
}

type ProcedureText = { title: string; explanation: string; bring: string };
const JA: Record<string, ProcedureText> = jaCatalog.procedures;
const EN: Record<string, ProcedureText> = enCatalog.procedures;

/** A procedure's ja and en texts from the locale files (a missing one fails loudly at start, not at the counter). */
function textsOf(procedureId: string): CatalogSeed['texts'] {
  const ja = JA[procedureId];
  const en = EN[procedureId];
  if (!ja || !en) throw new Error(`no catalog text for ${procedureId} in the ja/en locale files`);
  return { ja: { ...ja }, en: { ...en } };
}

/** Where each kind of procedure is handled in a town, and the local rules that differ between towns. */
interface Town {
  residents: string;
  insurance: string;
  pension: string;
  welfare: string;
  childMedical: string;
  education: string;
  care: string;
  elderly: string;
  /** Outside the town hall: 在留資格 applications go to the regional immigration bureau. */
  immigration: string;
  /** 子ども医療 (福祉医療): children up to the end of the fiscal year in which they reach this age. */
  childMedicalUntilAge: number;
  certificateFee: number;
}

const ELDERLY_MEDICAL: Condition = { any: [{ ageAtLeast: 75 }, { insurance: 'late_elderly' }], not: { insurance: 'welfare' } };
const CARE_INSURED: Condition = { any: [{ ageAtLeast: 65 }, { ageBetween: [40, 64], careCertified: true }] };
const SCHOOL_CHILD: Condition = { schoolAge: ['elementary', 'junior_high'] };
const CHILD_ALLOWANCE: Condition = { householdHasChildUntilFiscalYearEndOfAge: 18, role: 'parent' };
/** 在留資格 that keep a resident out of 国民健康保険 (国民健康保険法施行規則 1条: 医療滞在, 観光・保養). */
const NOT_IN_NHI: ResidenceStatusCode[] = ['designated_activities_medical_stay', 'designated_activities_long_stay_sightseeing'];

function catalog(d: Town): CatalogSeed[] {
  const childMedical: Condition = { childUntilFiscalYearEndOfAge: d.childMedicalUntilAge, not: { insurance: 'welfare' } };
  const entries: Omit<CatalogSeed, 'texts'>[] = [
    { procedureId: 'moving_in_notification', lifeEvent: 'moving_in', department: d.residents, condition: { always: true }, deadlineDays: 14, feeYen: 0 },
    { procedureId: 'residence_card_address', lifeEvent: 'moving_in', department: d.residents, condition: { kind: 'foreign', hasResidenceCard: true }, deadlineDays: 14, feeYen: 0 },
    { procedureId: 'my_number_card_address', lifeEvent: 'moving_in', department: d.residents, condition: { hasMyNumberCard: true }, deadlineDays: 90, feeYen: 0 },
    // Not for 特定活動 (医療滞在) or (観光・保養): 国民健康保険法施行規則 1条 keeps them out of 国保. Asked of foreign
    // residents only, so a Japanese member's reasons say 日本人住民 rather than a status they cannot have.
    { procedureId: 'national_health_insurance_join', lifeEvent: 'moving_in', department: d.insurance, condition: { ageBelow: 75, insurance: ['national', 'none'], any: [{ kind: 'japanese' }, { not: { residenceStatus: NOT_IN_NHI } }] }, deadlineDays: 14, needsIndividualNumber: true, feeYen: 0 },
    // Only someone in no pension yet: a 第1号 moving within Japan keeps the category, and since 2018-03 a move
    // needs no pension filing when the number is linked.
    { procedureId: 'national_pension', lifeEvent: 'moving_in', department: d.pension, condition: { ageBetween: [20, 59], pension: 'none' }, deadlineDays: 14, needsIndividualNumber: true, feeYen: 0 },
    // The 15日特例 counts from the day after the 転出予定日 where the 転出証明書 gives one.
    { procedureId: 'child_allowance', lifeEvent: 'moving_in', department: d.welfare, condition: CHILD_ALLOWANCE, deadlineDays: 15, deadlineFrom: 'planned_move_out', needsIndividualNumber: true, feeYen: 0 },
    { procedureId: 'child_medical_subsidy', lifeEvent: 'moving_in', department: d.childMedical, condition: childMedical, deadlineDays: 30, feeYen: 0 },
    { procedureId: 'school_transfer', lifeEvent: 'moving_in', department: d.education, condition: SCHOOL_CHILD, deadlineDays: null, feeYen: 0 },
    { procedureId: 'long_term_care_insurance', lifeEvent: 'moving_in', department: d.care, condition: { any: [{ ageAtLeast: 65 }, { all: [{ ageBetween: [40, 64] }, { careCertified: true }] }] }, deadlineDays: 14, feeYen: 0 },
    { procedureId: 'late_elderly_medical', lifeEvent: 'moving_in', department: d.elderly, condition: ELDERLY_MEDICAL, deadlineDays: 14, feeYen: 0 },
    { procedureId: 'moving_out_notification', lifeEvent: 'moving_out', department: d.residents, condition: { always: true }, deadlineDays: 14, feeYen: 0 },
    { procedureId: 'national_health_insurance_loss', lifeEvent: 'moving_out', department: d.insurance, condition: { insurance: 'national' }, deadlineDays: 14, feeYen: 0 },
    { procedureId: 'late_elderly_moving_out', lifeEvent: 'moving_out', department: d.elderly, condition: ELDERLY_MEDICAL, deadlineDays: 14, feeYen: 0 },
    { procedureId: 'child_medical_return', lifeEvent: 'moving_out', department: d.childMedical, condition: childMedical, deadlineDays: null, feeYen: 0 },
    { procedureId: 'school_transfer_out', lifeEvent: 'moving_out', department: d.education, condition: SCHOOL_CHILD, deadlineDays: null, feeYen: 0 },
    // 印鑑登録 ends by itself on 転出 (only people of 15 or older can hold one).
    { procedureId: 'seal_registration_end', lifeEvent: 'moving_out', department: d.residents, condition: { ageAtLeast: 15 }, deadlineDays: null, feeYen: 0 },
    { procedureId: 'child_allowance_end', lifeEvent: 'moving_out', department: d.welfare, condition: CHILD_ALLOWANCE, deadlineDays: null, feeYen: 0 },
    { procedureId: 'long_term_care_return', lifeEvent: 'moving_out', department: d.care, condition: CARE_INSURED, deadlineDays: 14, feeYen: 0 },
    { procedureId: 'moving_within_notification', lifeEvent: 'moving_within', department: d.residents, condition: { always: true }, deadlineDays: 14, feeYen: 0 },
    // A 転居届 with the card is the 住居地 notification too (入管法 19条の9).
    { procedureId: 'residence_card_address_within', lifeEvent: 'moving_within', department: d.residents, condition: { kind: 'foreign', hasResidenceCard: true }, deadlineDays: 14, feeYen: 0 },
    { procedureId: 'my_number_card_address_within', lifeEvent: 'moving_within', department: d.residents, condition: { hasMyNumberCard: true }, deadlineDays: 14, feeYen: 0 },
    { procedureId: 'birth_notification', lifeEvent: 'birth', department: d.residents, condition: { newborn: true }, deadlineDays: 14, deadlineCountsEventDay: true, feeYen: 0 },
    // A foreign newborn: 在留資格取得 at immigration within 30 days (入管法 22条の2), unless a parent is a
    // 特別永住者 — then 特別永住許可 through the municipality within 60 days (入管特例法 4条).
    { procedureId: 'residence_status_acquisition', lifeEvent: 'birth', department: d.immigration, condition: { newborn: true, kind: 'foreign', not: { parentResidenceCategory: 'special_permanent' } }, deadlineDays: 30, feeYen: 0 },
    { procedureId: 'special_permanent_permission', lifeEvent: 'birth', department: d.residents, condition: { newborn: true, kind: 'foreign', parentResidenceCategory: 'special_permanent' }, deadlineDays: 60, feeYen: 0 },
    { procedureId: 'child_allowance_birth', lifeEvent: 'birth', department: d.welfare, condition: CHILD_ALLOWANCE, deadlineDays: 15, needsIndividualNumber: true, feeYen: 0 },
    { procedureId: 'child_medical_subsidy_birth', lifeEvent: 'birth', department: d.childMedical, condition: { newborn: true, not: { parentInsurance: 'welfare' } }, deadlineDays: 30, feeYen: 0 },
    { procedureId: 'national_health_insurance_join_birth', lifeEvent: 'birth', department: d.insurance, condition: { newborn: true, parentInsurance: 'national' }, deadlineDays: 14, feeYen: 0 },
    // 7 days counting the day the death became known (戸籍法 86条; 初日算入).
    { procedureId: 'death_notification', lifeEvent: 'death', department: d.residents, condition: { deceased: true }, deadlineDays: 7, deadlineCountsEventDay: true, deadlineFrom: 'death_known', feeYen: 0 },
    { procedureId: 'cremation_permit', lifeEvent: 'death', department: d.residents, condition: { deceased: true }, deadlineDays: null, feeYen: 0 },
    { procedureId: 'national_health_insurance_loss_death', lifeEvent: 'death', department: d.insurance, condition: { deceased: true, insurance: 'national' }, deadlineDays: 14, feeYen: 0 },
    { procedureId: 'late_elderly_loss', lifeEvent: 'death', department: d.elderly, condition: { deceased: true, ...ELDERLY_MEDICAL }, deadlineDays: 14, feeYen: 0 },
    // 葬祭費: from 国保 or 後期高齢者医療, to whoever held the funeral, claimable for 2 years after it.
    { procedureId: 'funeral_expenses', lifeEvent: 'death', department: d.insurance, condition: { deceased: true, any: [{ insurance: 'national' }, ELDERLY_MEDICAL] }, deadlineDays: null, feeYen: 0 },
    { procedureId: 'long_term_care_loss', lifeEvent: 'death', department: d.care, condition: { deceased: true, ...CARE_INSURED }, deadlineDays: 14, feeYen: 0 },
    // Not needed when the remaining household is one adult with children under 15 (the new head is evident).
    { procedureId: 'householder_change', lifeEvent: 'death', department: d.residents, condition: { deceased: true, relation: '世帯主', remainingMembersAgedAtLeast: { count: 2, age: 15 } }, deadlineDays: 14, feeYen: 0 },
    { procedureId: 'marriage_notification', lifeEvent: 'marriage', department: d.residents, condition: { always: true }, deadlineDays: null, feeYen: 0 },
    { procedureId: 'national_health_insurance_loss_marriage', lifeEvent: 'marriage', department: d.insurance, condition: { requested: true }, deadlineDays: 14, feeYen: 0 },
    { procedureId: 'resident_certificate', lifeEvent: 'certificate', department: d.residents, condition: { requested: true }, deadlineDays: null, feeYen: d.certificateFee },
  ];
  return entries.map((entry) => ({ ...entry, texts: textsOf(entry.procedureId) }));
}

export const DEMO_CATALOGS: Record<string, CatalogSeed[]> = {
  // 子ども医療 to 15 per the city's page (domain.md §9; its current limit is unverified).
  '212113': catalog({
    residents: '市民課', insurance: '保険年金課', pension: '保険年金課', welfare: '福祉課', childMedical: '福祉課', education: '学校教育課', care: '高齢福祉課', elderly: '保険年金課',
    immigration: '出入国在留管理局', childMedicalUntilAge: 15, certificateFee: 300,
  }),
  // A small town: one 町民課 counter for most things; 子ども医療 to 18 (as many Gifu towns now; unverified).
  '215015': catalog({
    residents: '町民課', insurance: '町民課', pension: '町民課', welfare: '福祉課', childMedical: '福祉課', education: '教育委員会', care: '福祉課', elderly: '町民課',
    immigration: '出入国在留管理局', childMedicalUntilAge: 18, certificateFee: 300,
  }),
};
