import i18next, { type i18n } from 'i18next';
import ICU, { type IcuConfig } from 'i18next-icu';
import { htmlLang, isBundledLanguage, type BundledLanguage } from '../domain/languages';
import { resources, type Namespace } from './resources';

/**
 * The locale intl-messageformat formats a message of `language` with (plural rules, the number after `#`):
 * our private-use 'ja-x-easy' is plain Japanese to Intl, and digits are always ASCII (`-u-nu-latn`), as on the
 * forms and everywhere else on the screen — Nepali would otherwise get Devanagari digits from `#`.
 */
export function icuLocale(language: string): string {
  return isBundledLanguage(language) ? `${htmlLang(language)}-u-nu-latn` : language;
}

/**
 * One i18next instance per window: the staff UI follows the clerk's choice while the customer screen follows
 * the resident's language from the session, so the two must never share an instance.
 *
 * Messages are ICU MessageFormat (i18next-icu + intl-messageformat): `{name}`, `{count, plural, one {…} other {…}}`,
 * `{stage, select, … other {…}}`; i18next's own `{{name}}`, `key_one`/`key_other` and `$t(…)` nesting do not
 * apply. Call sites are unchanged: `t('lifeEvent.judged', { count })`. The ICU module is passed as a class, so
 * every instance gets its own (with its own cache of parsed messages). Tags are not parsed (i18next-icu sets
 * `ignoreTag`), values are not escaped (React escapes), and a message that fails to parse or lacks a value comes
 * out as its raw text (i18next-icu's default `parseErrorHandler`); resources.test.ts parses every message.
 */
export function createI18n(language: BundledLanguage, namespaces: readonly Namespace[], fallback: BundledLanguage = 'ja'): i18n {
  const instance = i18next.createInstance();
  void instance.use(ICU).init({
    resources,
    lng: language,
    fallbackLng: fallback,
    ns: [...namespaces],
    defaultNS: namespaces[0],
    initAsync: false,
    returnNull: false,
    i18nFormat: { parseLngForICU: icuLocale } satisfies IcuConfig,
  });
  return instance;
}
