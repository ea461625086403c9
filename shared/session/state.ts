import type { BundledLanguage } from '../domain/languages';
import { VISIT_STEPS, stepIndex, type VisitStep } from './steps';

/**
 * The counter session: the single source of truth for what is happening at one counter, owned by the host.
 * Windows never hold their own copy of it; they get projections (projection.ts) stamped with `rev`.
 */
export interface CounterSession {
  /** Bumped on every accepted change. Windows drop any push whose rev is not newer than what they show. */
  rev: number;
  /** The registered counter terminal (staff-only: IT and audit need it, the resident does not). */
  terminalId: string;
  /** Whether the customer-facing screen is attached (second display in Electron, a connected page in the browser host). */
  customerDisplay: 'connected' | 'missing';
  visit: Visit | null;
}

export interface Visit {
  visitId: string;
  startedAt: string;
  step: VisitStep;
  /** Chosen by staff, or tapped by the resident. null until then: the customer screen shows the language picker. */
  customerLanguage: BundledLanguage | null;
  /** Staff-only working note (e.g. 支援措置 flags, interpreter booked). Must never reach the customer screen. */
  staffNote: string;
}

export type SessionAction =
  | { type: 'startVisit'; visitId: string; startedAt: string }
  | { type: 'setCustomerLanguage'; language: BundledLanguage }
  | { type: 'goToStep'; step: VisitStep }
  | { type: 'nextStep' }
  | { type: 'previousStep' }
  | { type: 'setStaffNote'; text: string }
  | { type: 'endVisit' }
  | { type: 'customerDisplayChanged'; status: CounterSession['customerDisplay'] };

export type ReduceResult = { ok: true; state: CounterSession } | { ok: false; reason: string };

export function initialSession(terminalId: string): CounterSession {
  return { rev: 0, terminalId, customerDisplay: 'missing', visit: null };
}

/**
 * Pure transition function. Refuses (instead of ignoring) actions that do not fit the current state so the
 * staff screen can say why; an accepted action always yields a new object with rev + 1.
 */
export function reduceSession(state: CounterSession, action: SessionAction): ReduceResult {
  const next = (patch: Partial<CounterSession>): ReduceResult => ({
    ok: true,
    state: { ...state, ...patch, rev: state.rev + 1 },
  });
  const withVisit = (fn: (visit: Visit) => Visit | string): ReduceResult => {
    if (!state.visit) return { ok: false, reason: 'no visit is open' };
    const result = fn(state.visit);
    return typeof result === 'string' ? { ok: false, reason: result } : next({ visit: result });
  };

  switch (action.type) {
    case 'startVisit':
      if (state.visit) return { ok: false, reason: 'a visit is already open' };
      return next({
        visit: {
          visitId: action.visitId,
          startedAt: action.startedAt,
          step: VISIT_STEPS[0],
          customerLanguage: null,
          staffNote: '',
        },
      });
    case 'setCustomerLanguage':
      return withVisit((visit) => ({ ...visit, customerLanguage: action.language }));
    case 'goToStep':
      return withVisit((visit) => ({ ...visit, step: action.step }));
    case 'nextStep':
      return withVisit((visit) => {
        const following = VISIT_STEPS[stepIndex(visit.step) + 1];
        return following ? { ...visit, step: following } : 'already at the last step';
      });
    case 'previousStep':
      return withVisit((visit) => {
        const index = stepIndex(visit.step);
        const previous = index > 0 ? VISIT_STEPS[index - 1] : undefined;
        return previous ? { ...visit, step: previous } : 'already at the first step';
      });
    case 'setStaffNote':
      return withVisit((visit) => ({ ...visit, staffNote: action.text }));
    case 'endVisit':
      if (!state.visit) return { ok: false, reason: 'no visit is open' };
      return next({ visit: null });
    case 'customerDisplayChanged':
      if (state.customerDisplay === action.status) return { ok: true, state };
      return next({ customerDisplay: action.status });
  }
}
