import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HostResult, StaffView } from '../../shared/contract';
import { FAKE_PASSWORD, FakeDevices, fakeHousehold, requestId, signIn, testHost } from './test-support';

/**
 * The backend ends an idle clerk's session (401 `unauthenticated`). The host says so with one typed error on
 * every call that reaches the backend, marks the sign-in as ended in the staff view and keeps the open visit, so
 * the same clerk signs in again and goes on where they were.
 */
async function ok<T>(promise: Promise<HostResult<unknown>>): Promise<T> {
  const result = await promise;
  assert.ok(result.ok, `expected success, got ${JSON.stringify(result)}`);
  return result.value as T;
}

const codeOf = async (promise: Promise<HostResult<unknown>>) => {
  const result = await promise;
  return result.ok ? 'ok' : result.error.code;
};

function counter() {
  const devices = new FakeDevices();
  const { host, cloud } = testHost('test-terminal', { devices, renderPdf: async () => new TextEncoder().encode('%PDF-1.7 fake') });
  const call = (channel: string, input: Record<string, unknown> = {}, role: 'staff' | 'customer' = 'staff') => host.invoke(role, channel, { requestId: requestId(), ...input });
  const view = () => ok<StaffView>(host.invoke('staff', 'getStaffSnapshot', {}));
  const signInAs = (loginId: string) => call('signIn', { loginId, password: FAKE_PASSWORD, secondFactor: { kind: 'card', uid: '04A1B2C3D4E5F6' } });
  return { host, cloud, call, view, signInAs };
}

const MOVING_IN = { lifeEvent: 'moving_in', details: { eventDate: '2026-11-27', newAddress: '美濃加茂市太田町2-2', previousAddress: '浜松市' } };

describe('CounterHost when the backend sign-in has ended', () => {
  it('answers session_expired on every backend call of the identification step, marks the sign-in ended and keeps the visit', async () => {
    const { host, cloud, call, view } = counter();
    await signIn(host);
    await ok(call('startVisit'));
    await ok(call('setCustomerLanguage', { language: 'pt-BR' }));
    await ok(call('selectHousehold', { householdId: fakeHousehold().householdId }));
    const before = await view();
    assert.equal(before.staff?.sessionExpired, undefined, 'a fresh sign-in is not marked');

    cloud.expire();
    const pushed: StaffView[] = [];
    host.subscribe('staff', (event, payload) => event === 'staffViewChanged' && pushed.push(payload as StaffView));
    assert.equal(await codeOf(host.invoke('staff', 'searchResidents', { q: '山田' })), 'session_expired');
    assert.equal(pushed.at(-1)?.staff?.sessionExpired, true, 'the staff window is told at once');
    assert.equal(await codeOf(call('selectHousehold', { householdId: fakeHousehold().householdId })), 'session_expired');
    assert.equal(await codeOf(call('readResidenceCard', { cardNumber: 'AB12345678CD' })), 'session_expired');
    assert.equal(await codeOf(call('submitScan', { text: 'MDG1-YAMADAAAAAAA-X' })), 'session_expired');
    assert.equal(await codeOf(call('submitScan', { text: 'P<JPNYAMADA<<ICHIRO' })), 'session_expired');

    const after = await view();
    assert.equal(after.staff?.sessionExpired, true);
    assert.equal(after.staff?.displayName, before.staff?.displayName, 'the clerk stays named');
    assert.deepEqual(after.visit, before.visit, 'the visit is untouched: household, language, step');
  });

  it('answers session_expired for the catalog, the guide print audit and the submission, keeping confirmation and signature', async () => {
    const { host, cloud, call, view } = counter();
    await signIn(host);
    await ok(call('startVisit'));
    await ok(call('selectHousehold', { householdId: fakeHousehold().householdId }));
    await ok(call('nextStep'));
    await ok(call('chooseLifeEvent', MOVING_IN));
    await ok(call('nextStep'));
    await ok(call('nextStep'));
    await ok(call('confirm', {}, 'customer'));
    await ok(call('nextStep'));
    await ok(call('sign', { svg: 'M 0 0 L 10 10' }, 'customer'));
    const before = (await view()).visit;

    cloud.expire();
    assert.equal(await codeOf(host.invoke('staff', 'exportGuidePdf', {})), 'session_expired');
    assert.equal(cloud.prints.length, 0, 'nothing printed without its audit row');
    const submitId = requestId();
    assert.equal(await codeOf(host.invoke('staff', 'submitVisit', { requestId: submitId })), 'session_expired');
    assert.equal(await codeOf(call('chooseLifeEvent', MOVING_IN)), 'session_expired');
    assert.deepEqual((await view()).visit, before, 'procedures, confirmation and signature stay');

    // The same clerk signs in again: the mark goes, and the very submission that failed (same request id) now runs.
    await signIn(host);
    const again = await view();
    assert.equal(again.staff?.sessionExpired, undefined);
    assert.deepEqual(again.visit, before);
    await ok(host.invoke('staff', 'submitVisit', { requestId: submitId }));
    assert.equal(cloud.submissions.size, 1);
    assert.equal((await view()).visit?.result?.receiptNumber, '2026-000001');
  });

  it('lets the same clerk go on after signing in again, and refuses another clerk while the visit is open', async () => {
    const { host, cloud, call, view, signInAs } = counter();
    await signIn(host);
    await ok(call('startVisit'));
    cloud.expire();
    assert.equal(await codeOf(host.invoke('staff', 'searchResidents', { q: '山田' })), 'session_expired');

    const other = await signInAs('other.counter');
    assert.equal(!other.ok && other.error.code, 'staff_mismatch');
    assert.deepEqual(!other.ok && other.error.details, { displayName: '窓口 花子' }, 'says whose visit it is');
    assert.equal(cloud.signedIn, false, "the other clerk's fresh session is dropped at once");
    assert.equal((await view()).staff?.sessionExpired, true, 'still waiting for the clerk of the visit');

    await ok(signInAs('counter'));
    const hits = await ok<{ results: unknown[] }>(host.invoke('staff', 'searchResidents', { q: '山田' }));
    assert.equal(hits.results.length, 2, 'the failed search runs again');
    assert.ok((await view()).visit, 'the visit went on');
  });

  it('lets another clerk sign in when no visit is open', async () => {
    const { host, cloud, view, signInAs } = counter();
    await signIn(host);
    cloud.expire();
    assert.equal(await codeOf(host.invoke('staff', 'searchResidents', { q: '山田' })), 'session_expired');
    await ok(signInAs('other.counter'));
    assert.equal((await view()).staff?.sessionExpired, undefined);
  });

  it('keeps a wrong password a refusal, not an ended session', async () => {
    const { call, view, host } = counter();
    await signIn(host);
    const refused = await call('signIn', { loginId: 'counter', password: 'wrong-password-xyz', secondFactor: { kind: 'totp', code: '123456' } });
    assert.equal(!refused.ok && refused.error.code, 'rejected');
    assert.equal((await view()).staff?.sessionExpired, undefined);
  });
});
