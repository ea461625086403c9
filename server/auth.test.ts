import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { totpFor } from './auth/credentials';
import { DEMO_PASSWORD, DEMO_STAFF, DEMO_TOTP_SECRET } from './demo/accounts';
import { coverageHouseholds } from './demo/generator';
import { demoLogin, idempotencyKey, startTestBackend, type TestBackend } from './test-support';

/**
 * Staff authentication over HTTP: two factors (password AND staff card or TOTP), throttling, idle and absolute
 * session expiry, logout, tenant-bound tokens — and that none of the secrets or the personal data sent along
 * the way ends up in the log or in clear in the database.
 */
let backend: TestBackend;
before(async () => {
  backend = await startTestBackend({ householdsPerTenant: 5 });
});
after(() => backend.close());

const MINUTE = 60_000;
const MINOKAMO = '212113';
const SAKAHOGI = '215015';
const TERMINAL = 'demo-terminal-01';

type Body = Record<string, unknown>;
interface InjectResult {
  statusCode: number;
  body: string;
  json: () => unknown;
}

/** Everything secret or personal this file sends or receives: none of it may be logged. */
const sent = {
  passwords: new Set<string>([DEMO_PASSWORD]),
  totpCodes: new Set<string>(),
  cardUids: new Set<string>(DEMO_STAFF.flatMap((s) => (s.cardUid ? [s.cardUid] : []))),
  tokens: new Set<string>(),
  names: new Set<string>(),
};

function staffOf(loginId: string) {
  const staff = DEMO_STAFF.find((s) => s.loginId === loginId);
  if (!staff) throw new Error(`no demo account ${loginId}`);
  return staff;
}

function advance(minutes: number): void {
  backend.now.value = new Date(backend.now.value.getTime() + minutes * MINUTE);
}

function totpNow(): string {
  return totpFor(DEMO_TOTP_SECRET).generate({ timestamp: backend.now.value.getTime() });
}

/** A well-formed TOTP code the server must refuse: not the code of the current step or the ones beside it. */
function wrongTotp(): string {
  const t = backend.now.value.getTime();
  const valid = new Set([-60_000, -30_000, 0, 30_000, 60_000].map((d) => totpFor(DEMO_TOTP_SECRET).generate({ timestamp: t + d })));
  const code = ['123456', '000000', '999999', '654321', '111111'].find((c) => !valid.has(c));
  assert.ok(code);
  return code;
}

/** The correct login body for a demo account at the server's current time, with overrides. */
function body(loginId: string, overrides: Body = {}): Body {
  return { ...demoLogin(loginId, TERMINAL, backend.now.value), ...overrides };
}

function remember(payload: Body): void {
  if (typeof payload.password === 'string' && payload.password !== '') sent.passwords.add(payload.password);
  const factor = payload.secondFactor as { kind?: string; uid?: string; code?: string } | undefined;
  if (factor?.uid) sent.cardUids.add(factor.uid);
  if (factor?.code) sent.totpCodes.add(factor.code);
}

/**
 * The address logins come from. Each test starts from an address of its own, so failures of one test never
 * throttle the next (throttling is per source; see the "throttling" tests).
 */
let sourceNumber = 0;
let source = '';
const newSource = () => `10.13.${Math.floor(++sourceNumber / 250)}.${(sourceNumber % 250) + 1}`;
beforeEach(() => {
  source = newSource();
});

async function login(payload: Body, from = source): Promise<InjectResult & { headers: Record<string, unknown> }> {
  remember(payload);
  const response = await backend.app.inject({ method: 'POST', url: '/v1/auth/login', payload, remoteAddress: from });
  if (response.statusCode === 200) sent.tokens.add((response.json() as { token: string }).token);
  return response;
}

async function tokenFor(loginId: string): Promise<string> {
  const response = await login(body(loginId));
  assert.equal(response.statusCode, 200, response.body);
  return (response.json() as { token: string }).token;
}

