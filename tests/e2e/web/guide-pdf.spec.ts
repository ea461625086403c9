import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import type { CounterHost } from '../../../electron/core/counter-host';
import { contract, type InputOf, type InvokeName, type OutputOf, type StaffView } from '../../../shared/contract';
import { formatDate } from '../../../shared/domain/dates';
import { BUNDLED_LANGUAGES, type BundledLanguage } from '../../../shared/domain/languages';
import { formatWareki } from '../../../shared/domain/wareki';
import { stripRuby } from '../../../shared/i18n/ruby';
import { expect, test } from './fixtures';
import { signInDirectly } from './helpers';

/**
 * The 手続き案内書 on paper, in every resident language: the PDF's text layer (what copy, search and screen
 * readers get) must hold the resident-language headings and procedure names as whole words, and no deadline
 * may be broken across lines. Letters set from the wrong font come out in pieces: with BIZ UDPGothic, Chromium
 * put the Vietnamese letters into the PDF as Type 3 glyphs one by one, and pdftotext gave "Các th t c c n làm"
 * with the marks on another line; this catches that.
 *
 * The visit is driven through the host core (the screens are covered by moving-in.spec.ts): the Brazilian
 * family's 転入 (long Latin names, deadlines), then one PDF per language, switching the resident's language.
 * The checks read the PDF as pdftotext gives it: words with their boxes, put back into table cells.
 */

type Catalog = { procedures: Record<string, { title: string }>; departments: Record<string, string> };
type Customer = {
  procedures: { heading: string; where: string; deadline: string; bring: string };
  review: { name: string };
  privacy?: { heading: string; body: string };
};

function read<T>(language: BundledLanguage, ns: string): T {
  return JSON.parse(readFileSync(`shared/i18n/locales/${language}/${ns}.json`, 'utf8')) as T;
}

/** A staff call straight to the host core; mutating calls get their idempotency key. */
async function call<K extends InvokeName>(core: CounterHost, name: K, input: Omit<InputOf<K>, 'requestId'>): Promise<OutputOf<K>> {
  const result = (await core.invoke('staff', name, contract[name].mutating ? { requestId: randomUUID(), ...input } : input)) as { ok: true; value: OutputOf<K> } | { ok: false; error: unknown };
  if (!result.ok) throw new Error(`${name} failed: ${JSON.stringify(result.error)}`);
  return result.value;
}

/** Scripts written without spaces between words (and their punctuation): no space stands for a break next to them. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\u30fb\u30fc\uff00-\uffef]/u;

interface Box {
  text: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Joins two pieces of text as the page reads: nothing next to an unspaced (CJK) character, a space elsewhere. */
function join(a: string, b: string): string {
  return UNSPACED.test(a.at(-1) ?? '') || UNSPACED.test(b[0] ?? '') ? a + b : `${a} ${b}`;
}

/** The words of each page of a PDF's text layer with their boxes (`pdftotext -bbox`), ruby readings left out. */
function pdfPages(pdfPath: string): Box[][] {
  const xml = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', pdfPath, '-'], { encoding: 'utf8' });
  const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return xml.split('<page ').slice(1).map((page) => {
    const words = [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
      x0: Number(m[1]),
      y0: Number(m[2]),
      x1: Number(m[3]),
      y1: Number(m[4]),
      text: m[5]!.replace(/&(\w+);/g, (all, name: string) => entities[name] ?? all).normalize('NFC'),
    }));
    // Ruby readings are small print above their kanji; the checks read the base text.
    const heights = words.map((w) => w.y1 - w.y0).sort((a, b) => a - b);
    const body = heights[Math.floor(heights.length / 2)] ?? 0;
    return words.filter((w) => w.y1 - w.y0 > body * 0.7);
  });
}

/**
 * Narrower than any gap between two table columns (guide.css: 5 pt padding each side and the border, 10.75 pt),
 * wider than a word space (about 3.5 pt) or the room a ruby reading wider than its kanji leaves (about 6.5 pt).
 */
const COLUMN_GAP = 8;

/**
 * The lines of the page, each cut where a column gap separates table cells: one box per line of one cell. A word the PDF gives in pieces (glyphs placed one by one) stays in pieces here.
 */
function lineSegments(words: Box[]): Box[] {
  const sorted = [...words].sort((a, b) => (a.y0 + a.y1) / 2 - (b.y0 + b.y1) / 2 || a.x0 - b.x0);
  const lines: Box[][] = [];
  for (const word of sorted) {
    const middle = (word.y0 + word.y1) / 2;
    const line = lines.find((l) => middle > l[0]!.y0 && middle < l[0]!.y1);
    if (line) line.push(word);
    else lines.push([word]);
  }
  const segments: Box[] = [];
  for (const line of lines) {
    line.sort((a, b) => a.x0 - b.x0);
    let current: Box | null = null;
    for (const word of line) {
      if (current && word.x0 - current.x1 < COLUMN_GAP) {
        current = { text: join(current.text, word.text), x0: current.x0, y0: Math.min(current.y0, word.y0), x1: word.x1, y1: Math.max(current.y1, word.y1) };
        segments[segments.length - 1] = current;
      } else {
        current = { ...word };
        segments.push(current);
      }
    }
  }
  return segments;
}

/**
 * The text of each table cell (and paragraph): line segments that start at about the same x (within a
 * character and a half: a ruby reading wider than its kanji indents a line; columns are far wider apart), one under the other, joined in
 * reading order. Rows of one column may run together; that only makes the texts longer.
 */
