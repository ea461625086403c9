import { createCanvas } from '@napi-rs/canvas';
import iconv from 'iconv-lite';
import { rasterFont, registerPrintFonts } from '../fonts';
import type { EscPosCommand } from './escpos-parser';

/**
 * What a Japanese-market thermal printer puts on paper for a stream of (non-real-time) ESC/POS commands, as
 * data tests can read: text lines decoded the way the printer's font would show them (Shift_JIS kanji,
 * half-width katakana, ¥ at 0x5C under ESC R 8), raster blocks with their size and bits, barcodes and QR
 * codes as placeholders with their data, and cuts. `renderPng()` draws the same for a human look.
 *
 * Text layout follows the printer's dot positions (12-dot ANK / 24-dot kanji cells in font A, scaled by
 * GS !), so receiptline's absolute positioning comes out as columns.
 */

export type RasterSource = 'GS v 0' | 'ESC *' | 'GS ( L' | 'GS 8 L';

export interface RasterRecord {
  index: number;
  source: RasterSource;
  width: number;
  height: number;
  bits: Uint8Array;
}

export type PrintedLine =
  | { kind: 'text'; text: string; widthScale: number; heightScale: number }
  | { kind: 'raster'; index: number; width: number; height: number; source: RasterSource }
  | { kind: 'barcode'; symbology: string; data: string }
  | { kind: 'qr'; data: string }
  | { kind: 'cut' };

interface Glyph {
  x: number;
  ch: string;
  cells: number;
}

const ANK_DOTS = 12;
const KANJI_DOTS = 24;

// Epson code page 1 (Katakana) puts box-drawing pieces at 80h–9Fh; receiptline draws its rules with them.
const BOX: Record<number, string> = {
  0x8f: '┼', 0x90: '┴', 0x91: '┬', 0x92: '┤', 0x93: '├', 0x95: '─', 0x96: '│', 0x98: '├', 0x99: '┤', 0x9a: '└', 0x9b: '┘', 0x9c: '┌', 0x9d: '┐', 0x9e: '└', 0x9f: '┘',
};

const CODEPAGES: Record<number, string> = { 0: 'cp437', 2: 'cp850', 3: 'cp860', 4: 'cp863', 5: 'cp865', 16: 'windows1252', 17: 'cp866', 18: 'cp852', 19: 'cp858' };

const BARCODES: Record<number, string> = {
  0: 'UPC-A', 1: 'UPC-E', 2: 'EAN13', 3: 'EAN8', 4: 'CODE39', 5: 'ITF', 6: 'CODABAR',
  65: 'UPC-A', 66: 'UPC-E', 67: 'EAN13', 68: 'EAN8', 69: 'CODE39', 70: 'ITF', 71: 'CODABAR', 72: 'CODE93', 73: 'CODE128',
};

function isSjisLead(b: number): boolean {
  return (b >= 0x81 && b <= 0x9f) || (b >= 0xe0 && b <= 0xfc);
}

/** CODE128 data as ESC/POS sends it ({A {B {C code-set prefixes, {{ for '{'), back to its text. */
export function decodeCode128(data: Uint8Array): string {
  let set: 'A' | 'B' | 'C' = 'B';
  let out = '';
  for (let i = 0; i < data.length; i++) {
    const b = data[i] as number;
    if (b === 0x7b && i + 1 < data.length) {
      const next = data[++i] as number;
      if (next === 0x41 || next === 0x42 || next === 0x43) set = String.fromCharCode(next) as 'A' | 'B' | 'C';
      else if (next === 0x7b) out += '{';
      continue; // {S shift, {1..{4 function codes: no text
    }
    out += set === 'C' ? String(b).padStart(2, '0') : String.fromCharCode(b);
  }
  return out;
}

/** Characters the printer draws in one 12-dot cell (ANK, half-width katakana); kanji take two. */
function halfWidth(ch: string): boolean {
  const cp = ch.codePointAt(0) ?? 0;
  return cp <= 0xff || (cp >= 0xff61 && cp <= 0xff9f) || ch === '‾' || (cp >= 0x2500 && cp <= 0x257f);
}

export class PaperModel {
  readonly lines: PrintedLine[] = [];
  readonly rasters: RasterRecord[] = [];

