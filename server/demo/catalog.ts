/**
 * Demo procedure catalogs (手続きカタログ) for the two first tenants. Data, not code: each tenant's catalog
 * lives in its own rows and may differ (department names, fees, deadlines). The values are examples: the
 * procedures a life event typically triggers and typical certificate fees (¥300 for a 住民票の写し), not these
 * tenants' ordinances, which were not to hand; a real tenant loads its own through
 * the admin import. Conditions use the rules-engine vocabulary (shared/rules/conditions.ts, judged by
 * shared/rules/engine.ts); typing them as Condition checks them at compile time, and engine.test.ts parses them.
 *
 * procedure_id is unique per tenant (the table's key), so a procedure that recurs under another life event
 * carries that event as a suffix (national_health_insurance_loss_death, child_allowance_birth, …).
 */
import type { Condition } from '../../shared/rules/conditions';

export interface CatalogSeed {
  procedureId: string;
  lifeEvent: 'moving_in' | 'moving_out' | 'moving_within' | 'birth' | 'death' | 'marriage' | 'certificate';
  department: string;
  condition: Condition;
  deadlineDays: number | null;
  /** The deadline counts the event day as day 1 (出生届: 14 days counting the day of birth). */
  deadlineCountsEventDay?: boolean;
  /** The form carries the 個人番号 (番号法 別表); the counter reads it from the card for this procedure only. */
  needsIndividualNumber?: boolean;
  feeYen: number;
  texts: Record<string, { title: string; explanation: string; bring: string }>;
}

type Text3 = [title: string, explanation: string, bring: string];
const t = (ja: Text3, en: Text3) => ({
  ja: { title: ja[0], explanation: ja[1], bring: ja[2] },
  en: { title: en[0], explanation: en[1], bring: en[2] },
});

interface Departments {
  residents: string;
  insurance: string;
  pension: string;
  welfare: string;
  childMedical: string;
  education: string;
  care: string;
  elderly: string;
}

