import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { DEMO_STAFF } from './demo/accounts';
import type { SecurityEvent } from './security/events';
import { demoLogin, idempotencyKey, loginAs, startTestBackend, type TestBackend } from './test-support';

/**
 * Security events for 24-hour monitoring: each kind is emitted (seen by a test sink), kept for the tenant's
 * supervisors (GET /v1/security/events), free of personal data; anomaly rules fire once per window and only
 * for their own tenant.
 */
const MINOKAMO = '212113';
const SAKAHOGI = '215015';
const staffId = (loginId: string) => DEMO_STAFF.find((s) => s.loginId === loginId)!.staffId;

let backend: TestBackend;
let seen: SecurityEvent[] = [];
const tokens: Record<string, string> = {};

before(async () => {
  backend = await startTestBackend({ householdsPerTenant: 5 });
  backend.events.subscribe((event) => seen.push(event));
  for (const login of ['minokamo.counter', 'minokamo.supervisor', 'minokamo.admin', 'sakahogi.counter', 'sakahogi.supervisor']) tokens[login] = await loginAs(backend, login);
});
after(() => backend.close());
beforeEach(async () => {
  await backend.events.flush();
  seen = [];
});

const send = (token: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  backend.app.inject({ method, url, headers: { authorization: `Bearer ${token}`, ...(method === 'GET' ? {} : { 'idempotency-key': idempotencyKey() }) }, ...(payload ? { payload } : {}) });

/** The tenant's stored events, newest first, through the supervisors' route. */
async function listed(token: string, query = ''): Promise<{ events: { code: string; staffId: string | null; count: number | null; detail: Record<string, unknown> }[]; next: string | null }> {
  await backend.events.flush();
  const response = await send(token, 'GET', `/v1/security/events${query}`);
  assert.equal(response.statusCode, 200, response.body);
  return response.json();
}

describe('security events', () => {
  it('a login failure with a name typed as the login id: an event with a keyed hash, never the name, the password or the second factor', async () => {
    const typed = '山田 太郎 yamada.taro@example.jp';
    const response = await backend.app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      remoteAddress: '198.51.100.23',
      payload: { ...demoLogin('minokamo.counter'), loginId: typed, password: 'Secret-Passw0rd-Typed' },
    });
    assert.equal(response.statusCode, 401);
    const [event] = seen.filter((e) => e.code === 'login_failed');
    assert.ok(event, 'login_failed emitted');
    assert.equal(event.tenantId, MINOKAMO);
    assert.equal(event.source, '198.51.100.23');
    assert.equal(event.detail.reason, 'unknown_login');
    assert.match(String(event.detail.loginRef), /^[0-9a-f]{16}$/);
    const written = JSON.stringify(seen);
    for (const secret of ['山田', 'yamada', 'taro', 'example.jp', 'Secret-Passw0rd', DEMO_STAFF[0]!.cardUid!]) assert.ok(!written.toLowerCase().includes(secret.toLowerCase()), `"${secret}" is in an event`);
    // Kept for the tenant's supervisors, the same way.
    const stored = await listed(tokens['minokamo.supervisor']!);
    assert.equal(stored.events[0]?.code, 'login_failed');
    assert.ok(!JSON.stringify(stored).includes('山田'));
  });

  it('a wrong password of a real clerk names the staff id; repeated failures from one source are throttled, and the throttle is an event', async () => {
    const bad = { ...demoLogin('minokamo.counter'), password: 'wrong-password-1' };
    for (let i = 0; i < 12; i++) await backend.app.inject({ method: 'POST', url: '/v1/auth/login', remoteAddress: '203.0.113.9', payload: bad });
    const failures = seen.filter((e) => e.code === 'login_failed');
    assert.ok(failures.length >= 5);
    assert.equal(failures[0]!.staffId, staffId('minokamo.counter'));
    assert.equal(failures[0]!.detail.reason, 'bad_credentials');
    const throttled = seen.filter((e) => e.code === 'login_throttled');
    assert.equal(throttled.length, 1, 'one throttle event per login id and source a minute, however many refusals');
    assert.equal(throttled[0]!.source, '203.0.113.9');
    assert.ok(Number(throttled[0]!.detail.retryAfterSeconds) >= 1);
  });

  it('a supervisor unlock is an event naming both staff ids', async () => {
    const target = staffId('minokamo.counter');
    assert.equal((await send(tokens['minokamo.supervisor']!, 'POST', `/v1/staff/${target}/unlock`)).statusCode, 200);
    const [event] = seen.filter((e) => e.code === 'login_unlocked');
    assert.equal(event?.staffId, staffId('minokamo.supervisor'));
    assert.equal(event?.detail.targetStaffId, target);
  });

  it("aiming at another tenant's visit is a cross-tenant denial event (the answer stays a plain 404)", async () => {
    const [visit] = await backend.appQuery(SAKAHOGI, 'SELECT visit_id FROM visits LIMIT 1');
    const visitId = (visit?.visit_id as string | undefined) ?? (await backend.appQuery(SAKAHOGI, 'SELECT gen_random_uuid() AS id'))[0]!.id;
    const [resident] = await backend.appQuery(MINOKAMO, 'SELECT resident_id FROM residents LIMIT 1');
    const response = await send(tokens['minokamo.counter']!, 'POST', '/v1/audit/prints', { document: 'tetsuzuki_annai', residentIds: [resident!.resident_id], visitId });
    assert.equal(response.statusCode, 404);
    const [event] = seen.filter((e) => e.code === 'reference_denied');
    assert.ok(event, 'reference_denied emitted');
    assert.equal(event.tenantId, MINOKAMO);
    assert.equal(event.staffId, staffId('minokamo.counter'));
    assert.deepEqual([event.detail.method, event.detail.operation], ['POST', '/v1/audit/prints']);
    const other = await send(tokens['minokamo.counter']!, 'GET', `/v1/visits/${visitId}`);
    assert.equal(other.statusCode, 404);
    assert.equal(seen.filter((e) => e.code === 'reference_denied').length, 2);
  });

  it('a handoff claim that misses is an event, without the code or birth date typed', async () => {
    const response = await send(tokens['minokamo.counter']!, 'POST', '/v1/handoffs/claim', { code: '23456-789AB', birthDate: '1987-06-05' });
    assert.equal(response.statusCode, 404, response.body);
    const [event] = seen.filter((e) => e.code === 'handoff_claim_refused');
    assert.equal(event?.detail.outcome, 'not_found');
    assert.ok(!JSON.stringify(seen).includes('1987') && !JSON.stringify(seen).includes('789AB'));
  });

  it('admin export, import and the catalog publish are events with counts', async () => {
    const exported = await send(tokens['minokamo.admin']!, 'GET', '/v1/admin/export');
    assert.equal(exported.statusCode, 200);
    const body = exported.json() as { residents: unknown[]; catalog: unknown[] };
    const imported = await send(tokens['minokamo.admin']!, 'POST', '/v1/admin/import', { ...body, households: [], residents: [], preApplications: [] });
    assert.equal(imported.statusCode, 200, imported.body);
    const codes = seen.map((e) => e.code);
    assert.deepEqual(codes.filter((c) => c.startsWith('admin_') || c === 'catalog_published'), ['admin_export', 'admin_import', 'catalog_published']);
    assert.equal(seen.find((e) => e.code === 'admin_export')?.count, body.residents.length);
    assert.equal(seen.find((e) => e.code === 'catalog_published')?.count, body.catalog.length);
    assert.equal(seen.find((e) => e.code === 'admin_export')?.staffId, staffId('minokamo.admin'));
  });

  it('a broken audit chain found by the verification is an alert', async () => {
    await backend.ownerQuery('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    try {
      await backend.ownerQuery("UPDATE audit_log SET purpose = 'tampered' WHERE tenant_id = '215015' AND seq = 1");
    } finally {
      await backend.ownerQuery('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    }
    const verdict = await send(tokens['sakahogi.supervisor']!, 'GET', '/v1/audit/verify');
    assert.equal((verdict.json() as { ok: boolean }).ok, false);
    const [event] = seen.filter((e) => e.code === 'audit_verify_failed');
    assert.equal(event?.severity, 'alert');
    assert.equal(event?.tenantId, SAKAHOGI);
    assert.equal(event?.detail.firstBrokenSeq, 1);
  });

  it('every event of this file so far is free of names, kana and free text', async () => {
    await backend.events.flush();
    for (const tenant of [MINOKAMO, SAKAHOGI]) {
      const rows = await backend.appQuery(tenant, 'SELECT code, staff_id, terminal_id, source, detail FROM security_events');
      assert.ok(rows.length > 0);
      for (const row of rows) assert.doesNotMatch(JSON.stringify(row), /[\u3040-\u30ff\u4e00-\u9fff ]/, `${JSON.stringify(row)} holds text`);
    }
  });
});

describe('the supervisors’ list of security events', () => {
  it('is this tenant’s only, newest first, paged with a cursor', async () => {
    const minokamo = await listed(tokens['minokamo.supervisor']!, '?limit=200');
    const sakahogi = await listed(tokens['sakahogi.supervisor']!, '?limit=200');
    const minokamoStaff = new Set(DEMO_STAFF.filter((s) => s.tenantId === MINOKAMO).map((s) => s.staffId));
    assert.ok(minokamo.events.length >= 3);
    assert.ok(minokamo.events.every((e) => e.staffId === null || minokamoStaff.has(e.staffId)));
    assert.ok(sakahogi.events.every((e) => e.staffId === null || !minokamoStaff.has(e.staffId)));
    const first = await listed(tokens['minokamo.supervisor']!, '?limit=2');
    assert.equal(first.events.length, 2);
    assert.ok(first.next);
    const second = await listed(tokens['minokamo.supervisor']!, `?limit=2&before=${encodeURIComponent(first.next)}`);
    assert.deepEqual([...first.events, ...second.events].map((e) => JSON.stringify(e)), minokamo.events.slice(0, 4).map((e) => JSON.stringify(e)));
  });

  it('refuses the counter role (403) and no session (401); rules are set by the tenant admin only', async () => {
    assert.equal((await send(tokens['minokamo.counter']!, 'GET', '/v1/security/events')).statusCode, 403);
    assert.equal((await backend.app.inject({ method: 'GET', url: '/v1/security/events' })).statusCode, 401);
    const rules = { rules: [{ ruleId: 'views', kind: 'residents_viewed_per_hour', threshold: 3 }] };
    assert.equal((await send(tokens['minokamo.supervisor']!, 'PUT', '/v1/security/anomaly-rules', rules)).statusCode, 403);
    assert.equal((await send(tokens['minokamo.counter']!, 'PUT', '/v1/security/anomaly-rules', rules)).statusCode, 403);
    assert.equal((await send(tokens['minokamo.counter']!, 'GET', '/v1/security/anomaly-rules')).statusCode, 403);
    const hours = { rules: [{ ruleId: 'hours', kind: 'outside_opening_hours', threshold: 0, opensAt: '17:00', closesAt: '08:30' }] };
    assert.equal((await send(tokens['minokamo.admin']!, 'PUT', '/v1/security/anomaly-rules', hours)).statusCode, 400, 'opening must come before closing');
  });
});

/**
 * Evaluates a tenant's rules now and returns the anomalies delivered to the sinks since the last call — including
 * any a request's background evaluation (AnomalyWatch.touch) raised first.
 */
let anomaliesSeen = 0;
async function evaluate(tenantId: string): Promise<SecurityEvent[]> {
  await backend.anomalies.flush();
  await backend.anomalies.run(tenantId);
  const all = seen.filter((e) => e.code === 'anomaly');
  const fresh = all.slice(anomaliesSeen);
  anomaliesSeen = all.length;
  return fresh.filter((e) => e.tenantId === tenantId);
}

describe('anomaly rules', () => {
  beforeEach(() => {
    anomaliesSeen = 0;
  });

  it('a clerk viewing more residents in an hour than the rule allows raises one anomaly per window, in this tenant only', async () => {
    const set = await send(tokens['minokamo.admin']!, 'PUT', '/v1/security/anomaly-rules', {
      rules: [
        { ruleId: 'views', kind: 'residents_viewed_per_hour', threshold: 3 },
        { ruleId: 'hours', kind: 'outside_opening_hours', threshold: 0, opensAt: '08:30', closesAt: '17:15' },
      ],
    });
    assert.equal(set.statusCode, 200, set.body);
    assert.equal((await send(tokens['minokamo.admin']!, 'GET', '/v1/security/anomaly-rules')).json().rules.length, 2);
    // 坂祝町 has the same rule with a low threshold; its clerk views nothing, so it must raise nothing.
    const sakahogiAdmin = await loginAs(backend, 'sakahogi.admin');
    assert.equal((await send(sakahogiAdmin, 'PUT', '/v1/security/anomaly-rules', { rules: [{ ruleId: 'views', kind: 'residents_viewed_per_hour', threshold: 0 }] })).statusCode, 200);

    // The test clock is 10:00 Japan time: inside opening hours.
    const residents = await backend.appQuery(MINOKAMO, 'SELECT resident_id FROM residents ORDER BY resident_id LIMIT 5');
    for (const row of residents) assert.equal((await send(tokens['minokamo.counter']!, 'GET', `/v1/residents/${row.resident_id}`)).statusCode, 200);

    const raised = await evaluate(MINOKAMO);
    assert.equal(raised.length, 1, JSON.stringify(raised));
    assert.equal(raised[0]!.staffId, staffId('minokamo.counter'));
    assert.equal(raised[0]!.count, 5);
    assert.deepEqual([raised[0]!.detail.rule, raised[0]!.detail.kind], ['views', 'residents_viewed_per_hour']);

    // The same window: not again, however often it is evaluated.
    assert.equal((await send(tokens['minokamo.counter']!, 'GET', `/v1/residents/${residents[0]!.resident_id}`)).statusCode, 200);
    assert.deepEqual(await evaluate(MINOKAMO), []);
    assert.deepEqual(await evaluate(SAKAHOGI), [], 'the other tenant’s rule sees none of this tenant’s views');
    const stored = (await listed(tokens['minokamo.supervisor']!, '?limit=200')).events.filter((e) => e.code === 'anomaly');
    assert.equal(stored.length, 1);

    // The next hour's window (the views still within the last hour): raised once more.
    backend.now.value = new Date(Math.floor(backend.now.value.getTime() / 3_600_000) * 3_600_000 + 3_600_000 + 1_000);
    const nextWindow = await evaluate(MINOKAMO);
    assert.equal(nextWindow.filter((e) => e.detail.rule === 'views').length, 1);
  });

  it('access outside the tenant’s opening hours raises an anomaly for that staff member', async () => {
    // 20:00 Japan time.
    backend.now.value = new Date('2026-11-27T11:00:00.000Z');
    const lateToken = await loginAs(backend, 'minokamo.counter');
    const raised = await evaluate(MINOKAMO);
    const late = raised.filter((e) => e.detail.rule === 'hours');
    assert.equal(late.length, 1, JSON.stringify(raised));
    assert.equal(late[0]!.staffId, staffId('minokamo.counter'));
    assert.ok(lateToken);
  });

  it('many login failures in an hour raise a tenant-wide anomaly once', async () => {
    const admin = await loginAs(backend, 'minokamo.admin');
    assert.equal((await send(admin, 'PUT', '/v1/security/anomaly-rules', { rules: [{ ruleId: 'failures', kind: 'login_failures_per_hour', threshold: 4 }] })).statusCode, 200);
    for (let i = 0; i < 6; i++) {
      await backend.app.inject({ method: 'POST', url: '/v1/auth/login', remoteAddress: `192.0.2.${i + 1}`, payload: { ...demoLogin('minokamo.counter'), password: 'wrong' } });
    }
    const raised = await evaluate(MINOKAMO);
    assert.equal(raised.length, 1, JSON.stringify(raised));
    assert.equal(raised[0]!.staffId, null);
    assert.ok((raised[0]!.count ?? 0) >= 6);
    assert.deepEqual(await evaluate(MINOKAMO), []);
  });
});
