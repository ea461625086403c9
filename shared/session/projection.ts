import type { CustomerView, StaffView } from '../contract/views';
import type { CounterSession } from './state';
import { VISIT_STEPS, stepIndex } from './steps';

/** The staff window sees the whole session. A copy, so a window-side mutation can never reach host state. */
export function staffView(session: CounterSession): StaffView {
  return {
    rev: session.rev,
    terminalId: session.terminalId,
    customerDisplay: session.customerDisplay,
    visit: session.visit ? { ...session.visit } : null,
  };
}

/**
 * The customer screen sees only what the resident at the counter may see. Built field by field from an
 * allow-list (never by copying and deleting), so new session fields are private until someone adds them here.
 */
export function customerView(session: CounterSession): CustomerView {
  const visit = session.visit;
  if (!visit) return { rev: session.rev, mode: 'idle' };
  return {
    rev: session.rev,
    mode: 'visit',
    language: visit.customerLanguage,
    step: visit.step,
    stepIndex: stepIndex(visit.step),
    stepCount: VISIT_STEPS.length,
  };
}

/** True when two customer views show the same thing (rev aside): used to avoid pushing no-op updates. */
export function sameCustomerContent(a: CustomerView, b: CustomerView): boolean {
  return JSON.stringify({ ...a, rev: 0 }) === JSON.stringify({ ...b, rev: 0 });
}
