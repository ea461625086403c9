import { transform, type Printer } from 'receiptline';
import type { PrintJobKind } from '../../../../shared/devices/print-jobs';
import type { LanguageCode } from '../../../../shared/domain/languages';
import { formatWareki } from '../../../../shared/domain/wareki';
import { wrapByUnits } from './line-break';
import { rasterizeText, DEFAULT_WIDTH_DOTS } from './raster';
import { printableInPrinterFont, type KanjiRepertoire } from './script-check';

/**
 * The printed documents, as receiptline markup (github.com/receiptline/receiptline): the fee receipt (領収書), the queue ticket
 * (番号札), their REPRINT variant, and the staff preview. One markup string per document is the unit the
 * job ledger stores and reprints; printer bytes, the SVG preview and a text rendering all come from it.
 *
 * Every line goes to the printer font only when script-check says the printer prints it exactly; otherwise it
 * is drawn (raster.ts) and embedded as `{image:…}`. In practice: Japanese and ASCII lines are text; Portuguese
 * with accents, Vietnamese, Nepali, Chinese, Korean lines, and Japanese lines with characters outside
 * JIS X 0208, are images. A receipt stays readable on any Japan-market printer and small where it can be.
 *
 * Input types carry only what is printed. In particular the queue ticket has no field for a name or any
 * other personal data, and its QR code holds an opaque token.
 */

export interface PrinterProfile {
  /** receiptline command set: 'epson' (TM series), 'escpos', 'sii', 'citizen', 'fit', 'generic'. */
  command: 'epson' | 'escpos' | 'sii' | 'citizen' | 'fit' | 'generic';
  /** Characters per line; 12 dots each. 48 = 576 dots (80 mm, 203 dpi). */
  cpl: number;
  /** Printable width in dots for raster blocks; cpl × 12 unless the model says otherwise. */
  widthDots: number;
  repertoire: KanjiRepertoire;
}

export const DEFAULT_PROFILE: Readonly<PrinterProfile> = Object.freeze({ command: 'epson', cpl: 48, widthDots: DEFAULT_WIDTH_DOTS, repertoire: 'jisx0208' });

export interface FeeItem {
  /** 手続・証明書の名称, as on the fee schedule. */
  nameJa: string;
  /** The same in the resident's language, if translated. */
  name?: string;
  quantity: number;
  /** 手数料 per unit, in yen. */
  unitFeeYen: number;
}

export interface FeeReceiptInput {
  /** The issuer (〇〇市). */
  tenantName: string;
  /** Gap-free receipt number allocated by the backend (e.g. 2026-000123); printed and as a CODE128 barcode. */
  receiptNumber: string;
  /** ISO 8601 instant; printed in Japan time. */
  issuedAt: string;
  items: readonly FeeItem[];
  /** Lines in the resident's language (omitted: a Japanese-only receipt). */
  resident?: { lang: LanguageCode; title: string; total: string; note?: string };
}

export interface QueueTicketInput {
  /** 〇〇市役所 市民課 */
  officeName: string;
  /** The called number, e.g. A-023 (letters, digits, hyphen). */
  ticketNumber: string;
  /** 窓口 / 手続 name in Japanese. */
  counterName: string;
  issuedAt: string;
  /** People waiting ahead when the ticket was issued. */
  waitingCount: number;
  /** Opaque token for the status page; the QR holds this and nothing else. */
  statusToken: string;
  /** One line in the resident's language, e.g. "please watch the display for your number". */
  resident?: { lang: LanguageCode; line: string };
}

/** The REPRINT mark: staff reprint of a confirmed or unknown job, printed 「再発行 / REPRINT」 with the original number. */
export interface ReprintMark {
  /** The receipt / ticket number of the original. */
  originalNumber: string;
  /** ISO 8601 instant of the reprint. */
  reprintedAt: string;
}

export interface BuildOptions {
  profile?: Partial<PrinterProfile>;
  reprint?: ReprintMark;
}

/** How one printed line is carried: by the printer font, or as a raster block of the given size. */
export type DocumentBlock = { path: 'text'; text: string } | { path: 'raster'; text: string; lang: string; width: number; height: number };

export interface PrintDocument {
  kind: PrintJobKind;
  /** Receipt or ticket number (the REPRINT mark quotes it). */
  number: string;
  /** receiptline markup, raster blocks embedded. */
  markup: string;
  blocks: DocumentBlock[];
}

