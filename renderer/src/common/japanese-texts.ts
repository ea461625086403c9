import type { i18n } from 'i18next';
import { createI18n } from '../../../shared/i18n/create';

let japanese: i18n | undefined;

/**
 * The Japanese texts of the resident-facing namespaces, for the Japanese shown beside a resident's language (the
 * customer review, the guide). One instance per window, made on first use: an i18next instance keeps its own
 * cache of parsed messages, so making one per card or per render would parse them again and again.
 */
export function japaneseTexts(): i18n {
  japanese ??= createI18n('ja', ['customer', 'catalog']);
  return japanese;
}
