/**
 * Where a receipt line may end. Words come from Intl.Segmenter (so Japanese and Chinese break between words,
 * Devanagari never inside a cluster); then the units a reader needs whole are glued together:
 *
 * - an opening bracket or quote stays with the word after it ("(Tennyu" — never a "(" at a line end);
 * - closing brackets, quotes and punctuation stay with the word before them ("Todoke)," — never at a line start);
 *   an ASCII quote opens after a space and closes after a word;
 * - a date is one unit: 令和8年12月19日 10:23, 2026-12-19, and each language's long form (shared/domain/dates.ts:
 *   "19 de dezembro de 2026", "December 19, 2026", "19 tháng 12, 2026", "2026년 12월 19일", "२०२६ डिसेम्बर १९").
 *
 * Both the raster lines (raster.ts) and the printer-font lines (receipt.ts) wrap with these units.
 */

const OPENING = /^[\p{Ps}\p{Pi}¿¡]+$/u;
const CLOSING = /^[\p{Pe}\p{Pf}\p{Po}\p{Pd}]+$/u;
const SPACE = /^\s+$/u;
/** ASCII quotes open after a space (or at the start) and close after a word. */
const QUOTE = /^["']+$/u;

/** Dates as shared/domain/dates.ts, wareki.ts and the receipt's issue time write them. */
const DATE = new RegExp(
  [
    // 令和8年12月19日, 2026年12月19日 (ja, ja-x-easy, zh-CN), with the receipt's time after it.
    String.raw`(?:(?:明治|大正|昭和|平成|令和)(?:元|\p{Nd}{1,2})|\p{Nd}{4})年\p{Nd}{1,2}月\p{Nd}{1,2}日(?:\s*\p{Nd}{1,2}:\p{Nd}{2})?`,
    // 2026년 12월 19일 (ko)
    String.raw`\p{Nd}{4}년\s\p{Nd}{1,2}월\s\p{Nd}{1,2}일`,
    // 2026-12-19 (the wire format)
    String.raw`\p{Nd}{4}-\p{Nd}{2}-\p{Nd}{2}`,
    // 19 de dezembro de 2026, 19 de diciembre de 2026, 19 tháng 12, 2026, 19 Desember 2026
    String.raw`\p{Nd}{1,2}\s(?:(?:de|tháng)\s)?[\p{L}\p{M}\p{Nd}]+,?\s(?:de\s)?\p{Nd}{4}`,
    // December 19, 2026, Disyembre 19, 2026
    String.raw`\p{L}+\s\p{Nd}{1,2},\s\p{Nd}{4}`,
    // २०२६ डिसेम्बर १९ (ne)
    String.raw`\p{Nd}{4}\s[\p{L}\p{M}]+\s\p{Nd}{1,2}`,
  ].join('|'),
  'gu',
);

function segmenter(lang: string | undefined, granularity: 'word' | 'grapheme'): Intl.Segmenter {
  try {
    return new Intl.Segmenter(lang, { granularity });
  } catch {
    return new Intl.Segmenter(undefined, { granularity });
  }
}

/** The text as a sequence of units no line may break inside; whitespace units are where lines may end. */
export function breakUnits(text: string, lang?: string): string[] {
  const words = segmenter(lang, 'word');
  const units: string[] = [];
  let opening = '';
  const add = (unit: string) => {
    units.push(opening + unit);
    opening = '';
  };
  const addWords = (part: string) => {
    for (const { segment } of words.segment(part)) {
      const last = units.length - 1;
      if (SPACE.test(segment)) {
        if (opening) add('');
        units.push(segment);
      } else if (OPENING.test(segment) || (QUOTE.test(segment) && (last < 0 || SPACE.test(units[last]!)))) opening += segment;
      else if (CLOSING.test(segment) && !opening && last >= 0 && !SPACE.test(units[last]!)) units[last] += segment;
      else add(segment);
    }
  };
  let from = 0;
  for (const match of text.matchAll(DATE)) {
    addWords(text.slice(from, match.index));
    add(match[0]);
    from = match.index + match[0].length;
  }
  addWords(text.slice(from));
  if (opening) add('');
  return units;
}

/**
 * Greedy line filling by measured width over `breakUnits`. A unit wider than a whole line (a long date on
 * 58 mm paper) breaks at its own spaces first, and only a word wider than the line (a long URL, an unbroken
 * CJK run) between graphemes, as a last resort. `measure` returns a string's width.
 */
export function wrapByUnits(text: string, maxWidth: number, measure: (s: string) => number, lang?: string): string[] {
  const graphemes = segmenter(lang, 'grapheme');
  const lines: string[] = [];
  for (const paragraph of text.split(/\r\n|\r|\n/)) {
    let line = '';
    const pushLine = () => {
      lines.push(line.trimEnd());
      line = '';
    };
    // How a unit too wide for a line is cut: at its own spaces, else between graphemes.
    const cutters = [(piece: string) => piece.split(/(?=\s)/u), (piece: string) => [...graphemes.segment(piece)].map((g) => g.segment)];
    const place = (unit: string, level: number) => {
      if (measure(line + unit) <= maxWidth) {
        line += unit;
        return;
      }
      if (line.trim() !== '') pushLine();
      const piece = unit.trimStart();
      if (measure(piece) > maxWidth) {
        for (let next = level; next < cutters.length; next++) {
          const parts = cutters[next]!(piece);
          if (parts.length > 1) {
            for (const part of parts) place(part, next + 1);
            return;
          }
        }
      }
      line = piece; // it fits a line of its own, or is one grapheme wider than the line
    };
    for (const unit of breakUnits(paragraph, lang)) place(unit, 0);
    pushLine();
  }
  return lines;
}
