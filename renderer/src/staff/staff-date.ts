import { useTranslation } from 'react-i18next';
import { formatDate } from '../../../shared/domain/dates';
import { staffUiLanguageOf } from '../../../shared/domain/languages';

/** A date as the clerk's screen shows it, in the clerk's display language (2026年12月19日 / December 19, 2026). */
export function useStaffDate(): (iso: string) => string {
  const { i18n } = useTranslation('staff');
  const language = staffUiLanguageOf(i18n.language);
  return (iso) => formatDate(iso, language);
}