function me(token: string): Promise<InjectResult> {
  return backend.app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${token}` } });
}

async function sessionCount(loginId: string): Promise<number> {
  const staff = staffOf(loginId);
  const [row] = await backend.appQuery(staff.tenantId, 'SELECT count(*)::int AS n FROM staff_sessions WHERE staff_id = $1', [staff.staffId]);
  return Number(row?.n);
}

function errorOf(response: InjectResult): { code: string; message: string; details?: unknown } {
  return response.json() as { code: string; message: string; details?: unknown };
}

function assertNoToken(response: InjectResult): void {
  assert.doesNotMatch(response.body, /"token"/);
}

describe('login with two factors', () => {
  it('password + staff card UID (minokamo.counter) → 200 with a session of its tenant', async () => {
    const before = await sessionCount('minokamo.counter');
    const response = await login(body('minokamo.counter'));
    assert.equal(response.statusCode, 200, response.body);
    const result = response.json() as { token: string; idleTimeoutSeconds: number; staff: { staffId: string; tenantId: string; role: string; terminalId: string }; tenant: unknown };
    assert.match(result.token, /^212113\.[A-Za-z0-9_-]{43}$/);
    assert.equal(result.staff.staffId, staffOf('minokamo.counter').staffId);
    assert.equal(result.staff.tenantId, MINOKAMO);
    // The municipality's names come from the tenant configuration, for headers and the printed guide.
    assert.deepEqual(result.tenant, { tenantId: MINOKAMO, nameJa: '美濃加茂市', nameEn: 'Minokamo City' });
    assert.equal(result.staff.role, 'counter');
    assert.equal(result.staff.terminalId, TERMINAL);
    assert.equal(result.idleTimeoutSeconds, 15 * 60);
    assert.equal(await sessionCount('minokamo.counter'), before + 1);
    const who = await me(result.token);
    assert.equal(who.statusCode, 200);
    assert.equal((who.json() as { staffId: string }).staffId, staffOf('minokamo.counter').staffId);
  });

  it('password + TOTP (minokamo.fukushi) → 200', async () => {
    const response = await login(body('minokamo.fukushi', { secondFactor: { kind: 'totp', code: totpNow() } }));
    assert.equal(response.statusCode, 200, response.body);
    const token = (response.json() as { token: string }).token;
    assert.equal((await me(token)).statusCode, 200);
  });

  it('password only (no second factor) → 400 and no session', async () => {
    for (const loginId of ['minokamo.counter', 'minokamo.fukushi']) {
      const before = await sessionCount(loginId);
      const payload = body(loginId);
      delete payload.secondFactor;
      const response = await login(payload);
      assert.equal(response.statusCode, 400, loginId);
      assert.equal(errorOf(response).code, 'invalid_request');
      assertNoToken(response);
      assert.equal(await sessionCount(loginId), before, loginId);
    }
  });

  it('second factor only (no password, or an empty one) → 400/401 and no session', async () => {
    for (const loginId of ['minokamo.counter', 'minokamo.fukushi']) {
      const before = await sessionCount(loginId);
      const withoutPassword = body(loginId, loginId === 'minokamo.fukushi' ? { secondFactor: { kind: 'totp', code: totpNow() } } : {});
      delete withoutPassword.password;
      for (const payload of [withoutPassword, { ...withoutPassword, password: '' }]) {
        const response = await login(payload);
        assert.ok([400, 401].includes(response.statusCode), `${loginId}: ${response.statusCode}`);
        assertNoToken(response);
      }
      assert.equal(await sessionCount(loginId), before, loginId);
    }
  });

  it('right password + wrong card → 401 invalid_credentials, no session', async () => {
    const before = await sessionCount('minokamo.counter');
    for (const uid of ['DEADBEEF0001', staffOf('minokamo.supervisor').cardUid]) {
      const response = await login(body('minokamo.counter', { secondFactor: { kind: 'card', uid } }));
      assert.equal(response.statusCode, 401, uid ?? '');
      assert.equal(errorOf(response).code, 'invalid_credentials');
      assertNoToken(response);
    }
    assert.equal(await sessionCount('minokamo.counter'), before);
  });

  it('right password + wrong TOTP → 401 invalid_credentials; a TOTP account cannot use a card', async () => {
    const wrong = await login(body('minokamo.fukushi', { secondFactor: { kind: 'totp', code: wrongTotp() } }));
    assert.equal(wrong.statusCode, 401);
    assert.equal(errorOf(wrong).code, 'invalid_credentials');
    const card = await login(body('minokamo.fukushi', { secondFactor: { kind: 'card', uid: staffOf('minokamo.counter').cardUid } }));
    assert.equal(card.statusCode, 401);
    assertNoToken(card);
  });

  it('wrong password + right card / right TOTP → 401 invalid_credentials', async () => {
    const card = await login(body('minokamo.counter', { password: 'Madoguchi#2025' }));
    assert.equal(card.statusCode, 401);
    assert.equal(errorOf(card).code, 'invalid_credentials');
    const totp = await login(body('minokamo.fukushi', { password: 'not-the-password-7', secondFactor: { kind: 'totp', code: totpNow() } }));
    assert.equal(totp.statusCode, 401);
    assert.equal(errorOf(totp).code, 'invalid_credentials');
    assertNoToken(totp);
    // The failures above stay within the throttle's allowance; a correct login still works (and resets the count).
    await tokenFor('minokamo.counter');
    // TOTP codes are single-use: move to the next 30-second step for a fresh one.
    backend.now.value = new Date(backend.now.value.getTime() + 30_000);
    assert.equal((await login(body('minokamo.fukushi', { secondFactor: { kind: 'totp', code: totpNow() } }))).statusCode, 200);
  });

  it('a TOTP code cannot be replayed: the same code twice → the second is refused', async () => {
    backend.now.value = new Date(backend.now.value.getTime() + 60_000);
    const code = totpNow();
    assert.equal((await login(body('minokamo.fukushi', { secondFactor: { kind: 'totp', code } }))).statusCode, 200);
    const replay = await login(body('minokamo.fukushi', { secondFactor: { kind: 'totp', code } }));
    assert.equal(replay.statusCode, 401);
    assert.equal(errorOf(replay).code, 'invalid_credentials');
    backend.now.value = new Date(backend.now.value.getTime() + 30_000);
  });

  it('an unknown login id → 401 with the same code and message as a wrong password', async () => {
    const wrongPassword = await login(body('minokamo.counter', { password: 'Wrong#Password-1' }));
    const unknown = await login(body('minokamo.counter', { loginId: 'minokamo.nobody' }));
    assert.equal(wrongPassword.statusCode, 401);
    assert.equal(unknown.statusCode, 401);
    assert.deepEqual(errorOf(unknown), errorOf(wrongPassword));
    // Another tenant's login id is just as unknown here.
    const otherTenant = await login(body('sakahogi.counter', { tenantId: MINOKAMO }));
    assert.equal(otherTenant.statusCode, 401);
    assert.deepEqual(errorOf(otherTenant), errorOf(wrongPassword));
    await tokenFor('minokamo.counter');
  });

  it('an unknown tenant code → 401 like an unknown login id (not 500, which would reveal which tenants exist)', async () => {
    const wrongPassword = await login(body('minokamo.counter', { password: 'Wrong#Password-2' }));
    const unknownTenant = await login(body('minokamo.counter', { tenantId: '999999' }));
    assert.equal(unknownTenant.statusCode, 401, unknownTenant.body);
    assert.deepEqual(errorOf(unknownTenant), errorOf(wrongPassword));
    await tokenFor('minokamo.counter');
  });

  it('an unregistered terminal → 403 unknown_terminal and no session', async () => {
    const before = await sessionCount('minokamo.counter');
    const response = await login(body('minokamo.counter', { terminalId: 'stolen-laptop-99' }));
    assert.equal(response.statusCode, 403);
    assert.equal(errorOf(response).code, 'unknown_terminal');
    assertNoToken(response);
    assert.equal(await sessionCount('minokamo.counter'), before);
  });
});

describe('throttling (no lock an attacker can use against a clerk)', () => {
  const CLERK = 'minokamo.counter';
  const wrong = (n: number | string) => ({ password: `Wrong#Throttle-${n}` });

  it('forty wrong logins from one source get throttled (429 login_throttled, Retry-After); the clerk at the counter terminal still signs in', async () => {
    const attacker = newSource();
    const statuses: number[] = [];
    let throttledAnswer: InjectResult & { headers: Record<string, unknown> } | undefined;
    for (let attempt = 1; attempt <= 40; attempt += 1) {
      // Several ids from the one source, the clerk's among them, all with wrong passwords and the registered terminal.
      const loginId = attempt % 3 === 0 ? 'minokamo.nobody' : attempt % 3 === 1 ? CLERK : 'minokamo.supervisor';
      const response = await login(body(CLERK, { loginId, ...wrong(attempt) }), attacker);
      statuses.push(response.statusCode);
      assertNoToken(response);
      if (response.statusCode === 429) throttledAnswer ??= response;
    }
    const refused = statuses.filter((s) => s === 429).length;
    assert.ok(statuses.every((s) => s === 401 || s === 429), statuses.join(','));
    assert.ok(refused >= 29, `only ${refused} of 40 throttled: ${statuses.join(',')}`);
    assert.ok(statuses.slice(0, 5).every((s) => s === 401), 'the first failures are plain 401');
    assert.ok(throttledAnswer);
    const error = errorOf(throttledAnswer);
    assert.equal(error.code, 'login_throttled');
    const retryAfter = Number(throttledAnswer.headers['retry-after']);
    assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1, `Retry-After ${String(throttledAnswer.headers['retry-after'])}`);
    assert.deepEqual(error.details, { retryAfterSeconds: retryAfter });
    // Even the right password and card from the attacking source are refused while it waits.
    assert.equal((await login(body(CLERK), attacker)).statusCode, 429);

    // The real clerk, right password and staff card, from the counter terminal's own address: signed in at once.
    const clerk = await login(body(CLERK));
    assert.equal(clerk.statusCode, 200, clerk.body);
    // Throttled attempts are audited once a minute per (login id, source): each of the three ids here once,
    // not forty times (a flood must not queue on the tenant's audit chain).
    const audited = await backend.appQuery(MINOKAMO, "SELECT count(*)::int AS n FROM audit_log WHERE action = 'login_failed' AND detail->>'reason' = 'throttled' AND at = $1", [backend.now.value.toISOString()]);
    assert.equal(audited[0]?.n, 3);
  });

  it('the back-off doubles and runs out by itself: no lock', async () => {
    const from = newSource();
    for (let attempt = 1; attempt <= 5; attempt += 1) assert.equal((await login(body(CLERK, wrong(`b${attempt}`)), from)).statusCode, 401);
    const waits: number[] = [];
    for (let round = 1; round <= 3; round += 1) {
      const refused = await login(body(CLERK, wrong(`r${round}`)), from);
      assert.equal(refused.statusCode, 429, refused.body);
      const wait = Number(refused.headers['retry-after']);
      waits.push(wait);
      backend.now.value = new Date(backend.now.value.getTime() + wait * 1000);
      // After the wait, one more try is heard (and, wrong again, counted).
      assert.equal((await login(body(CLERK, wrong(`w${round}`)), from)).statusCode, 401);
    }
    assert.deepEqual(waits, [1, 2, 4]);
    // A wait later, the right credentials from that very source work: nothing was locked.
    backend.now.value = new Date(backend.now.value.getTime() + 8_000);
    assert.equal((await login(body(CLERK), from)).statusCode, 200);
  });

  it('failures from many sources cannot keep the clerk out; strangers naming no registered terminal are throttled across sources', async () => {
    // A distributed guess at the clerk's id, each source once, naming the registered terminal: only per-source counts.
    for (let attempt = 1; attempt <= 30; attempt += 1) assert.equal((await login(body(CLERK, wrong(`d${attempt}`)), newSource())).statusCode, 401);
    assert.equal((await login(body(CLERK))).statusCode, 200);
    // Naming a terminal that is not registered: counted for the id from every source, throttled after 20.
    const stranger = { terminalId: 'not-a-counter-77' };
    const statuses: number[] = [];
    for (let attempt = 1; attempt <= 25; attempt += 1) statuses.push((await login(body('minokamo.supervisor', { ...wrong(`s${attempt}`), ...stranger }), newSource())).statusCode);
    assert.deepEqual(statuses.slice(0, 20), Array(20).fill(401));
    assert.ok(statuses.slice(20).every((s) => s === 429), statuses.join(','));
    // The supervisor at a counter terminal is not affected.
    assert.equal((await login(body('minokamo.supervisor'))).statusCode, 200);
  });

  it('unknown and known ids answer the same, with comparable timing — including once throttled', async () => {
    const run = async (loginId: string) => {
      const from = newSource();
      const answers: { status: number; body: unknown; retryAfter: unknown }[] = [];
      const times: number[] = [];
      for (let attempt = 1; attempt <= 8; attempt += 1) {
        const started = process.hrtime.bigint();
        const response = await login(body(CLERK, { loginId, ...wrong(`t${attempt}`) }), from);
        times.push(Number(process.hrtime.bigint() - started) / 1e6);
        answers.push({ status: response.statusCode, body: response.json(), retryAfter: response.headers['retry-after'] });
      }
      return { answers, median: times.slice(0, 5).sort((a, b) => a - b)[2]! };
    };
    const known = await run(CLERK);
    const unknown = await run('minokamo.nobody');
    // Another tenant's login id, in this tenant: just as unknown.
    const otherTenants = await run('sakahogi.counter');
    assert.deepEqual(unknown.answers, known.answers);
    assert.deepEqual(otherTenants.answers, known.answers);
    assert.deepEqual(known.answers.map((a) => a.status), [401, 401, 401, 401, 401, 429, 429, 429]);
    // Both spend a password hash on every heard attempt: the medians stay within a factor of each other.
    const ratio = known.median / unknown.median;
    assert.ok(ratio > 0.25 && ratio < 4, `known ${known.median.toFixed(1)} ms, unknown ${unknown.median.toFixed(1)} ms`);
  });

  it('a supervisor clears an account (POST /v1/staff/{id}/unlock, audited); a clerk may not; an unknown id is 404', async () => {
    const from = newSource();
    for (let attempt = 1; attempt <= 6; attempt += 1) await login(body(CLERK, wrong(`u${attempt}`)), from);
    assert.equal((await login(body(CLERK), from)).statusCode, 429);
    const unlock = (token: string, staffId: string) =>
      backend.app.inject({ method: 'POST', url: `/v1/staff/${staffId}/unlock`, headers: { authorization: `Bearer ${token}`, 'idempotency-key': idempotencyKey() } });
    const clerkToken = await tokenFor(CLERK);
    assert.equal((await unlock(clerkToken, staffOf(CLERK).staffId)).statusCode, 403);
    const supervisor = await tokenFor('minokamo.supervisor');
    const missing = await unlock(supervisor, '00000000-0000-4000-8000-000000000001');
    assert.equal(missing.statusCode, 404);
    // Another tenant's staff member is just as missing.
    assert.deepEqual((await unlock(supervisor, staffOf('sakahogi.counter').staffId)).json(), missing.json());
    const done = await unlock(supervisor, staffOf(CLERK).staffId);
    assert.equal(done.statusCode, 200, done.body);
    assert.deepEqual(done.json(), { staffId: staffOf(CLERK).staffId, unlocked: true });
    assert.equal((await login(body(CLERK), from)).statusCode, 200);
    const [entry] = await backend.appQuery(MINOKAMO, "SELECT staff_id::text AS by, detail FROM audit_log WHERE purpose = 'login_unlock' ORDER BY seq DESC LIMIT 1");
    assert.deepEqual(entry, { by: staffOf('minokamo.supervisor').staffId, detail: { staffId: staffOf(CLERK).staffId } });
    const [row] = await backend.appQuery(MINOKAMO, 'SELECT failed_attempts FROM staff WHERE staff_id = $1', [staffOf(CLERK).staffId]);
    assert.equal(row?.failed_attempts, 0);
  });
});

