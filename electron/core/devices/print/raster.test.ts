import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { wrapByUnits } from './line-break';
import { bitsToPng, inkCount, rasterizeText } from './raster';
import { printFontCoverage } from './fonts';

async function pngToBits(png: Buffer): Promise<{ width: number; height: number; bits: Uint8Array; grey: number }> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const data = ctx.getImageData(0, 0, image.width, image.height).data;
  const bits = new Uint8Array((image.width / 8) * image.height);
  let grey = 0;
  for (let i = 0; i < image.width * image.height; i++) {
    const v = data[i * 4] as number;
    if (v !== 0 && v !== 255) grey++;
    if (v < 128) bits[Math.floor(i / image.width) * (image.width / 8) + ((i % image.width) >> 3)]! |= 0x80 >> (i % image.width & 7);
  }
  return { width: image.width, height: image.height, bits, grey };
}

describe('raster: text the printer font cannot print', () => {
  for (const [lang, text] of [
    ['vi', 'Nguyễn Văn Tiến'],
    ['ne', 'नेपाल क्षेत्र श्री'],
    ['zh-CN', '简体中文 这个'],
    ['ko', '한국어 번호표'],
    ['ja', '髙橋 麵'],
    ['pt-BR', 'São Paulo'],
  ] as const) {
    it(`${lang}: a 576-dot 1-bit block with ink, its PNG carrying exactly the bits`, async () => {
      const block = rasterizeText(text, { lang });
      assert.equal(block.width, 576);
      assert.equal(block.bytesPerRow, 72);
      assert.equal(block.bits.length, 72 * block.height);
      assert.ok(block.height >= 28 && block.height < 80, `one line, height ${block.height}`);
      assert.ok(inkCount(block) > 200, 'the text was drawn');
      const back = await pngToBits(block.png);
      assert.equal(back.width, 576);
      assert.equal(back.height, block.height);
      assert.equal(back.grey, 0, 'pure black and white: no dithering, no anti-aliasing grey');
      assert.deepEqual(back.bits, block.bits);
    });
  }

  it('wraps by measured width and never exceeds it', () => {
    const text = 'Vui lòng chờ đến khi số của bạn hiện trên màn hình. Cảm ơn quý khách rất nhiều vì đã chờ đợi.';
    const block = rasterizeText(text, { lang: 'vi' });
    assert.ok(block.lines.length >= 2);
    assert.equal(block.lines.join(' ').replace(/\s+/g, ' '), text);
  });

  it('lines break between words, and inside a word only between graphemes', () => {
    const measure = (s: string) => [...new Intl.Segmenter('ne', { granularity: 'grapheme' }).segment(s)].length;
    assert.deepEqual(wrapByUnits('aa bb cc', 5, measure), ['aa bb', 'cc']);
    const lines = wrapByUnits('क्षेत्रक्षेत्रक्षेत्र', 2, measure, 'ne');
    for (const line of lines) assert.ok(!/^[\u093e-\u094d]/.test(line), `line starts with a combining sign: ${line}`);
    assert.equal(lines.join(''), 'क्षेत्रक्षेत्रक्षेत्र');
    assert.deepEqual(wrapByUnits('一行目\n二行目', 100, (s) => s.length), ['一行目', '二行目']);
  });

  it('refuses fonts under 24 px and widths that are not whole bytes', () => {
    assert.throws(() => rasterizeText('x', { fontPx: 20 }), RangeError);
    assert.throws(() => rasterizeText('x', { widthDots: 570 }), RangeError);
  });

  it('threshold: a higher level turns more anti-aliased edge pixels black', () => {
    const light = inkCount(rasterizeText('Nguyễn', { lang: 'vi', threshold: 64 }));
    const dark = inkCount(rasterizeText('Nguyễn', { lang: 'vi', threshold: 200 }));
    assert.ok(dark > light);
  });

  it('bitsToPng round trip for an odd pattern', async () => {
    const bits = Uint8Array.from({ length: 16 }, (_, i) => (i * 37) & 0xff);
    const back = await pngToBits(bitsToPng(bits, 16, 8));
    assert.deepEqual(back.bits, bits);
  });

  it('reports which font draws each resident language', () => {
    const coverage = printFontCoverage(['ja', 'pt-BR', 'vi', 'ne', 'zh-CN', 'ko']);
    for (const lang of ['ja', 'pt-BR', 'vi']) {
      assert.deepEqual(coverage.find((c) => c.lang === lang), { lang, family: 'BIZ UDPGothic', origin: 'npm' }, `${lang} is drawn with the bundled font`);
    }
    // ne, zh-CN, ko: whatever the machine has (Debian's Noto here); a font must exist for each.
    for (const c of coverage) assert.notEqual(c.family, null, `no font for ${c.lang}`);
  });
});
