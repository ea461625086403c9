import { hostError } from '../../../shared/contract';
import { NEWBORN_ID_PREFIX } from '../../../shared/session/visit';
import { handle } from './handler';

export const guidePdfHandlers = [
  // outside: the sheet lists the visit as it is now and writes nothing to the session.
  handle('exportGuidePdf', {
    queue: 'outside',
    run: async (_input, ctx) => {
      const visit = ctx.store.state.visit;
      if (!visit?.procedures.some((line) => line.included)) return hostError('invalid_state', 'there are no procedures to list yet');
      if (!ctx.renderPdf) return hostError('unavailable', 'this host cannot print to PDF');
      // Recorded before the document exists: a print that cannot be audited is not made.
      const residentIds = (visit.household?.members ?? []).map((m) => m.residentId).filter((id) => !id.startsWith(NEWBORN_ID_PREFIX));
      if (residentIds.length > 0) {
        await ctx.cloud.recordPrint({ document: 'tetsuzuki_annai', residentIds, ...(visit.result ? { visitId: visit.result.cloudVisitId } : {}) }, ctx.newId());
      }
      const pdf = await ctx.renderPdf('guide');
      const name = visit.result?.receiptNumber ?? visit.visitId.slice(0, 8);
      return { ok: true, value: { fileName: `tetsuzuki-annai-${name}.pdf`, pdfBase64: Buffer.from(pdf).toString('base64') } };
    },
  }),
];
