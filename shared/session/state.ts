import type { BundledLanguage } from '../domain/languages';
import { VISIT_STEPS, stepIndex, type VisitStep } from './steps';
import type { EventDetails, Identification, ProcedureLine, VisitHousehold, VisitLifeEvent, VisitResult } from './visit';

/** The signed-in clerk (from the backend's login answer). The session token stays inside the host. */
export interface SignedInStaff {
  displayName: string;
  role: 'counter' | 'department' | 'supervisor' | 'tenant_admin';
  tenantId: string;
  /** The municipality's name from the backend's tenant configuration (e.g. 美濃加茂市). */
  tenantName: string;
}

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
  staff: SignedInStaff | null;
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
  household: VisitHousehold | null;
  /** The last card or document read in the identification step and the residents it matched (staff-only). */
  identification: Identification | null;
  /** Members whose 個人番号 the host read for the forms that need it. The numbers stay in the host, outside the session. */
  individualNumberRead: string[];
  lifeEvent: VisitLifeEvent | null;
  details: EventDetails | null;
  procedures: ProcedureLine[];
  /** Set when the resident pressed "confirm" on the customer screen. */
  confirmedAt: string | null;
  /** The resident's signature (SVG path data), kept with the submission. */
  signatureSvg: string | null;
  result: VisitResult | null;
  /** The visit as it was before the last change, for one-step undo (never nested deeper). */
  previous: Omit<Visit, 'previous'> | null;
}

export type SessionAction =
  | { type: 'startVisit'; visitId: string; startedAt: string }
  | { type: 'setCustomerLanguage'; language: BundledLanguage }
  | { type: 'goToStep'; step: VisitStep }
  | { type: 'nextStep' }
  | { type: 'previousStep' }
  | { type: 'setStaffNote'; text: string }
  | { type: 'endVisit' }
  | { type: 'customerDisplayChanged'; status: CounterSession['customerDisplay'] }
  | { type: 'signedIn'; staff: SignedInStaff }
  | { type: 'signedOut' }
  | { type: 'householdSelected'; household: VisitHousehold }
  | { type: 'identified'; identification: Identification }
  | { type: 'individualNumberRead'; residentId: string }
  | { type: 'lifeEventChosen'; lifeEvent: VisitLifeEvent; details: EventDetails; procedures: ProcedureLine[]; household?: VisitHousehold }
  | { type: 'procedureSet'; procedureId: string; residentId: string | null; included: boolean; note: string; line?: ProcedureLine }
  | { type: 'customerConfirmed'; at: string }
  | { type: 'signatureCaptured'; svg: string }
  | { type: 'visitSubmitted'; result: VisitResult }
  | { type: 'undo' };

export type ReduceResult = { ok: true; state: CounterSession } | { ok: false; reason: string };

export function initialSession(terminalId: string): CounterSession {
  return { rev: 0, terminalId, customerDisplay: 'missing', staff: null, visit: null };
}

function emptyVisit(visitId: string, startedAt: string): Visit {
  return {
    visitId,
    startedAt,
    step: VISIT_STEPS[0],
    customerLanguage: null,
    staffNote: '',
    household: null,
    identification: null,
    individualNumberRead: [],
    lifeEvent: null,
    details: null,
    procedures: [],
    confirmedAt: null,
    signatureSvg: null,
    result: null,
    previous: null,
  };
}

/** What must be done before leaving a step (the staff screen shows the same rule as a hint). */
export function stepBlocker(visit: Visit): string | null {
  switch (visit.step) {
    case 'identify':
      return visit.household ? null : 'identify the household first';
    case 'lifeEvent':
      return visit.lifeEvent ? null : 'choose the life event first';
    case 'procedures':
      return visit.procedures.some((line) => line.included) ? null : 'at least one procedure is needed';
    case 'review':
      return visit.confirmedAt ? null : 'the resident has not confirmed yet';
    case 'sign':
      return 'submit the visit to finish';
    case 'finish':
      return 'already at the last step';
  }
}

