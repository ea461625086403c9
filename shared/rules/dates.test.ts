import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addDays,
  ageAttainmentDate,
  compare,
  daysBetween,
  elementarySchoolEntryYear,
  fiscalYearEndAfterAge,
  fiscalYearOf,
  isIsoDate,
  isUntilFiscalYearEndOfAge,
  legalAge,
  schoolGrade,
  schoolStage,
} from './dates';

describe('ISO date helpers', () => {
  it('adds days across months, years and leap days', () => {
    assert.equal(addDays('2026-11-27', 14), '2026-12-11');
    assert.equal(addDays('2026-12-25', 10), '2027-01-04');
    assert.equal(addDays('2024-02-28', 1), '2024-02-29');
    assert.equal(addDays('2025-02-28', 1), '2025-03-01');
    assert.equal(addDays('2000-02-28', 1), '2000-02-29');
    assert.equal(addDays('1900-02-28', 1), '1900-03-01');
    assert.equal(addDays('2026-03-01', -1), '2026-02-28');
    assert.equal(addDays('1970-01-01', -1), '1969-12-31');
    assert.equal(addDays('2026-11-27', 0), '2026-11-27');
  });

  it('round-trips every day of four centuries', () => {
    let date = '1900-01-01';
    for (let i = 0; i < 146097; i += 1) {
      const next = addDays(date, 1);
      assert.equal(compare(date, next), -1);
      assert.equal(addDays(next, -1), date);
      date = next;
    }
    assert.equal(date, '2300-01-01');
    assert.equal(daysBetween('1900-01-01', '2300-01-01'), 146097);
  });

  it('compares and validates', () => {
    assert.equal(compare('2026-03-31', '2026-04-01'), -1);
    assert.equal(compare('2026-04-01', '2026-04-01'), 0);
    assert.equal(compare('2027-01-01', '2026-12-31'), 1);
    assert.equal(daysBetween('2026-11-27', '2026-11-20'), -7);
    for (const bad of ['2025-02-29', '2026-13-01', '2026-04-31', '2026-4-1', '20260401', '2026-04-01T00:00', '']) {
      assert.equal(isIsoDate(bad), false, bad);
      assert.throws(() => addDays(bad, 1), RangeError, bad);
    }
    assert.equal(isIsoDate('2024-02-29'), true);
  });
});

describe('legal age (年齢計算ニ関スル法律)', () => {
  it('is one year older on the day before the birthday', () => {
    assert.equal(legalAge('1961-11-28', '2026-11-26'), 64);
    assert.equal(legalAge('1961-11-28', '2026-11-27'), 65); // 65歳到達日
    assert.equal(legalAge('1961-11-28', '2026-11-28'), 65);
    assert.equal(legalAge('2026-11-27', '2026-11-27'), 0);
    assert.equal(ageAttainmentDate('1961-11-28', 65), '2026-11-27');
  });

  it('born on 1 April: older on 31 March', () => {
    assert.equal(legalAge('2008-04-01', '2026-03-30'), 17);
    assert.equal(legalAge('2008-04-01', '2026-03-31'), 18);
    assert.equal(ageAttainmentDate('2008-04-01', 18), '2026-03-31');
    assert.equal(ageAttainmentDate('2008-04-02', 18), '2026-04-01');
  });

  it('born on 29 February: older on 28 February, in common and leap years', () => {
    assert.equal(legalAge('1960-02-29', '2025-02-27'), 64);
    assert.equal(legalAge('1960-02-29', '2025-02-28'), 65); // common year
    assert.equal(legalAge('1960-02-29', '2025-03-01'), 65);
    assert.equal(legalAge('2008-02-29', '2028-02-27'), 19);
    assert.equal(legalAge('2008-02-29', '2028-02-28'), 20); // leap year: still the 28th
    assert.equal(legalAge('2008-02-29', '2028-02-29'), 20);
    assert.equal(ageAttainmentDate('1960-02-29', 65), '2025-02-28');
    assert.equal(ageAttainmentDate('2008-02-29', 20), '2028-02-28');
  });

  it('is never negative: a date before birth is an error', () => {
    assert.throws(() => legalAge('2026-11-27', '2026-11-26'), RangeError);
  });
});

