import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDate } from '../../../../shared/domain/dates';
import { BUNDLED_LANGUAGES } from '../../../../shared/domain/languages';
import { formatWareki } from '../../../../shared/domain/wareki';
import { breakUnits, wrapByUnits } from './line-break';

/** One unit per character: a monospace line, so every width from narrow to wide can be tried. */
const length = (s: string) => [...s].length;
/** Shift_JIS cells, as the printer font counts them. */
const cells = (s: string) => [...s].reduce((n, c) => n + (c.codePointAt(0)! < 0x80 ? 1 : 2), 0);

const OPENING_AT_END = /[\p{Ps}\p{Pi}¿¡]$|(?:^|\s)["']$/u;
/** Closing punctuation; an ASCII quote at a line start opens (it is checked at line ends above). */
const CLOSING_AT_START = /^(?!["'])[\p{Pe}\p{Pf}\p{Po}\p{Pd}]/u;

function assertBracketsKept(lines: string[], what: string): void {
  for (const line of lines) {
    assert.ok(!OPENING_AT_END.test(line), `${what}: a line ends with an opening bracket: ${JSON.stringify(lines)}`);
    assert.ok(!CLOSING_AT_START.test(line), `${what}: a line starts with closing punctuation: ${JSON.stringify(lines)}`);
  }
}

describe('line breaks on the receipt', () => {
  it('an opening bracket stays with the word after it, a closing one with the word before, at every width', () => {
    const text = 'Notificação de mudança para o município (Tennyu Todoke), cartão "My Number" [ID]';
    for (let width = 14; width <= 60; width++) {
      const lines = wrapByUnits(text, width, length, 'pt-BR');
      assertBracketsKept(lines, `width ${width}`);
      assert.equal(lines.join(' '), text, 'nothing lost or added');
    }
  });

  it('Japanese: （ never ends a line, ）、。 never start one (禁則)', () => {
    const text = '転出証明書（またはマイナンバーカード）、本人確認書類。在留カードの住居地届出（継続利用）';
    for (let width = 12; width <= 40; width++) {
      const lines = wrapByUnits(text, width, cells, 'ja');
      assertBracketsKept(lines, `width ${width}`);
      assert.equal(lines.join(''), text);
    }
  });

  it('a date in any resident language is one unit, never split across lines', () => {
    for (const language of BUNDLED_LANGUAGES) {
      for (const iso of ['2026-12-19', '2027-03-05', '2019-05-01']) {
        const dates = [formatDate(iso, language), formatWareki(iso), iso, `${formatWareki(iso)} 10:23`];
        for (const date of dates) {
          const text = `Prazo ${date} (deadline) ${date}.`;
          assert.ok(breakUnits(text, language).some((unit) => unit.includes(date)), `${language}: ${date} is one unit`);
          for (let width = length(date) + 2; width <= 40; width++) {
            const lines = wrapByUnits(text, width, length, language);
            const whole = lines.reduce((n, line) => n + line.split(date).length - 1, 0);
            assert.equal(whole, 2, `${language} ${date} at width ${width}: ${JSON.stringify(lines)}`);
          }
        }
      }
    }
  });

  it('a date wider than the whole line breaks between its words, never inside a number', () => {
    const lines = wrapByUnits('até 19 de dezembro de 2026 (sábado).', 16, length, 'pt-BR');
    assert.deepEqual(lines, ['até', '19 de dezembro', 'de 2026', '(sábado).']);
  });

  it('a unit wider than the line still breaks (between graphemes) rather than overflowing', () => {
    const lines = wrapByUnits('(https://example.invalid/a/very/long/path)', 10, length);
    assert.ok(lines.every((line) => length(line) <= 10));
    assert.equal(lines.join(''), '(https://example.invalid/a/very/long/path)');
  });
});
