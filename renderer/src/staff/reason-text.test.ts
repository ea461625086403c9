import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluate, type Condition, type Member } from '../../../shared/rules/engine';
import { createI18n } from '../../../shared/i18n/create';
import { reasonText } from './reason-text';

/** Reasons as the engine really gives them for a member, rendered as the procedures table shows them. */
function reasonsFor(condition: Condition, member: Member, members: Member[] = [member], language: 'ja' | 'en' = 'ja', extra: { newbornResidentId?: string } = {}): string[] {
  const i18n = createI18n(language, ['staff', 'common', 'catalog']);
  const result = evaluate(condition, member, { eventDate: '2026-12-01', members, ...extra });
  assert.ok(result.matched, 'the condition matches, so it has reasons');
  return result.reasons.map((reason) => reasonText(reason, i18n.t, language));
}

const person = (residentId: string, relation: string, birthDate: string): Member => ({
  residentId,
  relation,
  birthDate,
  sex: 1,
  kind: 'japanese',
  healthInsurance: 'national',
  pension: 'national',
  careCertified: false,
  hasMyNumberCard: false,
  hasResidenceCard: false,
});

describe('reason texts of negated conditions', () => {
  const father = person('f', '世帯主', '1990-04-01');
  const mother = person('m', '妻', '1992-04-01');
  const baby = person('b', '子', '2026-11-20');

  it('a newborn whose parents are in 国保: their insurance is other than 生活保護, not "生活保護 (does not apply)"', () => {
    const texts = reasonsFor({ newborn: true, not: { parentInsurance: 'welfare' } }, baby, [father, mother, baby], 'ja', { newbornResidentId: 'b' });
    assert.deepEqual(texts, ['新生児', '親の健康保険：生活保護以外']);
    const en = reasonsFor({ newborn: true, not: { parentInsurance: 'welfare' } }, baby, [father, mother, baby], 'en', { newbornResidentId: 'b' });
    assert.equal(en[1], "parents' health insurance other than Welfare");
  });

  it('insurance and pension lists in words, joined, with the negation said once', () => {
    assert.deepEqual(reasonsFor({ not: { insurance: 'welfare' } }, father), ['健康保険：生活保護以外']);
    assert.deepEqual(reasonsFor({ ageBetween: [20, 59], not: { pension: ['employee', 'dependent_spouse'] } }, father), ['36歳（20〜59歳）', '年金：厚生年金・第3号以外']);
  });

  it('every other negated leaf says what does not hold, with no raw placeholder left', () => {
    const cases: [Condition, string][] = [
      [{ not: { newborn: true } }, '新生児ではない'],
      [{ not: { relation: ['子', '孫'] } }, '続柄：子・孫以外'],
      [{ not: { kind: 'foreign' } }, '外国人住民ではない'],
      [{ not: { hasMyNumberCard: true } }, 'マイナンバーカードなし'],
      [{ not: { ageAtLeast: 65 } }, '36歳（65歳未満）'],
      [{ not: { ageBelow: 20 } }, '36歳（20歳以上）'],
      [{ not: { schoolAge: ['elementary', 'junior_high'] } }, '小学生・中学生以外：36歳 → 成人'],
      [{ not: { childUntilFiscalYearEndOfAge: 18 } }, '36歳（18歳の年度末を過ぎている）'],
      [{ not: { householdHasChildUntilFiscalYearEndOfAge: 18, role: 'parent' } }, '18歳の年度末までの子を養育していない'],
    ];
    for (const [condition, expected] of cases) assert.deepEqual(reasonsFor(condition, father), [expected], JSON.stringify(condition));
    for (const [condition] of cases) for (const text of reasonsFor(condition, father, [father], 'en')) assert.doesNotMatch(text, /[{}]|does not apply/, text);
  });
});

describe('reason texts of residence status', () => {
  const foreign: Member = { ...person('b', '世帯主', '1990-04-01'), kind: 'foreign', nationality: 'BR', residenceCategory: 'mid_long_term', residenceStatus: 'long_term_resident', stayExpiresOn: '2027-01-30' };
  it('says the status, category and country in the clerk\'s words, the expiry as a date', () => {
    assert.deepEqual(reasonsFor({ residenceStatus: 'long_term_resident', residenceCategory: 'mid_long_term' }, foreign), ['在留区分：中長期在留者', '在留資格：定住者']);
    assert.deepEqual(reasonsFor({ not: { residenceStatus: ['designated_activities_medical_stay', 'temporary_visitor'] } }, foreign), ['在留資格：特定活動（医療滞在）・短期滞在以外']);
    assert.deepEqual(reasonsFor({ nationality: 'BR' }, foreign), ['国籍：ブラジル']);
    assert.deepEqual(reasonsFor({ nationality: 'BR' }, foreign, [foreign], 'en'), ['nationality: Brazil']);
    assert.deepEqual(reasonsFor({ stayExpiresWithinDays: 90 }, foreign), ['在留期限 2027年1月30日（60日後、90日以内）']);
  });
});