describe('sessions', () => {
  it('expire after 15 idle minutes', async () => {
    const token = await tokenFor('minokamo.counter');
    assert.equal((await me(token)).statusCode, 200);
    advance(16);
    const expired = await me(token);
    assert.equal(expired.statusCode, 401);
    assert.equal(errorOf(expired).code, 'unauthenticated');
    assert.equal((await me(token)).statusCode, 401);
  });

  it('stay valid while used every 10 minutes', async () => {
    const token = await tokenFor('minokamo.counter');
    for (let round = 1; round <= 5; round += 1) {
      advance(10);
      assert.equal((await me(token)).statusCode, 200, `after ${round * 10} minutes`);
    }
  });

  it('end at their absolute expiry (8 hours) even when used every 10 minutes', async () => {
    const token = await tokenFor('minokamo.counter');
    for (let minutes = 10; minutes < 8 * 60; minutes += 10) {
      advance(10);
      assert.equal((await me(token)).statusCode, 200, `after ${minutes} minutes`);
    }
    advance(10);
    assert.equal((await me(token)).statusCode, 401);
  });

  it('logout (with Idempotency-Key) makes the token invalid', async () => {
    const token = await tokenFor('minokamo.counter');
    const noKey = await backend.app.inject({ method: 'POST', url: '/v1/auth/logout', headers: { authorization: `Bearer ${token}` } });
    assert.equal(noKey.statusCode, 400);
    assert.equal(errorOf(noKey).code, 'idempotency_key_required');
    assert.equal((await me(token)).statusCode, 200);

    const out = await backend.app.inject({ method: 'POST', url: '/v1/auth/logout', headers: { authorization: `Bearer ${token}`, 'idempotency-key': idempotencyKey() } });
    assert.equal(out.statusCode, 200);
    assert.deepEqual(out.json(), { ok: true });
    assert.equal((await me(token)).statusCode, 401);
    const again = await backend.app.inject({ method: 'POST', url: '/v1/auth/logout', headers: { authorization: `Bearer ${token}`, 'idempotency-key': idempotencyKey() } });
    assert.equal(again.statusCode, 401);
  });

  it("a 215015 token with its tenant prefix edited to 212113 → 401", async () => {
    const token = await tokenFor('sakahogi.counter');
    assert.match(token, /^215015\./);
    assert.equal((await me(token)).statusCode, 200);
    const forged = `${MINOKAMO}${token.slice(SAKAHOGI.length)}`;
    const response = await me(forged);
    assert.equal(response.statusCode, 401);
    assert.equal(errorOf(response).code, 'unauthenticated');
    const search = await backend.app.inject({ method: 'GET', url: '/v1/residents', query: { q: '髙橋' }, headers: { authorization: `Bearer ${forged}` } });
    assert.equal(search.statusCode, 401);
    assert.doesNotMatch(search.body, /residentId/);
  });

  it('a malformed or missing token → 401', async () => {
    for (const authorization of [undefined, 'Bearer ', 'Bearer 212113.short', `Basic ${Buffer.from('a:b').toString('base64')}`]) {
      const response = await backend.app.inject({ method: 'GET', url: '/v1/me', headers: authorization === undefined ? {} : { authorization } });
      assert.equal(response.statusCode, 401, String(authorization));
    }
  });
});

