import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generateKeyPairSync } from 'node:crypto';
import { canonicalJson, entryHash, entryLink, genesisHash, verifyRows, type AuditRow } from './audit/chain';
import { publicKeyFromHex, publicKeyHex, signCheckpoint, signingKeyFromHex, verifyAgainstCheckpoints, type Checkpoint } from './audit/checkpoint';
import { DEMO_STAFF } from './demo/accounts';
import { coverageHouseholds } from './demo/generator';
import { demoLogin, idempotencyKey, loginAs, startTestBackend, type TestBackend } from './test-support';

/**
 * The operation log (操作ログ): every read of resident data through the API leaves a row, logins and failed
 * logins too, and the per-tenant hash chain exposes a row changed behind the application's back.
 */
const MINOKAMO = '212113';
const SAKAHOGI = '215015';
const TERMINAL = 'demo-terminal-01';

const staffId = (loginId: string): string => {
  const staff = DEMO_STAFF.find((s) => s.loginId === loginId);
  if (!staff) throw new Error(`no demo account ${loginId}`);
  return staff.staffId;
};

// ── the chain functions on their own ───────────────────────────────────────────────────────────────────

function chain(tenantId: string, count: number): AuditRow[] {
  const rows: AuditRow[] = [];
  let prev = genesisHash(tenantId);
  for (let seq = 1; seq <= count; seq += 1) {
    const body = {
      tenant_id: tenantId,
      seq,
      at: new Date(Date.UTC(2026, 10, 27, 1, 0, seq, 123)),
      staff_id: '00000000-0000-4000-8000-212113000001',
      terminal_id: TERMINAL,
      action: seq % 2 ? 'view' : 'search',
      resident_id: seq % 2 ? `00000000-0000-4000-8000-00000000000${seq % 10}` : null,
      purpose: 'counter_service',
      detail: { results: seq, withBirthDate: false },
    };
    const hash = entryHash(prev, body);
    rows.push({ ...body, prev_hash: prev, hash });
    prev = hash;
  }
  return rows;
}

const headOf = (rows: AuditRow[]) => ({ last_seq: rows.length, last_hash: rows[rows.length - 1]?.hash ?? '' });