function catalog(d: Departments, certificateFee: number): CatalogSeed[] {
  return [
    { procedureId: 'moving_in_notification', lifeEvent: 'moving_in', department: d.residents, condition: { always: true }, deadlineDays: 14, feeYen: 0,
      texts: t(['転入届', '新しい住所に住み始めてから14日以内に届け出ます。', '転出証明書（またはマイナンバーカード）、本人確認書類'], ['Moving-in notification', 'Notify within 14 days of starting to live at the new address.', 'Moving-out certificate (or My Number card), ID']) },
    { procedureId: 'residence_card_address', lifeEvent: 'moving_in', department: d.residents, condition: { kind: 'foreign', hasResidenceCard: true }, deadlineDays: 14, feeYen: 0,
      texts: t(['在留カードの住居地届出', '転入届と一緒に在留カード（特別永住者は特別永住者証明書）を出すと、住居地の届出になります。', '在留カードまたは特別永住者証明書'], ['Residence card address notification', 'Presenting your residence card (special permanent residents: your certificate) with the moving-in notification also notifies your new address.', 'Residence card or special permanent resident certificate']) },
    { procedureId: 'my_number_card_address', lifeEvent: 'moving_in', department: d.residents, condition: { hasMyNumberCard: true }, deadlineDays: 90, feeYen: 0,
      texts: t(['マイナンバーカードの住所変更（継続利用）', '転入届の日から90日以内に手続きしないとカードが使えなくなります。', 'マイナンバーカード、暗証番号（数字4桁）'], ['My Number card address update', 'Update within 90 days of the moving-in notification, or the card becomes invalid.', 'My Number card, 4-digit PIN']) },
    { procedureId: 'national_health_insurance_join', lifeEvent: 'moving_in', department: d.insurance, condition: { ageBelow: 75, insurance: ['national', 'none'] }, deadlineDays: 14, needsIndividualNumber: true, feeYen: 0,
      texts: t(['国民健康保険の加入', '勤務先の健康保険に入っていない75歳未満の方は国民健康保険に加入します（生活保護を受けている方を除く）。', '本人確認書類'], ['Joining National Health Insurance', 'Residents under 75 not covered by an employer health insurance join National Health Insurance (except welfare recipients).', 'ID']) },
    { procedureId: 'national_pension', lifeEvent: 'moving_in', department: d.pension, condition: { ageBetween: [20, 59], not: { pension: ['employee', 'dependent_spouse'] } }, deadlineDays: 14, needsIndividualNumber: true, feeYen: 0,
      texts: t(['国民年金の手続き', '20歳から59歳で、厚生年金にも第3号被保険者（会社員などの扶養配偶者）にも入っていない方は国民年金の手続きをします。', '基礎年金番号がわかるもの'], ['National Pension', 'Residents aged 20 to 59 who are neither in an employee pension nor the dependent spouse of an employee register for the National Pension.', 'Something showing your basic pension number']) },
    { procedureId: 'child_allowance', lifeEvent: 'moving_in', department: d.welfare, condition: { householdHasChildUntilFiscalYearEndOfAge: 18, role: 'parent' }, deadlineDays: 15, needsIndividualNumber: true, feeYen: 0,
      texts: t(['児童手当の認定請求', '18歳の年度末までの子どもを育てている方が申請します。申請の翌月分から支給されます。', '請求者名義の口座、健康保険証、請求者と配偶者のマイナンバー'], ['Child allowance', 'For parents raising children up to the end of the fiscal year in which they turn 18. Paid from the month after you apply.', "Bank account in the claimant's name, health insurance card, My Numbers of claimant and spouse"]) },
    { procedureId: 'child_medical_subsidy', lifeEvent: 'moving_in', department: d.childMedical, condition: { childUntilFiscalYearEndOfAge: 18, not: { insurance: 'welfare' } }, deadlineDays: 30, feeYen: 0,
      texts: t(['子ども医療費受給者証', '子どもの医療費の助成を受けるための受給者証を申請します（生活保護を受けている方を除く）。', '子どもの健康保険証'], ['Child medical subsidy certificate', "Apply for the certificate that subsidises children's medical costs (except welfare recipients).", "Child's health insurance card"]) },
    { procedureId: 'school_transfer', lifeEvent: 'moving_in', department: d.education, condition: { schoolAge: ['elementary', 'junior_high'] }, deadlineDays: null, feeYen: 0,
      texts: t(['小中学校の転入学', '転入学通知書を受け取り、新しい学校に行きます。', '在学証明書、教科書給与証明書'], ['School transfer', 'Receive the school transfer notice and take it to the new school.', 'Certificate of enrolment, textbook certificate']) },
    { procedureId: 'long_term_care_insurance', lifeEvent: 'moving_in', department: d.care, condition: { any: [{ ageAtLeast: 65 }, { all: [{ ageBetween: [40, 64] }, { careCertified: true }] }] }, deadlineDays: 14, feeYen: 0,
      texts: t(['介護保険の手続き', '65歳以上の方、または要介護認定を受けている40〜64歳の方が手続きします。', '受給資格証明書（認定を受けている方）'], ['Long-term care insurance', 'For residents 65 or older, or 40 to 64 with a care-need certification.', 'Certificate of eligibility (if certified)']) },
    { procedureId: 'late_elderly_medical', lifeEvent: 'moving_in', department: d.elderly, condition: { any: [{ ageAtLeast: 75 }, { insurance: 'late_elderly' }], not: { insurance: 'welfare' } }, deadlineDays: 14, feeYen: 0,
      texts: t(['後期高齢者医療の手続き', '75歳以上の方（障害認定を受けて加入している65歳以上の方を含み、生活保護を受けている方を除く）が手続きします。', '負担区分証明書（県外からの転入の場合）'], ['Medical care for people 75 and older', 'For residents aged 75 or older, and members aged 65 or older through a disability certification (except welfare recipients).', 'Certificate of co-payment category (if moving from another prefecture)']) },
    { procedureId: 'moving_out_notification', lifeEvent: 'moving_out', department: d.residents, condition: { always: true }, deadlineDays: 14, feeYen: 0,
      texts: t(['転出届', '引っ越しの前後14日以内に届け出ます。', '本人確認書類'], ['Moving-out notification', 'Notify within 14 days before or after the move.', 'ID']) },
    { procedureId: 'national_health_insurance_loss', lifeEvent: 'moving_out', department: d.insurance, condition: { insurance: 'national' }, deadlineDays: 14, feeYen: 0,
      texts: t(['国民健康保険の資格喪失', '転出する方は国民健康保険をやめる手続きをし、保険証を返します。', '国民健康保険の保険証（資格確認書）'], ['Leaving National Health Insurance', 'When you move out, leave National Health Insurance and return the insurance card.', 'National Health Insurance card (certificate of eligibility)']) },
    { procedureId: 'child_allowance_end', lifeEvent: 'moving_out', department: d.welfare, condition: { householdHasChildUntilFiscalYearEndOfAge: 18, role: 'parent' }, deadlineDays: null, feeYen: 0,
      texts: t(['児童手当の受給事由消滅届', '転出すると児童手当は止まります。届け出て、転出先で転出予定日の翌日から15日以内に新しく申請します。', '本人確認書類'], ['Ending child allowance', 'Child allowance stops when you move out. Notify us, and apply again at your new municipality within 15 days after the moving date.', 'ID']) },
    { procedureId: 'long_term_care_return', lifeEvent: 'moving_out', department: d.care, condition: { any: [{ ageAtLeast: 65 }, { ageBetween: [40, 64], careCertified: true }] }, deadlineDays: 14, feeYen: 0,
      texts: t(['介護保険の資格喪失（転出）', '転出する方は介護保険の被保険者証を返します。要介護認定を受けている方には受給資格証明書を出します。', '介護保険被保険者証'], ['Leaving long-term care insurance (moving out)', 'Return your long-term care insurance card when you move out. Certified residents receive a certificate of eligibility for the new municipality.', 'Long-term care insurance card']) },
    { procedureId: 'moving_within_notification', lifeEvent: 'moving_within', department: d.residents, condition: { always: true }, deadlineDays: 14, feeYen: 0,
      texts: t(['転居届', '引っ越した日から14日以内に届け出ます。', '本人確認書類、在留カード（外国籍の方）'], ['Notification of moving within the municipality', 'Notify within 14 days of the move.', 'ID; residence card (foreign residents)']) },
    { procedureId: 'birth_notification', lifeEvent: 'birth', department: d.residents, condition: { newborn: true }, deadlineDays: 14, deadlineCountsEventDay: true, feeYen: 0,
      texts: t(['出生届', '生まれた日を含めて14日以内に届け出ます。', '出生証明書、母子健康手帳'], ['Birth registration', 'Register within 14 days, counting the day of birth.', 'Birth certificate, maternal and child health handbook']) },
    { procedureId: 'child_allowance_birth', lifeEvent: 'birth', department: d.welfare, condition: { householdHasChildUntilFiscalYearEndOfAge: 18, role: 'parent' }, deadlineDays: 15, needsIndividualNumber: true, feeYen: 0,
      texts: t(['児童手当の認定請求・額改定', '生まれた日の翌日から15日以内に申請すると、生まれた月の翌月分から支給されます。すでに受給している方は額改定を請求します。', '請求者名義の口座、健康保険証、請求者と配偶者のマイナンバー'], ['Child allowance (claim or amount change)', 'Apply within 15 days after the birth to be paid from the month after the birth. If you already receive it, apply for the amount change.', "Bank account in the claimant's name, health insurance card, My Numbers of claimant and spouse"]) },
    { procedureId: 'child_medical_subsidy_birth', lifeEvent: 'birth', department: d.childMedical, condition: { newborn: true, not: { parentInsurance: 'welfare' } }, deadlineDays: 30, feeYen: 0,
      texts: t(['子ども医療費受給者証（出生）', '赤ちゃんが健康保険に入った後、生まれた日から30日以内に受給者証を申請します。', '赤ちゃんの健康保険証（資格確認書）'], ['Child medical subsidy certificate (newborn)', 'Once the baby has health insurance, apply for the certificate within 30 days of the birth.', "Baby's health insurance card (certificate of eligibility)"]) },
    { procedureId: 'national_health_insurance_join_birth', lifeEvent: 'birth', department: d.insurance, condition: { newborn: true, parentInsurance: 'national' }, deadlineDays: 14, feeYen: 0,
      texts: t(['国民健康保険の加入（出生）', '親が国民健康保険に入っている場合、赤ちゃんも生まれた日から国民健康保険に加入します。', '母子健康手帳、世帯主の本人確認書類'], ['Joining National Health Insurance (newborn)', 'If a parent is in National Health Insurance, the baby joins it too, from the day of birth.', "Maternal and child health handbook, householder's ID"]) },
    { procedureId: 'death_notification', lifeEvent: 'death', department: d.residents, condition: { deceased: true }, deadlineDays: 7, feeYen: 0,
      texts: t(['死亡届', '死亡を知った日から7日以内に届け出ます。', '死亡診断書'], ['Death registration', 'Register within 7 days of learning of the death.', 'Death certificate']) },
    { procedureId: 'national_health_insurance_loss_death', lifeEvent: 'death', department: d.insurance, condition: { deceased: true, insurance: 'national' }, deadlineDays: 14, feeYen: 0,
      texts: t(['国民健康保険の資格喪失（死亡）', '亡くなった方の国民健康保険をやめる手続きをし、保険証を返します。葬祭費は2年以内に請求できます。', '亡くなった方の保険証、葬儀を行った方の口座、葬儀の領収書または会葬礼状'], ['Leaving National Health Insurance (death)', "End the deceased's National Health Insurance and return the card. The funeral expenses grant can be claimed within 2 years.", "Deceased's insurance card; bank account of the person who held the funeral; funeral receipt or thank-you card"]) },
    { procedureId: 'late_elderly_loss', lifeEvent: 'death', department: d.elderly, condition: { deceased: true, any: [{ ageAtLeast: 75 }, { insurance: 'late_elderly' }], not: { insurance: 'welfare' } }, deadlineDays: 14, feeYen: 0,
      texts: t(['後期高齢者医療の資格喪失', '亡くなった方の後期高齢者医療の保険証を返します。葬祭費を請求できます。', '亡くなった方の保険証、葬儀を行った方の口座、葬儀の領収書'], ['Leaving medical care for people 75 and older', "Return the deceased's insurance card. The funeral expenses grant can be claimed.", "Deceased's insurance card; bank account of the person who held the funeral; funeral receipt"]) },
    { procedureId: 'long_term_care_loss', lifeEvent: 'death', department: d.care, condition: { deceased: true, any: [{ ageAtLeast: 65 }, { ageBetween: [40, 64], careCertified: true }] }, deadlineDays: 14, feeYen: 0,
      texts: t(['介護保険の資格喪失（死亡）', '亡くなった方の介護保険被保険者証などを14日以内に返します。', '介護保険被保険者証、負担割合証、負担限度額認定証（お持ちの方）'], ['Leaving long-term care insurance (death)', "Return the deceased's long-term care insurance cards within 14 days.", 'Long-term care insurance card, co-payment ratio certificate, cost-limit certificate (if any)']) },
    { procedureId: 'householder_change', lifeEvent: 'death', department: d.residents, condition: { deceased: true, relation: '世帯主', remainingMembersAtLeast: 2 }, deadlineDays: 14, feeYen: 0,
      texts: t(['世帯主変更届', '世帯主が亡くなり2人以上が残る世帯は、新しい世帯主を14日以内に届け出ます。', '新しい世帯主の本人確認書類'], ['Change of householder', 'When the householder dies and two or more members remain, notify the new householder within 14 days.', "New householder's ID"]) },
    { procedureId: 'marriage_notification', lifeEvent: 'marriage', department: d.residents, condition: { always: true }, deadlineDays: null, feeYen: 0,
      texts: t(['婚姻届', '届け出が受理された日から効力が生じます。', '本人確認書類、戸籍謄本（本籍地以外の場合）'], ['Marriage registration', 'Takes effect when accepted.', 'ID; family register copy (if registered elsewhere)']) },
    { procedureId: 'national_health_insurance_loss_marriage', lifeEvent: 'marriage', department: d.insurance, condition: { requested: true }, deadlineDays: 14, feeYen: 0,
      texts: t(['国民健康保険の資格喪失（婚姻）', '結婚して配偶者の勤務先の健康保険に入った方は、14日以内に国民健康保険をやめる手続きをします。', '国民健康保険の保険証（資格確認書）、新しい健康保険の資格情報がわかるもの'], ['Leaving National Health Insurance (marriage)', "If you joined your spouse's employer health insurance on marriage, leave National Health Insurance within 14 days.", 'National Health Insurance card; proof of the new health insurance']) },
    { procedureId: 'resident_certificate', lifeEvent: 'certificate', department: d.residents, condition: { requested: true }, deadlineDays: null, feeYen: certificateFee,
      texts: t(['住民票の写し', '住民票の写しを発行します。', '本人確認書類'], ['Certificate of residence', 'Issue a copy of the resident record.', 'ID']) },
  ];
}

export const DEMO_CATALOGS: Record<string, CatalogSeed[]> = {
  '212113': catalog(
    { residents: '市民課', insurance: '保険年金課', pension: '保険年金課', welfare: '福祉課', childMedical: '保険年金課', education: '学校教育課', care: '高齢福祉課', elderly: '保険年金課' },
    300,
  ),
  '215015': catalog(
    { residents: '町民課', insurance: '町民課', pension: '町民課', welfare: '福祉課', childMedical: '福祉課', education: '教育委員会', care: '福祉課', elderly: '町民課' },
    300,
  ),
};