  private codepage = 0;
  private intl = 0;
  private codeSystem: 'jis' | 'sjis' = 'jis';
  private kanjiOn = false;
  private printMode = 0;
  private charSize = 0;
  private kanjiMode = 0;
  private align = 0;
  private leftMargin = 0;
  private areaWidth: number;
  private rightSpacing = 0;
  private kanjiSpacing = 0;
  private x = 0;
  private glyphs: Glyph[] = [];
  private lineHeightScale = 1;
  private lineWidthScale = 1;
  private pendingLead: number | null = null;
  private stored: RasterRecord | null = null;
  private qrData: Uint8Array = new Uint8Array(0);

  constructor(private readonly widthDots = 576) {
    this.areaWidth = widthDots;
  }

  /** Applies one command. Never throws on any command the parser can produce. */
  apply(cmd: EscPosCommand): void {
    switch (cmd.op) {
      case 'text':
        return this.text(cmd.bytes);
      case 'lf':
        return this.flushLine(true);
      case 'cr':
      case 'ht':
        if (cmd.op === 'ht') this.x = Math.min(this.areaWidth, (Math.floor(this.x / (8 * ANK_DOTS)) + 1) * 8 * ANK_DOTS);
        return;
      case 'init':
        this.flushLine(false);
        this.codepage = 0;
        this.intl = 0;
        this.codeSystem = 'jis';
        this.kanjiOn = false;
        this.printMode = 0;
        this.charSize = 0;
        this.kanjiMode = 0;
        this.align = 0;
        this.leftMargin = 0;
        this.areaWidth = this.widthDots;
        this.rightSpacing = 0;
        this.kanjiSpacing = 0;
        this.stored = null;
        return;
      case 'codepage':
        this.codepage = cmd.n;
        return;
      case 'intl':
        this.intl = cmd.n;
        return;
      case 'kanji-code-system':
        this.codeSystem = cmd.n === 1 || cmd.n === 49 ? 'sjis' : cmd.n === 0 || cmd.n === 48 ? 'jis' : this.codeSystem;
        this.pendingLead = null;
        return;
      case 'kanji-on':
        this.kanjiOn = true;
        return;
      case 'kanji-off':
        this.kanjiOn = false;
        this.pendingLead = null;
        return;
      case 'kanji-print-mode':
        this.kanjiMode = cmd.n;
        return;
      case 'print-mode':
        this.printMode = cmd.n;
        return;
      case 'char-size':
        this.charSize = cmd.n;
        return;
      case 'align':
        this.align = cmd.n <= 2 ? cmd.n : this.align;
        return;
      case 'abs-pos':
        if (cmd.dots < this.areaWidth) this.x = cmd.dots;
        return;
      case 'rel-pos': {
        const x = this.x + cmd.dots;
        if (x >= 0 && x < this.areaWidth) this.x = x;
        return;
      }
      case 'left-margin':
        this.leftMargin = Math.min(cmd.dots, this.widthDots - ANK_DOTS);
        this.areaWidth = Math.min(this.areaWidth, this.widthDots - this.leftMargin);
        return;
      case 'area-width':
        this.areaWidth = Math.max(ANK_DOTS, Math.min(cmd.dots, this.widthDots - this.leftMargin));
        return;
      case 'right-spacing':
        this.rightSpacing = cmd.n;
        return;
      case 'kanji-spacing':
        this.kanjiSpacing = cmd.left + cmd.right;
        return;
      case 'feed':
        this.flushLine(this.glyphs.length === 0 && (cmd.lines ?? 0) > 0);
        return;
      case 'raster':
        this.flushLine(false);
        this.addRaster(cmd.source, cmd.width, cmd.height, cmd.bits);
        return;
      case 'graphics-store':
        this.stored = { index: -1, source: cmd.source, width: cmd.width, height: cmd.height, bits: cmd.bits };
        return;
      case 'graphics-print':
        this.flushLine(false);
        if (this.stored) this.addRaster(this.stored.source, this.stored.width, this.stored.height, this.stored.bits);
        this.stored = null;
        return;
      case 'barcode': {
        this.flushLine(false);
        const symbology = BARCODES[cmd.m] ?? `type ${cmd.m}`;
        const data = symbology === 'CODE128' ? decodeCode128(cmd.data) : Buffer.from(cmd.data).toString('latin1');
        this.lines.push({ kind: 'barcode', symbology, data });
        return;
      }
      case 'qr-store':
        this.qrData = cmd.data;
        return;
      case 'qr-print':
        this.flushLine(false);
        this.lines.push({ kind: 'qr', data: Buffer.from(this.qrData).toString('utf8') });
        return;
      case 'cut':
        this.flushLine(false);
        this.lines.push({ kind: 'cut' });
        return;
      default:
        return; // status, ASB, real-time, ignored, garbage, oversize: nothing on paper
    }
  }