describe('audit chain functions', () => {
  it('canonicalJson does not depend on key order, at any depth', () => {
    const a = { b: 1, a: { d: [1, { y: 2, x: 1 }], c: 'x' }, e: null };
    const b = { e: null, a: { c: 'x', d: [1, { x: 1, y: 2 }] }, b: 1 };
    assert.equal(canonicalJson(a), canonicalJson(b));
    assert.equal(canonicalJson(a), '{"a":{"c":"x","d":[1,{"x":1,"y":2}]},"b":1,"e":null}');
    // Array order is meaning, not formatting; undefined members are dropped as JSON does.
    assert.notEqual(canonicalJson([1, 2]), canonicalJson([2, 1]));
    assert.equal(canonicalJson({ a: 1, b: undefined }), canonicalJson({ a: 1 }));
    assert.equal(JSON.parse(canonicalJson(a)).a.d[1].y, 2);
  });

  it('entryHash: the same entry hashes the same whatever its detail key order; any change changes it', () => {
    const [row] = chain(MINOKAMO, 1);
    assert.ok(row);
    const prev = genesisHash(MINOKAMO);
    const reordered = { ...row, detail: { withBirthDate: false, results: 1 } };
    assert.equal(entryHash(prev, reordered), row.hash);
    // seq comes back from PostgreSQL as a string (bigint): the hash must not care.
    assert.equal(entryHash(prev, { ...row, seq: '1' as unknown as number }), row.hash);
    assert.notEqual(entryHash(prev, { ...row, action: 'print' }), row.hash);
    assert.notEqual(entryHash(prev, { ...row, at: new Date(row.at.getTime() + 1) }), row.hash);
    assert.notEqual(entryHash(prev, { ...row, detail: { results: 2, withBirthDate: false } }), row.hash);
    assert.notEqual(entryHash(genesisHash(SAKAHOGI), row), row.hash);
    assert.notEqual(genesisHash(MINOKAMO), genesisHash(SAKAHOGI));
  });

  it('verifyRows accepts an intact chain (with and without its head) and an empty one', () => {
    const rows = chain(MINOKAMO, 5);
    assert.deepEqual(verifyRows(MINOKAMO, rows, headOf(rows)), { ok: true, entries: 5, firstBrokenSeq: null });
    assert.equal(verifyRows(MINOKAMO, rows).ok, true);
    assert.equal(verifyRows(MINOKAMO, []).ok, true);
    // Another tenant's genesis does not start this chain.
    assert.equal(verifyRows(SAKAHOGI, rows).firstBrokenSeq, 1);
  });

  it('detects an altered row', () => {
    const rows = chain(MINOKAMO, 5);
    const altered = rows.map((row) => (row.seq === 3 ? { ...row, action: 'print' } : row));
    const verdict = verifyRows(MINOKAMO, altered, headOf(rows));
    assert.equal(verdict.ok, false);
    assert.equal(verdict.firstBrokenSeq, 3);
  });

  it('detects a deleted middle row', () => {
    const rows = chain(MINOKAMO, 5);
    const verdict = verifyRows(MINOKAMO, rows.filter((row) => row.seq !== 3), headOf(rows));
    assert.equal(verdict.ok, false);
    assert.equal(verdict.firstBrokenSeq, 3);
  });

  it('detects a deleted middle row even when the later rows are renumbered and re-hashed (via the head)', () => {
    const rows = chain(MINOKAMO, 5);
    const kept = rows.filter((row) => row.seq !== 3);
    let prev = genesisHash(MINOKAMO);
    const rechained = kept.map((row, index) => {
      const body = { ...row, seq: index + 1 };
      const hash = entryHash(prev, body);
      const next = { ...body, prev_hash: prev, hash };
      prev = hash;
      return next;
    });
    assert.equal(verifyRows(MINOKAMO, rechained).ok, true, 'consistent on its own');
    const verdict = verifyRows(MINOKAMO, rechained, headOf(rows));
    assert.equal(verdict.ok, false);
  });

  it('detects a truncated tail through the head', () => {
    const rows = chain(MINOKAMO, 5);
    const truncated = rows.slice(0, 3);
    assert.equal(verifyRows(MINOKAMO, truncated).ok, true, 'without the head a cut tail is invisible');
    const verdict = verifyRows(MINOKAMO, truncated, headOf(rows));
    assert.equal(verdict.ok, false);
    assert.equal(verdict.firstBrokenSeq, 4);
    // A head whose hash is right but whose count is not is caught as well.
    assert.equal(verifyRows(MINOKAMO, rows, { last_seq: 6, last_hash: headOf(rows).last_hash }).ok, false);
  });
});

// ── the keyed chain and its signed checkpoints ─────────────────────────────────────────────────────────

const KEY = Buffer.alloc(32, 7);
const SIGNING = signingKeyFromHex('11'.repeat(32));

/** Legacy SHA-256 rows 1..legacy, then keyed (HMAC) rows up to count: the state after migration 015. */
function mixedChain(tenantId: string, legacy: number, count: number, key = KEY): AuditRow[] {
  return chain(tenantId, count).reduce<AuditRow[]>((rows, row) => {
    const prev = rows[rows.length - 1]?.hash ?? genesisHash(tenantId);
    const keyed = row.seq > legacy;
    const hash = keyed ? entryLink(key, prev, row) : entryHash(prev, row);
    return [...rows, { ...row, prev_hash: prev, hash, chain: keyed ? 2 : 1 }];
  }, []);
}

