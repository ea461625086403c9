import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestBackend, type TestBackend } from '../test-support';
import { bindingMac } from './binding';
import type { Sql } from './database';

/**
 * Tenant isolation enforced by the database itself (row-level security): raw SQL as the runtime role, no HTTP,
 * no application filters. Runs on PGlite, and on PostgreSQL when .ci/run provides one.
 */
let backend: TestBackend;
before(async () => {
  backend = await startTestBackend({ householdsPerTenant: 5 });
});
after(() => backend.close());

const MINOKAMO = '212113';
const SAKAHOGI = '215015';

describe(`row-level security as the runtime role`, () => {
  it('runs as a role that is not superuser, has no BYPASSRLS and owns no table', async () => {
    const [role] = await backend.appQuery(null, 'SELECT current_user AS name, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user');
    assert.equal(role?.name, 'madoguchi_app');
    assert.equal(role?.rolsuper, false);
    assert.equal(role?.rolbypassrls, false);
    const owned = await backend.appQuery(null, "SELECT relname FROM pg_class WHERE pg_get_userbyid(relowner) = current_user AND relkind = 'r'");
    assert.deepEqual(owned, []);
  });

  it('with no tenant set, every tenant-owned table reads empty', async () => {
    for (const table of ['tenants', 'staff', 'residents', 'households', 'catalog_procedures', 'audit_log', 'terminals']) {
      const rows = await backend.appQuery(null, `SELECT count(*)::int AS n FROM ${table}`);
      assert.equal(rows[0]?.n, 0, table);
    }
  });

  it("with a tenant set, only that tenant's rows are visible", async () => {
    const mine = await backend.appQuery(MINOKAMO, 'SELECT DISTINCT tenant_id FROM residents');
    assert.deepEqual(mine.map((r) => r.tenant_id), [MINOKAMO]);
    const theirs = await backend.appQuery(SAKAHOGI, 'SELECT DISTINCT tenant_id FROM residents');
    assert.deepEqual(theirs.map((r) => r.tenant_id), [SAKAHOGI]);
  });

  it("a wrong tenant finds nothing of another's rows, even by primary key", async () => {
    const [resident] = await backend.appQuery(MINOKAMO, 'SELECT resident_id FROM residents LIMIT 1');
    assert.ok(resident);
    const seen = await backend.appQuery(SAKAHOGI, 'SELECT * FROM residents WHERE resident_id = $1', [resident.resident_id]);
    assert.deepEqual(seen, []);
    const updated = await backend.appQuery(SAKAHOGI, "UPDATE residents SET relation = '同居人' WHERE resident_id = $1 RETURNING 1", [resident.resident_id]);
    assert.deepEqual(updated, []);
  });

  it('cannot insert a row for another tenant, or with no tenant set', async () => {
    const insert = "INSERT INTO households (tenant_id, household_id, household_number, address) VALUES ($1, gen_random_uuid(), 'X-1', '岐阜県')";
    await assert.rejects(backend.appQuery(SAKAHOGI, insert, [MINOKAMO]), (error: { code?: string }) => error.code === '42501');
    await assert.rejects(backend.appQuery(null, insert, [MINOKAMO]), (error: { code?: string }) => error.code === '42501');
  });

  it('the tenant binding does not outlive its transaction', async () => {
    await backend.appQuery(MINOKAMO, 'SELECT 1');
    const rows = await backend.appQuery(null, 'SELECT current_tenant() AS t, (SELECT count(*)::int FROM residents) AS n');
    assert.equal(rows[0]?.t, null);
    assert.equal(rows[0]?.n, 0);
  });


  it('pending households and handoffs are as isolated as any table; claim_handoff() reaches only handoffs to the caller', async () => {
    const [visit] = await backend.appQuery(MINOKAMO, 'SELECT visit_id FROM visits LIMIT 1');
    const visitId = visit?.visit_id ?? (await backend.appQuery(MINOKAMO, "INSERT INTO visits (tenant_id, visit_id, life_event, created_by, terminal_id) VALUES ($1, gen_random_uuid(), 'moving_out', gen_random_uuid(), 'demo-terminal-01') RETURNING visit_id", [MINOKAMO]))[0]?.visit_id;
    await backend.appQuery(
      MINOKAMO,
      `INSERT INTO handoffs (tenant_id, handoff_id, visit_id, destination_tenant, code_hash, items, birth_dates, resident_ids, moving_out_on, expires_on, created_by, created_at)
       VALUES ($1, gen_random_uuid(), $2, $3, 'rls-test-hash', '[]', ARRAY['1990-01-01']::date[], ARRAY[]::uuid[], '2026-12-01', '2026-12-31', gen_random_uuid(), now())`,
      [MINOKAMO, visitId, SAKAHOGI],
    );
    await backend.appQuery(MINOKAMO, "INSERT INTO pending_households (tenant_id, visit_id, household_id, resident_ids, household) VALUES ($1, $2, gen_random_uuid(), ARRAY[]::uuid[], '{}')", [MINOKAMO, visitId]);
    // The destination town sees neither table's rows directly, and cannot change them.
    for (const table of ['handoffs', 'pending_households']) {
      assert.deepEqual(await backend.appQuery(SAKAHOGI, `SELECT * FROM ${table} WHERE tenant_id = $1`, [MINOKAMO]), [], table);
      assert.equal((await backend.appQuery(MINOKAMO, `SELECT count(*)::int AS n FROM ${table}`))[0]?.n, 1, table);
    }
    await assert.rejects(backend.appQuery(SAKAHOGI, "UPDATE handoffs SET claimed_at = now() WHERE code_hash = 'rls-test-hash'"), (error: { code?: string }) => error.code === '42501');
    // Through the function: nothing without a tenant, nothing for the source town itself, the claim for the destination.
    const claim = (tenantId: string | null) => backend.appQuery(tenantId, "SELECT outcome, source_tenant FROM claim_handoff('rls-test-hash', '1990-01-01', '2026-12-02', now())");
    assert.deepEqual(await claim(null), [{ outcome: 'not_found', source_tenant: null }]);
    assert.deepEqual(await claim(MINOKAMO), [{ outcome: 'not_found', source_tenant: null }]);
    assert.deepEqual(await claim(SAKAHOGI), [{ outcome: 'claimed_now', source_tenant: MINOKAMO }]);
    assert.deepEqual(await claim(SAKAHOGI), [{ outcome: 'claimed', source_tenant: null }]);
  });

  it('cannot rewrite or delete the audit log, even its own tenant’s', async () => {
    await assert.rejects(backend.appQuery(MINOKAMO, "UPDATE audit_log SET action = 'view'"));
    await assert.rejects(backend.appQuery(MINOKAMO, 'DELETE FROM audit_log'));
  });
});

