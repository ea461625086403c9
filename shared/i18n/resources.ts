import {
  BUNDLED_LANGUAGES,
  STAFF_UI_LANGUAGES,
  isStaffUiLanguage,
  type BundledLanguage,
  type StaffUiLanguage,
} from '../domain/languages';
import enCatalog from './locales/en/catalog.json' with { type: 'json' };
import enCommon from './locales/en/common.json' with { type: 'json' };
import enCustomer from './locales/en/customer.json' with { type: 'json' };
import enStaff from './locales/en/staff.json' with { type: 'json' };
import esCatalog from './locales/es/catalog.json' with { type: 'json' };
import esCommon from './locales/es/common.json' with { type: 'json' };
import esCustomer from './locales/es/customer.json' with { type: 'json' };
import idCatalog from './locales/id/catalog.json' with { type: 'json' };
import idCommon from './locales/id/common.json' with { type: 'json' };
import idCustomer from './locales/id/customer.json' with { type: 'json' };
import jaEasyCatalog from './locales/ja-x-easy/catalog.json' with { type: 'json' };
import jaEasyCommon from './locales/ja-x-easy/common.json' with { type: 'json' };
import jaEasyCustomer from './locales/ja-x-easy/customer.json' with { type: 'json' };
import jaCatalog from './locales/ja/catalog.json' with { type: 'json' };
import jaCommon from './locales/ja/common.json' with { type: 'json' };
import jaCustomer from './locales/ja/customer.json' with { type: 'json' };
import jaStaff from './locales/ja/staff.json' with { type: 'json' };
import koCatalog from './locales/ko/catalog.json' with { type: 'json' };
import koCommon from './locales/ko/common.json' with { type: 'json' };
import koCustomer from './locales/ko/customer.json' with { type: 'json' };
import neCatalog from './locales/ne/catalog.json' with { type: 'json' };
import neCommon from './locales/ne/common.json' with { type: 'json' };
import neCustomer from './locales/ne/customer.json' with { type: 'json' };
import ptBrCatalog from './locales/pt-BR/catalog.json' with { type: 'json' };
import ptBrCommon from './locales/pt-BR/common.json' with { type: 'json' };
import ptBrCustomer from './locales/pt-BR/customer.json' with { type: 'json' };
import tlCatalog from './locales/tl/catalog.json' with { type: 'json' };
import tlCommon from './locales/tl/common.json' with { type: 'json' };
import tlCustomer from './locales/tl/customer.json' with { type: 'json' };
import viCatalog from './locales/vi/catalog.json' with { type: 'json' };
import viCommon from './locales/vi/common.json' with { type: 'json' };
import viCustomer from './locales/vi/customer.json' with { type: 'json' };
import zhCnCatalog from './locales/zh-CN/catalog.json' with { type: 'json' };
import zhCnCommon from './locales/zh-CN/common.json' with { type: 'json' };
import zhCnCustomer from './locales/zh-CN/customer.json' with { type: 'json' };

/**
 * Bundled i18next resources: one folder per language, one namespace per window role plus `common` and the
 * procedure `catalog`. Bundled (static imports) rather than fetched: the counter network has no internet and the
 * app must work offline.
 *
 * - `common`, `customer` and `catalog` are resident-facing and exist in every bundled language.
 * - `staff` is the clerk's screen and exists only in `STAFF_UI_LANGUAGES`.
 * - Every string is an ICU MessageFormat message (`{name}`, `{count, plural, one {…} other {…}}`); see ./create.ts.
 * - 'ja-x-easy' strings carry furigana markup `[漢字|かんじ]`; see ./ruby.ts.
 * - `catalog` keys: `procedures.<procedureId>.{title,explanation,bring}`, `departments.<Japanese department name>`
 *   and `lifeEvents.<lifeEvent>`, covering server/demo/catalog.ts (a test checks).
 */
export const NAMESPACES = ['common', 'staff', 'customer', 'catalog'] as const;
export type Namespace = (typeof NAMESPACES)[number];

/** The namespaces every bundled language has. */
export const RESIDENT_NAMESPACES = ['common', 'customer', 'catalog'] as const satisfies readonly Namespace[];
export type ResidentNamespace = (typeof RESIDENT_NAMESPACES)[number];

type LanguageResources<L extends BundledLanguage> = Record<ResidentNamespace, object> &
  (L extends StaffUiLanguage ? Record<'staff', object> : { staff?: never });
export type Resources = { [L in BundledLanguage]: LanguageResources<L> };

export const resources = {
  ja: { common: jaCommon, staff: jaStaff, customer: jaCustomer, catalog: jaCatalog },
  'ja-x-easy': { common: jaEasyCommon, customer: jaEasyCustomer, catalog: jaEasyCatalog },
  en: { common: enCommon, staff: enStaff, customer: enCustomer, catalog: enCatalog },
  'pt-BR': { common: ptBrCommon, customer: ptBrCustomer, catalog: ptBrCatalog },
  tl: { common: tlCommon, customer: tlCustomer, catalog: tlCatalog },
  es: { common: esCommon, customer: esCustomer, catalog: esCatalog },
  vi: { common: viCommon, customer: viCustomer, catalog: viCatalog },
  'zh-CN': { common: zhCnCommon, customer: zhCnCustomer, catalog: zhCnCatalog },
  ko: { common: koCommon, customer: koCustomer, catalog: koCatalog },
  ne: { common: neCommon, customer: neCustomer, catalog: neCatalog },
  id: { common: idCommon, customer: idCustomer, catalog: idCatalog },
} as const satisfies Resources;

/** The namespaces bundled for one language. */
export function namespacesOf(language: BundledLanguage): readonly Namespace[] {
  return isStaffUiLanguage(language) ? NAMESPACES : RESIDENT_NAMESPACES;
}

/** The languages a namespace is bundled in. */
export function languagesWith(namespace: Namespace): readonly BundledLanguage[] {
  return namespace === 'staff' ? STAFF_UI_LANGUAGES : BUNDLED_LANGUAGES;
}