  /** Finishes the current line (a pending line at the end of a job is printed by the cut or lost). */
  flush(): void {
    this.flushLine(false);
  }

  private get widthScale(): number {
    return ((this.charSize >> 4) & 7) + 1 + ((this.printMode & 0x20) !== 0 && (this.charSize & 0x70) === 0 ? 1 : 0);
  }

  private get heightScale(): number {
    return (this.charSize & 7) + 1 + ((this.printMode & 0x10) !== 0 && (this.charSize & 0x07) === 0 ? 1 : 0);
  }

  private place(ch: string, kanji: boolean): void {
    const scale = this.widthScale * (kanji && (this.kanjiMode & 0x04) !== 0 ? 2 : 1);
    const fontB = !kanji && (this.printMode & 0x01) !== 0;
    const dots = (kanji ? KANJI_DOTS + this.kanjiSpacing : (fontB ? 9 : ANK_DOTS) + this.rightSpacing) * scale;
    if (this.x + dots > this.areaWidth && this.glyphs.length > 0) this.flushLine(false); // automatic wrap
    this.glyphs.push({ x: this.x, ch, cells: kanji ? 2 : 1 });
    this.x += dots;
    this.lineWidthScale = Math.max(this.lineWidthScale, scale);
    this.lineHeightScale = Math.max(this.lineHeightScale, this.heightScale);
  }

  private single(b: number): string {
    if (b === 0x7f) return '';
    if (b < 0x80) {
      if (this.intl === 8 && b === 0x5c) return '¥';
      if (this.intl === 8 && b === 0x7e) return '‾';
      return String.fromCharCode(b);
    }
    if (this.codepage === 1) {
      if (b >= 0xa1 && b <= 0xdf) return String.fromCharCode(0xff61 + b - 0xa1);
      return BOX[b] ?? '?';
    }
    const page = CODEPAGES[this.codepage];
    return page ? iconv.decode(Buffer.of(b), page) : '?';
  }

  private text(bytes: Uint8Array): void {
    for (const b of bytes) {
      if (this.pendingLead !== null) {
        const lead = this.pendingLead;
        this.pendingLead = null;
        const pair = this.codeSystem === 'sjis' ? Buffer.of(lead, b) : Buffer.of(lead | 0x80, b | 0x80);
        const ch = iconv.decode(pair, this.codeSystem === 'sjis' ? 'shiftjis' : 'eucjp');
        this.place(ch.length === 1 && ch !== '\ufffd' ? ch : '?', true);
        continue;
      }
      const kanjiLead = this.codeSystem === 'sjis' ? isSjisLead(b) : this.kanjiOn && b >= 0x21 && b <= 0x7e;
      if (kanjiLead) {
        this.pendingLead = b;
        continue;
      }
      const ch = this.single(b);
      if (ch !== '') this.place(ch, false);
    }
  }

  private flushLine(emptyToo: boolean): void {
    this.pendingLead = null;
    if (this.glyphs.length === 0) {
      if (emptyToo) this.lines.push({ kind: 'text', text: '', widthScale: 1, heightScale: 1 });
      this.x = 0;
      return;
    }
    let text = '';
    let column = 0;
    const used = Math.max(...this.glyphs.map((g) => g.x)) + ANK_DOTS;
    // Alignment shifts the whole line within the print area (receiptline positions absolutely at align 0).
    const shift = this.align === 0 ? 0 : Math.max(0, Math.floor(((this.areaWidth - used) * this.align) / 2));
    for (const g of [...this.glyphs].sort((a, b) => a.x - b.x)) {
      const at = Math.floor((this.leftMargin + shift + g.x) / ANK_DOTS);
      if (at > column) text += ' '.repeat(at - column);
      text += g.ch;
      column = Math.max(column, at) + g.cells;
    }
    this.lines.push({ kind: 'text', text: text.trimEnd(), widthScale: this.lineWidthScale, heightScale: this.lineHeightScale });
    this.glyphs = [];
    this.x = 0;
    this.lineWidthScale = 1;
    this.lineHeightScale = 1;
  }

