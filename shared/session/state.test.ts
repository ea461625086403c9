import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { initialSession, reduceSession, type CounterSession, type SessionAction } from './state';
import { VISIT_STEPS } from './steps';

function apply(state: CounterSession, ...actions: SessionAction[]): CounterSession {
  return actions.reduce((current, action) => {
    const result = reduceSession(current, action);
    assert.ok(result.ok, `expected ${action.type} to be accepted`);
    return result.state;
  }, state);
}

const start: SessionAction = { type: 'startVisit', visitId: 'v1', startedAt: '2026-11-27T09:00:00.000Z' };

describe('counter session reducer', () => {
  it('starts a visit at the first step with no customer language yet', () => {
    const state = apply(initialSession('t1'), start);
    assert.equal(state.visit?.step, 'identify');
    assert.equal(state.visit?.customerLanguage, null);
    assert.equal(state.rev, 1);
  });

  it('bumps rev by exactly one on every accepted change', () => {
    let state = initialSession('t1');
    const actions: SessionAction[] = [start, { type: 'nextStep' }, { type: 'setCustomerLanguage', language: 'en' }, { type: 'previousStep' }, { type: 'endVisit' }];
    for (const [index, action] of actions.entries()) {
      state = apply(state, action);
      assert.equal(state.rev, index + 1);
    }
  });

  it('walks every step forward and back, and refuses to go past either end', () => {
    let state = apply(initialSession('t1'), start);
    assert.equal(reduceSession(state, { type: 'previousStep' }).ok, false);
    for (const step of VISIT_STEPS.slice(1)) {
      state = apply(state, { type: 'nextStep' });
      assert.equal(state.visit?.step, step);
    }
    const past = reduceSession(state, { type: 'nextStep' });
    assert.deepEqual(past, { ok: false, reason: 'already at the last step' });
  });

  it('refuses visit actions when no visit is open, and a second visit while one is open', () => {
    const idle = initialSession('t1');
    for (const action of [{ type: 'nextStep' }, { type: 'endVisit' }, { type: 'setStaffNote', text: 'x' }] as SessionAction[]) {
      assert.equal(reduceSession(idle, action).ok, false);
    }
    assert.equal(reduceSession(apply(idle, start), start).ok, false);
  });

  it('ending a visit drops all of its data', () => {
    const state = apply(initialSession('t1'), start, { type: 'setStaffNote', text: '通訳手配済み' }, { type: 'endVisit' });
    assert.equal(state.visit, null);
    assert.ok(!JSON.stringify(state).includes('通訳手配済み'));
  });

  it('does not change rev when the customer display status is reported unchanged', () => {
    const state = initialSession('t1');
    const same = reduceSession(state, { type: 'customerDisplayChanged', status: 'missing' });
    assert.ok(same.ok && same.state === state);
    const changed = reduceSession(state, { type: 'customerDisplayChanged', status: 'connected' });
    assert.ok(changed.ok && changed.state.rev === 1 && changed.state.customerDisplay === 'connected');
  });

  it('never mutates the state it was given', () => {
    const before = apply(initialSession('t1'), start);
    const frozen = structuredClone(before);
    apply(before, { type: 'nextStep' }, { type: 'setStaffNote', text: 'memo' });
    assert.deepEqual(before, frozen);
  });
});