describe('school stages (学年: 2 April … 1 April cohorts)', () => {
  it('starts elementary school in the April after attaining 6', () => {
    assert.equal(elementarySchoolEntryYear('2019-04-01'), 2025);
    assert.equal(elementarySchoolEntryYear('2019-04-02'), 2026);
    assert.equal(elementarySchoolEntryYear('2019-01-15'), 2025);
    assert.equal(elementarySchoolEntryYear('2020-02-29'), 2026);
    assert.equal(elementarySchoolEntryYear('2018-12-31'), 2025);
  });

  it('puts 1 April and 2 April births in different grades', () => {
    assert.equal(schoolStage('2019-04-01', '2025-03-31'), 'preschool');
    assert.equal(schoolStage('2019-04-01', '2025-04-01'), 'elementary');
    assert.equal(schoolStage('2019-04-02', '2026-03-31'), 'preschool');
    assert.equal(schoolStage('2019-04-02', '2026-04-01'), 'elementary');
    assert.deepEqual(schoolGrade('2019-04-01', '2026-03-15'), { stage: 'elementary', grade: 1 });
    assert.deepEqual(schoolGrade('2019-04-02', '2026-03-15'), { stage: 'preschool', grade: null });
  });

  it('moves through every stage at the school-year boundary', () => {
    const born = '2013-04-02'; // enters elementary school in April 2020
    assert.deepEqual(schoolGrade(born, '2026-03-31'), { stage: 'elementary', grade: 6 });
    assert.deepEqual(schoolGrade(born, '2026-04-01'), { stage: 'junior_high', grade: 1 });
    assert.deepEqual(schoolGrade(born, '2029-03-31'), { stage: 'junior_high', grade: 3 });
    assert.deepEqual(schoolGrade(born, '2029-04-01'), { stage: 'high_school_age', grade: 1 });
    assert.deepEqual(schoolGrade(born, '2032-03-31'), { stage: 'high_school_age', grade: 3 });
    assert.deepEqual(schoolGrade(born, '2032-04-01'), { stage: 'adult', grade: null });
    assert.deepEqual(schoolGrade('2013-04-01', '2026-03-15'), { stage: 'junior_high', grade: 1 });
  });

  it('names fiscal years after their April', () => {
    assert.equal(fiscalYearOf('2026-03-31'), 2025);
    assert.equal(fiscalYearOf('2026-04-01'), 2026);
  });
});

describe('fiscal-year end after an age (18歳到達後最初の3月31日)', () => {
  it('is the same 31 March for a child born on 1 April', () => {
    assert.equal(fiscalYearEndAfterAge('2008-04-01', 18), '2026-03-31');
    assert.equal(isUntilFiscalYearEndOfAge('2008-04-01', 18, '2026-03-31'), true);
    assert.equal(isUntilFiscalYearEndOfAge('2008-04-01', 18, '2026-04-01'), false);
  });

  it('is the next 31 March for a child born on 2 April', () => {
    assert.equal(fiscalYearEndAfterAge('2008-04-02', 18), '2027-03-31');
    assert.equal(isUntilFiscalYearEndOfAge('2008-04-02', 18, '2026-04-01'), true);
    assert.equal(isUntilFiscalYearEndOfAge('2008-04-02', 18, '2027-04-01'), false);
  });

  it('handles 29 February and mid-year birthdays', () => {
    assert.equal(fiscalYearEndAfterAge('2008-02-29', 18), '2026-03-31');
    assert.equal(fiscalYearEndAfterAge('2008-03-31', 18), '2026-03-31');
    assert.equal(fiscalYearEndAfterAge('2008-11-27', 18), '2027-03-31');
    assert.equal(fiscalYearEndAfterAge('2011-06-01', 15), '2027-03-31');
  });

  it('agrees with the school stages: until the 18 year-end ⇔ not yet adult', () => {
    const on = '2026-06-15';
    let birth = '2004-01-01';
    while (compare(birth, on) <= 0) {
      assert.equal(isUntilFiscalYearEndOfAge(birth, 18, on), schoolStage(birth, on) !== 'adult', birth);
      assert.equal(isUntilFiscalYearEndOfAge(birth, 15, on), ['preschool', 'elementary', 'junior_high'].includes(schoolStage(birth, on)), birth);
      birth = addDays(birth, 1);
    }
  });
});
