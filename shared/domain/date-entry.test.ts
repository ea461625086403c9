import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eraYearOf, readDateEntry } from './date-entry';

const iso = (text: string) => {
  const read = readDateEntry(text);
  return read.ok ? read.iso : read.problem;
};

describe('readDateEntry', () => {
  it('reads 西暦 with hyphens, slashes, dots, 年月日 or no separator at all', () => {
    for (const text of ['2026-12-19', '2026/12/19', '2026.12.19', '20261219', '2026年12月19日', '2026年12月19', ' 2026 / 12 / 19 ']) assert.equal(iso(text), '2026-12-19', text);
    assert.equal(iso('2026-1-8'), '2026-01-08');
    assert.equal(iso('2026/1/8'), '2026-01-08');
  });

  it('reads 和暦 by letter or by name, with 元年, and full-width digits from an IME', () => {
    assert.equal(iso('R8.12.19'), '2026-12-19');
    assert.equal(iso('r8/12/19'), '2026-12-19');
    assert.equal(iso('R08.12.19'), '2026-12-19');
    assert.equal(iso('R081219'), '2026-12-19');
    assert.equal(iso('令和8年12月19日'), '2026-12-19');
    assert.equal(iso('令8.12.19'), '2026-12-19');
    assert.equal(iso('令和８年１２月１９日'), '2026-12-19');
    assert.equal(iso('Ｒ８．１２．１９'), '2026-12-19');
    assert.equal(iso('H2.1.8'), '1990-01-08');
    assert.equal(iso('平成2年1月8日'), '1990-01-08');
    assert.equal(iso('S60-3-4'), '1985-03-04');
    assert.equal(iso('昭和56年4月27日'), '1981-04-27');
    assert.equal(iso('T15.12.24'), '1926-12-24');
    assert.equal(iso('M45.7.29'), '1912-07-29');
  });

  it('knows the era boundaries: 平成31年4月30日 and 令和元年5月1日 are one day apart, 平成31年5月1日 is no date', () => {
    assert.equal(iso('平成31年4月30日'), '2019-04-30');
    assert.equal(iso('令和元年5月1日'), '2019-05-01');
    assert.equal(iso('R1.5.1'), '2019-05-01');
    assert.deepEqual(readDateEntry('平成31年5月1日'), { ok: false, problem: 'outside_era', era: '平成', first: '1989-01-08', last: '2019-04-30' });
    assert.deepEqual(readDateEntry('令和元年4月30日'), { ok: false, problem: 'outside_era', era: '令和', first: '2019-05-01', last: null });
    assert.equal(iso('昭和64年1月7日'), '1989-01-07');
    assert.equal(iso('平成元年1月8日'), '1989-01-08');
    assert.equal(iso('S64.1.8'), 'outside_era');
    assert.equal(iso('H1.1.7'), 'outside_era');
    assert.equal(iso('大正15年12月25日'), 'outside_era');
    assert.equal(iso('昭和元年12月25日'), '1926-12-25');
  });

  it('refuses days that do not exist', () => {
    for (const text of ['2026-02-29', '2026-02-30', '2026-13-01', '2026-00-10', '2026-04-31', '20260230', 'R8.2.29', 'H31.2.29', '令和8年12月32日']) assert.equal(iso(text), 'no_such_day', text);
    assert.equal(iso('2028-02-29'), '2028-02-29', 'a leap year');
    assert.equal(iso('R10.2.29'), '2028-02-29');
  });

  it('says when it cannot read the text at all, and when there is none', () => {
    assert.equal(iso(''), 'empty');
    assert.equal(iso('   '), 'empty');
    for (const text of ['2026', '202612', '2026121', '26/12/19', '12/19/2026', '2026-12/19', 'R0.1.1', 'X8.12.19', '令和', 'R8', 'tomorrow', '2026-12-19T00:00', '2026年12月', '12月19日']) {
      assert.equal(iso(text), 'unreadable', text);
    }
  });
});

describe('readDateEntry near a day (the dates of a visit)', () => {
  const near = '2026-12-08';
  it('reads a month and day as the nearest such day, either side of the new year', () => {
    assert.deepEqual(readDateEntry('11.30', near), { ok: true, iso: '2026-11-30' });
    assert.deepEqual(readDateEntry('11/30', near), { ok: true, iso: '2026-11-30' });
    assert.deepEqual(readDateEntry('１１月３０日', near), { ok: true, iso: '2026-11-30' });
    assert.deepEqual(readDateEntry('1.5', near), { ok: true, iso: '2027-01-05' });
    // About half a year away, whichever side is nearer (171 days back vs 175 ahead).
    assert.deepEqual(readDateEntry('6.20', near), { ok: true, iso: '2026-06-20' });
    assert.deepEqual(readDateEntry('6.1', near), { ok: true, iso: '2027-06-01' });
  });
  it('finds 2月29日 in the nearest leap year, and refuses a day no month has', () => {
    assert.deepEqual(readDateEntry('2.29', '2027-12-01'), { ok: true, iso: '2028-02-29' });
    assert.deepEqual(readDateEntry('2.30', near), { ok: false, problem: 'no_such_day' });
    assert.deepEqual(readDateEntry('13.1', near), { ok: false, problem: 'no_such_day' });
  });
  it('still reads every full date the same, and a month and day only where a near day is given', () => {
    assert.deepEqual(readDateEntry('R8.11.30', near), { ok: true, iso: '2026-11-30' });
    assert.deepEqual(readDateEntry('20261130', near), { ok: true, iso: '2026-11-30' });
    assert.deepEqual(readDateEntry('11.30'), { ok: false, problem: 'unreadable' });
    assert.deepEqual(readDateEntry('1130', near), { ok: false, problem: 'unreadable' });
  });
});

describe('eraYearOf', () => {
  it('gives the 和暦 year, 元年 for the first', () => {
    assert.equal(eraYearOf('2026-12-19'), '令和8年');
    assert.equal(eraYearOf('2019-05-01'), '令和元年');
    assert.equal(eraYearOf('2019-04-30'), '平成31年');
    assert.equal(eraYearOf('1989-01-07'), '昭和64年');
    assert.equal(eraYearOf('1989-01-08'), '平成元年');
    assert.equal(eraYearOf('1850-01-01'), null);
    assert.equal(eraYearOf('not a date'), null);
  });

  it('reads back what it writes: every day of an era through its 和暦 year', () => {
    for (const date of ['1926-12-25', '1970-06-15', '1989-01-07', '1989-01-08', '2019-04-30', '2019-05-01', '2026-12-19']) {
      const eraYear = eraYearOf(date)!;
      const [, month, dayOfMonth] = date.split('-').map(Number);
      assert.equal(iso(`${eraYear}${month}月${dayOfMonth}日`), date, eraYear);
    }
  });
});
