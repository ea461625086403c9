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
import type { DeadlineBase, LifeEvent } from '../../shared/rules/engine';
import type { ResidenceStatusCode } from '../../shared/rules/residence-status';

export interface CatalogSeed {
  procedureId: string;
  lifeEvent: LifeEvent | 'certificate';
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
  /** 住民税 (the 納税管理人 on leaving Japan). */
  tax: string;
  /** Outside the town hall: the 脱退一時金 is claimed from abroad at the 日本年金機構. */
  pensionService: string;
  /** 子ども医療 (福祉医療): children up to the end of the fiscal year in which they reach this age. */
  childMedicalUntilAge: number;
  certificateFee: number;
}

const ELDERLY_MEDICAL: Condition = { any: [{ ageAtLeast: 75 }, { insurance: 'late_elderly' }], not: { insurance: 'welfare' } };
const CARE_INSURED: Condition = { any: [{ ageAtLeast: 65 }, { ageBetween: [40, 64], careCertified: true }] };
const SCHOOL_CHILD: Condition = { schoolAge: ['elementary', 'junior_high'] };
const CHILD_ALLOWANCE: Condition = { householdHasChildUntilFiscalYearEndOfAge: 18, role: 'parent' };
/** The couple of a 離婚: the 世帯主 and their spouse as the 続柄 say. */
const SPOUSES: Condition = { relation: ['世帯主', '妻', '夫'] };
/** Of working age for the 国民年金 (20 to 59). */
const PENSION_AGE: Condition = { ageBetween: [20, 59] };
/** 在留資格 that keep a resident out of 国民健康保険 (国民健康保険法施行規則 1条: 医療滞在, 観光・保養). */
const NOT_IN_NHI: ResidenceStatusCode[] = ['designated_activities_medical_stay', 'designated_activities_long_stay_sightseeing'];
/** Who may join 国民健康保険 by residence: every Japanese resident, a foreign one unless their 在留資格 is one of those. */
const NHI_BY_STATUS: Condition = { any: [{ kind: 'japanese' }, { not: { residenceStatus: NOT_IN_NHI } }] };

function catalog(d: Town): CatalogSeed[] {
  const childMedical: Condition = { childUntilFiscalYearEndOfAge: d.childMedicalUntilAge, not: { insurance: 'welfare' } };
  const entries: Omit<CatalogSeed, 'texts'>[] = [
    { procedureId: 'moving_in_notification', lifeEvent: 'moving_in', department: d.residents, condition: { always: true }, deadlineDays: 14, feeYen: 0 },
    { procedureId: 'residence_card_address', lifeEvent: 'moving_in', department: d.residents, condition: { kind: 'foreign', hasResidenceCard: true }, deadlineDays: 14, feeYen: 0 },
    { procedureId: 'my_number_card_address', lifeEvent: 'moving_in', department: d.residents, condition: { hasMyNumberCard: true }, deadlineDays: 90, feeYen: 0 },
    // Not for 特定活動 (医療滞在) or (観光・保養): 国民健康保険法施行規則 1条 keeps them out of 国保. Asked of foreign
    // residents only, so a Japanese member's reasons say 日本人住民 rather than a status they cannot have.
    { procedureId: 'national_health_insurance_join', lifeEvent: 'moving_in', department: d.insurance, condition: { ageBelow: 75, insurance: ['national', 'none'], ...NHI_BY_STATUS }, deadlineDays: 14, needsIndividualNumber: true, feeYen: 0 },
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
    ...newEvents(d, childMedical),
  ];
  return entries.map((entry) => ({ ...entry, texts: textsOf(entry.procedureId) }));
}

/**
 * issue 12: 国外転入, 国外転出, 世帯変更, 在留期間更新・在留資格変更, 社会保険の加入・喪失, 離婚 (domain.md §2, §9).
 * Deadlines that the law words in months or years are given in days that never end after the true end:
 * 3 months as 90 days counting the event day (the shortest three months), 2 years as 730 days.
 */
