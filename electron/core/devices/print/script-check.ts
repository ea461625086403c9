import iconv from 'iconv-lite';

/**
 * The "needs raster?" detector. A Japanese-market ESC/POS printer prints text from its own
 * font, in Shift_JIS, with the Japan international character set (receiptline sends `ESC t 1 FS C 1 ESC R 8`).
 * Anything that font cannot show faithfully is drawn by us and sent as a bit image instead.
 *
 * The test is a round trip, not a script list: a line goes to the printer font only if encoding it to Shift_JIS
 * and reading the bytes back *as the printer will read them* gives the same line. A list of "safe scripts"
 * would miss the cases that matter: accented Portuguese inside Latin text, a single 異体字 in a Japanese name,
 * a simplified-only hanzi in an otherwise ordinary Chinese line.
 *
 * Two refinements over a plain iconv round trip, both making the printer-font path stricter:
 * - ESC R 8 (Japan) puts ¥ at 0x5C and ‾ at 0x7E. iconv-lite reads those bytes as `\` and `~`, so a line
 *   with a backslash or tilde would "round-trip" yet print ¥ / ‾. We read 0x5C/0x7E the printer's way.
 *   (Conversely `¥` in the input encodes to 0x5C and prints as ¥, so it stays in the printer font.)
 * - iconv-lite's `shiftjis` is really CP932: it also encodes NEC row 13 (①, №, ㈱), NEC-selected and IBM
 *   extension kanji (髙 FBFC, 﨑 FAB1). Japanese TM fonts are specified as JIS X 0208; whether a given model
 *   has the extensions is unverified, so by default only JIS X 0208 double-byte codes count as printable.
 *   A site that has verified its model can pass `repertoire: 'cp932'`.
 *
 * Decisions for typical resident text, pinned by script-check.test.ts:
 *   São Paulo / accented pt → raster (ã, ç, é become `?`)
 *   Nguyễn Văn Tiến        → raster
 *   麵                      → raster (outside Shift_JIS altogether)
 *   नेपाल                   → raster
 *   简体中文 这个            → raster (简, 这 are simplified-only)
 *   髙橋                    → raster by default (髙 is only an IBM extension); printer font with 'cp932'
 */

/** Which double-byte codes the printer's kanji font is trusted to have. */
export type KanjiRepertoire = 'jisx0208' | 'cp932';

export interface ScriptCheckOptions {
  /** Default 'jisx0208' (see above). */
  repertoire?: KanjiRepertoire;
}

/** Lead bytes of JIS X 0208 rows in Shift_JIS: rows 1–8 (81–84) and the kanji rows 16–84 (88–9F, E0–EA). */
function isJisX0208Lead(byte: number): boolean {
  return (byte >= 0x81 && byte <= 0x84) || (byte >= 0x88 && byte <= 0x9f) || (byte >= 0xe0 && byte <= 0xea);
}

function isShiftJisLead(byte: number): boolean {
  return (byte >= 0x81 && byte <= 0x9f) || (byte >= 0xe0 && byte <= 0xfc);
}

// C0 controls, DEL and C1 controls: receiptline strips them and the printer would act on them, so a line
// containing one is never "printable as is".
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** The Shift_JIS bytes the printer would receive for `line` (iconv-lite, as receiptline encodes). */
export function encodeForPrinter(line: string): Buffer {
  return iconv.encode(line, 'shiftjis');
}

/**
 * What a Japanese printer shows for these bytes: Shift_JIS, with 0x5C read as ¥ and 0x7E as ‾ (ESC R 8).
 * Used by the detector and by the emulator's text decoding, so both agree on what "printed" means.
 */
export function decodeAsPrinter(bytes: Uint8Array): string {
  let out = '';
  let run: number[] = [];
  const flush = () => {
    if (run.length > 0) out += iconv.decode(Buffer.from(run), 'shiftjis');
    run = [];
  };
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    if (isShiftJisLead(byte) && i + 1 < bytes.length) {
      run.push(byte, bytes[i + 1] as number);
      i++;
    } else if (byte === 0x5c) {
      flush();
      out += '¥';
    } else if (byte === 0x7e) {
      flush();
      out += '‾';
    } else {
      run.push(byte);
    }
  }
  flush();
  return out;
}

/** True if every double-byte code in `bytes` lies in the trusted repertoire. */
function withinRepertoire(bytes: Uint8Array, repertoire: KanjiRepertoire): boolean {
  if (repertoire === 'cp932') return true;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    if (!isShiftJisLead(byte)) continue;
    if (!isJisX0208Lead(byte)) return false;
    i++;
  }
  return true;
}

/**
 * True when the printer font prints `line` exactly: Shift_JIS round trip (read the printer's way) gives the
 * same text, no control characters, and every kanji within the repertoire. The comparison is on NFC, the
 * form receiptline normalises documents to.
 */
export function printableInPrinterFont(line: string, options: ScriptCheckOptions = {}): boolean {
  const text = line.normalize('NFC');
  if (CONTROL.test(text)) return false;
  const bytes = encodeForPrinter(text);
  if (!withinRepertoire(bytes, options.repertoire ?? 'jisx0208')) return false;
  return decodeAsPrinter(bytes) === text;
}

/** The inverse, named for the call sites that decide on the raster path. */
export function needsRaster(line: string, options: ScriptCheckOptions = {}): boolean {
  return !printableInPrinterFont(line, options);
}
