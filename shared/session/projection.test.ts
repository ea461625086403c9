import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CustomerViewSchema, StaffViewSchema } from '../contract/views';
import { customerView, staffView } from './projection';
import { initialSession, reduceSession, type CounterSession, type SessionAction } from './state';

function session(...actions: SessionAction[]): CounterSession {
  return actions.reduce((state, action) => {
    const result = reduceSession(state, action);
    assert.ok(result.ok);
    return result.state;
  }, initialSession('terminal-secret-42'));
}

const NOTE = '支援措置対象：住所非開示';
const busy = session(
  { type: 'customerDisplayChanged', status: 'connected' },
  { type: 'startVisit', visitId: 'visit-internal-id-9', startedAt: '2026-11-27T09:00:00.000Z' },
  { type: 'setCustomerLanguage', language: 'en' },
  { type: 'nextStep' },
  { type: 'setStaffNote', text: NOTE },
);

describe('projections', () => {
  it('the customer view carries only the allow-listed fields', () => {
    const view = customerView(busy);
    assert.deepEqual(Object.keys(view).sort(), ['language', 'mode', 'rev', 'step', 'stepCount', 'stepIndex']);
    assert.deepEqual(view, { rev: busy.rev, mode: 'visit', language: 'en', step: 'lifeEvent', stepIndex: 1, stepCount: 6 });
  });

  it('no staff-only value reaches the customer view', () => {
    const wire = JSON.stringify(customerView(busy));
    for (const secret of [NOTE, 'terminal-secret-42', 'visit-internal-id-9', 'staffNote', 'terminalId', 'visitId', 'customerDisplay', 'startedAt']) {
      assert.ok(!wire.includes(secret), `customer view leaks ${secret}`);
    }
  });

  it('an idle customer view is nothing but rev and mode', () => {
    const ended = reduceSession(busy, { type: 'endVisit' });
    assert.ok(ended.ok);
    assert.deepEqual(customerView(ended.state), { rev: busy.rev + 1, mode: 'idle' });
  });

  it('the strict customer schema rejects any extra field, so a leak fails instead of shipping', () => {
    const leaked = { ...customerView(busy), staffNote: NOTE };
    assert.equal(CustomerViewSchema.safeParse(leaked).success, false);
    assert.equal(CustomerViewSchema.safeParse({ rev: 1, mode: 'idle', household: [] }).success, false);
    assert.equal(CustomerViewSchema.safeParse(customerView(busy)).success, true);
  });

  it('the staff view is complete and a copy', () => {
    const view = staffView(busy);
    assert.equal(StaffViewSchema.safeParse(view).success, true);
    assert.equal(view.visit?.staffNote, NOTE);
    assert.equal(view.terminalId, 'terminal-secret-42');
    view.visit!.staffNote = 'changed';
    assert.equal(busy.visit?.staffNote, NOTE);
  });
});
