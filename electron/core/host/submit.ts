import type { z } from 'zod';
import type { CreateVisitRequest, SubmissionRequest } from '../../../shared/api/schemas';
import { hostError } from '../../../shared/contract';
import { residentLanguageOf } from '../../../shared/domain/languages';
import { prefilledForms } from '../../../shared/session/forms';
import { newHouseholdOf } from '../../../shared/session/intake';
import type { Visit } from '../../../shared/session/state';
import { NEWBORN_ID_PREFIX, type ProcedureLine } from '../../../shared/session/visit';
import { handle, type HostContext } from './handler';
import { settleHandoff } from './handoff';

/** The forms, prefilled from the record and the event (the resident writes nothing), with the 個人番号 where the law puts it. */
function forms(ctx: HostContext, visit: Visit, included: ProcedureLine[]) {
  return prefilledForms(visit).map((form) => {
    // The 個人番号 goes only into the forms that legally carry it, for the person it belongs to.
    const line = included.find((l) => l.procedureId === form.formId && (l.residentId ?? undefined) === form.residentId);
    const read = form.residentId !== undefined && visit.individualNumberRead.includes(form.residentId);
    const number = read && line?.needsIndividualNumber ? ctx.store.visitData.individualNumber(visit.visitId, form.residentId!) : undefined;
    return number ? { ...form, fields: { ...form.fields, individualNumber: number } } : form;
  });
}

export const submitHandlers = [
  // hold: what is sent to the backend is what the visit is when it is marked submitted (a procedure change or
  // a late signature waits for the answer, and then finds the visit frozen).
  handle('submitVisit', {
    queue: 'hold',
    run: async (_input, ctx) => {
      const visit = ctx.store.state.visit;
      if (!visit?.household || !visit.lifeEvent || !visit.details) return hostError('invalid_state', 'the visit is not complete');
      const { signature } = visit;
      if (!visit.confirmedAt || !signature) return hostError('invalid_state', 'the resident has not confirmed and signed yet');
      if (visit.result) return { ok: true, value: { rev: ctx.store.state.rev } };
      const included = visit.procedures.filter((line) => line.included);
      // A household moving in that is not registered yet goes as `newHousehold` (the ids the counter made at
      // intake, which the procedures and forms already name); the submission registers it.
      const newHousehold = visit.household.isNew && visit.intake ? newHouseholdOf(visit.intake) : null;
      if (newHousehold && !newHousehold.ok) return hostError('invalid_state', 'the intake is not complete');
      // Whoever may not be registered (shared/rules/residence.ts) is left out of the household the submission registers.
      const refused = new Set(visit.household.members.filter((m) => m.refusal).map((m) => m.residentId));
      if (newHousehold) newHousehold.value = { ...newHousehold.value, members: newHousehold.value.members.filter((m) => !refused.has(m.residentId)) };
      // Keys derived from the counter's visit id: however often this is retried, the backend applies it once.
      const created = await ctx.cloud.createVisit(
        {
          lifeEvent: visit.lifeEvent,
          ...(newHousehold ? { newHousehold: newHousehold.value } : { householdId: visit.household.householdId }),
          language: residentLanguageOf(visit.customerLanguage),
          procedures: included.map((line) => ({
            procedureId: line.procedureId,
            ...(line.residentId && !line.residentId.startsWith(NEWBORN_ID_PREFIX) ? { residentId: line.residentId } : {}),
            reason: line.reasons.map((r) => r.code).join(',') + (line.note ? ` / ${line.note}` : ''),
          })),
        } satisfies z.input<typeof CreateVisitRequest>,
        `${visit.visitId}:visit`,
      );
      const feeItems = [...included.filter((line) => line.feeYen > 0).reduce((counts, line) => counts.set(line.procedureId, (counts.get(line.procedureId) ?? 0) + 1), new Map<string, number>())];
      const submission = await ctx.cloud.submit(
        created.visitId,
        {
          forms: forms(ctx, visit, included),
          feeItems: feeItems.map(([procedureId, count]) => ({ procedureId, count })),
          // The resident's drawing, or the 代筆 record in its place (the backend audits who wrote it and why).
          ...(signature.kind === 'drawn'
            ? { signatureSvg: signature.svg }
            : { proxySignature: { staffId: signature.staffId, reason: signature.reason, note: signature.note, writtenName: signature.writtenName, signedAt: signature.at } }),
        } satisfies z.input<typeof SubmissionRequest>,
        `${visit.visitId}:submission`,
      );
      const result = {
        cloudVisitId: created.visitId,
        receiptNumber: submission.receiptNumber,
        feeYen: submission.feeYen,
        submittedAt: ctx.now().toISOString(),
        ...(newHousehold ? { registered: submission.registered } : {}),
      };
      const submitted = ctx.store.apply({ type: 'visitSubmitted', result });
      if (!submitted.ok || visit.lifeEvent !== 'moving_out' || !visit.details.destinationTenantId) return submitted;
      // 特例転入: a 転出 to a member town is handed off now. The receipt stands whatever its outcome: a failure is
      // kept with the result for staff to retry (retryHandoff), and the submission still answers done.
      await settleHandoff(ctx);
      return { ok: true, value: { rev: ctx.store.state.rev } };
    },
  }),
];