describe('no secret or personal data in the log or in clear in the database', () => {
  const searched = coverageHouseholds(MINOKAMO)[0]?.residents[0];

  it('a resident search (so the log has a request line for /v1/residents)', async () => {
    assert.ok(searched);
    sent.names.add(searched.name);
    const token = await tokenFor('minokamo.counter');
    const response = await backend.app.inject({ method: 'GET', url: `/v1/residents?q=${encodeURIComponent(searched.name)}`, headers: { authorization: `Bearer ${token}` } });
    assert.equal(response.statusCode, 200);
    const results = (response.json() as { results: { residentId: string }[] }).results;
    assert.ok(results.some((r) => r.residentId === searched.resident_id));
    const log = backend.logs.join('');
    assert.match(log, /"route":"\/v1\/residents"/);
  });

  it('the log holds no password, TOTP code, card UID, token or searched name', () => {
    const log = backend.logs.join('');
    assert.ok(log.length > 0);
    assert.ok(sent.tokens.size >= 10, 'tokens were issued');
    assert.ok(sent.totpCodes.size >= 3, 'TOTP codes were sent');
    assert.ok(sent.passwords.size >= 10, 'wrong passwords were sent');
    const forms = (text: string) => [...new Set([text, encodeURIComponent(text), JSON.stringify(text).slice(1, -1)])];
    for (const password of sent.passwords) for (const form of forms(password)) assert.ok(!log.includes(form), `password ${password} in the log`);
    for (const token of sent.tokens) {
      assert.ok(!log.includes(token), 'a token in the log');
      assert.ok(!log.includes(token.slice(7)), 'the secret part of a token in the log');
    }
    for (const name of sent.names) for (const form of forms(name)) assert.ok(!log.includes(form), `name ${name} in the log`);
    for (const uid of sent.cardUids) assert.ok(!log.toUpperCase().includes(uid.toUpperCase()), `card UID ${uid} in the log`);
    // Six digits could occur inside a timestamp by chance: look for the code as a whole number only.
    for (const code of sent.totpCodes) assert.doesNotMatch(log, new RegExp(`(?<![0-9])${code}(?![0-9])`), `TOTP code ${code} in the log`);
  });

  it('the database holds card UIDs only as a MAC, tokens only as a hash, and no secret in the audit log', async () => {
    const uids = [...sent.cardUids].map((u) => u.toUpperCase());
    const isUid = (value: unknown) => typeof value === 'string' && uids.some((uid) => value.toUpperCase().includes(uid));

    const asOwner = await backend.ownerQuery('SELECT card_uid_mac FROM staff');
    for (const row of asOwner) assert.ok(!isUid(row.card_uid_mac), 'card UID in clear (owner view)');
    for (const tenantId of [MINOKAMO, SAKAHOGI]) {
      const staff = await backend.appQuery(tenantId, 'SELECT * FROM staff');
      assert.ok(staff.length > 0);
      assert.ok(staff.some((row) => typeof row.card_uid_mac === 'string'), 'some staff have a card');
      for (const row of staff) {
        assert.ok(!isUid(row.card_uid_mac), `card UID in clear (${tenantId})`);
        const text = JSON.stringify(row);
        assert.ok(!uids.some((uid) => text.toUpperCase().includes(uid)), 'card UID somewhere in a staff row');
        assert.ok(!text.includes(DEMO_PASSWORD), 'password in clear in a staff row');
      }
      const sessions = await backend.appQuery(tenantId, 'SELECT * FROM staff_sessions');
      const sessionText = JSON.stringify(sessions);
      for (const token of sent.tokens) assert.ok(!sessionText.includes(token.slice(7)), 'a session token in clear');
      const audit = JSON.stringify(await backend.appQuery(tenantId, 'SELECT * FROM audit_log'));
      for (const password of sent.passwords) assert.ok(!audit.includes(password), 'a password in the audit log');
      assert.ok(!uids.some((uid) => audit.toUpperCase().includes(uid)), 'a card UID in the audit log');
      for (const code of sent.totpCodes) assert.doesNotMatch(audit, new RegExp(`(?<![0-9])${code}(?![0-9])`), 'a TOTP code in the audit log');
      for (const name of sent.names) assert.ok(!audit.includes(name), 'a searched name in the audit log');
    }
  });
});
