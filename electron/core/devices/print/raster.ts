import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import { rasterFont, registerPrintFonts } from './fonts';
import { wrapByUnits } from './line-break';

/**
 * Text the printer font cannot print (./script-check decides) is drawn here with a real shaping engine (Skia via
 * @napi-rs/canvas: Devanagari conjuncts, Vietnamese stacked diacritics, CJK) and sent as a 1-bit image.
 *
 * - Exactly the printable width (576 dots = 80 mm at 203 dpi by default), so the printer never scales it.
 * - A plain threshold, no dithering: dithered text edges print as grey fuzz on thermal paper.
 * - Lines are wrapped by measured width at word boundaries (line-break.ts: Intl.Segmenter words, brackets kept
 *   with their word, dates whole); a word wider than the line breaks by grapheme.
 * - The PNG carries exactly the thresholded bits (pure black/white), so receiptline's own conversion
 *   (`gradient: false`, threshold 128) reproduces them bit for bit.
 */

export interface RasterTextOptions {
  /** Printable width in dots; a multiple of 8. Default 576 (80 mm, 203 dpi). */
  widthDots?: number;
  /** Font size in px (= dots). At least 24: smaller glyphs lose strokes at 203 dpi. Default 28. */
  fontPx?: number;
  /** BCP 47 tag of the text: picks the fonts and the word segmentation. */
  lang?: string;
  align?: 'left' | 'center' | 'right';
  /** Luminance (0–255) below which a pixel prints black. Default 128. */
  threshold?: number;
  /** Blank dots left and right of the text. Default 8. */
  paddingX?: number;
}

export interface RasterBlock {
  width: number;
  height: number;
  bytesPerRow: number;
  /** Row-major, 8 pixels per byte, most significant bit first, 1 = black: ESC/POS raster order. */
  bits: Uint8Array;
  /** The same bits as a black-and-white PNG, for receiptline's `{image:…}`. */
  png: Buffer;
  /** The text as wrapped onto lines. */
  lines: string[];
}

export const DEFAULT_WIDTH_DOTS = 576;
export const MIN_FONT_PX = 24;
/** A runaway text must not become a metre of paper: blocks are capped at this height. */
export const MAX_HEIGHT_DOTS = 8000;

function validate(options: RasterTextOptions): Required<Omit<RasterTextOptions, 'lang'>> & { lang?: string } {
  const widthDots = options.widthDots ?? DEFAULT_WIDTH_DOTS;
  const fontPx = options.fontPx ?? 28;
  const threshold = options.threshold ?? 128;
  const paddingX = options.paddingX ?? 8;
  if (!Number.isInteger(widthDots) || widthDots <= 0 || widthDots % 8 !== 0) throw new RangeError('widthDots must be a positive multiple of 8');
  if (!(fontPx >= MIN_FONT_PX) || fontPx > 200) throw new RangeError(`fontPx must be ${MIN_FONT_PX}–200`);
  if (!(threshold >= 1 && threshold <= 255)) throw new RangeError('threshold must be 1–255');
  if (!(paddingX >= 0) || paddingX * 2 >= widthDots - fontPx) throw new RangeError('paddingX leaves no room for text');
  return { widthDots, fontPx, threshold, paddingX, align: options.align ?? 'left', lang: options.lang };
}

/** Packs RGBA pixels into 1-bit rows (1 = black) by luminance threshold. */
function threshold1bit(rgba: Uint8ClampedArray, width: number, height: number, level: number): Uint8Array {
  const bytesPerRow = width / 8;
  const bits = new Uint8Array(bytesPerRow * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      // Composited over white: a transparent pixel is paper.
      const alpha = (rgba[i + 3] as number) / 255;
      const lum = 255 * (1 - alpha) + alpha * (0.299 * (rgba[i] as number) + 0.587 * (rgba[i + 1] as number) + 0.114 * (rgba[i + 2] as number));
      if (lum < level) bits[y * bytesPerRow + (x >> 3)]! |= 0x80 >> (x & 7);
    }
  }
  return bits;
}

