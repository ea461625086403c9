import { hostError, type HostResult } from '../../../shared/contract';
import { renderPreviewSvg, type PrintDocument } from '../devices/print/receipt';
import { receiptJobId, visitReceipt } from '../visit-receipt';
import { handle, type Granted } from './handler';

/** The finished visit's receipt as receiptline markup (what is printed and previewed). */
function receiptDocument(ctx: Granted<'staff'>): HostResult<PrintDocument> {
  const visit = ctx.store.state.visit;
  if (!visit?.result) return hostError('invalid_state', 'the receipt exists once the visit is submitted');
  const catalog = ctx.store.visitData.catalog(visit.visitId) ?? [];
  return { ok: true, value: visitReceipt(visit, ctx.staff.tenantName, catalog, visit.result.submittedAt) };
}

/**
 * The receipt on the counter's printer. All outside the queue: a submitted visit is frozen, so what they read
 * cannot change under them, and they write nothing to the session (the print ledger is the printer's).
 */
export const receiptHandlers = [
  handle('printReceipt', {
    queue: 'outside',
    needs: ['staff', 'devices'],
    device: 'printer',
    run: async (_input, ctx) => {
      const document = receiptDocument(ctx);
      if (!document.ok) return document;
      const { number, markup } = document.value;
      return { ok: true, value: await ctx.devices.print({ jobId: receiptJobId(number), kind: 'receipt', number, markup }) };
    },
  }),
  handle('reprintReceipt', {
    queue: 'outside',
    needs: ['staff', 'devices'],
    device: 'printer',
    // The reprint's own id comes from the staff action's request id: a retried click reprints once.
    run: async ({ jobId, requestId }, ctx) => ({ ok: true, value: await ctx.devices.reprint(jobId, `reprint:${requestId}`) }),
  }),
  handle('getReceiptJob', {
    queue: 'outside',
    run: (_input, ctx) => {
      const receiptNumber = ctx.store.state.visit?.result?.receiptNumber;
      return { ok: true, value: { job: receiptNumber ? (ctx.devices?.printJob(receiptJobId(receiptNumber)) ?? null) : null } };
    },
  }),
  handle('getReceiptPreview', {
    queue: 'outside',
    needs: ['staff', 'devices'],
    device: 'printer',
    run: (_input, ctx) => {
      const document = receiptDocument(ctx);
      return document.ok ? { ok: true, value: { svg: renderPreviewSvg(document.value.markup) } } : document;
    },
  }),
];