function checkpointOf(rows: AuditRow[], keyedFrom: number): Checkpoint {
  assert.ok(SIGNING);
  return signCheckpoint(SIGNING, { tenantId: MINOKAMO, seq: rows.length, link: rows[rows.length - 1]?.hash ?? genesisHash(MINOKAMO), keyedFrom, at: '2026-11-27T02:00:00.000Z' });
}

describe('keyed audit chain and signed checkpoints', () => {
  it('verifies legacy rows with SHA-256 and keyed rows only with the key', () => {
    const rows = mixedChain(MINOKAMO, 2, 5);
    assert.equal(verifyRows(MINOKAMO, rows, headOf(rows), { key: KEY }).ok, true);
    assert.equal(verifyRows(MINOKAMO, rows, headOf(rows)).problem, 'no_audit_key');
    const wrong = verifyRows(MINOKAMO, rows, headOf(rows), { key: Buffer.alloc(32, 8) });
    assert.deepEqual([wrong.ok, wrong.firstBrokenSeq, wrong.problem], [false, 3, 'entry_altered']);
    // Once keyed, a legacy row after it is a downgrade, whatever its hash says.
    const downgraded = mixedChain(MINOKAMO, 2, 5).map((row) => (row.seq === 5 ? { ...row, hash: entryHash(row.prev_hash, row), chain: 1 } : row));
    assert.equal(verifyRows(MINOKAMO, downgraded, undefined, { key: KEY }).problem, 'unkeyed_entry_after_switch');
  });

  it('a checkpoint signature round-trips through the raw public key hex; any changed field fails it', () => {
    assert.ok(SIGNING);
    const rows = mixedChain(MINOKAMO, 2, 5);
    const publicKey = publicKeyFromHex(publicKeyHex(SIGNING));
    assert.ok(publicKey);
    const checkpoint = checkpointOf(rows, 3);
    assert.equal(verifyAgainstCheckpoints(MINOKAMO, rows, headOf(rows), KEY, { ok: true, checkpoints: [checkpoint] }).ok, true);
    assert.equal(verifyAgainstCheckpoints(MINOKAMO, rows, headOf(rows), KEY, { ok: true, checkpoints: [] }).problem, 'no_checkpoint');
    const other = generateKeyPairSync('ed25519').privateKey;
    assert.notEqual(publicKeyHex(other), publicKeyHex(SIGNING));
  });

  it('a legacy prefix recomputed by a superuser (valid SHA-256 everywhere) is caught by the checkpoint: checkpoint_mismatch', () => {
    // Rows 1..3 legacy, checkpointed at seq 3 (keyedFrom 4) before any keyed row existed; then 2 keyed rows.
    const before = mixedChain(MINOKAMO, 3, 3);
    const checkpoint = checkpointOf(before, 4);
    const rows = mixedChain(MINOKAMO, 3, 5);
    assert.equal(verifyAgainstCheckpoints(MINOKAMO, rows, headOf(rows), KEY, { ok: true, checkpoints: [checkpoint] }).ok, true);
    // The attacker changes row 2 and re-chains rows 2..3 with SHA-256; the keyed rows after cannot be re-made, so
    // they cut them off too and fix the head: every link verifies, only the signed checkpoint disagrees.
    const forged = chain(MINOKAMO, 3).map((row) => (row.seq === 2 ? { ...row, action: 'print' } : row)).reduce<AuditRow[]>((acc, row) => {
      const prev = acc[acc.length - 1]?.hash ?? genesisHash(MINOKAMO);
      return [...acc, { ...row, prev_hash: prev, hash: entryHash(prev, row), chain: 1 }];
    }, []);
    const verdict = verifyAgainstCheckpoints(MINOKAMO, forged, headOf(forged), KEY, { ok: true, checkpoints: [checkpoint] });
    assert.deepEqual([verdict.ok, verdict.firstBrokenSeq, verdict.problem], [false, 3, 'checkpoint_mismatch']);
    // A legacy row written at or after the checkpoint's keyedFrom is refused as a downgrade.
    const appended = [...forged, ...chain(MINOKAMO, 4).slice(3).map((row) => ({ ...row, prev_hash: forged[2]!.hash, hash: entryHash(forged[2]!.hash, row), chain: 1 }))];
    assert.equal(verifyRows(MINOKAMO, appended, undefined, { key: KEY, keyedFrom: 4 }).problem, 'unkeyed_entry_after_switch');
    // A file line that does not verify fails the whole check.
    assert.equal(verifyAgainstCheckpoints(MINOKAMO, rows, headOf(rows), KEY, { ok: false, line: 2 }).problem, 'checkpoint_signature_invalid');
  });
});

