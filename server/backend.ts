import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import type { Writable } from 'node:stream';
import { buildApp } from './app';
import type { ServerConfig } from './config';
import type { Database, Sql } from './db/database';
import { openPglite } from './db/pglite';
import { migratePostgres, openPostgres } from './db/postgres';
import { isolationProblems } from './db/self-check';

export interface Backend {
  app: FastifyInstance;
  db: Database;
  close(): Promise<void>;
}

/** Runs work inside one transaction of the given tenant with owner rights (seeding only). */
export type TenantRunner = (tenantId: string, work: (sql: Sql) => Promise<void>) => Promise<void>;

/**
 * Fills the freshly migrated database before the app runs (with owner rights, before PGlite is locked to the
 * runtime role). The backend has no data of its own to seed: the demo's composition roots pass one in.
 */
export type SeedHook = (run: TenantRunner) => Promise<void>;

export interface BackendOptions {
  logStream?: Writable;
  logLevel?: string;
  now?: () => Date;
  seed?: SeedHook;
}

function ownerRunner(url: string): { run: TenantRunner; end: () => Promise<void> } {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  return {
    run: async (tenantId, work) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
        await work({ query: async (text, params) => (await client.query(text, params ? [...params] : undefined)).rows });
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
    },
    end: () => pool.end(),
  };
}

/**
 * Opens the database (PGlite by default, a PostgreSQL server with DATABASE_URL), migrates, runs the seed hook
 * if one is given, refuses to go on if tenant isolation could be bypassed, and builds the HTTP app.
 */
export async function openBackend(config: ServerConfig, options: BackendOptions = {}): Promise<Backend> {
  let db: Database;
  if (config.databaseUrl) {
    if (config.databaseOwnerUrl) {
      await migratePostgres(config.databaseOwnerUrl);
      if (options.seed) {
        const owner = ownerRunner(config.databaseOwnerUrl);
        try {
          await options.seed(owner.run);
        } finally {
          await owner.end();
        }
      }
    }
    db = openPostgres(config.databaseUrl);
  } else {
    const embedded = await openPglite(config.dataDir);
    if (options.seed) {
      const run: TenantRunner = (tenantId, work) =>
        embedded.admin.transaction(async (tx) => {
          await tx.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
          const sql: Sql = { query: async (text, params) => (await tx.query(text, params ? [...params] : undefined)).rows as never };
          await work(sql);
        });
      await options.seed(run);
    }
    await embedded.lockToRuntimeRole();
    db = embedded;
  }

  const problems = await db.transaction(null, isolationProblems);
  if (problems.length > 0) {
    await db.close();
    throw new Error(`refusing to start: tenant isolation could be bypassed:\n- ${problems.join('\n- ')}`);
  }
  const app = await buildApp({ db, config, now: options.now ?? (() => new Date()) }, { logStream: options.logStream, logLevel: options.logLevel });
  return {
    app,
    db,
    close: async () => {
      await app.close();
      await db.close();
    },
  };
}
