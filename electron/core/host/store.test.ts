import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SessionStore } from './store';

const STAFF = { staffId: 's-1', displayName: '窓口 花子', role: 'counter' as const, tenantId: '212113', tenantName: '美濃加茂市' };

describe('SessionStore', () => {
  it('runs queued commands one at a time in arrival order, and a failing or throwing one does not jam the queue', async () => {
    const store = new SessionStore('t1');
    const trace: string[] = [];
    let release!: () => void;
    const slow = store.serial(async () => {
      trace.push('slow starts');
      await new Promise<void>((resolve) => (release = resolve));
      trace.push('slow ends');
      return 'slow';
    });
    const throwing = store.serial(() => {
      trace.push('throwing');
      throw new Error('bug');
    });
    const rejecting = store.serial(async () => {
      trace.push('rejecting');
      throw new Error('backend down');
    });
    const last = store.serial(() => (trace.push('last'), 'last'));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(trace, ['slow starts'], 'nothing overtakes the command holding the queue');
    release();
    assert.equal(await slow, 'slow');
    await assert.rejects(throwing, /bug/);
    await assert.rejects(rejecting, /backend down/);
    assert.equal(await last, 'last');
    assert.deepEqual(trace, ['slow starts', 'slow ends', 'throwing', 'rejecting', 'last']);
  });

  it("drops the visit's private data when the visit ends or another starts, not on a refused start", () => {
    const store = new SessionStore('t1');
    store.apply({ type: 'signedIn', staff: STAFF });
    store.apply({ type: 'startVisit', visitId: 'v1', startedAt: '2026-11-27T00:00:00.000Z' });
    store.visitData.setIndividualNumber('v1', 'r1', '123456789018');
    const refused = store.apply({ type: 'startVisit', visitId: 'v2', startedAt: '2026-11-27T00:00:00.000Z' });
    assert.equal(refused.ok, false);
    assert.equal(store.visitData.individualNumber('v1', 'r1'), '123456789018', 'a refused start leaves the open visit as it was');
    store.apply({ type: 'endVisit' });
    assert.equal(store.visitData.individualNumber('v1', 'r1'), undefined);
  });

  it('pushes the customer view only when what the resident sees changed, the staff view on every change', () => {
    const store = new SessionStore('t1');
    const seen: string[] = [];
    store.subscribe('staff', (event, payload) => seen.push(`staff:${event}:${(payload as { rev: number }).rev}`));
    store.subscribe('customer', (event, payload) => seen.push(`customer:${event}:${(payload as { rev: number }).rev}`));
    store.apply({ type: 'signedIn', staff: STAFF });
    store.apply({ type: 'startVisit', visitId: 'v1', startedAt: '2026-11-27T00:00:00.000Z' });
    store.apply({ type: 'setStaffNote', text: '通訳手配済み' });
    assert.deepEqual(seen, ['staff:staffViewChanged:1', 'staff:staffViewChanged:2', 'customer:customerViewChanged:2', 'staff:staffViewChanged:3']);
  });
});
