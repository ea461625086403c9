import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import pg from 'pg';
import type { LoginRequest } from '../shared/api/schemas';
import { totpFor } from './auth/credentials';
import type { Backend } from './backend';
import { bindTenant, readBindingKey } from './db/binding';
import { DEMO_SECRET, type ServerConfig } from './config';
import { DEMO_PASSWORD, DEMO_STAFF, DEMO_TOTP_SECRET } from './demo/accounts';
import { openDemoBackend } from './demo/backend';

/**
 * Test backends. By default an in-memory PGlite; with MADOGUCHI_TEST_PG_OWNER_URL and
 * MADOGUCHI_TEST_PG_APP_URL (set by .ci/run, which installs and starts PostgreSQL) a fresh database on that
 * server, created for the test file and dropped after it — the same suite runs against both.
 */
export interface TestBackend extends Backend {
  logs: string[];
  kind: 'pglite' | 'postgres';
  /** A superuser connection (bypasses RLS), for tests that inspect or tamper with every tenant's rows. */
  ownerQuery: (text: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;
  /** Raw SQL as the runtime app role with a chosen tenant (or none), bypassing the HTTP layer. */
  appQuery: (tenantId: string | null, text: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;
  now: { value: Date };
  /** PostgreSQL only: this test database's URLs as the owner and as the app role. */
  urls?: { owner: string; app: string };
}

export const usePostgres = Boolean(process.env.MADOGUCHI_TEST_PG_OWNER_URL && process.env.MADOGUCHI_TEST_PG_APP_URL);

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function startTestBackend(options: { householdsPerTenant?: number } = {}): Promise<TestBackend> {
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const now = { value: new Date('2026-11-27T01:00:00.000Z') };
  const base: ServerConfig = {
    port: 0, host: '127.0.0.1', demo: true, secret: DEMO_SECRET, sessionHours: 8, idleMinutes: 15,
    idempotencyRetentionDays: 35,
  };
  const householdsPerTenant = options.householdsPerTenant ?? 40;

  if (!usePostgres) {
    const backend = await openDemoBackend(base, { logStream, now: () => now.value, householdsPerTenant, logLevel: 'info' });
    const app = backend.db;
    return {
      ...backend,
      logs,
      kind: 'pglite',
      now,
      // PGlite is one connection locked to the app role: an "owner" action resets the role for one statement.
      ownerQuery: (text, params) =>
        app.transaction(null, async (sql) => {
          await sql.query('RESET ROLE');
          try {
            return await sql.query(text, params);
          } finally {
            await sql.query('SET ROLE madoguchi_app');
          }
        }),
      appQuery: (tenantId, text, params) => app.transaction(tenantId, (sql) => sql.query(text, params)),
    };
  }

  const ownerBase = process.env.MADOGUCHI_TEST_PG_OWNER_URL!;
  const database = `madoguchi_test_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: ownerBase });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const ownerUrl = withDatabase(ownerBase, database);
  const appUrl = withDatabase(process.env.MADOGUCHI_TEST_PG_APP_URL!, database);
  const backend = await openDemoBackend({ ...base, databaseUrl: appUrl, databaseOwnerUrl: ownerUrl }, { logStream, now: () => now.value, householdsPerTenant, logLevel: 'info' });
  const owner = new pg.Pool({ connectionString: withDatabase(process.env.MADOGUCHI_TEST_PG_SUPER_URL ?? ownerBase, database), max: 2 });
  const appPool = new pg.Pool({ connectionString: appUrl, max: 2 });
  const key = await readBindingKey(async <R>(text: string) => (await owner.query(text)).rows as R[]);
  return {
    ...backend,
    logs,
    kind: 'postgres',
    now,
    urls: { owner: ownerUrl, app: appUrl },
    ownerQuery: async (text, params) => (await owner.query(text, params)).rows,
    appQuery: async (tenantId, text, params) => {
      const client = await appPool.connect();
      try {
        await client.query('BEGIN');
        if (tenantId) await bindTenant({ query: async (q, p) => (await client.query(q, p ? [...p] : undefined)).rows }, key, tenantId);
        const rows = (await client.query(text, params)).rows;
        await client.query('COMMIT');
        return rows;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
    },
    close: async () => {
      await backend.close();
      await owner.end();
      await appPool.end();
      // As the superuser when there is one: FORCE may have to end connections of other roles.
      const cleanup = new pg.Client({ connectionString: process.env.MADOGUCHI_TEST_PG_SUPER_URL ?? ownerBase });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

/** A login body for a demo account, with its registered second factor. */
export function demoLogin(loginId: string, terminalId = 'demo-terminal-01', at = new Date()): LoginRequest {
  const staff = DEMO_STAFF.find((s) => s.loginId === loginId);
  if (!staff) throw new Error(`no demo account ${loginId}`);
  return {
    tenantId: staff.tenantId,
    terminalId,
    loginId,
    password: DEMO_PASSWORD,
    secondFactor: staff.cardUid ? { kind: 'card', uid: staff.cardUid } : { kind: 'totp', code: totpFor(DEMO_TOTP_SECRET).generate({ timestamp: at.getTime() }) },
  };
}

/** Logs a demo account in through the API and returns its bearer token. */
export async function loginAs(backend: TestBackend, loginId: string): Promise<string> {
  // TOTP codes are single-use: step the test clock to the next 30-second window for a fresh code.
  if (!DEMO_STAFF.find((s) => s.loginId === loginId)?.cardUid) backend.now.value = new Date(backend.now.value.getTime() + 30_000);
  const response = await backend.app.inject({ method: 'POST', url: '/v1/auth/login', payload: demoLogin(loginId, 'demo-terminal-01', backend.now.value) });
  if (response.statusCode !== 200) throw new Error(`login ${loginId} failed: ${response.statusCode} ${response.body}`);
  return (response.json() as { token: string }).token;
}

export const idempotencyKey = () => randomUUID();
