/**
 * Search keys for resident names.
 *
 * Staff must find a resident whether the name was keyed in hiragana or katakana, full or half width, with
 * a common 異体字 (variant kanji) or its usual form, with or without spaces, in upper or lower case. The
 * official name is never changed: these functions only derive keys, stored in extra columns beside the
 * name and computed the same way for what staff type (`queryKeys`), so a match is plain key equality or a
 * prefix match on the key.
 *
 * Pure and dependency free: shared/ runs in Node, in the browser and in Electron alike.
 */

/**
 * 異体字 → common form, applied code point by code point after NFKC.
 *
 * NFKC already folds the CJK compatibility ideographs that carry a decomposition (e.g. 塚 U+FA10 → 塚
 * U+585A, 神 U+FA19 → 神), but it does NOT unify variant kanji that are separate unified ideographs
 * (髙/高, 邊/辺, …) nor the twelve compatibility ideographs without a decomposition (﨑 U+FA11, …). Those
 * need this explicit table.
 *
 * The principled source is the MJ縮退マップ (IPA / 文字情報技術促進協議会: 法務省戸籍統一文字 and
 * 住基ネット統一文字 → JIS X 0213) — this is a curated subset of the pairs most often met at the counter.
 * Rules for extending it (a test checks them): each key and each value is one code point, stable under
 * NFKC; no identity entries; no value is itself a key (so one pass is enough and the key is idempotent).
 *
 * Some pairs are search folding rather than strict 異体字 (斎 and 斉 are distinct characters), but the
 * surnames 斎藤/斉藤 are confused so often that staff must find either from the other.
 * Not included on purpose: 籠/篭 (variants, but 籠 is the 常用 form and the requested direction 籠→篭 is
 * the non-standard one — decide before adding either direction).
 */
export const KANJI_VARIANTS: Readonly<Record<string, string>> = Object.freeze({
  髙: '高', // U+9AD9 はしご高 → U+9AD8
  﨑: '崎', // U+FA11 たつさき (compatibility ideograph without decomposition) → U+5D0E
  嵜: '崎', // U+5D5C
  碕: '崎', // U+7895
  邊: '辺', // U+908A
  邉: '辺', // U+9089
  齋: '斉', // U+9F4B
  齊: '斉', // U+9F4A
  斎: '斉', // U+658E (search folding, see above)
  濵: '浜', // U+6FF5
  濱: '浜', // U+6FF1
  澤: '沢', // U+6FA4
  廣: '広', // U+5EE3
  德: '徳', // U+5FB7
  國: '国', // U+570B
  櫻: '桜', // U+6AFB
  藏: '蔵', // U+85CF
  眞: '真', // U+771E
  惠: '恵', // U+60E0
  與: '与', // U+8207
  當: '当', // U+7576
  來: '来', // U+4F86
  實: '実', // U+5BE6
  龍: '竜', // U+9F8D
  瀨: '瀬', // U+7028
  冨: '富', // U+51A8
  嶋: '島', // U+5D8B
  嶌: '島', // U+5D8C
  槗: '橋', // U+69D7
  髮: '髪', // U+9AEE
  '𠮷': '吉', // U+20BB7 つちよし (outside the BMP)
  舘: '館', // U+8218
  桒: '桑', // U+6852
  曾: '曽', // U+66FE
  榮: '栄', // U+69AE
  壽: '寿', // U+58FD
  彌: '弥', // U+5F4C
  豐: '豊', // U+8C50
  黑: '黒', // U+9ED1
  澁: '渋', // U+6F81
  增: '増', // U+589E
  條: '条', // U+689D
});

const kanjiVariants = new Map<string, string>(Object.entries(KANJI_VARIANTS));

