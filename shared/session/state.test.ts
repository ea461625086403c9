import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { initialSession, reduceSession, stepBlocker, UNDO_LIMIT, type CounterSession, type SessionAction, type Visit } from './state';
import { HOUSEHOLD, LINES } from './test-fixtures';
import type { ProcedureLine } from './visit';

function apply(state: CounterSession, ...actions: SessionAction[]): CounterSession {
  return actions.reduce((current, action) => {
    const result = reduceSession(current, action);
    assert.ok(result.ok, `expected ${action.type} to be accepted: ${result.ok ? '' : result.reason}`);
    return result.state;
  }, state);
}

/** A session whose clerk has signed in (rev 0, so rev counts only the actions of each test). */
const signedIn = (): CounterSession => ({ ...initialSession('t1'), staff: { staffId: 's-7', displayName: '窓口 花子', role: 'counter', tenantId: '212113', tenantName: '美濃加茂市' } });

const start: SessionAction = { type: 'startVisit', visitId: 'v1', startedAt: '2026-11-27T09:00:00.000Z' };

const chosen: SessionAction = { type: 'lifeEventChosen', lifeEvent: 'moving_in', details: { eventDate: '2026-11-27', newAddress: '美濃加茂市太田町1-1', previousAddress: '浜松市' }, procedures: LINES };