function newEvents(d: Town, childMedical: Condition): Omit<CatalogSeed, 'texts'>[] {
  return [
    // ── 国外転入: a 転入届 from abroad (passport; residence card or landing permission), 14 days (住基法 22条, 30条の46).
    { procedureId: 'moving_in_abroad_notification', lifeEvent: 'moving_in_from_abroad', department: d.residents, condition: { always: true }, deadlineDays: 14, feeYen: 0 },
    // The 転入届 of a foreign resident is the 住居地の届出 too (入管法 19条の7・19条の9); a card not issued at the
    // airport is issued later against the landing permission — so every foreign member, card or not.
    { procedureId: 'residence_card_address_abroad', lifeEvent: 'moving_in_from_abroad', department: d.residents, condition: { kind: 'foreign' }, deadlineDays: 14, feeYen: 0 },
    { procedureId: 'national_health_insurance_join_abroad', lifeEvent: 'moving_in_from_abroad', department: d.insurance, condition: { ageBelow: 75, insurance: ['national', 'none'], ...NHI_BY_STATUS }, deadlineDays: 14, needsIndividualNumber: true, feeYen: 0 },
    // 第1号 from 20 to 59 unless employer-insured (第2号) or a dependent spouse (第3号, filed through the employer).
    { procedureId: 'national_pension_abroad', lifeEvent: 'moving_in_from_abroad', department: d.pension, condition: { ...PENSION_AGE, pension: ['none', 'national'] }, deadlineDays: 14, needsIndividualNumber: true, feeYen: 0 },
    // No 転出予定日 from abroad: the 15日特例 counts from the move.
    { procedureId: 'child_allowance_abroad', lifeEvent: 'moving_in_from_abroad', department: d.welfare, condition: CHILD_ALLOWANCE, deadlineDays: 15, needsIndividualNumber: true, feeYen: 0 },
    { procedureId: 'child_medical_subsidy_abroad', lifeEvent: 'moving_in_from_abroad', department: d.childMedical, condition: childMedical, deadlineDays: 30, feeYen: 0 },
    // A new resident without a card: the 個人番号通知書 comes by post; the card is applied for on request.
    { procedureId: 'my_number_abroad', lifeEvent: 'moving_in_from_abroad', department: d.residents, condition: { not: { hasMyNumberCard: true } }, deadlineDays: null, feeYen: 0 },
    // A Japanese national's card kept abroad (国外転出者向け): the new address goes on it with the 転入届.
    { procedureId: 'my_number_card_address_abroad', lifeEvent: 'moving_in_from_abroad', department: d.residents, condition: { hasMyNumberCard: true }, deadlineDays: 14, feeYen: 0 },
    // 就学: compulsory for Japanese children; foreign children are admitted on request (the same 就学 procedure).
    { procedureId: 'school_enrollment_abroad', lifeEvent: 'moving_in_from_abroad', department: d.education, condition: SCHOOL_CHILD, deadlineDays: null, feeYen: 0 },
    { procedureId: 'seal_registration_abroad', lifeEvent: 'moving_in_from_abroad', department: d.residents, condition: { requested: true }, deadlineDays: null, feeYen: 0 },

    // ── 国外転出: filed from 14 days before leaving, by the departure day (deadline: the event date itself).
    { procedureId: 'moving_abroad_notification', lifeEvent: 'moving_abroad', department: d.residents, condition: { always: true }, deadlineDays: 0, feeYen: 0 },
    { procedureId: 'national_health_insurance_loss_abroad', lifeEvent: 'moving_abroad', department: d.insurance, condition: { insurance: 'national' }, deadlineDays: 14, feeYen: 0 },
    { procedureId: 'late_elderly_loss_abroad', lifeEvent: 'moving_abroad', department: d.elderly, condition: ELDERLY_MEDICAL, deadlineDays: 14, feeYen: 0 },
    { procedureId: 'long_term_care_loss_abroad', lifeEvent: 'moving_abroad', department: d.care, condition: CARE_INSURED, deadlineDays: 14, feeYen: 0 },
    // 国民年金: a Japanese national abroad may join voluntarily (任意加入, 20 to 64; 国民年金法 附則5条).
    { procedureId: 'national_pension_voluntary_abroad', lifeEvent: 'moving_abroad', department: d.pension, condition: { kind: 'japanese', ageBetween: [20, 64], pension: ['national', 'none'] }, deadlineDays: null, feeYen: 0 },
    // 脱退一時金: a foreign national with 6 months or more of contributions claims it from abroad within 2 years
    // of leaving (国民年金法 附則9条の3の2, 厚生年金保険法 附則29条). The counter gives the guidance.
    { procedureId: 'pension_lump_sum_withdrawal', lifeEvent: 'moving_abroad', department: d.pensionService, condition: { kind: 'foreign', pension: ['national', 'employee'] }, deadlineDays: 730, feeYen: 0 },
    // マイナンバーカード: a Japanese national keeps using it abroad (継続利用, since 2024-05-27); a foreign
    // national's card ends with the 国外転出 and is returned.
    { procedureId: 'my_number_card_keep_abroad', lifeEvent: 'moving_abroad', department: d.residents, condition: { kind: 'japanese', hasMyNumberCard: true }, deadlineDays: 0, feeYen: 0 },
    { procedureId: 'my_number_card_return_abroad', lifeEvent: 'moving_abroad', department: d.residents, condition: { kind: 'foreign', hasMyNumberCard: true }, deadlineDays: 0, feeYen: 0 },
    // 住民税 is owed for the year by whoever lived here on 1 January: an adult leaving names a 納税管理人 or pays first.
    { procedureId: 'tax_agent_abroad', lifeEvent: 'moving_abroad', department: d.tax, condition: { ageAtLeast: 18 }, deadlineDays: 0, feeYen: 0 },
    { procedureId: 'child_allowance_end_abroad', lifeEvent: 'moving_abroad', department: d.welfare, condition: CHILD_ALLOWANCE, deadlineDays: null, feeYen: 0 },
    { procedureId: 'school_leaving_abroad', lifeEvent: 'moving_abroad', department: d.education, condition: SCHOOL_CHILD, deadlineDays: null, feeYen: 0 },
    { procedureId: 'seal_registration_end_abroad', lifeEvent: 'moving_abroad', department: d.residents, condition: { ageAtLeast: 15 }, deadlineDays: null, feeYen: 0 },

    // ── 世帯変更 (分離・合併・世帯主変更・続柄変更): one 世帯変更届 per household, 14 days (住基法 25条).
    { procedureId: 'household_change_notification', lifeEvent: 'household_change', department: d.residents, condition: { relation: '世帯主' }, deadlineDays: 14, feeYen: 0 },
    // 国保 is kept by household (the 世帯主 is its 納付義務者): a new household or head changes each member's
    // record. A 続柄 alone does not.
    { procedureId: 'national_health_insurance_household_change', lifeEvent: 'household_change', department: d.insurance, condition: { eventKind: ['separation', 'merger', 'head_change'], insurance: 'national' }, deadlineDays: 14, feeYen: 0 },
    // Who raises the child may change with a 分離 or 合併 (受給者変更: 消滅 and a new claim, 15日特例).
    { procedureId: 'child_allowance_household_change', lifeEvent: 'household_change', department: d.welfare, condition: { eventKind: ['separation', 'merger'], ...CHILD_ALLOWANCE }, deadlineDays: 15, needsIndividualNumber: true, feeYen: 0 },
    // 介護保険料 is graded by the household's 住民税 (介護保険法施行令 38条), so a new household means a new
    // notice (nothing to file).
    { procedureId: 'long_term_care_household_notice', lifeEvent: 'household_change', department: d.care, condition: { eventKind: ['separation', 'merger'], ageAtLeast: 65 }, deadlineDays: null, feeYen: 0 },

    // ── 在留期間更新・在留資格変更: immigration notifies the municipality, the 住民票 follows (no 届出).
    { procedureId: 'residence_record_update', lifeEvent: 'residence_status_change', department: d.residents, condition: { kind: 'foreign' }, deadlineDays: null, feeYen: 0 },
    // A foreign resident's card expires with the stay: the 有効期間 is extended at the municipality, before the old
    // expiry, with the new 在留カード; the 電子証明書 follows the card's validity and is renewed with it.
    { procedureId: 'my_number_card_validity_change', lifeEvent: 'residence_status_change', department: d.residents, condition: { kind: 'foreign', hasMyNumberCard: true }, deadlineDays: null, feeYen: 0 },
    { procedureId: 'e_certificate_renewal', lifeEvent: 'residence_status_change', department: d.residents, condition: { kind: 'foreign', hasMyNumberCard: true }, deadlineDays: null, feeYen: 0 },
    // A change of status may bring someone into or out of 国保 (e.g. 特定活動 for medical stays is outside it): guidance.
    { procedureId: 'national_health_insurance_status_change', lifeEvent: 'residence_status_change', department: d.insurance, condition: { eventKind: 'change', kind: 'foreign', insurance: ['national', 'none'] }, deadlineDays: 14, feeYen: 0 },

    // ── 社会保険の加入・喪失 (employer insurance joined or lost), 14 days each (国保法 施行規則, 国民年金法 12条).
    { procedureId: 'national_health_insurance_loss_employment', lifeEvent: 'social_insurance_change', department: d.insurance, condition: { eventKind: 'join', insurance: 'national' }, deadlineDays: 14, feeYen: 0 },
    // 第1号 → 第2号 is automatic (the employer); a spouse becoming 第3号 is filed through the employer: guidance.
    { procedureId: 'national_pension_employment_guidance', lifeEvent: 'social_insurance_change', department: d.pension, condition: { eventKind: 'join', pension: 'national', ...PENSION_AGE }, deadlineDays: null, feeYen: 0 },
    { procedureId: 'national_health_insurance_join_employment_loss', lifeEvent: 'social_insurance_change', department: d.insurance, condition: { eventKind: 'loss', ageBelow: 75, insurance: ['employee', 'none'], ...NHI_BY_STATUS }, deadlineDays: 14, needsIndividualNumber: true, feeYen: 0 },
    // 第2号 and a 第3号 spouse both become 第1号.
    { procedureId: 'national_pension_first_category', lifeEvent: 'social_insurance_change', department: d.pension, condition: { eventKind: 'loss', pension: ['employee', 'dependent_spouse'], ...PENSION_AGE }, deadlineDays: 14, needsIndividualNumber: true, feeYen: 0 },

    // ── 離婚: 協議離婚 takes effect when accepted (no deadline); a 裁判離婚 (調停・審判・判決) is filed within 10 days
    // of becoming final, counting that day (戸籍法 77条・63条・43条). The event date is that day.
    { procedureId: 'divorce_notification', lifeEvent: 'divorce', department: d.residents, condition: { eventKind: 'agreement', ...SPOUSES, ageAtLeast: 18 }, deadlineDays: null, feeYen: 0 },
    { procedureId: 'divorce_notification_court', lifeEvent: 'divorce', department: d.residents, condition: { eventKind: 'court', ...SPOUSES, ageAtLeast: 18 }, deadlineDays: 10, deadlineCountsEventDay: true, feeYen: 0 },
    // 離婚の際に称していた氏を称する届: 3 months (戸籍法 77条の2), by whoever changed name at marriage: on request.
    { procedureId: 'surname_after_divorce', lifeEvent: 'divorce', department: d.residents, condition: { requested: true }, deadlineDays: 90, deadlineCountsEventDay: true, feeYen: 0 },
    // 児童扶養手当 and ひとり親家庭等医療: the parent raising a child to 18's fiscal year end (once per household).
    { procedureId: 'child_rearing_allowance', lifeEvent: 'divorce', department: d.welfare, condition: CHILD_ALLOWANCE, deadlineDays: null, needsIndividualNumber: true, feeYen: 0 },
    { procedureId: 'single_parent_medical', lifeEvent: 'divorce', department: d.childMedical, condition: { ...CHILD_ALLOWANCE, not: { insurance: 'welfare' } }, deadlineDays: null, feeYen: 0 },
    { procedureId: 'child_allowance_divorce', lifeEvent: 'divorce', department: d.welfare, condition: CHILD_ALLOWANCE, deadlineDays: 15, needsIndividualNumber: true, feeYen: 0 },
    // A 第3号 spouse becomes 第1号, 14 days.
    { procedureId: 'national_pension_divorce', lifeEvent: 'divorce', department: d.pension, condition: { pension: 'dependent_spouse', ...PENSION_AGE }, deadlineDays: 14, needsIndividualNumber: true, feeYen: 0 },
    // Dependents on the former spouse's employer insurance (the spouse, the children who go with them) join 国保.
    { procedureId: 'national_health_insurance_join_divorce', lifeEvent: 'divorce', department: d.insurance, condition: { insurance: 'employee', not: { pension: 'employee' }, ageBelow: 75 }, deadlineDays: 14, needsIndividualNumber: true, feeYen: 0 },
    // On request: a household that splits (世帯分離 at the same address), a changed name on the card and the seal.
    { procedureId: 'household_change_divorce', lifeEvent: 'divorce', department: d.residents, condition: { requested: true }, deadlineDays: 14, feeYen: 0 },
    { procedureId: 'my_number_card_name_change', lifeEvent: 'divorce', department: d.residents, condition: { requested: true }, deadlineDays: 14, feeYen: 0 },
    { procedureId: 'seal_registration_name_change', lifeEvent: 'divorce', department: d.residents, condition: { requested: true }, deadlineDays: null, feeYen: 0 },
  ];
}

export const DEMO_CATALOGS: Record<string, CatalogSeed[]> = {
  // 子ども医療 to 15 per the city's page (domain.md §9; its current limit is unverified). 住民税 at a 税務課
  // (assumed: the usual name in a city this size, unverified).
  '212113': catalog({
    residents: '市民課', insurance: '保険年金課', pension: '保険年金課', welfare: '福祉課', childMedical: '福祉課', education: '学校教育課', care: '高齢福祉課', elderly: '保険年金課',
    immigration: '出入国在留管理局', tax: '税務課', pensionService: '日本年金機構', childMedicalUntilAge: 15, certificateFee: 300,
  }),
  // A small town: one 町民課 counter for most things; 子ども医療 to 18 (as many Gifu towns now; unverified).
  '215015': catalog({
    residents: '町民課', insurance: '町民課', pension: '町民課', welfare: '福祉課', childMedical: '福祉課', education: '教育委員会', care: '福祉課', elderly: '町民課',
    // 住民税 at the 総務課 (assumed for a town this size; unverified).
    immigration: '出入国在留管理局', tax: '総務課', pensionService: '日本年金機構', childMedicalUntilAge: 18, certificateFee: 300,
  }),
};