function cellTexts(segments: Box[]): string[] {
  const byTop = [...segments].sort((a, b) => a.y0 - b.y0);
  const next = new Map<Box, Box>();
  const hasPrevious = new Set<Box>();
  for (const segment of byTop) {
    const below = byTop.find(
      (b) => !hasPrevious.has(b) && Math.abs(b.x0 - segment.x0) < (segment.y1 - segment.y0) * 1.5 && b.y0 >= segment.y1 - 0.5 && b.y0 - segment.y1 < (segment.y1 - segment.y0) * 1.6,
    );
    if (below) {
      next.set(segment, below);
      hasPrevious.add(below);
    }
  }
  return byTop
    .filter((segment) => !hasPrevious.has(segment))
    .map((first) => {
      let text = first.text;
      for (let s = next.get(first); s; s = next.get(s)) text = join(text, s.text);
      return text;
    });
}

/**
 * `expected` as a pattern for the extracted text. One tolerance, for poppler rather than the PDF: Chromium
 * writes each cluster as an ActualText span (the PDF's text is whole), but poppler ends a span at its last
 * glyph's origin, so a cluster ending in a zero-advance mark (कु, ठे in Devanagari) looks followed by a gap and
 * pdftotext puts a space there. A space right after a combining mark is allowed, and one before an opening
 * bracket (a line may end there); nothing else is (a missing, moved or reordered letter still fails).
 */
function wholeText(expected: string): RegExp {
  const chars = [...expected];
  const pattern = chars
    .map((c, i) => {
      const literal = c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const next = chars[i + 1];
      const previous = chars[i - 1];
      // A line may also end before an opening bracket with no space in the text ("변경(계속"); joined lines read "변경 (계속".
      if (/\p{Ps}/u.test(c) && previous !== undefined && !/\s/u.test(previous)) return ` ?${literal}`;
      // A line may end after a hyphen inside a compound ("Undang-|Undang"); joined lines read "Undang- Undang".
      if (/\p{Pd}/u.test(c) && next !== undefined && !/\s/u.test(next)) return `${literal} ?`;
      return /\p{M}/u.test(c) && next !== undefined && !/\s/u.test(next) ? `${literal} ?` : literal;
    })
    .join('');
  return new RegExp(pattern, 'u');
}

// 坂祝町's counter (its demo data has the same coverage households): the eleven prints go to its audit log,
// not to 美濃加茂市's, which moving-in.spec.ts counts on the same worker's backend.
test.use({ tenantId: '215015' });

test('the guide PDF gives whole words and unbroken dates in every resident language', async ({ core, host }) => {
  // Eleven PDFs, each printed by a fresh Chromium (as the host does): minutes on a busy machine.
  test.setTimeout(400_000);
  expect(host.origin).toMatch(/^http:/); // the PDF renderer prints this host's guide page
  await signInDirectly(core, 'sakahogi.counter');
  await call(core, 'startVisit', {});
  const { results } = await call(core, 'searchResidents', { q: 'oliveira nakamura' });
  expect(results.length, 'the Brazilian coverage household (C007) is in the demo data').toBeGreaterThan(0);
  await call(core, 'selectHousehold', { householdId: results[0]!.householdId });
  await call(core, 'nextStep', {});
  await call(core, 'chooseLifeEvent', {
    lifeEvent: 'moving_in',
    details: { eventDate: '2026-12-05', newAddress: '岐阜県美濃加茂市太田町3431-1', previousAddress: '静岡県浜松市' },
  });
  const visit = (await call(core, 'getStaffSnapshot', {})).visit as NonNullable<StaffView['visit']>;
  const lines = visit.procedures.filter((line) => line.included);
  const deadlines = [...new Set(lines.flatMap((line) => (line.deadline ? [line.deadline] : [])))];
  expect(lines.length).toBeGreaterThan(5);
  expect(deadlines.length).toBeGreaterThan(0);

  for (const language of BUNDLED_LANGUAGES) {
    await call(core, 'setCustomerLanguage', { language });
    const { pdfBase64 } = await call(core, 'exportGuidePdf', {});
    const pdfPath = test.info().outputPath(`guide-${language}.pdf`);
    writeFileSync(pdfPath, Buffer.from(pdfBase64, 'base64'));
    const pages = pdfPages(pdfPath).map(lineSegments);
    const segments = pages.flat();
    const cells = pages.flatMap(cellTexts);
    const hasWhole = (words: string) => cells.some((cell) => wholeText(words).test(cell));

    const catalog = read<Catalog>(language, 'catalog');
    const customer = read<Customer>(language, 'customer');
    // The text as the page reads it: ruby readings left out, spaces only where the script has them.
    const plain = (message: string) => stripRuby(message).normalize('NFC').split(/\s+/).reduce(join);
    const { procedures, review, privacy } = customer;
    // The privacy notice where this language has its text (a language without it falls back to Japanese).
    const headings = [procedures.heading, review.name, procedures.where, procedures.deadline, procedures.bring, ...(privacy ? [privacy.heading, privacy.body] : [])];
    for (const heading of headings.map(plain)) {
      expect.soft(hasWhole(heading), `${language}: "${heading}" comes out whole`).toBe(true);
    }
    for (const id of new Set(lines.map((line) => line.procedureId))) {
      const title = plain(catalog.procedures[id]!.title);
      expect.soft(hasWhole(title), `${language}: the procedure name "${title}" comes out whole`).toBe(true);
    }
    // A date is one unit: each deadline on one line, in 和暦 and in the resident's words.
    for (const deadline of deadlines) {
      const forms = [formatWareki(deadline), ...(language === 'ja' ? [] : [formatDate(deadline, language)])];
      for (const date of forms) {
        expect.soft(segments.some((segment) => wholeText(date).test(segment.text)), `${language}: the deadline ${date} is on one line`).toBe(true);
      }
    }
    // Beside the PDF, what the checks read: one line per cell.
    writeFileSync(test.info().outputPath(`guide-${language}.cells.txt`), cells.join('\n'));
  }
});