  private addRaster(source: RasterSource, width: number, height: number, bits: Uint8Array): void {
    const index = this.rasters.length;
    this.rasters.push({ index, source, width, height, bits });
    this.lines.push({ kind: 'raster', index, width, height, source });
  }

  /** The paper as text: text lines as printed, other content as bracketed placeholders. */
  toText(): string {
    return this.lines
      .map((line) => {
        switch (line.kind) {
          case 'text':
            return line.text;
          case 'raster':
            return `[raster ${line.width}x${line.height}]`;
          case 'barcode':
            return `[barcode ${line.symbology} ${line.data}]`;
          case 'qr':
            return `[qr ${line.data}]`;
          case 'cut':
            return '[cut]';
        }
      })
      .join('\n');
  }

  /** Draws the paper: decoded text in the print fonts, raster blocks bit for bit, placeholders boxed. */
  renderPng(): Buffer {
    registerPrintFonts();
    const rowHeight = (line: PrintedLine): number => {
      switch (line.kind) {
        case 'text':
          return 30 * line.heightScale;
        case 'raster':
          return line.height;
        case 'barcode':
        case 'qr':
          return 40;
        case 'cut':
          return 16;
      }
    };
    const height = Math.max(1, Math.min(30_000, this.lines.reduce((h, l) => h + rowHeight(l), 0)));
    const canvas = createCanvas(this.widthDots, height);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, this.widthDots, height);
    ctx.fillStyle = '#000';
    let y = 0;
    for (const line of this.lines) {
      if (y >= height) break;
      if (line.kind === 'text') {
        ctx.save();
        ctx.font = rasterFont(24, 'ja');
        ctx.translate(0, y);
        ctx.scale(1, line.heightScale);
        // One column = 12 dots; the printer font is monospaced, so draw cell by cell.
        let col = 0;
        for (const ch of line.text) {
          const cells = halfWidth(ch) ? 1 : 2;
          ctx.fillText(ch, col * ANK_DOTS, 24, cells * ANK_DOTS);
          col += cells;
        }
        ctx.restore();
      } else if (line.kind === 'raster') {
        const raster = this.rasters[line.index];
        if (raster) {
          const image = ctx.createImageData(this.widthDots, Math.max(1, Math.min(raster.height, height - y)));
          image.data.fill(255);
          const bytesPerRow = Math.ceil(raster.width / 8);
          const left = Math.max(0, Math.floor((this.widthDots - raster.width) / 2));
          for (let ry = 0; ry < image.height; ry++) {
            for (let rx = 0; rx < Math.min(raster.width, this.widthDots - left); rx++) {
              if (((raster.bits[ry * bytesPerRow + (rx >> 3)] ?? 0) & (0x80 >> (rx & 7))) === 0) continue;
              const i = (ry * this.widthDots + left + rx) * 4;
              image.data[i] = image.data[i + 1] = image.data[i + 2] = 0;
            }
          }
          ctx.putImageData(image, 0, y);
        }
      } else if (line.kind === 'barcode' || line.kind === 'qr') {
        ctx.strokeRect(4, y + 4, this.widthDots - 8, 32);
        ctx.font = rasterFont(24, 'ja');
        ctx.fillText(line.kind === 'qr' ? `QR ${line.data}` : `${line.symbology} ${line.data}`, 12, y + 28);
      } else {
        ctx.setLineDash([6, 6]);
        ctx.beginPath();
        ctx.moveTo(0, y + 8);
        ctx.lineTo(this.widthDots, y + 8);
        ctx.stroke();
        ctx.setLineDash([]);
      }
      y += rowHeight(line);
    }
    return canvas.toBuffer('image/png');
  }
}
