/**
 * Demo procedure catalogs (手続きカタログ) for the two first tenants. Data, not code: each tenant's catalog
 * lives in its own rows and may differ (department names, fees, deadlines). Values follow
 * shared/reference/domain.md §2–3, where they are marked as examples; a real tenant loads its own through
 * the admin import. Conditions use the rules-engine vocabulary (evaluated by the visit issue's engine).
 */
export interface CatalogSeed {
  procedureId: string;
  lifeEvent: 'moving_in' | 'moving_out' | 'moving_within' | 'birth' | 'death' | 'marriage' | 'certificate';
  department: string;
  condition: unknown;
  deadlineDays: number | null;
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
      texts: t(['在留カードの住居地届出', '転入届と一緒に在留カードを出すと、住居地の届出になります。', '在留カード'], ['Residence card address notification', 'Presenting your residence card with the moving-in notification also notifies your new address.', 'Residence card']) },
    { procedureId: 'my_number_card_address', lifeEvent: 'moving_in', department: d.residents, condition: { hasMyNumberCard: true }, deadlineDays: 90, feeYen: 0,
      texts: t(['マイナンバーカードの住所変更（継続利用）', '転入届の日から90日以内に手続きしないとカードが使えなくなります。', 'マイナンバーカード、暗証番号（数字4桁）'], ['My Number card address update', 'Update within 90 days of the moving-in notification, or the card becomes invalid.', 'My Number card, 4-digit PIN']) },
    { procedureId: 'national_health_insurance_join', lifeEvent: 'moving_in', department: d.insurance, condition: { all: [{ not: { insurance: 'employee' } }, { not: { insurance: 'welfare' } }, { ageBelow: 75 }] }, deadlineDays: 14, feeYen: 0,
      texts: t(['国民健康保険の加入', '勤務先の健康保険に入っていない方は国民健康保険に加入します。', '本人確認書類'], ['Joining National Health Insurance', 'Residents not covered by an employer health insurance join National Health Insurance.', 'ID']) },
    { procedureId: 'national_pension', lifeEvent: 'moving_in', department: d.pension, condition: { all: [{ ageBetween: [20, 59] }, { pension: 'national' }] }, deadlineDays: 14, feeYen: 0,
      texts: t(['国民年金の手続き', '20歳から59歳で厚生年金に入っていない方は国民年金の手続きをします。', '基礎年金番号がわかるもの'], ['National Pension', 'Residents aged 20 to 59 who are not in an employee pension register for the National Pension.', 'Something showing your basic pension number']) },
    { procedureId: 'child_allowance', lifeEvent: 'moving_in', department: d.welfare, condition: { householdHasChildUntilFiscalYearEndOfAge: 18, role: 'parent' }, deadlineDays: 15, feeYen: 0,
      texts: t(['児童手当の認定請求', '18歳の年度末までの子どもを育てている方が申請します。申請の翌月分から支給されます。', '請求者名義の口座、健康保険証、請求者と配偶者のマイナンバー'], ['Child allowance', 'For parents raising children up to the end of the fiscal year in which they turn 18. Paid from the month after you apply.', "Bank account in the claimant's name, health insurance card, My Numbers of claimant and spouse"]) },
    { procedureId: 'child_medical_subsidy', lifeEvent: 'moving_in', department: d.childMedical, condition: { childUntilFiscalYearEndOfAge: 18 }, deadlineDays: 30, feeYen: 0,
      texts: t(['子ども医療費受給者証', '子どもの医療費の助成を受けるための受給者証を申請します。', '子どもの健康保険証'], ['Child medical subsidy certificate', "Apply for the certificate that subsidises children's medical costs.", "Child's health insurance card"]) },
    { procedureId: 'school_transfer', lifeEvent: 'moving_in', department: d.education, condition: { schoolAge: ['elementary', 'junior_high'] }, deadlineDays: null, feeYen: 0,
      texts: t(['小中学校の転入学', '転入学通知書を受け取り、新しい学校に行きます。', '在学証明書、教科書給与証明書'], ['School transfer', 'Receive the school transfer notice and take it to the new school.', 'Certificate of enrolment, textbook certificate']) },
    { procedureId: 'long_term_care_insurance', lifeEvent: 'moving_in', department: d.care, condition: { any: [{ ageAtLeast: 65 }, { all: [{ ageBetween: [40, 64] }, { careCertified: true }] }] }, deadlineDays: 14, feeYen: 0,
      texts: t(['介護保険の手続き', '65歳以上の方、または要介護認定を受けている40〜64歳の方が手続きします。', '受給資格証明書（認定を受けている方）'], ['Long-term care insurance', 'For residents 65 or older, or 40 to 64 with a care-need certification.', 'Certificate of eligibility (if certified)']) },
    { procedureId: 'late_elderly_medical', lifeEvent: 'moving_in', department: d.elderly, condition: { ageAtLeast: 75 }, deadlineDays: 14, feeYen: 0,
      texts: t(['後期高齢者医療の手続き', '75歳以上の方が手続きします。', '負担区分証明書（県外からの転入の場合）'], ['Medical care for people 75 and older', 'For residents aged 75 or older.', 'Certificate of co-payment category (if moving from another prefecture)']) },
    { procedureId: 'moving_out_notification', lifeEvent: 'moving_out', department: d.residents, condition: { always: true }, deadlineDays: 14, feeYen: 0,
      texts: t(['転出届', '引っ越しの前後14日以内に届け出ます。', '本人確認書類'], ['Moving-out notification', 'Notify within 14 days before or after the move.', 'ID']) },
    { procedureId: 'moving_within_notification', lifeEvent: 'moving_within', department: d.residents, condition: { always: true }, deadlineDays: 14, feeYen: 0,
      texts: t(['転居届', '引っ越した日から14日以内に届け出ます。', '本人確認書類、在留カード（外国籍の方）'], ['Notification of moving within the municipality', 'Notify within 14 days of the move.', 'ID; residence card (foreign residents)']) },
    { procedureId: 'birth_notification', lifeEvent: 'birth', department: d.residents, condition: { newborn: true }, deadlineDays: 14, feeYen: 0,
      texts: t(['出生届', '生まれた日を含めて14日以内に届け出ます。', '出生証明書、母子健康手帳'], ['Birth registration', 'Register within 14 days, counting the day of birth.', 'Birth certificate, maternal and child health handbook']) },
    { procedureId: 'death_notification', lifeEvent: 'death', department: d.residents, condition: { deceased: true }, deadlineDays: 7, feeYen: 0,
      texts: t(['死亡届', '死亡を知った日から7日以内に届け出ます。', '死亡診断書'], ['Death registration', 'Register within 7 days of learning of the death.', 'Death certificate']) },
    { procedureId: 'marriage_notification', lifeEvent: 'marriage', department: d.residents, condition: { always: true }, deadlineDays: null, feeYen: 0,
      texts: t(['婚姻届', '届け出が受理された日から効力が生じます。', '本人確認書類、戸籍謄本（本籍地以外の場合）'], ['Marriage registration', 'Takes effect when accepted.', 'ID; family register copy (if registered elsewhere)']) },
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
