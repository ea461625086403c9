import { hostError, type HostResult } from '../../../shared/contract';
import { normalizeKanjiName } from '../../../shared/domain/name-search';
import { deadlineOf } from '../../../shared/rules/engine';
import { ruleEventDates } from '../../../shared/session/rule-member';
import { individualNumberNeeds } from '../../../shared/session/individual-number';
import type { Visit } from '../../../shared/session/state';
import { handle } from './handler';

/** The residents whose procedures in this visit need the 個人番号, or why none can be read now. */
function needingNumber(visit: Visit | null): HostResult<{ visit: Visit; needing: Set<string> }> {
  if (!visit?.household || visit.result) return hostError('invalid_state', 'the 個人番号 is read for an open visit with a household');
  const needing = new Set(individualNumberNeeds(visit).map((need) => need.residentId));
  if (needing.size === 0) return hostError('invalid_state', 'no procedure of this visit needs the 個人番号', { reason: 'number_not_needed' });
  return { ok: true, value: { visit, needing } };
}

export const procedureHandlers = [
  // hold: the line changed is the one the visit has when the change's turn comes.
  handle('setProcedure', {
    queue: 'hold',
    run: ({ procedureId, residentId, included, note }, ctx) => {
      const visit = ctx.store.state.visit;
      const existing = visit?.procedures.find((line) => line.procedureId === procedureId && line.residentId === residentId);
      // A clerk's change to what the rules judged is recorded with its reason.
      const changesJudgement = existing ? existing.source === 'judged' && existing.included !== included : included;
      if (changesJudgement && !note.trim()) return hostError('invalid_input', 'a reason is required to add or remove a procedure', { fields: ['note'] });
      if (existing || !visit) return ctx.store.apply({ type: 'procedureSet', procedureId, residentId, included, note });
      const entry = ctx.store.visitData.catalog(visit.visitId)?.find((e) => e.procedureId === procedureId);
      if (!entry) return hostError('invalid_input', `${procedureId} is not in this municipality's catalog`, { fields: ['procedureId'] });
      if (residentId !== null && !visit.household?.members.some((m) => m.residentId === residentId)) {
        return hostError('invalid_input', 'that person is not in this household', { fields: ['residentId'] });
      }
      // A member the 転入 refused (shared/rules/residence.ts) is not registered: no procedure can be added for them.
      if (residentId !== null && visit.household?.members.some((m) => m.residentId === residentId && m.refusal)) {
        return hostError('invalid_input', 'that person may not be registered', { fields: ['residentId'] });
      }
      // A hand-added procedure has the same deadline as if the rules had judged it.
      const deadline = visit.details && visit.lifeEvent ? deadlineOf(entry, ruleEventDates(visit.lifeEvent, visit.details)) : null;
      const line = { procedureId, residentId, department: entry.department, deadline, feeYen: entry.feeYen, reasons: [{ code: 'added_by_staff', params: {} }], source: 'added' as const, included, note };
      return ctx.store.apply({ type: 'procedureSet', procedureId, residentId, included, note, line });
    },
  }),
  // revalidate: the card read (PIN) runs outside the queue; the number is kept only if, when its turn comes,
  // the same visit still has a procedure of the card holder's that needs it.
  handle('readIndividualNumber', {
    queue: 'revalidate',
    needs: ['staff', 'devices'],
    device: 'cardReader',
    run: async ({ pin }, ctx) => {
      const before = needingNumber(ctx.store.state.visit);
      if (!before.ok) return before;
      const read = await ctx.devices.readIndividualNumber(pin);
      return ctx.store.serial(() => {
        const now = needingNumber(ctx.store.state.visit);
        if (!now.ok) return now;
        const { visit, needing } = now.value;
        if (visit.visitId !== before.value.visit.visitId) return hostError('invalid_state', 'the visit changed while the card was read');
        // The card must be a household member's whose procedure needs the number; otherwise it is forgotten at
        // once. Names compare as the name search does (spaces, 異体字 such as 髙/高): the card and the register may
        // differ in exactly that. The answer says which case it is, so staff do not take it for a card fault.
        const holder = visit.household?.members.find((m) => normalizeKanjiName(m.name) === normalizeKanjiName(read.identity.name ?? '') && m.birthDate === read.identity.birthDate);
        if (!holder) return hostError('invalid_input', 'the card holder is not a member of this household', { reason: 'not_household_member' });
        if (!needing.has(holder.residentId)) return hostError('invalid_state', "none of this person's procedures needs the 個人番号", { reason: 'number_not_needed' });
        ctx.store.visitData.setIndividualNumber(visit.visitId, holder.residentId, read.individualNumber);
        return ctx.store.apply({ type: 'individualNumberRead', residentId: holder.residentId });
      });
    },
  }),
];