const sameLine = (line: ProcedureLine, procedureId: string, residentId: string | null) =>
  line.procedureId === procedureId && line.residentId === residentId;

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
    if (state.visit.result && action.type !== 'setStaffNote' && action.type !== 'setCustomerLanguage') {
      return { ok: false, reason: 'the visit is already submitted' };
    }
    const result = fn(state.visit);
    if (typeof result === 'string') return { ok: false, reason: result };
    // Remember the visit as it was, so the last change can be undone (one level; the note is not a "step").
    const { previous: _drop, ...before } = state.visit;
    const remembered = action.type === 'setStaffNote' ? state.visit.previous : before;
    return next({ visit: { ...result, previous: remembered } });
  };

  switch (action.type) {
    case 'startVisit':
      if (!state.staff) return { ok: false, reason: 'sign in first' };
      if (state.visit) return { ok: false, reason: 'a visit is already open' };
      return next({ visit: emptyVisit(action.visitId, action.startedAt) });
    case 'signedIn':
      return next({ staff: action.staff });
    case 'signedOut':
      if (state.visit && !state.visit.result) return { ok: false, reason: 'finish or end the open visit before signing out' };
      return next({ staff: null, visit: null });
    case 'householdSelected':
      return withVisit((visit) =>
        visit.step !== 'identify'
          ? 'the household is chosen in the identification step'
          : { ...visit, household: action.household, lifeEvent: null, details: null, procedures: [], confirmedAt: null, signatureSvg: null },
      );
    case 'identified':
      // A read is only recorded once it is complete (a card pulled mid-read never gets here).
      return withVisit((visit) => (visit.step !== 'identify' ? 'cards are read in the identification step' : { ...visit, identification: action.identification }));
    case 'individualNumberRead':
      return withVisit((visit) => (visit.individualNumberRead.includes(action.residentId) ? visit : { ...visit, individualNumberRead: [...visit.individualNumberRead, action.residentId] }));
    case 'lifeEventChosen':
      return withVisit((visit) =>
        !visit.household
          ? 'identify the household first'
          : {
              ...visit,
              // The household as judged (a birth adds the newborn), the event and its procedures.
              household: action.household ?? visit.household,
              lifeEvent: action.lifeEvent,
              details: action.details,
              procedures: action.procedures,
              confirmedAt: null,
              signatureSvg: null,
            },
      );
    case 'procedureSet':
      return withVisit((visit) => {
        const exists = visit.procedures.some((line) => sameLine(line, action.procedureId, action.residentId));
        if (!exists && !action.line) return 'no such procedure in this visit';
        const procedures = exists
          ? visit.procedures.map((line) => (sameLine(line, action.procedureId, action.residentId) ? { ...line, included: action.included, note: action.note } : line))
          : [...visit.procedures, { ...action.line!, included: action.included, note: action.note, source: 'added' as const }];
        // What the resident confirmed has changed: they confirm (and sign) again. A note (staff only) or a press
        // that leaves the line as it was changes nothing they saw.
        const before = visit.procedures.find((line) => sameLine(line, action.procedureId, action.residentId));
        const changesSet = before ? before.included !== action.included : action.included;
        return changesSet ? { ...visit, procedures, confirmedAt: null, signatureSvg: null } : { ...visit, procedures };
      });
    case 'customerConfirmed':
      return withVisit((visit) => (visit.step !== 'review' ? 'the resident confirms in the review step' : { ...visit, confirmedAt: action.at }));
    case 'signatureCaptured':
      return withVisit((visit) =>
        visit.step !== 'sign' ? 'the resident signs in the signature step' : !visit.confirmedAt ? 'the resident has not confirmed yet' : { ...visit, signatureSvg: action.svg },
      );
    case 'visitSubmitted':
      return withVisit((visit) => ({ ...visit, result: action.result, step: 'finish' as const }));
    case 'undo':
      if (!state.visit?.previous) return { ok: false, reason: 'nothing to undo' };
      if (state.visit.result) return { ok: false, reason: 'the visit is already submitted' };
      return next({ visit: { ...state.visit.previous, staffNote: state.visit.staffNote, previous: null } });
    case 'setCustomerLanguage':
      return withVisit((visit) => ({ ...visit, customerLanguage: action.language }));
    case 'goToStep':
      return withVisit((visit) => ({ ...visit, step: action.step }));
    case 'nextStep':
      return withVisit((visit) => {
        const blocked = stepBlocker(visit);
        if (blocked) return blocked;
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
