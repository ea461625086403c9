import type { CustomerView, StaffView } from '../contract/views';
import { stepBlocker, type CounterSession } from './state';
import { VISIT_STEPS, stepIndex } from './steps';

/** The staff window sees the whole session. A copy, so a window-side mutation can never reach host state. */
export function staffView(session: CounterSession): StaffView {
  const visit = session.visit;
  return {
    rev: session.rev,
    terminalId: session.terminalId,
    customerDisplay: session.customerDisplay,
    staff: session.staff ? { ...session.staff } : null,
    visit: visit
      ? {
          visitId: visit.visitId,
          startedAt: visit.startedAt,
          step: visit.step,
          customerLanguage: visit.customerLanguage,
          staffNote: visit.staffNote,
          household: visit.household ? structuredClone(visit.household) : null,
          lifeEvent: visit.lifeEvent,
          details: visit.details ? { ...visit.details } : null,
          identification: visit.identification ? structuredClone(visit.identification) : null,
          intake: visit.intake ? structuredClone(visit.intake) : null,
          individualNumberRead: [...visit.individualNumberRead],
          procedures: structuredClone(visit.procedures),
          confirmedAt: visit.confirmedAt,
          signed: visit.signature !== null,
          // Staff see that a 代筆 stands in for the resident's signature, by whom and why.
          proxySignature:
            visit.signature?.kind === 'proxy'
              ? { staffName: visit.signature.staffName, reason: visit.signature.reason, note: visit.signature.note, writtenName: visit.signature.writtenName, at: visit.signature.at }
              : null,
          result: visit.result ? { ...visit.result } : null,
          canUndo: visit.history.length > 0 && visit.result === null,
          blocker: stepBlocker(visit),
        }
      : null,
  };
}

/**
 * The customer screen sees only what the resident at the counter may see. Built field by field from an
 * allow-list (never by copying and deleting), so new session fields are private until someone adds them here.
 */
export function customerView(session: CounterSession): CustomerView {
  const visit = session.visit;
  if (!visit) return { rev: session.rev, mode: 'idle' };
  const index = stepIndex(visit.step);
  // Personal data appears only from the step where the resident checks it (procedures onward).
  const shows = index >= stepIndex('procedures');
  const members = shows && visit.household ? visit.household.members : [];
  return {
    rev: session.rev,
    mode: 'visit',
    language: visit.customerLanguage,
    step: visit.step,
    stepIndex: index,
    stepCount: VISIT_STEPS.length,
    lifeEvent: visit.lifeEvent,
    eventDate: shows ? (visit.details?.eventDate ?? null) : null,
    newAddress: shows && visit.details?.newAddress ? visit.details.newAddress : null,
    // The forms carry the previous address and each member's 続柄 (shared/session/forms.ts): the resident checks them.
    previousAddress: shows && visit.details?.previousAddress ? visit.details.previousAddress : null,
    // A member the 転入 refuses learns why, in their language (the reason's code; never the status or nationality).
    members: members.map((m) => ({ name: m.name, nameKana: m.nameKana, alphabetName: m.alphabetName, birthDate: m.birthDate, relation: m.relation, refusal: m.refusal ?? null })),
    procedures: shows
      ? visit.procedures
          .filter((line) => line.included)
          .map((line) => ({
            procedureId: line.procedureId,
            member: line.residentId === null ? null : members.findIndex((m) => m.residentId === line.residentId),
            department: line.department,
            deadline: line.deadline,
            feeYen: line.feeYen,
          }))
      : [],
    confirmed: visit.confirmedAt !== null,
    // Signed, whoever wrote it: the resident's screen never learns the 代筆's reason or the clerk.
    signed: visit.signature !== null,
    receiptNumber: visit.result?.receiptNumber ?? null,
  };
}

/** True when two customer views show the same thing (rev aside): used to avoid pushing no-op updates. */
export function sameCustomerContent(a: CustomerView, b: CustomerView): boolean {
  return JSON.stringify({ ...a, rev: 0 }) === JSON.stringify({ ...b, rev: 0 });
}
