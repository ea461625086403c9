import type { BundledLanguage } from '../domain/languages';
import enCommon from './locales/en/common.json';
import enCustomer from './locales/en/customer.json';
import enStaff from './locales/en/staff.json';
import jaCommon from './locales/ja/common.json';
import jaCustomer from './locales/ja/customer.json';
import jaStaff from './locales/ja/staff.json';

/**
 * Bundled i18next resources, one folder per language and one namespace per window role plus `common`.
 * Bundled rather than fetched: the counter network has no internet and the app must work offline.
 */
export const NAMESPACES = ['common', 'staff', 'customer'] as const;
export type Namespace = (typeof NAMESPACES)[number];

export const resources = {
  ja: { common: jaCommon, staff: jaStaff, customer: jaCustomer },
  en: { common: enCommon, staff: enStaff, customer: enCustomer },
} as const satisfies Record<BundledLanguage, Record<Namespace, object>>;
