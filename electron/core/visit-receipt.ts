import type { CatalogProcedure } from '../../shared/api/schemas';
import type { z } from 'zod';
import { residentLanguageOf } from '../../shared/domain/languages';
import { createI18n } from '../../shared/i18n/create';
import { stripRuby } from '../../shared/i18n/ruby';
import type { Visit } from '../../shared/session/state';
import { buildFeeReceipt, type FeeItem, type PrintDocument } from './devices/print/receipt';

type Catalog = z.infer<typeof CatalogProcedure>[];

/** The print job id of a visit's receipt: one receipt per receipt number, whatever is retried. */
export function receiptJobId(receiptNumber: string): string {
  return `receipt:${receiptNumber}`;
}

/**
 * The slip a finished visit prints at the counter: the backend's receipt number, each procedure (and its fee)
 * in Japanese with the resident's language beneath, the total. No names or addresses: a slip left on the
 * counter tells a stranger nothing about the household.
 */
export function visitReceipt(visit: Visit, tenantName: string, catalog: Catalog, issuedAt: string): PrintDocument {
  if (!visit.result) throw new Error('the visit has no receipt number yet');
  const language = residentLanguageOf(visit.customerLanguage);
  const i18n = createI18n(language, ['customer', 'catalog']);
  const translated = (key: string) => (i18n.exists(key) ? stripRuby(i18n.t(key)) : undefined);
  const counts = new Map<string, number>();
  for (const line of visit.procedures) if (line.included) counts.set(line.procedureId, (counts.get(line.procedureId) ?? 0) + 1);
  const items: FeeItem[] = [...counts].map(([procedureId, quantity]) => {
    const entry = catalog.find((e) => e.procedureId === procedureId);
    const fee = visit.procedures.find((line) => line.procedureId === procedureId)?.feeYen ?? 0;
    const name = language === 'ja' ? undefined : translated(`catalog:procedures.${procedureId}.title`);
    return { nameJa: entry?.texts.ja?.title ?? procedureId, quantity, unitFeeYen: fee, ...(name ? { name } : {}) };
  });
  const total = items.reduce((sum, item) => sum + item.quantity * item.unitFeeYen, 0);
  const resident =
    language === 'ja'
      ? undefined
      : {
          lang: language,
          title: stripRuby(i18n.t('customer:receipt.title')),
          total: stripRuby(i18n.t('customer:receipt.total', { amount: `¥${total.toLocaleString('ja-JP')}` })),
          note: stripRuby(i18n.t('customer:receipt.note')),
        };
  return buildFeeReceipt({ tenantName, receiptNumber: visit.result.receiptNumber, issuedAt, items, ...(resident ? { resident } : {}) });
}
