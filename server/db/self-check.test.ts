import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openBackend } from '../backend';
import { DEMO_SECRET, type ServerConfig } from '../config';
import { startTestBackend, usePostgres } from '../test-support';
import { openPglite } from './pglite';
import { isolationProblems } from './self-check';

const config: ServerConfig = {
  port: 0, host: '127.0.0.1', demo: false, secret: DEMO_SECRET, sessionHours: 8, idleMinutes: 15,
  idempotencyRetentionDays: 35,
  // Not demo: the audit keys must be given (any valid ones); the refusal tested here is the isolation one.
  auditKeyHex: '5a'.repeat(32), auditSigningKeyHex: 'a5'.repeat(32),
};

describe('startup isolation self-check', () => {
  it('finds nothing wrong as the runtime role', async () => {
    const db = await openPglite();
    await db.lockToRuntimeRole();
    assert.deepEqual(await db.transaction(null, isolationProblems), []);
    await db.close();
  });

  it('flags a superuser connection, which would bypass row-level security', async () => {
    const db = await openPglite();
    const problems = await db.admin.transaction(async (tx) =>
      isolationProblems({ query: async (text, params) => (await tx.query(text, params ? [...params] : undefined)).rows as never }),
    );
    assert.ok(problems.some((p) => p.includes('superuser')), problems.join('\n'));
    assert.ok(problems.some((p) => p.includes('owns')), 'the superuser owns the tables');
    await db.close();
  });

  it('flags a table with tenant_id whose RLS is not forced, and a view that is not security_invoker', async () => {
    const db = await openPglite();
    await db.admin.exec(`
      CREATE TABLE leaky (tenant_id text, secret text);
      ALTER TABLE residents NO FORCE ROW LEVEL SECURITY;
      CREATE VIEW resident_names AS SELECT name FROM residents;
      GRANT SELECT ON leaky, resident_names TO madoguchi_app;`);
    await db.lockToRuntimeRole();
    const problems = await db.transaction(null, isolationProblems);
    assert.ok(problems.some((p) => p.includes('leaky')));
    assert.ok(problems.some((p) => p.includes('residents')));
    assert.ok(problems.some((p) => p.includes('resident_names') && p.includes('security_invoker')));
    await db.close();
  });

  it('flags a runtime role that may read the tenant binding key or write bindings', async () => {
    const db = await openPglite();
    await db.admin.exec('GRANT SELECT ON tenant_binding_key TO madoguchi_app; GRANT INSERT ON tenant_bindings TO madoguchi_app;');
    await db.lockToRuntimeRole();
    const problems = await db.transaction(null, isolationProblems);
    assert.ok(problems.some((p) => p.includes('binding key')), problems.join('\n'));
    assert.ok(problems.some((p) => p.includes('tenant bindings')), problems.join('\n'));
    await db.close();
  });

  it('the server refuses to start when the app connects as the schema owner', { skip: !usePostgres && 'needs the PostgreSQL server (.ci/run)' }, async () => {
    const migrated = await startTestBackend({ householdsPerTenant: 1 });
    try {
      const [row] = await migrated.ownerQuery("SELECT encode(key, 'hex') AS key FROM tenant_binding_key");
      await assert.rejects(openBackend({ ...config, databaseUrl: migrated.urls!.owner, bindingKeyHex: String(row?.key) }), /refusing to start[\s\S]*owns/);
    } finally {
      await migrated.close();
    }
  });
});