// ── the API writes the log ─────────────────────────────────────────────────────────────────────────────

let backend: TestBackend;
before(async () => {
  backend = await startTestBackend({ householdsPerTenant: 5 });
});
after(() => backend.close());

interface LogRow {
  seq: number;
  action: string;
  staff_id: string | null;
  terminal_id: string | null;
  resident_id: string | null;
  purpose: string | null;
  detail: Record<string, unknown>;
}

async function lastSeq(tenantId: string): Promise<number> {
  const [row] = await backend.appQuery(tenantId, 'SELECT coalesce(max(seq), 0)::int AS n FROM audit_log');
  return Number(row?.n);
}

async function rowsAfter(tenantId: string, seq: number): Promise<LogRow[]> {
  const rows = await backend.appQuery(
    tenantId,
    'SELECT seq::int AS seq, action, staff_id::text AS staff_id, terminal_id, resident_id::text AS resident_id, purpose, detail FROM audit_log WHERE seq > $1 ORDER BY seq',
    [seq],
  );
  return rows as unknown as LogRow[];
}

function get(url: string, token: string, query?: Record<string, string>) {
  return backend.app.inject({ method: 'GET', url, ...(query ? { query } : {}), headers: { authorization: `Bearer ${token}` } });
}

const household = coverageHouseholds(MINOKAMO)[0];