const NUMBER = /^[0-9A-Za-z-]{1,32}$/;
const TOKEN = /^[0-9A-Za-z_-]{8,128}$/;

// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;

/** Escapes receiptline's special characters and drops control codes, so data never becomes markup. */
export function escapeMarkup(text: string): string {
  return text.replace(CONTROLS, ' ').replace(/[\\|{}\-=_"`^~]/g, (c) => `\\${c}`).trim();
}

const JST_PARTS = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** 令和8年4月1日 10:23 (Japan time), the form municipal receipts use. */
export function formatIssuedAt(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new RangeError('issuedAt is not a valid instant');
  const parts = Object.fromEntries(JST_PARTS.formatToParts(date).map((p) => [p.type, p.value]));
  return `${formatWareki(`${parts.year}-${parts.month}-${parts.day}`)} ${parts.hour}:${parts.minute}`;
}

function yen(amount: number): string {
  return `${amount.toLocaleString('ja-JP')}円`;
}

type Align = 'left' | 'center' | 'right';

/** Printer-font cells of a text as receiptline counts them in Shift_JIS: 1 for half-width, 2 for full-width. */
function cells(text: string): number {
  let n = 0;
  for (const c of text) {
    const d = c.codePointAt(0)!;
    n += d < 0x80 || d === 0xa0 || d === 0xa5 || d === 0x203e || (d > 0xff60 && d < 0xffa0) ? 1 : 2;
  }
  return n;
}

/** How many cells wide receiptline draws one cell at a `^` count (1 = double width, 2 = double height, …). */
function widthScale(size: number): number {
  return size < 2 ? size + 1 : size - 1;
}

/**
 * Printer-font text as receiptline markup lines of at most `width` cells. receiptline itself wraps at any
 * character (a "(" could end a line, a date could be cut); line-break.ts decides where lines end instead.
 */
function wrapCells(text: string, width: number, size: number): string[] {
  const scale = widthScale(size);
  return wrapByUnits(text, width, (s) => cells(s) * scale, 'ja');
}

/** Builds markup line by line, choosing printer font or raster per line. */
class MarkupBuilder {
  readonly lines: string[] = [];
  readonly blocks: DocumentBlock[] = [];
  /** receiptline's sticky column widths; emitted only when a line needs other widths. */
  private widths = 'auto';
  constructor(private readonly profile: PrinterProfile) {}

  raw(markup: string): void {
    this.lines.push(markup);
  }

  /** Re-emits the reset line (after a prefix such as the REPRINT mark) and forgets the width state. */
  reset(): void {
    this.lines.push(RESET);
    this.widths = 'auto';
  }

  useAutoWidths(): void {
    this.useWidths('auto');
  }

  private useWidths(widths: string): void {
    if (this.widths === widths) return;
    this.lines.push(`{width:${widths}}`);
    this.widths = widths;
  }

  /** One logical line of text. `size` is receiptline's ^ count (1 = double width … 3 = 2×2, 4 = 3×3). */
  text(text: string, options: { align?: Align; size?: number; lang?: string } = {}): void {
    const clean = text.replace(CONTROLS, ' ').trim();
    if (clean === '') return;
    this.useWidths('auto');
    const align = options.align ?? 'center';
    if (printableInPrinterFont(clean, { repertoire: this.profile.repertoire })) {
      this.blocks.push({ path: 'text', text: clean });
      const size = options.size ?? 0;
      for (const line of wrapCells(clean, this.profile.cpl, size)) {
        const body = '^'.repeat(size) + escapeMarkup(line);
        this.lines.push(align === 'center' ? body : align === 'left' ? `|${body} |` : `| ${body}|`);
      }
      return;
    }
    const block = rasterizeText(clean, {
      lang: options.lang ?? 'ja',
      widthDots: this.profile.widthDots,
      align,
      fontPx: options.size && options.size >= 3 ? 40 : 28,
    });
    this.blocks.push({ path: 'raster', text: clean, lang: options.lang ?? 'ja', width: block.width, height: block.height });
    this.lines.push(`{image:${block.png.toString('base64')}}`);
  }

  /** A left label and a right-aligned value on one row (both must print in the printer font). */
  row(left: string, right: string, options: { widths: string; size?: number }): void {
    this.useWidths(options.widths);
    const mark = '^'.repeat(options.size ?? 0);
    for (const part of [left, right]) {
      if (!printableInPrinterFont(part, { repertoire: this.profile.repertoire })) {
        // Rows carry Japanese labels and numbers we produce; a raster row would need its own layout.
        throw new RangeError('row text must be printable in the printer font');
      }
    }
    this.blocks.push({ path: 'text', text: `${left} ${right}` });
    // The label wraps in its own column at our break points (receiptline's `\n`); the value is one unit.
    const valueWidth = Number(options.widths.split(',')[1]);
    const labelWidth = this.profile.cpl - valueWidth - 1;
    const label = wrapCells(left.replace(CONTROLS, ' ').trim(), labelWidth, options.size ?? 0).map(escapeMarkup).join('\\n');
    this.lines.push(`|${mark}${label} | ${mark}${escapeMarkup(right)}|`);
  }

  build(): string {
    return this.lines.join('\n');
  }
}

function resolveProfile(profile: Partial<PrinterProfile> | undefined): PrinterProfile {
  // Raster blocks default to the full text width of the chosen cpl (42 × 12 = 504 dots on 180-dpi models).
  const p = { ...DEFAULT_PROFILE, ...profile, widthDots: profile?.widthDots ?? (profile?.cpl ?? DEFAULT_PROFILE.cpl) * 12 };
  if (p.widthDots % 8 !== 0 || p.widthDots > p.cpl * 12) throw new RangeError('widthDots must be a multiple of 8, at most cpl × 12');
  return p;
}

// Every document starts by resetting receiptline's sticky properties, so a prefix (the REPRINT mark) cannot
// change how the rest is laid out.
const RESET = '{width:auto; align:center; border:space; text:wrap}';

function reprintLines(b: MarkupBuilder, mark: ReprintMark): void {
  if (!NUMBER.test(mark.originalNumber)) throw new RangeError('originalNumber must be letters, digits and hyphens');
  b.reset();
  b.text('再発行 / REPRINT', { size: 3 });
  b.text(`原本番号 / Original No. ${mark.originalNumber}`);
  b.text(`再発行日時 ${formatIssuedAt(mark.reprintedAt)}`);
  b.raw('-');
}

/** Adds the REPRINT header to a document's markup (what the ledger does for a staff reprint). */
export function withReprintMark(markup: string, mark: ReprintMark, profile?: Partial<PrinterProfile>): string {
  const b = new MarkupBuilder(resolveProfile(profile));
  reprintLines(b, mark);
  return `${b.build()}\n${markup}`;
}

function checkCount(value: number, what: string, max: number): void {
  if (!Number.isSafeInteger(value) || value < 0 || value > max) throw new RangeError(`${what} must be an integer 0–${max}`);
}

/** 領収書. */
export function buildFeeReceipt(input: FeeReceiptInput, options: BuildOptions = {}): PrintDocument {
  const profile = resolveProfile(options.profile);
  if (!NUMBER.test(input.receiptNumber)) throw new RangeError('receiptNumber must be letters, digits and hyphens');
  if (input.items.length === 0) throw new RangeError('a receipt needs at least one item');
  let total = 0;
  for (const item of input.items) {
    checkCount(item.quantity, 'quantity', 999);
    checkCount(item.unitFeeYen, 'unitFeeYen', 10_000_000);
    total += item.quantity * item.unitFeeYen;
  }
  const lang = input.resident?.lang;
  const b = new MarkupBuilder(profile);
  if (options.reprint) reprintLines(b, options.reprint);
  b.reset();
  // Nothing to pay (most one-stop visits): the same slip is the 受付票 (acknowledgement), not a 領収書.
  const paid = total > 0;
  b.text(paid ? '領収書' : '受付票', { size: 3 });
  if (input.resident) b.text(input.resident.title, { lang });
  b.text(input.tenantName);
  b.raw('');
  b.row('受付番号', input.receiptNumber, { widths: '*,24' });
  b.row('発行日時', formatIssuedAt(input.issuedAt), { widths: '*,24' });
  b.raw('-');
  for (const item of input.items) {
    const label = item.quantity === 1 ? item.nameJa : `${item.nameJa} ×${item.quantity}`;
    b.row(label, yen(item.quantity * item.unitFeeYen), { widths: '*,14' });
    if (item.name) b.text(item.name, { align: 'left', lang });
  }
  b.raw('-');
  b.row('合計', yen(total), { widths: '*,14', size: 2 });
  if (input.resident) b.text(input.resident.total, { align: 'right', lang });
  b.raw('');
  b.text(paid ? '上記の金額を領収しました。' : '上記の手続きを受け付けました。');
  if (input.resident?.note) b.text(input.resident.note, { lang });
  b.raw('');
  // The receipt number as a barcode, so reconciliation can find duplicates by scanning.
  b.useAutoWidths();
  b.raw(`{code:${input.receiptNumber}; option:code128,2,64,hri}`);
  return { kind: 'receipt', number: input.receiptNumber, markup: b.build(), blocks: b.blocks };
}

/** 番号札. No personal data: the input type has no place for it. */
export function buildQueueTicket(input: QueueTicketInput, options: BuildOptions = {}): PrintDocument {
  const profile = resolveProfile(options.profile);
  if (!/^[0-9A-Za-z-]{1,8}$/.test(input.ticketNumber)) throw new RangeError('ticketNumber must be 1–8 letters, digits or hyphens');
  if (!TOKEN.test(input.statusToken)) throw new RangeError('statusToken must be an opaque token (8–128 of [0-9A-Za-z_-])');
  checkCount(input.waitingCount, 'waitingCount', 9999);
  const b = new MarkupBuilder(profile);
  if (options.reprint) reprintLines(b, options.reprint);
  b.reset();
  b.text(input.officeName);
  b.text('受付番号');
  // 4×4 in the printer font: readable across the waiting area, and no image to send.
  b.text(input.ticketNumber, { size: 5 });
  b.text(input.counterName, { size: 1 });
  b.raw('');
  b.row('発券時刻', formatIssuedAt(input.issuedAt), { widths: '*,24' });
  b.row('お待ちの人数', `${input.waitingCount}人`, { widths: '*,24' });
  b.raw('');
  if (input.resident) b.text(input.resident.line, { lang: input.resident.lang });
  b.text('番号が表示されるまでお待ちください。');
  b.useAutoWidths();
  b.raw(`{code:${input.statusToken}; option:qrcode,6,m}`);
  return { kind: 'ticket', number: input.ticketNumber, markup: b.build(), blocks: b.blocks };
}

function printerOptions(profile: PrinterProfile, command: Printer['command']): Printer {
  // gradient:false = threshold, no dithering: our raster blocks are already 1-bit and must stay exact.
  return { cpl: profile.cpl, encoding: 'shiftjis', command, gradient: false, threshold: 128, cutting: true, spacing: false };
}

/** Printer bytes for markup. Begins `ESC @ GS a 0 …` and ends `[cut] GS r 1` (receiptline's job frame). */
export function renderEscPos(markup: string, profile?: Partial<PrinterProfile>): Buffer {
  const p = resolveProfile(profile);
  // transform() returns a binary ("latin1") string: one char per byte (receiptline #4).
  return Buffer.from(transform(markup, printerOptions(p, p.command)), 'binary');
}

/** Plain text, for logs-free assertions and quick looks (raster blocks do not appear). */
export function renderText(markup: string, profile?: Partial<PrinterProfile>): string {
  return transform(markup, printerOptions(resolveProfile(profile), 'text'));
}

/**
 * The staff preview: receiptline's SVG with the raster blocks embedded as data: PNGs. receiptline v4 adds an
 * `@import` of Google Fonts; the counter network has no internet and our CSP forbids it, so the <style> is
 * removed and the bundled BIZ UDPGothic (the renderer ships @fontsource/biz-udpgothic) leads the font list.
 */
export function renderPreviewSvg(markup: string, profile?: Partial<PrinterProfile>): string {
  const svg = transform(markup, printerOptions(resolveProfile(profile), 'svg'));
  return svg
    .replace(/<style\b[^>]*>[\s\S]*?<\/style>/g, '')
    .replace(/@import[^;>]*;?/g, '')
    .replace(/font-family="([^"]*)"/, (_m, families: string) => `font-family="'BIZ UDPGothic', ${families}"`);
}
