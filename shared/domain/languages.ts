/**
 * Languages of the counter.
 *
 * `LANGUAGES` is every language the product is designed for: Japanese and やさしい日本語, then the languages of
 * the first tenants' foreign residents (Portuguese, Tagalog and English, as 美濃加茂市's consultation desk and its
 * 4-language 防災無線; Vietnamese, Chinese, Korean and Spanish, by nationality), then Nepali and Indonesian on
 * demand. `BUNDLED_LANGUAGES` is the subset whose i18n resources ship today; only those can be
 * chosen on a screen, so a resident is never shown a half-translated UI. `STAFF_UI_LANGUAGES` is the smaller set
 * the clerk's own screen is translated into (the `staff` namespace).
 */
export const LANGUAGES = [
  'ja', // 日本語
  'ja-x-easy', // やさしい日本語 (plain Japanese, with furigana)
  'en',
  'pt-BR',
  'tl',
  'es',
  'vi',
  'zh-CN',
  'ko',
  'ne',
  'id',
] as const;

export type LanguageCode = (typeof LANGUAGES)[number];

/**
 * Languages whose resources are bundled in shared/i18n/locales, in the order of `LANGUAGES`. Keep in step with
 * that folder (a test checks). Every one has the resident-facing namespaces (`common`, `customer`, `catalog`).
 */
// Today every designed language is bundled; a language added to LANGUAGES before its translations are
// done would be left out here.
export const BUNDLED_LANGUAGES = LANGUAGES satisfies readonly LanguageCode[];
export type BundledLanguage = (typeof BUNDLED_LANGUAGES)[number];

/**
 * The resident's language while they have chosen none: Japanese, the language of the forms and of the counter.
 * Every screen, slip and guide of a visit asks `residentLanguageOf` rather than deciding this again.
 */
export const RESIDENT_DEFAULT_LANGUAGE = 'ja' satisfies BundledLanguage;

/** The language to speak to the resident in: the one they chose, else `RESIDENT_DEFAULT_LANGUAGE`. */
export function residentLanguageOf(chosen: BundledLanguage | null | undefined): BundledLanguage {
  return chosen ?? RESIDENT_DEFAULT_LANGUAGE;
}

/** Languages the clerk's screen (the `staff` namespace) is translated into. A subset of `BUNDLED_LANGUAGES`. */
export const STAFF_UI_LANGUAGES = ['ja', 'en'] as const satisfies readonly BundledLanguage[];
export type StaffUiLanguage = (typeof STAFF_UI_LANGUAGES)[number];

/**
 * The clerk's own display language (a workstation preference, not the resident's language): the stored or
 * current one if the staff screen is translated into it, else Japanese.
 */
export function staffUiLanguageOf(value: string | null | undefined): StaffUiLanguage {
  return value !== null && value !== undefined && isStaffUiLanguage(value) ? value : 'ja';
}

/** Each language named in itself: what a resident looks for on the language picker. */
export const ENDONYMS: Record<LanguageCode, string> = {
  ja: '日本語',
  'ja-x-easy': 'やさしい にほんご',
  en: 'English',
  'pt-BR': 'Português',
  tl: 'Tagalog',
  es: 'Español',
  vi: 'Tiếng Việt',
  'zh-CN': '中文',
  ko: '한국어',
  ne: 'नेपाली',
  id: 'Bahasa Indonesia',
};

/** The BCP 47 tag to put in `lang=` attributes (the private-use tag is ours; browsers need plain `ja`). */
export function htmlLang(code: LanguageCode): string {
  return code === 'ja-x-easy' ? 'ja' : code;
}

export function isBundledLanguage(code: string): code is BundledLanguage {
  return (BUNDLED_LANGUAGES as readonly string[]).includes(code);
}

export function isStaffUiLanguage(code: string): code is StaffUiLanguage {
  return (STAFF_UI_LANGUAGES as readonly string[]).includes(code);
}
