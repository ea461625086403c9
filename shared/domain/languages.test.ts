import assert from 'node:assert/strict';
import { test } from 'node:test';
import { residentLanguageOf, staffUiLanguageOf } from './languages';

test('a resident who chose no language is spoken to in Japanese; a chosen one is kept', () => {
  assert.equal(residentLanguageOf(null), 'ja');
  assert.equal(residentLanguageOf(undefined), 'ja');
  assert.equal(residentLanguageOf('pt-BR'), 'pt-BR');
  assert.equal(residentLanguageOf('ja-x-easy'), 'ja-x-easy');
});

test("the clerk's screen keeps a language it is translated into and falls back to Japanese otherwise", () => {
  assert.equal(staffUiLanguageOf('en'), 'en');
  assert.equal(staffUiLanguageOf('pt-BR'), 'ja');
  assert.equal(staffUiLanguageOf('klingon'), 'ja');
  assert.equal(staffUiLanguageOf(null), 'ja');
});
