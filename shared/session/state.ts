import type { ProxySignatureReason } from '../api/schemas';
import type { BundledLanguage } from '../domain/languages';
import { VISIT_STEPS, stepIndex, type VisitStep } from './steps';
import type { IntakeDraft, IntakeEdit } from './intake';
import type { EventDetails, HandoffOutcome, Identification, ProcedureLine, VisitHousehold, VisitLifeEvent, VisitResult } from './visit';

/** The signed-in clerk (from the backend's login answer). The session token stays inside the host. */
export interface SignedInStaff {
  /** The backend's id of the clerk: a 代筆 is recorded under it. */
  staffId: string;
  displayName: string;
  role: 'counter' | 'department' | 'supervisor' | 'tenant_admin';
  tenantId: string;
  /** The municipality's name from the backend's tenant configuration (e.g. 美濃加茂市). */
  tenantName: string;
  /**
   * Set when the backend answered that this clerk's sign-in is over (idle or past its hours). The clerk and the
   * open visit stay: the staff screen asks the same clerk to sign in again, and the visit goes on from there.
   */
  sessionExpired?: boolean;
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
  /** 転入 of people not in the register: the form staff fill (staff-only), until and after it becomes the household. */
  intake: IntakeDraft | null;
  /** Members whose 個人番号 the host read for the forms that need it. The numbers stay in the host, outside the session. */
  individualNumberRead: string[];
  lifeEvent: VisitLifeEvent | null;
  details: EventDetails | null;
  procedures: ProcedureLine[];
  /** Set when the resident pressed "confirm" on the customer screen. */
  confirmedAt: string | null;
  /** The signature kept with the submission: the resident's own, or the clerk's 代筆 for them. */
  signature: Signature | null;
  result: VisitResult | null;
  /** The visit as it was before each of the last changes, oldest first (at most UNDO_LIMIT), for undo. */
  history: VisitSnapshot[];
}

/** A visit as it was at one moment (what undo goes back to). */
export type VisitSnapshot = Omit<Visit, 'history'>;

/** How many changes undo can go back: enough for a clerk's run of slips, small enough to keep in memory. */
export const UNDO_LIMIT = 20;

export type Signature =
  /** Drawn by the resident on the customer screen (SVG path data). */
  | { kind: 'drawn'; svg: string }
  /** 代筆: the signed-in clerk wrote the resident's name for them, for a recorded reason. */
  | { kind: 'proxy'; staffId: string; staffName: string; reason: ProxySignatureReason; note: string; writtenName: string; at: string };

export type SessionAction =
  | { type: 'startVisit'; visitId: string; startedAt: string }
  | { type: 'setCustomerLanguage'; language: BundledLanguage }
  | { type: 'nextStep' }
  | { type: 'previousStep' }
  | { type: 'setStaffNote'; text: string }
  | { type: 'endVisit' }
  | { type: 'customerDisplayChanged'; status: CounterSession['customerDisplay'] }
  | { type: 'signedIn'; staff: SignedInStaff }
  | { type: 'signedOut' }
  | { type: 'backendSessionExpired' }
  | { type: 'householdSelected'; household: VisitHousehold }
  | { type: 'identified'; identification: Identification }
  | { type: 'individualNumberRead'; residentId: string }
  | { type: 'intakeStarted'; draft: Omit<IntakeDraft, 'version'> }
  | { type: 'intakeEdited'; edit: IntakeEdit }
  | { type: 'intakeChanged'; draft: Omit<IntakeDraft, 'version'> }
  | { type: 'intakeConfirmed'; household: VisitHousehold }
  | { type: 'intakeCancelled' }
  | { type: 'lifeEventChosen'; lifeEvent: VisitLifeEvent; details: EventDetails; procedures: ProcedureLine[]; household?: VisitHousehold }
  | { type: 'procedureSet'; procedureId: string; residentId: string | null; included: boolean; note: string; line?: ProcedureLine }
  | { type: 'customerConfirmed'; at: string }
  | { type: 'signatureCaptured'; svg: string }
  | { type: 'signedByProxy'; reason: ProxySignatureReason; note: string; writtenName: string; at: string }
  | { type: 'visitSubmitted'; result: VisitResult }
  | { type: 'handoffSettled'; handoff: HandoffOutcome }
  | { type: 'undo' };

/**
 * Why an action was refused. `reason` is for logs and tests; `code` is set where the clerk is told something
 * more useful than "not in this state" (the host answers it as that typed error, with `details`).
 */
export interface Refusal {
  reason: string;
  code?: 'blocked' | 'staff_mismatch';
  details?: Record<string, unknown>;
}
export type ReduceResult = { ok: true; state: CounterSession } | ({ ok: false } & Refusal);

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
    intake: null,
    individualNumberRead: [],
    lifeEvent: null,
    details: null,
    procedures: [],
    confirmedAt: null,
    signature: null,
    result: null,
    history: [],
  };
}