/** Variation selectors: VS1–VS16 (U+FE00–FE0F) and the Ideographic Variation Sequences' VS17–VS256. */
const VARIATION_SELECTORS = /[\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/gu;
/** Whitespace of any kind (JS `\s` includes U+3000) and the zero-width characters copy-paste leaves behind. */
const WHITESPACE = /[\s\u200B-\u200D\u2060\uFEFF]/gu;
/** Middle dots used between given and family name: ・ U+30FB, ･ U+FF65, · U+00B7. */
const MIDDLE_DOTS = /[\u30FB\uFF65\u00B7]/gu;

/**
 * The name key: NFKC, no whitespace or middle dots, no variation selectors, 異体字 folded by
 * `KANJI_VARIANTS`. Kana and Latin letters in the name pass through unchanged (apart from NFKC).
 */
export function normalizeKanjiName(name: string): string {
  const cleaned = name.normalize('NFKC').replace(VARIATION_SELECTORS, '').replace(WHITESPACE, '').replace(MIDDLE_DOTS, '');
  let key = '';
  for (const char of cleaned) key += kanjiVariants.get(char) ?? char;
  return key;
}

/**
 * Small kana → large. Older registers kept readings in large kana only (キヨウコ for キョウコ), and the
 * 戸籍 振り仮名 notices ask residents to check exactly this small/large difference.
 */
const SMALL_TO_LARGE: Readonly<Record<string, string>> = {
  ァ: 'ア',
  ィ: 'イ',
  ゥ: 'ウ',
  ェ: 'エ',
  ォ: 'オ',
  ッ: 'ツ',
  ャ: 'ヤ',
  ュ: 'ユ',
  ョ: 'ヨ',
  ヮ: 'ワ',
  ヵ: 'カ',
  ヶ: 'ケ',
};

/** Sounds written two ways in names; folded to the usual spelling. */
const SOUND_FOLDS: Readonly<Record<string, string>> = {
  ヴ: 'ブ', // foreign names: デイヴ/デイブ are both registered
  ヂ: 'ジ', // 四つ仮名: ちぢわ/ちじわ sound the same and are both keyed
  ヅ: 'ズ', // 四つ仮名: みづき/みずき
  ヰ: 'イ', // historical kana still seen in old readings (ヰセキ)
  ヱ: 'エ', // historical kana (ヱビス)
  ヲ: 'オ', // を in a reading sounds お (ヲノ/オノ)
};

/** ヴ followed by a small vowel is one syllable: fold ヴァ→バ etc. before small kana are enlarged. */
const VU_SYLLABLES: Readonly<Record<string, string>> = { ヴァ: 'バ', ヴィ: 'ビ', ヴェ: 'ベ', ヴォ: 'ボ', ヷ: 'バ', ヸ: 'ビ', ヹ: 'ベ', ヺ: 'ボ' };

/**
 * Long-vowel marks and the look-alikes keyed in their place: ー, half-width ｰ (NFKC makes it ー), the
 * wave dashes ～ 〜 and ~ (what NFKC makes of ～), and hyphens/dashes ‐ ‑ ‒ – — ― − - (－ becomes -).
 */
const LONG_VOWEL_MARKS = /[\u30FC\uFF70\uFF5E\u301C~\u2010-\u2015\u2212\-\uFF0D]/gu;

/**
 * The reading key (振り仮名): katakana only, no small kana, no long-vowel marks, no spaces or dots.
 */
export function normalizeKana(reading: string): string {
  return (
    reading
      // Stand-alone ゛゜ (U+309B/309C) become their combining forms, so NFKC composes か゛ into が
      // (otherwise NFKC turns ゛ into a space plus a combining mark that nothing composes with).
      .replace(/\u309B/gu, '\u3099')
      .replace(/\u309C/gu, '\u309A')
      // NFKC: half-width ｶﾞ → ガ, full-width forms folded, combining marks composed.
      .normalize('NFKC')
      // Hiragana → katakana: the reading may be keyed in either script (ぁ-ゖ and ゝゞ are U+0060 below).
      .replace(/[\u3041-\u3096\u309D\u309E]/gu, (char) => String.fromCodePoint((char.codePointAt(0) ?? 0) + 0x60))
      // ヴァ → バ before enlarging, so ヴィクトリア and ビクトリア meet instead of ブイクトリア.
      .replace(/ヴ[ァィェォ]|[ヷヸヹヺ]/gu, (syllable) => VU_SYLLABLES[syllable] ?? syllable)
      // Small kana → large: older registers had no small kana; 振り仮名 notices warn about ョ/ヨ, ッ/ツ.
      .replace(/[ァィゥェォッャュョヮヵヶ]/gu, (char) => SMALL_TO_LARGE[char] ?? char)
      // Same sound, two spellings (ヴ/ブ, 四つ仮名, historical kana).
      .replace(/[ヴヂヅヰヱヲ]/gu, (char) => SOUND_FOLDS[char] ?? char)
      // Long vowels: ー is keyed or left out inconsistently (オーノ/オノ), so the mark is dropped. Only the
      // mark: オオノ keeps its second オ and stays distinct from オノ.
      .replace(LONG_VOWEL_MARKS, '')
      // Spaces and middle dots between family and given name carry no meaning for search.
      .replace(WHITESPACE, '')
      .replace(MIDDLE_DOTS, '')
  );
}

/** Latin letters with no decomposition under NFD, folded to plain ASCII (both cases, before uppercasing). */
const LATIN_FOLDS: Readonly<Record<string, string>> = {
  ß: 'SS',
  ẞ: 'SS',
  Đ: 'D', // Vietnamese Đặng, Đỗ
  đ: 'D',
  Ð: 'D',
  ð: 'D',
  Ø: 'O',
  ø: 'O',
  Ł: 'L',
  ł: 'L',
  Æ: 'AE',
  æ: 'AE',
  Œ: 'OE',
  œ: 'OE',
  Þ: 'TH',
  þ: 'TH',
};

/** Combining diacritical marks (U+0300–036F) and their Extended, Supplement and Half Marks blocks. */
const DIACRITIC_RANGES: readonly (readonly [number, number])[] = [
  [0x0300, 0x036f],
  [0x1ab0, 0x1aff],
  [0x1dc0, 0x1dff],
  [0xfe20, 0xfe2f],
];

/** True when the code point of `char` lies in one of `ranges` (inclusive). */
function inRanges(char: string, ranges: readonly (readonly [number, number])[]): boolean {
  const codePoint = char.codePointAt(0) ?? -1;
  return ranges.some(([first, last]) => codePoint >= first && codePoint <= last);
}

/**
 * Separators that become one space: whitespace, commas (incl. 、), hyphens and dashes, apostrophes and
 * quotes used as apostrophes, full stops ("Ma. Cristina") and middle dots.
 */
const NAME_SEPARATORS = /[\s\u200B-\u200D\u2060\uFEFF,\u3001\-\u2010-\u2015\u2212'`\u2018\u2019\u02BC.\u30FB\u00B7]+/gu;

/**
 * The alphabet key: NFKC, diacritics stripped, upper case, separators collapsed to one space.
 * Word order is kept as written: "SANTOS MARIA" and "MARIA SANTOS" are different keys, because the order
 * on the residence card is part of the name and reordering would make unrelated names collide.
 */
export function normalizeAlphabetName(name: string): string {
  return name
    .normalize('NFKC')
    .normalize('NFD')
    // Marks are tested by range rather than listed in a character class (a class of combining marks is
    // easy to misread, and lint rejects it); only Latin diacritic blocks go, other scripts' marks stay.
    .replace(/\p{M}/gu, (mark) => (inRanges(mark, DIACRITIC_RANGES) ? '' : mark))
    .replace(/[ßẞĐđÐðØøŁłÆæŒœÞþ]/gu, (char) => LATIN_FOLDS[char] ?? char)
    .toUpperCase()
    .replace(NAME_SEPARATORS, ' ')
    .trim()
    .normalize('NFC');
}

export interface NameSearchInput {
  name: string;
  kana?: string | null;
  alphabet?: string | null;
  alias?: string | null;
  aliasKana?: string | null;
}

export interface NameSearchKeys {
  nameKey: string;
  kanaKey: string | null;
  alphabetKey: string | null;
  aliasKey: string | null;
  aliasKanaKey: string | null;
}

/** A key, or null when the field is absent or blank (so an empty key never matches everything). */
function optionalKey(value: string | null | undefined, normalize: (text: string) => string): string | null {
  if (value == null) return null;
  const key = normalize(value);
  return key === '' ? null : key;
}

/** The keys stored beside a resident's name (name, 振り仮名, alphabet name, 通称 and its reading). */
export function nameSearchKeys(input: NameSearchInput): NameSearchKeys {
  return {
    nameKey: normalizeKanjiName(input.name),
    kanaKey: optionalKey(input.kana, normalizeKana),
    alphabetKey: optionalKey(input.alphabet, normalizeAlphabetName),
    aliasKey: optionalKey(input.alias, normalizeKanjiName),
    aliasKanaKey: optionalKey(input.aliasKana, normalizeKana),
  };
}

/**
 * Kana letters: hiragana (incl. the voicing marks ゛゜ and ゝゞ), katakana (incl. ヽヾ, without ・ and ー),
 * the katakana phonetic extensions and half-width katakana (without ･ and ｰ).
 */
const KANA_LETTER_RANGES: readonly (readonly [number, number])[] = [
  [0x3041, 0x3096],
  [0x3099, 0x309f],
  [0x30a1, 0x30fa],
  [0x30fd, 0x30ff],
  [0x31f0, 0x31ff],
  [0xff66, 0xff6f],
  [0xff71, 0xff9f],
];
/** What may sit between kana in a reading: spaces, middle dots and long-vowel marks (and their look-alikes). */
const KANA_FILLER = /[\s\u30FB\uFF65\u00B7\u30FC\uFF70\uFF5E\u301C~\u2010-\u2015\u2212\-\uFF0D]/u;

/**
 * True when the text is a reading: only kana (hiragana, katakana, half-width katakana), spaces, middle
 * dots and long-vowel marks, with at least one kana letter. 々 and kanji are not kana.
 */
export function isKanaOnly(text: string): boolean {
  let letters = 0;
  for (const char of text) {
    if (inRanges(char, KANA_LETTER_RANGES)) letters += 1;
    else if (!KANA_FILLER.test(char)) return false;
  }
  return letters > 0;
}

export interface QueryKeys {
  nameKey: string;
  kanaKey: string | null;
  alphabetKey: string | null;
}

const LATIN_LETTER = /\p{Script=Latin}/u;

/**
 * The keys to match what staff typed against: nameKey always; kanaKey when the query is all kana (match it
 * against kanaKey and aliasKanaKey); alphabetKey when it has a Latin letter (match it against alphabetKey).
 */
export function queryKeys(query: string): QueryKeys {
  return {
    nameKey: normalizeKanjiName(query),
    kanaKey: isKanaOnly(query) ? normalizeKana(query) : null,
    alphabetKey: LATIN_LETTER.test(query.normalize('NFKC')) ? normalizeAlphabetName(query) : null,
  };
}