/** A black-and-white PNG of 1-bit rows. */
export function bitsToPng(bits: Uint8Array, width: number, height: number): Buffer {
  const canvas = createCanvas(width, Math.max(1, height));
  const ctx = canvas.getContext('2d');
  const image = ctx.createImageData(width, Math.max(1, height));
  const bytesPerRow = Math.ceil(width / 8);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const black = ((bits[y * bytesPerRow + (x >> 3)] ?? 0) & (0x80 >> (x & 7))) !== 0;
      const i = (y * width + x) * 4;
      const v = black ? 0 : 255;
      image.data[i] = v;
      image.data[i + 1] = v;
      image.data[i + 2] = v;
      image.data[i + 3] = 255;
    }
  }
  ctx.putImageData(image, 0, 0);
  return canvas.toBuffer('image/png');
}

function lineMetrics(ctx: SKRSContext2D, lines: readonly string[], fontPx: number): { ascent: number; descent: number } {
  // Measure the real lines and a probe with ascenders/descenders, so stacked diacritics (Ễ) and Devanagari
  // top marks are never clipped, and blocks of ordinary text get the same rhythm.
  let ascent = fontPx * 0.8;
  let descent = fontPx * 0.25;
  for (const line of [...lines, 'Hgjpqy']) {
    const m = ctx.measureText(line);
    ascent = Math.max(ascent, m.actualBoundingBoxAscent);
    descent = Math.max(descent, m.actualBoundingBoxDescent);
  }
  return { ascent: Math.ceil(ascent), descent: Math.ceil(descent) };
}

/** Draws `text` (any script) as a 1-bit block at the printable width. */
export function rasterizeText(text: string, options: RasterTextOptions = {}): RasterBlock {
  const o = validate(options);
  registerPrintFonts();
  const font = rasterFont(o.fontPx, o.lang);
  const measureCtx = createCanvas(8, 8).getContext('2d');
  measureCtx.font = font;
  const usable = o.widthDots - 2 * o.paddingX;
  // Lines end only where line-break.ts allows: never after an opening bracket, before a closing one, or inside a date.
  const lines = wrapByUnits(text, usable, (s) => measureCtx.measureText(s).width, o.lang);
  const { ascent, descent } = lineMetrics(measureCtx, lines, o.fontPx);
  const gap = Math.ceil(o.fontPx * 0.2);
  const lineHeight = ascent + descent + gap;
  const height = lines.length * lineHeight;
  if (height > MAX_HEIGHT_DOTS) throw new RangeError(`text too long for one raster block (${height} dots)`);

  const canvas = createCanvas(o.widthDots, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, o.widthDots, height);
  ctx.fillStyle = '#000';
  ctx.font = font;
  ctx.textBaseline = 'alphabetic';
  lines.forEach((line, i) => {
    const width = ctx.measureText(line).width;
    const x =
      o.align === 'center'
        ? Math.max(o.paddingX, Math.round((o.widthDots - width) / 2))
        : o.align === 'right'
          ? Math.max(o.paddingX, Math.floor(o.widthDots - o.paddingX - width))
          : o.paddingX;
    ctx.fillText(line, x, i * lineHeight + Math.ceil(gap / 2) + ascent);
  });
  const bits = threshold1bit(ctx.getImageData(0, 0, o.widthDots, height).data, o.widthDots, height, o.threshold);
  return { width: o.widthDots, height, bytesPerRow: o.widthDots / 8, bits, png: bitsToPng(bits, o.widthDots, height), lines };
}

/** Number of black pixels: lets tests check that a block really carries ink. */
export function inkCount(block: Pick<RasterBlock, 'bits'>): number {
  let n = 0;
  for (const byte of block.bits) for (let b = byte; b !== 0; b &= b - 1) n++;
  return n;
}