type IntakeAction = Extract<SessionAction, { type: 'intakeStarted' | 'intakeChanged' | 'intakeEdited' | 'intakeConfirmed' | 'intakeCancelled' }>;
/** What the visit chose, from the household on, forgotten (a different household is being identified). */
const householdCleared = { household: null, lifeEvent: null, details: null, procedures: [], confirmedAt: null, signature: null };

/**
 * The intake draft's changes (shared/session/intake.ts). `version` becomes the new rev on every change the form
 * did not type itself, so the staff window knows to take the host's draft; a change to a confirmed draft takes
 * the new household back out of the visit, to be confirmed again.
 */
function intakeReduced(visit: Visit, action: IntakeAction, rev: number): Visit | string {
  const unconfirmed = visit.household?.isNew ? householdCleared : {};
  switch (action.type) {
    case 'intakeStarted':
      return { ...visit, ...householdCleared, intake: { ...action.draft, version: rev } };
    case 'intakeChanged':
      return visit.intake ? { ...visit, ...unconfirmed, intake: { ...action.draft, version: rev } } : 'no intake is open';
    case 'intakeEdited': {
      if (!visit.intake) return 'no intake is open';
      // The form edits the members it has, by id; one the host added meanwhile (a read, Alt+N) stays as the host
      // has it, so what was typed before the form learnt of it is not lost. Adding and removing is the host's.
      const edited = new Map(action.edit.members.map((m) => [m.residentId, m]));
      const known = new Set(visit.intake.members.map((m) => m.residentId));
      if (action.edit.members.some((m) => !known.has(m.residentId))) return 'no such member in the intake';
      const members = visit.intake.members.map((m) => edited.get(m.residentId) ?? m);
      return { ...visit, ...unconfirmed, intake: { ...visit.intake, ...action.edit, members } };
    }
    case 'intakeConfirmed':
      return visit.intake ? { ...visit, ...householdCleared, household: action.household } : 'no intake is open';
    case 'intakeCancelled':
      return { ...visit, ...unconfirmed, intake: null };
  }
}

/** What must be done before leaving a step (the staff screen shows the same rule as a hint). */
export function stepBlocker(visit: Visit): string | null {
  switch (visit.step) {
    case 'identify':
      return visit.household ? null : 'identify the household first';
    case 'lifeEvent':
      return visit.lifeEvent ? null : 'choose the life event first';
    case 'procedures':
      // A 転入 where nobody may be registered (shared/rules/residence.ts) is no 転入: nothing to submit.
      if (visit.household && visit.household.members.length > 0 && visit.household.members.every((m) => m.refusal)) return 'no member of the household may be registered';
      return visit.procedures.some((line) => line.included) ? null : 'at least one procedure is needed';
    case 'review':
      return visit.confirmedAt ? null : 'the resident has not confirmed yet';
    case 'sign':
      return 'submit the visit to finish';
    case 'finish':
      return 'already at the last step';
  }
}

/** Why the visit cannot be signed now (by the resident or by 代筆), or null. */
function signBlocker(visit: Visit): string | null {
  if (visit.step !== 'sign') return 'the resident signs in the signature step';
  return visit.confirmedAt ? null : 'the resident has not confirmed yet';
}

/**
 * The undo history after an accepted change: the visit as it was is remembered, so each change can be undone
 * in turn. The staff note and the resident's language are not steps of the visit (a clerk arrowing through
 * the language radios would otherwise fill the history with languages): undo leaves them as they are. A
 * submission is final, so nothing before it can be undone and its history goes.
 */