/** SQLSTATE 42501 insufficient_privilege. */
const refused = (error: { code?: string }) => error.code === '42501';

describe('a tenant binding the runtime role cannot forge (migration 013)', () => {
  const residentsOf = (sql: Sql, tenantId: string) => sql.query<{ n: number }>('SELECT count(*)::int AS n FROM residents WHERE tenant_id = $1', [tenantId]).then((r) => r[0]?.n);

  it("raw SQL setting the tenant itself reads nothing of another tenant; the server's binding still reads its own", async () => {
    // Bound to 美濃加茂市 by the server, the runtime role sets 坂祝町 the old way: still only 美濃加茂市.
    await backend.db.transaction(MINOKAMO, async (sql) => {
      assert.ok(Number(await residentsOf(sql, MINOKAMO)) > 0, 'the proper path reads its own tenant');
      await sql.query("SELECT set_config('app.tenant_id', $1, false)", [SAKAHOGI]);
      await sql.query("SELECT set_config('app.tenant_id', $1, true)", [SAKAHOGI]);
      assert.equal(await residentsOf(sql, SAKAHOGI), 0);
      assert.deepEqual(await sql.query('SELECT current_tenant() AS t'), [{ t: MINOKAMO }]);
      assert.ok(Number(await residentsOf(sql, MINOKAMO)) > 0);
    });
    // Unbound: setting any tenant opens none.
    await backend.db.transaction(null, async (sql) => {
      await sql.query("SELECT set_config('app.tenant_id', $1, true)", [SAKAHOGI]);
      assert.equal(await residentsOf(sql, SAKAHOGI), 0);
      assert.deepEqual(await sql.query('SELECT current_tenant() AS t'), [{ t: null }]);
    });
  });

  it('bind_tenant() refuses a made-up MAC, and a real MAC of another transaction (no replay)', async () => {
    await assert.rejects(backend.db.transaction(null, (sql) => sql.query("SELECT bind_tenant($1, repeat('0', 64))", [SAKAHOGI])), refused);
    const [{ key } = { key: '' }] = (await backend.ownerQuery("SELECT encode(key, 'hex') AS key FROM tenant_binding_key")) as { key: string }[];
    assert.match(key, /^[0-9a-f]{64}$/);
    // A MAC made (with the key) for one transaction is refused in the next.
    let used = '';
    await backend.db.transaction(null, async (sql) => {
      const [row] = await sql.query<{ pid: number; xid: string }>('SELECT pg_backend_pid() AS pid, pg_current_xact_id()::text AS xid');
      used = bindingMac(Buffer.from(key, 'hex'), SAKAHOGI, row!.pid, row!.xid);
      await sql.query('SELECT bind_tenant($1, $2)', [SAKAHOGI, used]);
      assert.ok(Number(await residentsOf(sql, SAKAHOGI)) > 0, 'the right MAC binds (control)');
    });
    await assert.rejects(backend.db.transaction(null, (sql) => sql.query('SELECT bind_tenant($1, $2)', [SAKAHOGI, used])), refused);
    // The MAC is for its tenant only.
    await assert.rejects(
      backend.db.transaction(null, async (sql) => {
        const [row] = await sql.query<{ pid: number; xid: string }>('SELECT pg_backend_pid() AS pid, pg_current_xact_id()::text AS xid');
        await sql.query('SELECT bind_tenant($1, $2)', [MINOKAMO, bindingMac(Buffer.from(key, 'hex'), SAKAHOGI, row!.pid, row!.xid)]);
      }),
      refused,
    );
  });

  it('the runtime role can neither read the key nor write a binding, nor make a function of its own', async () => {
    const attempts = [
      'SELECT key FROM tenant_binding_key',
      'SELECT * FROM tenant_bindings',
      "INSERT INTO tenant_bindings (backend_pid, xact, bound_tenant) VALUES (pg_backend_pid(), pg_current_xact_id(), '215015')",
      "UPDATE tenant_bindings SET bound_tenant = '215015'",
      "SELECT binding_hmac('\\x00'::bytea, 'x')",
      "CREATE FUNCTION current_tenant_mine() RETURNS text LANGUAGE sql AS $$ SELECT '215015' $$",
    ];
    for (const text of attempts) await assert.rejects(backend.db.transaction(MINOKAMO, (sql) => sql.query(text)), refused, text);
  });
});
