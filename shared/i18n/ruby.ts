/**
 * Furigana markup of the やさしい日本語 ('ja-x-easy') resources.
 *
 * Convention: every kanji is written as `[base|reading]`, e.g. `[市役所|しやくしょ]に [来|き]て ください。`
 *
 * - `base` is one or more kanji. It may start with ASCII digits when the number changes the reading, so the
 *   reading can cover both: `[14日|じゅうよっか]`, `[7日|なのか]`. Otherwise digits stay outside: `90[日|にち]`.
 * - `reading` is kana (hiragana; katakana and ー allowed).
 * - Okurigana stay outside the brackets: `[引|ひ]っ[越|こ]す`, `[手続|てつづ]き`.
 * - The markup is brace-free on purpose: the resources are ICU MessageFormat, where `{…}` is an argument and
 *   `[`, `]` and `|` are plain text. So the markup survives formatting untouched (also inside plural/select
 *   branches: `{count, plural, other {#[件|けん]}}`) and `parseRuby` runs on the formatted string.
 * - A bracket pair without a bar (`[does not apply]`) is not ruby.
 * - Only the 'ja-x-easy' locale uses this markup; every other locale must be free of it (a test checks both).
 *
 * Renderers turn segments into `<ruby>base<rt>reading</rt></ruby>`; where ruby cannot be shown (the receipt
 * printer's own font, a `title` attribute, speech) use `stripRuby` or `rubyReading`.
 */

export type RubySegment = { text: string } | { base: string; reading: string };

/** One ruby token. Neither part may contain a bracket or a bar, so tokens cannot nest. */
const RUBY_TOKEN = /\[([^[\]|]+)\|([^[\]|]+)\]/g;
/** Anything shaped like a token, however malformed inside: a bracket pair with a bar in it. */
const RUBY_LIKE = /\[[^[\]]*\|[^[\]]*\]/;

const KANJI = /\p{Script=Han}/u;
const KANJI_GLOBAL = /\p{Script=Han}/gu;
const RUBY_BASE = /^[0-9]*\p{Script=Han}+$/u;
const RUBY_READING = /^[\p{Script=Hiragana}\p{Script=Katakana}ー]+$/u;

/** Splits a marked-up string into plain text and ruby segments. Run it on the formatted message. */
export function parseRuby(text: string): RubySegment[] {
  const segments: RubySegment[] = [];
  let last = 0;
  for (const match of text.matchAll(RUBY_TOKEN)) {
    const index = match.index ?? 0;
    if (index > last) segments.push({ text: text.slice(last, index) });
    segments.push({ base: match[1] ?? '', reading: match[2] ?? '' });
    last = index + match[0].length;
  }
  if (last < text.length) segments.push({ text: text.slice(last) });
  return segments;
}

/** The text as it reads without furigana: `[市役所|しやくしょ]` → `市役所`. */
export function stripRuby(text: string): string {
  return text.replace(RUBY_TOKEN, (_token, base: string) => base);
}

/** The text with every kanji replaced by its reading: `[市役所|しやくしょ]` → `しやくしょ` (e.g. for speech). */
export function rubyReading(text: string): string {
  return text.replace(RUBY_TOKEN, (_token, _base: string, reading: string) => reading);
}

/** Whether the text contains anything that looks like ruby markup (used to keep it out of other locales). */
export function hasRubyMarkup(text: string): boolean {
  return RUBY_LIKE.test(text);
}

/**
 * Everything wrong with the furigana of one 'ja-x-easy' string: malformed tokens, a base that is not kanji,
 * a reading that is not kana, and any kanji left outside a token. Empty when the string is well-formed.
 * ICU syntax (`{name}`, `{count, plural, other {…}}`, `#`) is ASCII and brace-based, so it may be present.
 */
export function rubyProblems(text: string): string[] {
  const problems: string[] = [];
  for (const match of text.matchAll(RUBY_TOKEN)) {
    const [token, base = '', reading = ''] = match;
    if (!RUBY_BASE.test(base)) problems.push(`ruby base is not kanji: ${token}`);
    if (!RUBY_READING.test(reading)) problems.push(`ruby reading is not kana: ${token}`);
    const kanjiCount = base.match(KANJI_GLOBAL)?.length ?? 0;
    if (RUBY_READING.test(reading) && reading.length < kanjiCount) problems.push(`ruby reading too short for its base: ${token}`);
  }
  const outside = text.replace(RUBY_TOKEN, '');
  if (/[[\]|]/.test(outside)) problems.push(`malformed ruby markup (stray bracket or bar): ${text}`);
  const bare = [...outside].filter((char) => KANJI.test(char));
  if (bare.length > 0) problems.push(`kanji without furigana (${bare.join('')}): ${text}`);
  return problems;
}
