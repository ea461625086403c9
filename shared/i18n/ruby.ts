/**
 * Furigana markup of the やさしい日本語 ('ja-x-easy') resources.
 *
 * Convention: every kanji is written as `{base|reading}`, e.g. `{市役所|しやくしょ}に {来|き}て ください。`
 *
 * - `base` is one or more kanji. It may start with ASCII digits when the number changes the reading, so the
 *   reading can cover both: `{14日|じゅうよっか}`, `{7日|なのか}`. Otherwise digits stay outside: `90{日|にち}`.
 * - `reading` is kana (hiragana; katakana and ー allowed).
 * - Okurigana stay outside the braces: `{引|ひ}っ{越|こ}す`, `{手続|てつづ}き`.
 * - i18next `{{placeholders}}` are not ruby and pass through untouched.
 * - Only the 'ja-x-easy' locale uses this markup; every other locale must be free of it (a test checks both).
 *
 * Renderers turn segments into `<ruby>base<rt>reading</rt></ruby>`; where ruby cannot be shown (the receipt
 * printer's own font, a `title` attribute, speech) use `stripRuby` or `rubyReading`.
 */

export type RubySegment = { text: string } | { base: string; reading: string };

/** One ruby token. Neither part may contain braces or a bar, so tokens cannot nest. */
const RUBY_TOKEN = /\{([^{}|]+)\|([^{}|]+)\}/g;
/** An i18next interpolation, `{{name}}` or `{{name, format}}`. */
const PLACEHOLDER = /\{\{[^{}]*\}\}/g;

const KANJI = /\p{Script=Han}/u;
const KANJI_GLOBAL = /\p{Script=Han}/gu;
const RUBY_BASE = /^[0-9]*\p{Script=Han}+$/u;
const RUBY_READING = /^[\p{Script=Hiragana}\p{Script=Katakana}ー]+$/u;

/** Splits a marked-up string into plain text and ruby segments (placeholders stay inside plain text). */
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

/** The text as it reads without furigana: `{市役所|しやくしょ}` → `市役所`. */
export function stripRuby(text: string): string {
  return text.replace(RUBY_TOKEN, (_token, base: string) => base);
}

/** The text with every kanji replaced by its reading: `{市役所|しやくしょ}` → `しやくしょ` (e.g. for speech). */
export function rubyReading(text: string): string {
  return text.replace(RUBY_TOKEN, (_token, _base: string, reading: string) => reading);
}

/** Whether the text contains anything that looks like ruby markup (used to keep it out of other locales). */
export function hasRubyMarkup(text: string): boolean {
  return /\{[^{}]*\|[^{}]*\}/.test(text.replace(PLACEHOLDER, ''));
}

/**
 * Everything wrong with the furigana of one 'ja-x-easy' string: malformed tokens, a base that is not kanji,
 * a reading that is not kana, and any kanji left outside a token. Empty when the string is well-formed.
 */
export function rubyProblems(text: string): string[] {
  const problems: string[] = [];
  const withoutPlaceholders = text.replace(PLACEHOLDER, '');
  for (const match of withoutPlaceholders.matchAll(RUBY_TOKEN)) {
    const [token, base = '', reading = ''] = match;
    if (!RUBY_BASE.test(base)) problems.push(`ruby base is not kanji: ${token}`);
    if (!RUBY_READING.test(reading)) problems.push(`ruby reading is not kana: ${token}`);
    const kanjiCount = base.match(KANJI_GLOBAL)?.length ?? 0;
    if (RUBY_READING.test(reading) && reading.length < kanjiCount) problems.push(`ruby reading too short for its base: ${token}`);
  }
  const outside = withoutPlaceholders.replace(RUBY_TOKEN, '');
  if (/[{}|]/.test(outside)) problems.push(`malformed ruby markup (stray brace or bar): ${text}`);
  const bare = [...outside].filter((char) => KANJI.test(char));
  if (bare.length > 0) problems.push(`kanji without furigana (${bare.join('')}): ${text}`);
  return problems;
}
