import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dateInJapan, formatDate, isIsoDate, nepaliLongDate } from './dates';
import { BUNDLED_LANGUAGES } from './languages';

test('Japanese and やさしい日本語 read 年月日 without leading zeros', () => {
  assert.equal(formatDate('2026-12-09', 'ja'), '2026年12月9日');
  assert.equal(formatDate('2026-01-19', 'ja-x-easy'), '2026年1月19日');
});

test('other languages get their own long format, never the ISO form', () => {
  assert.equal(formatDate('2026-12-19', 'en'), 'December 19, 2026');
  assert.match(formatDate('2026-12-19', 'pt-BR'), /19 de dezembro de 2026/);
  assert.match(formatDate('2026-12-19', 'ko'), /2026년 12월 19일/);
  for (const language of BUNDLED_LANGUAGES) {
    const text = formatDate('2026-12-19', language);
    assert.doesNotMatch(text, /2026-12-19/, language);
    // Nepali writes its own digits (CLDR: Devanagari numbering), as Nepali paper does.
    assert.match(text, language === 'ne' ? /१९/ : /19/, language);
  }
});

test('a calendar day that does not exist, or a non-date, is returned unchanged', () => {
  assert.equal(isIsoDate('2026-02-30'), false);
  assert.equal(isIsoDate('2028-02-29'), true);
  assert.equal(formatDate('2026-02-30', 'en'), '2026-02-30');
  assert.equal(formatDate('soon', 'vi'), 'soon');
});

test('Nepali where the runtime has no Nepali locale data (Chromium) reads as full ICU writes it', () => {
  for (let month = 1; month <= 12; month++) {
    const iso = `2026-${String(month).padStart(2, '0')}-${month + 10}`;
    assert.equal(nepaliLongDate(2026, month, month + 10), formatDate(iso, 'ne'), iso);
  }
});

test('the day in Japan turns at 15:00 UTC, whatever the clock of the machine says', () => {
  assert.equal(dateInJapan(new Date('2026-03-31T14:59:59.999Z')), '2026-03-31');
  assert.equal(dateInJapan(new Date('2026-03-31T15:00:00Z')), '2026-04-01');
  assert.equal(dateInJapan(new Date('2026-12-31T20:00:00Z')), '2027-01-01');
});