function historyAfter(visit: Visit, action: SessionAction): VisitSnapshot[] {
  if (action.type === 'setStaffNote' || action.type === 'setCustomerLanguage') return visit.history;
  // Typing in the intake form is no step to undo, keystroke by keystroke (unless it undid a confirmation).
  if (action.type === 'intakeEdited' && !visit.household?.isNew) return visit.history;
  if (action.type === 'visitSubmitted') return [];
  const { history, ...before } = visit;
  return [...history, before].slice(-UNDO_LIMIT);
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
  const withVisit = (fn: (visit: Visit) => Visit | string | Refusal): ReduceResult => {
    if (!state.visit) return { ok: false, reason: 'no visit is open' };
    if (state.visit.result && action.type !== 'setStaffNote' && action.type !== 'setCustomerLanguage') {
      return { ok: false, reason: 'the visit is already submitted' };
    }
    const result = fn(state.visit);
    if (typeof result === 'string') return { ok: false, reason: result };
    if ('reason' in result) return { ok: false, ...result };
    // A change that changed nothing (a repeated read) is no step to undo.
    return next({ visit: { ...result, history: result === state.visit ? state.visit.history : historyAfter(state.visit, action) } });
  };

  switch (action.type) {
    case 'startVisit':
      if (!state.staff) return { ok: false, reason: 'sign in first' };
      if (state.visit) return { ok: false, reason: 'a visit is already open' };
      return next({ visit: emptyVisit(action.visitId, action.startedAt) });
    case 'signedIn':
      // An open visit belongs to the clerk who began it (a 代筆 or a submission is recorded under them): after
      // an expired sign-in, only that clerk may take it up again.
      if (state.staff && state.visit && !state.visit.result && state.staff.staffId !== action.staff.staffId) {
        return { ok: false, reason: 'another clerk cannot take over an open visit', code: 'staff_mismatch', details: { displayName: state.staff.displayName } };
      }
      return next({ staff: action.staff });
    case 'backendSessionExpired':
      // Only the sign-in ends; the visit (household, procedures, confirmation, signature) stays as it is.
      if (!state.staff || state.staff.sessionExpired) return { ok: true, state };
      return next({ staff: { ...state.staff, sessionExpired: true } });
    case 'signedOut':
      if (state.visit && !state.visit.result) return { ok: false, reason: 'finish or end the open visit before signing out' };
      return next({ staff: null, visit: null });
    case 'householdSelected':
      return withVisit((visit) =>
        visit.step !== 'identify'
          ? 'the household is chosen in the identification step'
          : { ...visit, household: action.household, lifeEvent: null, details: null, procedures: [], confirmedAt: null, signature: null },
      );
    case 'identified':
      // A read is only recorded once it is complete (a card pulled mid-read never gets here).
      return withVisit((visit) => (visit.step !== 'identify' ? 'cards are read in the identification step' : { ...visit, identification: action.identification }));
    case 'intakeStarted':
    case 'intakeChanged':
    case 'intakeEdited':
    case 'intakeConfirmed':
    case 'intakeCancelled':
      return withVisit((visit) => (visit.step !== 'identify' ? 'intake is done in the identification step' : intakeReduced(visit, action, state.rev + 1)));
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
              signature: null,
            },
      );
    case 'procedureSet':
      return withVisit((visit) => {
        const before = visit.procedures.find((line) => sameLine(line, action.procedureId, action.residentId));
        if (!before && !action.line) return 'no such procedure in this visit';
        const procedures = before
          ? visit.procedures.map((line) => (sameLine(line, action.procedureId, action.residentId) ? { ...line, included: action.included, note: action.note } : line))
          : [...visit.procedures, { ...action.line!, included: action.included, note: action.note, source: 'added' as const }];
        // What the resident confirmed has changed: they confirm (and sign) again. A note (staff only) or a press
        // that leaves the line as it was changes nothing they saw.
        const changesSet = before ? before.included !== action.included : action.included;
        return changesSet ? { ...visit, procedures, confirmedAt: null, signature: null } : { ...visit, procedures };
      });
    case 'customerConfirmed':
      return withVisit((visit) => (visit.step !== 'review' ? 'the resident confirms in the review step' : { ...visit, confirmedAt: action.at }));
    case 'signatureCaptured':
      return withVisit((visit) =>
        signBlocker(visit) ??
        // A late drawing must not silently replace the clerk's recorded 代筆 (undo that first).
        (visit.signature?.kind === 'proxy' ? 'the visit is already signed by proxy' : { ...visit, signature: { kind: 'drawn' as const, svg: action.svg } }),
      );
    case 'signedByProxy': {
      const staff = state.staff;
      return withVisit((visit) =>
        signBlocker(visit) ??
        (!staff
          ? 'sign in first'
          : visit.signature
            ? 'the resident has already signed'
            : { ...visit, signature: { kind: 'proxy' as const, staffId: staff.staffId, staffName: staff.displayName, reason: action.reason, note: action.note, writtenName: action.writtenName, at: action.at } }),
      );
    }
    case 'visitSubmitted':
      return withVisit((visit) => ({ ...visit, result: action.result, step: 'finish' as const }));
    case 'handoffSettled': {
      // After the submission (a submitted visit is otherwise frozen): the 特例転入 handoff it led to, or why not
      // yet. Once made, it stays: a later retry cannot turn it back into a failure.
      const result = state.visit?.result;
      if (!state.visit || !result) return { ok: false, reason: 'the handoff follows the submission' };
      if (result.handoff?.status === 'created') return { ok: true, state };
      return next({ visit: { ...state.visit, result: { ...result, handoff: action.handoff } } });
    }
    case 'undo': {
      const last = state.visit?.history.at(-1);
      if (!state.visit || !last) return { ok: false, reason: 'nothing to undo' };
      if (state.visit.result) return { ok: false, reason: 'the visit is already submitted' };
      // Back to the state before the last change, and one step further back on the next undo.
      return next({ visit: { ...last, staffNote: state.visit.staffNote, customerLanguage: state.visit.customerLanguage, history: state.visit.history.slice(0, -1) } });
    }
    case 'setCustomerLanguage':
      return withVisit((visit) => ({ ...visit, customerLanguage: action.language }));
    case 'nextStep':
      return withVisit((visit) => {
        // What the step still needs, said as such (the staff window shows the step's own sentence for it).
        const blocked = stepBlocker(visit);
        if (blocked) return { reason: blocked, code: 'blocked', details: { step: visit.step } };
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