describe('every resident read through the API is logged', () => {
  let counter = '';

  it('a login writes one "login" row with staff and terminal', async () => {
    const before = await lastSeq(MINOKAMO);
    counter = await loginAs(backend, 'minokamo.counter');
    const rows = await rowsAfter(MINOKAMO, before);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.action, 'login');
    assert.equal(rows[0]?.staff_id, staffId('minokamo.counter'));
    assert.equal(rows[0]?.terminal_id, TERMINAL);
    assert.equal(rows[0]?.detail.factor, 'card');
  });

  it('a failed login writes one "login_failed" row (and none holds the password)', async () => {
    const before = await lastSeq(MINOKAMO);
    const wrong = await backend.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { ...demoLogin('minokamo.counter', TERMINAL, backend.now.value), password: 'Wrong#Audit-1' } });
    assert.equal(wrong.statusCode, 401);
    const unknown = await backend.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { ...demoLogin('minokamo.counter', TERMINAL, backend.now.value), loginId: 'minokamo.ghost' } });
    assert.equal(unknown.statusCode, 401);
    const rows = await rowsAfter(MINOKAMO, before);
    assert.deepEqual(rows.map((r) => r.action), ['login_failed', 'login_failed']);
    assert.equal(rows[0]?.staff_id, staffId('minokamo.counter'));
    assert.equal(rows[0]?.detail.reason, 'bad_credentials');
    assert.equal(rows[1]?.staff_id, null);
    assert.equal(rows[1]?.detail.reason, 'unknown_login');
    const text = JSON.stringify(rows);
    assert.ok(!text.includes('Wrong#Audit-1'));
    assert.ok(!text.includes('minokamo.ghost'));
    // Reset the failure count for the next tests.
    counter = await loginAs(backend, 'minokamo.counter');
  });

  it('POST /v1/audit/prints → one "print" row per resident, once per Idempotency-Key', async () => {
    const ids = (household?.residents ?? []).map((r) => r.resident_id);
    assert.ok(ids.length > 1);
    const before = await lastSeq(MINOKAMO);
    const key = idempotencyKey();
    const send = () =>
      backend.app.inject({ method: 'POST', url: '/v1/audit/prints', headers: { authorization: `Bearer ${counter}`, 'idempotency-key': key }, payload: { document: 'tetsuzuki_annai', residentIds: ids } });
    const first = await send();
    assert.equal(first.statusCode, 201, first.body);
    assert.equal((await send()).statusCode, 201);
    const rows = await rowsAfter(MINOKAMO, before);
    assert.deepEqual(rows.map((r) => [r.action, r.resident_id, r.purpose]), ids.map((id) => ['print', id, 'tetsuzuki_annai']));
  });

  it('GET /v1/residents/:id → one "view" row with the resident, the staff member and the terminal', async () => {
    const resident = household?.residents[1];
    assert.ok(resident);
    const before = await lastSeq(MINOKAMO);
    const response = await get(`/v1/residents/${resident.resident_id}`, counter);
    assert.equal(response.statusCode, 200);
    const rows = await rowsAfter(MINOKAMO, before);
    assert.equal(rows.length, 1);
    assert.deepEqual(
      { action: rows[0]?.action, resident_id: rows[0]?.resident_id, staff_id: rows[0]?.staff_id, terminal_id: rows[0]?.terminal_id, purpose: rows[0]?.purpose },
      { action: 'view', resident_id: resident.resident_id, staff_id: staffId('minokamo.counter'), terminal_id: TERMINAL, purpose: 'counter_service' },
    );
    // The stated purpose is what is recorded.
    const withPurpose = await get(`/v1/residents/${resident.resident_id}`, counter, { purpose: 'moving_in' });
    assert.equal(withPurpose.statusCode, 200);
    const [purposeRow] = await rowsAfter(MINOKAMO, before + 1);
    assert.equal(purposeRow?.purpose, 'moving_in');
    assert.ok(!JSON.stringify(rows).includes(resident.name), 'no name in the log row');
  });

  it('GET /v1/households/:id → one "view" row per member', async () => {
    assert.ok(household);
    const before = await lastSeq(MINOKAMO);
    const response = await get(`/v1/households/${household.household.household_id}`, counter);
    assert.equal(response.statusCode, 200);
    const members = (response.json() as { members: { residentId: string }[] }).members.map((m) => m.residentId);
    assert.equal(members.length, household.residents.length);
    const rows = await rowsAfter(MINOKAMO, before);
    assert.equal(rows.length, members.length);
    assert.ok(rows.every((r) => r.action === 'view' && r.staff_id === staffId('minokamo.counter') && r.terminal_id === TERMINAL));
    assert.deepEqual(rows.map((r) => r.resident_id).sort(), [...members].sort());
  });

  it('GET /v1/residents?q= → one "search" row with the result count and without the query text', async () => {
    const resident = household?.residents[0];
    assert.ok(resident);
    const surname = resident.name.split('\u3000')[0] ?? resident.name;
    for (const [q, birthDate] of [[surname, undefined], [resident.name, resident.birth_date], ['該当者なしの名前', undefined]] as const) {
      const before = await lastSeq(MINOKAMO);
      const response = await get('/v1/residents', counter, { q, ...(birthDate ? { birthDate } : {}) });
      assert.equal(response.statusCode, 200);
      const results = (response.json() as { results: { residentId: string }[] }).results;
      const rows = await rowsAfter(MINOKAMO, before);
      assert.equal(rows.length, 1, q);
      const row = rows[0];
      assert.equal(row?.action, 'search');
      assert.equal(row?.staff_id, staffId('minokamo.counter'));
      assert.equal(row?.resident_id, null);
      assert.equal(row?.detail.results, results.length, q);
      assert.equal(row?.detail.withBirthDate, Boolean(birthDate));
      const text = JSON.stringify(row);
      assert.ok(!text.includes(q), `query text ${q} in the log row`);
      assert.ok(!text.includes(encodeURIComponent(q)));
    }
  });

  it("another tenant's resident reads as 404, and that tenant's search is logged in its own chain", async () => {
    const sakahogi = await loginAs(backend, 'sakahogi.counter');
    const resident = household?.residents[0];
    assert.ok(resident);
    const response = await get(`/v1/residents/${resident.resident_id}`, sakahogi);
    assert.equal(response.statusCode, 404);
    const before = await lastSeq(SAKAHOGI);
    assert.equal((await get('/v1/residents', sakahogi, { q: resident.name })).statusCode, 200);
    const rows = await rowsAfter(SAKAHOGI, before);
    assert.deepEqual(rows.map((r) => r.action), ['search']);
    assert.ok(!JSON.stringify(rows).includes(resident.resident_id), "the other tenant's resident never appears");
  });
});

