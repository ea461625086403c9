import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { initialSession, reduceSession, stepBlocker, type CounterSession, type SessionAction } from './state';
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
const signedIn = (): CounterSession => ({ ...initialSession('t1'), staff: { displayName: '窓口 花子', role: 'counter', tenantId: '212113', tenantName: '美濃加茂市' } });

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
    assert.deepEqual(reduceSession(state, { type: 'nextStep' }), { ok: false, reason: 'identify the household first' });
    state = apply(state, { type: 'householdSelected', household: HOUSEHOLD }, { type: 'nextStep' });
    assert.deepEqual(reduceSession(state, { type: 'nextStep' }), { ok: false, reason: 'choose the life event first' });
    state = apply(state, chosen, { type: 'nextStep' });
    assert.equal(state.visit?.step, 'procedures');
    state = apply(state, { type: 'procedureSet', procedureId: 'moving_in_notification', residentId: 'r1', included: false, note: '転入届は済' }, { type: 'procedureSet', procedureId: 'school_transfer', residentId: 'r2', included: false, note: '私立校' });
    assert.deepEqual(reduceSession(state, { type: 'nextStep' }), { ok: false, reason: 'at least one procedure is needed' });
    state = apply(state, { type: 'procedureSet', procedureId: 'school_transfer', residentId: 'r2', included: true, note: '' }, { type: 'nextStep' });
    assert.equal(state.visit?.step, 'review');
    assert.deepEqual(reduceSession(state, { type: 'nextStep' }), { ok: false, reason: 'the resident has not confirmed yet' });
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
    assert.equal(state.visit?.signatureSvg, 'M0 0 L10 10');
    // The same line again, or only the staff's note on it: the resident saw nothing change.
    const included = state.visit!.procedures.find((line) => line.procedureId === 'school_transfer')!.included;
    state = apply(state, { type: 'procedureSet', procedureId: 'school_transfer', residentId: 'r2', included, note: '確認済み' });
    assert.equal(state.visit?.signatureSvg, 'M0 0 L10 10');
    assert.equal(state.visit?.confirmedAt, '2026-11-27T09:05:00.000Z');
    state = apply(state, { type: 'procedureSet', procedureId: 'school_transfer', residentId: 'r2', included: !included, note: '私立校' });
    assert.equal(state.visit?.confirmedAt, null);
    assert.equal(state.visit?.signatureSvg, null);
  });

  it('undoes the last change (one level), keeping the staff note', () => {
    let state = apply(signedIn(), start, { type: 'householdSelected', household: HOUSEHOLD }, { type: 'nextStep' }, chosen);
    state = apply(state, { type: 'setStaffNote', text: '通訳あり' }, { type: 'undo' });
    assert.equal(state.visit?.lifeEvent, null, 'the life event choice is undone');
    assert.equal(state.visit?.staffNote, '通訳あり');
    assert.deepEqual(reduceSession(state, { type: 'undo' }), { ok: false, reason: 'nothing to undo' });
  });

  it('freezes a submitted visit: no more changes, no undo', () => {
    const state = apply(signedIn(), start, { type: 'householdSelected', household: HOUSEHOLD }, { type: 'visitSubmitted', result: { cloudVisitId: 'c1', receiptNumber: '2026-000001', feeYen: 0, submittedAt: '2026-11-27T00:00:00.000Z' } });
    assert.equal(state.visit?.step, 'finish');
    assert.equal(reduceSession(state, { type: 'undo' }).ok, false);
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
});
