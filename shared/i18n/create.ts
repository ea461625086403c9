import i18next, { type i18n } from 'i18next';
import type { BundledLanguage } from '../domain/languages';
import { resources, type Namespace } from './resources';

/**
 * One i18next instance per window: the staff UI follows the clerk's choice while the customer screen follows
 * the resident's language from the session, so the two must never share an instance.
 */
export function createI18n(language: BundledLanguage, namespaces: readonly Namespace[], fallback: BundledLanguage = 'ja'): i18n {
  const instance = i18next.createInstance();
  void instance.init({
    resources,
    lng: language,
    fallbackLng: fallback,
    ns: [...namespaces],
    defaultNS: namespaces[0],
    initAsync: false,
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });
  return instance;
}