describe('counter session reducer', () => {
  it('starts a visit only for a signed-in clerk, at the first step, with no customer language yet', () => {
    assert.deepEqual(reduceSession(initialSession('t1'), start), { ok: false, reason: 'sign in first' });
    const state = apply(signedIn(), start);
    assert.equal(state.visit?.step, 'identify');
    assert.equal(state.visit?.customerLanguage, null);
    assert.equal(state.rev, 1);
  });

  it('bumps rev by exactly one on every accepted change', () => {
    let state = signedIn();
    const actions: SessionAction[] = [start, { type: 'householdSelected', household: HOUSEHOLD }, { type: 'nextStep' }, { type: 'setCustomerLanguage', language: 'en' }, { type: 'previousStep' }, { type: 'endVisit' }];
    for (const [index, action] of actions.entries()) {
      state = apply(state, action);
      assert.equal(state.rev, index + 1);
    }
  });

  it('does not leave a step before its work is done, and says why', () => {
    let state = apply(signedIn(), start);
    assert.deepEqual(reduceSession(state, { type: 'nextStep' }), { ok: false, reason: 'identify the household first', code: 'blocked', details: { step: 'identify' } });
    state = apply(state, { type: 'householdSelected', household: HOUSEHOLD }, { type: 'nextStep' });
    assert.deepEqual(reduceSession(state, { type: 'nextStep' }), { ok: false, reason: 'choose the life event first', code: 'blocked', details: { step: 'lifeEvent' } });
    state = apply(state, chosen, { type: 'nextStep' });
    assert.equal(state.visit?.step, 'procedures');
    state = apply(state, { type: 'procedureSet', procedureId: 'moving_in_notification', residentId: 'r1', included: false, note: '転入届は済' }, { type: 'procedureSet', procedureId: 'school_transfer', residentId: 'r2', included: false, note: '私立校' });
    assert.deepEqual(reduceSession(state, { type: 'nextStep' }), { ok: false, reason: 'at least one procedure is needed', code: 'blocked', details: { step: 'procedures' } });
    state = apply(state, { type: 'procedureSet', procedureId: 'school_transfer', residentId: 'r2', included: true, note: '' }, { type: 'nextStep' });
    assert.equal(state.visit?.step, 'review');
    assert.deepEqual(reduceSession(state, { type: 'nextStep' }), { ok: false, reason: 'the resident has not confirmed yet', code: 'blocked', details: { step: 'review' } });
    state = apply(state, { type: 'customerConfirmed', at: '2026-11-27T09:05:00.000Z' }, { type: 'nextStep' });
    assert.equal(state.visit?.step, 'sign');
    assert.equal(stepBlocker(state.visit!), 'submit the visit to finish');
  });

  it('accepts confirmation and signature only in their steps, and a change to the procedures asks for them again', () => {
    let state = apply(signedIn(), start, { type: 'householdSelected', household: HOUSEHOLD }, { type: 'nextStep' }, chosen, { type: 'nextStep' });
    assert.equal(reduceSession(state, { type: 'customerConfirmed', at: 'x' }).ok, false);
    state = apply(state, { type: 'nextStep' }, { type: 'customerConfirmed', at: '2026-11-27T09:05:00.000Z' });
    assert.equal(reduceSession(state, { type: 'signatureCaptured', svg: 'M0 0' }).ok, false, 'not in the review step');
    state = apply(state, { type: 'nextStep' }, { type: 'signatureCaptured', svg: 'M0 0 L10 10' });
    assert.deepEqual(state.visit?.signature, { kind: 'drawn', svg: 'M0 0 L10 10' });
    // The same line again, or only the staff's note on it: the resident saw nothing change.
    const included = state.visit!.procedures.find((line) => line.procedureId === 'school_transfer')!.included;
    state = apply(state, { type: 'procedureSet', procedureId: 'school_transfer', residentId: 'r2', included, note: '確認済み' });
    assert.deepEqual(state.visit?.signature, { kind: 'drawn', svg: 'M0 0 L10 10' });
    assert.equal(state.visit?.confirmedAt, '2026-11-27T09:05:00.000Z');
    state = apply(state, { type: 'procedureSet', procedureId: 'school_transfer', residentId: 'r2', included: !included, note: '私立校' });
    assert.equal(state.visit?.confirmedAt, null);
    assert.equal(state.visit?.signature, null);
  });

  it('records a 代筆 by the signed-in clerk, only at the signature step after the confirmation, and never over a signature', () => {
    const proxy: SessionAction = { type: 'signedByProxy', reason: 'visual_impairment', note: '', writtenName: 'シルバ　ジョアン', at: '2026-11-27T09:06:00.000Z' };
    let state = apply(signedIn(), start, { type: 'householdSelected', household: HOUSEHOLD }, { type: 'nextStep' }, chosen, { type: 'nextStep' }, { type: 'nextStep' });
    assert.deepEqual(reduceSession(state, proxy), { ok: false, reason: 'the resident signs in the signature step' });
    state = apply(state, { type: 'customerConfirmed', at: '2026-11-27T09:05:00.000Z' }, { type: 'nextStep' });
    const signedByResident = apply(state, { type: 'signatureCaptured', svg: 'M0 0 L10 10' });
    assert.deepEqual(reduceSession(signedByResident, proxy), { ok: false, reason: 'the resident has already signed' });

    state = apply(state, proxy);
    assert.deepEqual(state.visit?.signature, { kind: 'proxy', staffId: 's-7', staffName: '窓口 花子', reason: 'visual_impairment', note: '', writtenName: 'シルバ　ジョアン', at: '2026-11-27T09:06:00.000Z' });
    assert.equal(stepBlocker(state.visit!), 'submit the visit to finish');
    // A drawing arriving late does not replace the clerk's recorded 代筆 behind their back.
    assert.deepEqual(reduceSession(state, { type: 'signatureCaptured', svg: 'M1 1' }), { ok: false, reason: 'the visit is already signed by proxy' });
    // Undo takes the 代筆 back; a change to the procedures clears it like a signature.
    assert.equal(apply(state, { type: 'undo' }).visit?.signature, null);
    const changed = apply(state, { type: 'procedureSet', procedureId: 'school_transfer', residentId: 'r2', included: false, note: '私立校' });
    assert.equal(changed.visit?.signature, null);
    assert.equal(changed.visit?.confirmedAt, null);
  });

  it('undoes one change per undo, back through several, keeping the staff note and the language', () => {
    let state = apply(signedIn(), start, { type: 'householdSelected', household: HOUSEHOLD }, { type: 'nextStep' }, chosen, { type: 'nextStep' });
    state = apply(state, { type: 'setStaffNote', text: '通訳あり' }, { type: 'setCustomerLanguage', language: 'pt-BR' });
    const seen: [Visit['step'], boolean, boolean][] = [];
    for (let i = 0; i < 4; i += 1) {
      state = apply(state, { type: 'undo' });
      seen.push([state.visit!.step, state.visit!.lifeEvent !== null, state.visit!.household !== null]);
      assert.equal(state.visit?.staffNote, '通訳あり');
      assert.equal(state.visit?.customerLanguage, 'pt-BR');
    }
    // Before "next", before the life event, before "next", before the household: each command in turn.
    assert.deepEqual(seen, [
      ['lifeEvent', true, true],
      ['lifeEvent', false, true],
      ['identify', false, true],
      ['identify', false, false],
    ]);
    assert.deepEqual(reduceSession(state, { type: 'undo' }), { ok: false, reason: 'nothing to undo' });
  });

  it(`keeps at most ${UNDO_LIMIT} steps of history, dropping the oldest`, () => {
    let state = apply(signedIn(), start, { type: 'householdSelected', household: HOUSEHOLD });
    const steps: Visit['step'][] = [];
    // 25 changes alternating between two steps, each one an undo step.
    for (let i = 0; i < 25; i += 1) {
      state = apply(state, { type: i % 2 ? 'previousStep' : 'nextStep' });
      steps.push(state.visit!.step);
    }
    assert.equal(state.visit?.history.length, UNDO_LIMIT);
    for (let i = 0; i < UNDO_LIMIT; i += 1) state = apply(state, { type: 'undo' });
    // Back to the state after change 5 (25 − 20); the household choice and earlier are out of reach.
    assert.equal(state.visit?.step, steps[4]);
    assert.ok(state.visit?.household);
    assert.deepEqual(reduceSession(state, { type: 'undo' }), { ok: false, reason: 'nothing to undo' });
  });

  it('does not count a change that changed nothing, a note or a language as a step to undo', () => {
    const state = apply(signedIn(), start, { type: 'householdSelected', household: HOUSEHOLD }, { type: 'individualNumberRead', residentId: 'r1' }, { type: 'individualNumberRead', residentId: 'r1' }, { type: 'setCustomerLanguage', language: 'vi' }, { type: 'setCustomerLanguage', language: 'ne' }, { type: 'setStaffNote', text: 'x' });
    assert.equal(state.visit?.history.length, 2, 'the household and the one real read');
    const undone = apply(state, { type: 'undo' });
    assert.deepEqual(undone.visit?.individualNumberRead, []);
    assert.equal(undone.visit?.customerLanguage, 'ne');
  });

  it('undo goes back to the state before the last command: it never brings back a signature that a later change cleared', () => {
    const toSign: SessionAction[] = [start, { type: 'householdSelected', household: HOUSEHOLD }, { type: 'nextStep' }, chosen, { type: 'nextStep' }, { type: 'nextStep' }, { type: 'customerConfirmed', at: '2026-11-27T09:05:00.000Z' }, { type: 'nextStep' }];
    const first = apply(signedIn(), ...toSign, { type: 'signatureCaptured', svg: 'M1 1 L2 2' });
    // A procedure is dropped at the sign step: the resident checks again and signs the new content.
    const resigned = apply(first, { type: 'procedureSet', procedureId: 'school_transfer', residentId: 'r2', included: false, note: '私立校' }, { type: 'previousStep' }, { type: 'customerConfirmed', at: '2026-11-27T09:09:00.000Z' }, { type: 'nextStep' }, { type: 'signatureCaptured', svg: 'M5 5 L6 6' });
    let state = apply(resigned, { type: 'undo' });
    assert.equal(state.visit?.signature, null, 'the second signature is undone; the first one stays cleared');
    assert.equal(state.visit?.confirmedAt, '2026-11-27T09:09:00.000Z');
    state = apply(state, { type: 'undo' }, { type: 'undo' });
    assert.equal(state.visit?.step, 'review');
    assert.equal(state.visit?.confirmedAt, null, 'the re-confirmation is undone, not replaced by the first one');
    assert.equal(state.visit?.signature, null);
    // Undoing the procedure change itself restores the content the first signature was given for, with it.
    state = apply(state, { type: 'undo' }, { type: 'undo' });
    assert.deepEqual(state.visit?.procedures, first.visit?.procedures);
    assert.deepEqual(state.visit?.signature, { kind: 'drawn', svg: 'M1 1 L2 2' });
    assert.equal(state.visit?.confirmedAt, '2026-11-27T09:05:00.000Z');
  });

  it('freezes a submitted visit: no more changes, no undo, no history kept', () => {
    const state = apply(signedIn(), start, { type: 'householdSelected', household: HOUSEHOLD }, { type: 'nextStep' }, { type: 'visitSubmitted', result: { cloudVisitId: 'c1', receiptNumber: '2026-000001', feeYen: 0, submittedAt: '2026-11-27T00:00:00.000Z' } });
    assert.equal(state.visit?.step, 'finish');
    assert.deepEqual(state.visit?.history, []);
    assert.deepEqual(reduceSession(state, { type: 'undo' }), { ok: false, reason: 'nothing to undo' });
    assert.equal(reduceSession(state, { type: 'previousStep' }).ok, false);
    assert.equal(reduceSession(state, { type: 'setStaffNote', text: 'ok' }).ok, true);
  });

  it('adds a procedure only with its line, and refuses to touch an unknown one', () => {
    const state = apply(signedIn(), start, { type: 'householdSelected', household: HOUSEHOLD }, { type: 'nextStep' }, chosen);
    assert.deepEqual(reduceSession(state, { type: 'procedureSet', procedureId: 'x', residentId: null, included: true, note: 'n' }), { ok: false, reason: 'no such procedure in this visit' });
    const line: ProcedureLine = { procedureId: 'resident_certificate', residentId: null, department: '市民課', deadline: null, feeYen: 300, reasons: [{ code: 'added_by_staff', params: {} }], source: 'added', included: true, note: '' };
    const added = apply(state, { type: 'procedureSet', procedureId: 'resident_certificate', residentId: null, included: true, note: '勤務先提出用', line });
    const last = added.visit?.procedures.at(-1);
    assert.equal(last?.source, 'added');
    assert.equal(last?.note, '勤務先提出用');
  });

  it('refuses visit actions when no visit is open, and a second visit while one is open', () => {
    const idle = signedIn();
    for (const action of [{ type: 'nextStep' }, { type: 'endVisit' }, { type: 'setStaffNote', text: 'x' }] as SessionAction[]) {
      assert.equal(reduceSession(idle, action).ok, false);
    }
    assert.equal(reduceSession(apply(idle, start), start).ok, false);
  });

  it('ending a visit drops all of its data', () => {
    const state = apply(signedIn(), start, { type: 'householdSelected', household: HOUSEHOLD }, { type: 'setStaffNote', text: '通訳手配済み' }, { type: 'endVisit' });
    assert.equal(state.visit, null);
    assert.ok(!JSON.stringify(state).includes('通訳手配済み'));
    assert.ok(!JSON.stringify(state).includes('Silva'));
  });

  it('does not change rev when the customer display status is reported unchanged', () => {
    const state = initialSession('t1');
    const same = reduceSession(state, { type: 'customerDisplayChanged', status: 'missing' });
    assert.ok(same.ok && same.state === state);
    const changed = reduceSession(state, { type: 'customerDisplayChanged', status: 'connected' });
    assert.ok(changed.ok && changed.state.rev === 1 && changed.state.customerDisplay === 'connected');
  });

  it('never mutates the state it was given', () => {
    const before = apply(signedIn(), start, { type: 'householdSelected', household: HOUSEHOLD });
    const frozen = structuredClone(before);
    apply(before, { type: 'nextStep' }, chosen, { type: 'setStaffNote', text: 'memo' });
    assert.deepEqual(before, frozen);
  });

  it('marks an ended backend sign-in without touching the visit, and gives the open visit back only to its clerk', () => {
    const open = apply(signedIn(), start, { type: 'householdSelected', household: HOUSEHOLD }, { type: 'nextStep' }, chosen);
    const ended = apply(open, { type: 'backendSessionExpired' });
    assert.equal(ended.staff?.sessionExpired, true);
    assert.deepEqual(ended.visit, open.visit);
    const again = reduceSession(ended, { type: 'backendSessionExpired' });
    assert.equal(again.ok && again.state, ended, 'marked once: no new rev, no push');
    const other = { staffId: 's-8', displayName: '福祉 次郎', role: 'department' as const, tenantId: '212113', tenantName: '美濃加茂市' };
    assert.deepEqual(reduceSession(ended, { type: 'signedIn', staff: other }), { ok: false, reason: 'another clerk cannot take over an open visit', code: 'staff_mismatch', details: { displayName: signedIn().staff!.displayName } });
    const back = apply(ended, { type: 'signedIn', staff: signedIn().staff! });
    assert.equal(back.staff?.sessionExpired, undefined);
    assert.deepEqual(back.visit, open.visit);
    assert.equal(apply(apply(signedIn(), { type: 'backendSessionExpired' }), { type: 'signedIn', staff: other }).staff?.staffId, 's-8', 'with no visit open, anyone signs in');
  });
});