describe('chain verification over the API', () => {
  it('GET /v1/audit/verify as supervisor → ok; a counter clerk may not call it', async () => {
    const supervisor = await loginAs(backend, 'minokamo.supervisor');
    const response = await get('/v1/audit/verify', supervisor);
    assert.equal(response.statusCode, 200);
    const verdict = response.json() as { ok: boolean; entries: number; firstBrokenSeq: number | null };
    assert.deepEqual(verdict, { ok: true, entries: await lastSeq(MINOKAMO), firstBrokenSeq: null });
    assert.ok(verdict.entries >= 10);
    const counter = await loginAs(backend, 'minokamo.counter');
    assert.equal((await get('/v1/audit/verify', counter)).statusCode, 403);
  });

  it('a row changed by the database owner breaks the chain at that row; the other tenant still verifies', async () => {
    const sakahogiSupervisor = await loginAs(backend, 'sakahogi.supervisor');
    const [original] = await backend.appQuery(MINOKAMO, 'SELECT action FROM audit_log WHERE seq = 2');
    assert.ok(original);
    assert.notEqual(original.action, 'print');

    if (backend.kind === 'postgres') {
      await backend.ownerQuery(
        "BEGIN; SELECT set_config('app.tenant_id','212113',true); ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only; " +
          "UPDATE audit_log SET action='print' WHERE tenant_id='212113' AND seq=2; ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only; COMMIT",
      );
    } else {
      // PGlite runs one statement per call; its owner is the superuser, which RLS does not bind.
      await backend.ownerQuery('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
      try {
        await backend.ownerQuery("UPDATE audit_log SET action = 'print' WHERE tenant_id = '212113' AND seq = 2");
      } finally {
        await backend.ownerQuery('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
      }
    }
    const [changed] = await backend.appQuery(MINOKAMO, 'SELECT action FROM audit_log WHERE seq = 2');
    assert.equal(changed?.action, 'print', 'the tampering took effect');

    const supervisor = await loginAs(backend, 'minokamo.supervisor');
    const response = await get('/v1/audit/verify', supervisor);
    assert.equal(response.statusCode, 200);
    const verdict = response.json() as { ok: boolean; entries: number; firstBrokenSeq: number | null };
    assert.equal(verdict.ok, false);
    assert.equal(verdict.firstBrokenSeq, 2);

    const other = await get('/v1/audit/verify', sakahogiSupervisor);
    assert.equal(other.statusCode, 200);
    const otherVerdict = other.json() as { ok: boolean; entries: number; firstBrokenSeq: number | null };
    assert.equal(otherVerdict.ok, true);
    assert.ok(otherVerdict.entries >= 2);
    assert.equal(otherVerdict.firstBrokenSeq, null);

    // The trigger is back: the app role still cannot change the log.
    await assert.rejects(backend.appQuery(MINOKAMO, "UPDATE audit_log SET action = 'view' WHERE seq = 2"));
  });
});
