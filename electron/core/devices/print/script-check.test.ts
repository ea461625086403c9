import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeAsPrinter, encodeForPrinter, needsRaster, printableInPrinterFont } from './script-check';

describe('script-check: the "needs raster?" detector', () => {
  // What iconv-lite's Shift_JIS round trip does to each kind of text, with the decision for each row.
  const table: [string, boolean][] = [
    ['São Paulo ção é ñ', true], // accented Portuguese/Spanish become "?"
    ['São Paulo', true],
    ['Nguyễn Văn Tiến', true],
    ['麵', true], // outside Shift_JIS
    ['नेपाल', true],
    ['简体中文 这个', true], // 简 and 这 are simplified-only
    ['髙橋', true], // 髙 exists only as an IBM extension (FBFC): raster unless the model is verified
    ['髙橋 﨑 麵 辻', true],
  ];
  for (const [text, raster] of table) {
    it(`${text} → ${raster ? 'raster' : 'printer font'}`, () => assert.equal(needsRaster(text), raster));
  }

  it('prints Japanese, ASCII and amounts in the printer font', () => {
    for (const text of ['領収書', '住民票の写し ×2', '合計 1,200円', '受付番号 2026-000123', 'ｱｲｳ', '〒231-0021', 'Total paid', '辻 高橋', '¥300']) {
      assert.equal(printableInPrinterFont(text), true, text);
    }
  });

  it('髙 and 﨑 print in the printer font when the model is declared CP932-complete', () => {
    assert.equal(printableInPrinterFont('髙橋', { repertoire: 'cp932' }), true);
    assert.equal(printableInPrinterFont('﨑', { repertoire: 'cp932' }), true);
    assert.equal(printableInPrinterFont('麵', { repertoire: 'cp932' }), false);
  });

  it('NEC row 13 (①, №, ㈱) is not trusted by default', () => {
    assert.equal(needsRaster('①'), true);
    assert.equal(needsRaster('㈱'), true);
    assert.equal(needsRaster('㈱', { repertoire: 'cp932' }), false);
  });

  it('reads 0x5C and 0x7E as the Japanese printer does (¥ and ‾ under ESC R 8)', () => {
    assert.equal(decodeAsPrinter(encodeForPrinter('a\\b~c')), 'a¥b‾c');
    assert.equal(needsRaster('C:\\path'), true, 'a backslash would print as ¥');
    assert.equal(needsRaster('~'), true, 'a tilde would print as an overline');
    // 表 is 0x95 0x5C: the trail byte is not a yen sign
    assert.equal(decodeAsPrinter(encodeForPrinter('表')), '表');
    assert.equal(printableInPrinterFont('表示'), true);
  });

  it('never prints control characters from text', () => {
    assert.equal(needsRaster('a\tb'), true);
    assert.equal(needsRaster('a\u0000'), true);
    assert.equal(needsRaster('\u0085'), true);
  });

  it('compares in NFC (receiptline normalises documents)', () => {
    assert.equal(printableInPrinterFont('が'), true);
    assert.equal(printableInPrinterFont('か\u3099'), true); // か + combining dakuten → が
  });

  it('property: every string gets a boolean, and printable strings survive the printer round trip', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        const ok = printableInPrinterFont(s);
        assert.equal(typeof ok, 'boolean');
        if (ok) assert.equal(decodeAsPrinter(encodeForPrinter(s.normalize('NFC'))), s.normalize('NFC'));
      }),
      { numRuns: 2000 },
    );
  });

  it('property: plain ASCII without \\ and ~ is always printer font', () => {
    const ascii = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7d }).filter((c) => c !== 0x5c).map((c) => String.fromCharCode(c)), maxLength: 60 });
    fc.assert(fc.property(ascii, (s) => printableInPrinterFont(s)), { numRuns: 2000 });
  });
});
