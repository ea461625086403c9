import type { TFunction } from 'i18next';
import { formatDate } from '../../../shared/domain/dates';
import type { LanguageCode } from '../../../shared/domain/languages';

/** One reason of a judgement, as the rules engine gives it (shared/rules/conditions.ts). */
export interface ReasonLike {
  code: string;
  params: Record<string, string | number>;
}

/**
 * A reason in the clerk's words. The engine gives codes, so params are turned into words first: insurance,
 * pension, school-stage and 続柄 lists ("national,none" → "国保・保険なし"), dates in the reader's format. A
 * negated condition (`not_<code>`) has its own message that says what does not hold (「健康保険：生活保護以外」),
 * never the positive text with a "does not apply" mark, which reads as the opposite.
 */
export function reasonText(reason: ReasonLike, t: TFunction, language: LanguageCode): string {
  const words = (group: string, value: string | number) =>
    String(value)
      .split(',')
      .map((code) => t(`${group}.${code}`, { ns: 'staff' }))
      .join('・');
  const { params } = reason;
  const readable: Record<string, string | number> = { ...params };
  if (params.insurance !== undefined) readable.insurance = words('household.insurance', params.insurance);
  if (params.pension !== undefined) readable.pension = words('household.pension', params.pension);
  if (params.stages !== undefined) readable.stages = words('stages', params.stages);
  if (params.relation !== undefined) readable.relation = String(params.relation).split(',').join('・');
  if (typeof params.until === 'string') readable.until = formatDate(params.until, language);
  // The sub-kinds a condition asked for, in words (the positive reason names the event's own kind by a select).
  if (reason.code === 'not_event_kind' && params.kind !== undefined) readable.kind = words('lifeEvent.eventKinds', params.kind);
  // Residence status (shared/rules/residence-status.ts): codes in the clerk's words, countries by name.
  if (params.status !== undefined) readable.status = words('residence.statuses', params.status);
  if (params.category !== undefined && (reason.code === 'residence_category' || reason.code === 'not_residence_category')) readable.category = words('residence.categories', params.category);
  if (params.nationality !== undefined) readable.nationality = String(params.nationality).split(',').map((code) => countryName(code, language)).join('・');
  if (typeof params.expiresOn === 'string' && params.expiresOn) readable.expiresOn = formatDate(params.expiresOn, language);
  return t(`reasons.${reason.code}`, { ns: 'staff', ...readable });
}

/** A country's name from its ISO alpha-2 code in the reader's language (the code itself where the runtime has no name). */
export function countryName(code: string, language: LanguageCode): string {
  try {
    return new Intl.DisplayNames([language], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}
