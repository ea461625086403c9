import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import type { Writable } from 'node:stream';
import { buildApp } from './app';
import type { ServerConfig } from './config';
import type { Database, Sql } from './db/database';
import { openPglite } from './db/pglite';
import { bindTenant, bindingKeyFromHex, readBindingKey, type BindingKey } from './db/binding';
import { migratePostgres, openPostgres } from './db/postgres';
import { isolationProblems } from './db/self-check';
import { SecurityEvents } from './security/events';
import { AnomalyWatch } from './security/anomalies';
import { DEMO_AUDIT_KEY_HEX, auditKeyFromHex, useAuditKey } from './audit/chain';
import { DEMO_AUDIT_SIGNING_KEY_HEX, signingKeyFromHex } from './audit/checkpoint';
import { startCheckpointer, type Checkpointer } from './audit/checkpointer';

export interface Backend {
  app: FastifyInstance;
  db: Database;
  /** The security event stream (tests subscribe a sink to it). */
  events: SecurityEvents;
  anomalies: AnomalyWatch;
  /** Signs audit checkpoints now (only when a checkpoint directory is configured). */
  checkpointer: Checkpointer | null;
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

/** The owner's key read once; the runner binds each seeding transaction with it like the app does. */
async function ownerKey(url: string): Promise<BindingKey> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await readBindingKey(async <R>(text: string) => (await client.query(text)).rows as R[]);
  } finally {
    await client.end();
  }
}

function ownerRunner(url: string, key: BindingKey): { run: TenantRunner; end: () => Promise<void> } {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  return {
    run: async (tenantId, work) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const sql: Sql = { query: async (text, params) => (await client.query(text, params ? [...params] : undefined)).rows };
        await bindTenant(sql, key, tenantId);
        await work(sql);
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
  // The audit keys come from the server's config only (demo defaults in demo mode): never from the database.
  const auditKey = auditKeyFromHex(config.auditKeyHex ?? (config.demo ? DEMO_AUDIT_KEY_HEX : undefined));
  if (!auditKey) throw new Error('refusing to start: no audit key (MADOGUCHI_AUDIT_KEY, hex, at least 32 bytes)');
  const signingKey = signingKeyFromHex(config.auditSigningKeyHex ?? (config.demo ? DEMO_AUDIT_SIGNING_KEY_HEX : undefined));
  if (!signingKey) throw new Error('refusing to start: no audit signing key (MADOGUCHI_AUDIT_SIGNING_KEY, hex Ed25519 seed of 32 bytes)');
  useAuditKey(auditKey);
  let db: Database;
  if (config.databaseUrl) {
    let key = bindingKeyFromHex(config.bindingKeyHex);
    if (config.databaseOwnerUrl) {
      await migratePostgres(config.databaseOwnerUrl);
      key = await ownerKey(config.databaseOwnerUrl);
      if (options.seed) {
        const owner = ownerRunner(config.databaseOwnerUrl, key);
        try {
          await options.seed(owner.run);
        } finally {
          await owner.end();
        }
      }
    }
    if (!key) throw new Error('refusing to start: no tenant binding key (give DATABASE_OWNER_URL, or MADOGUCHI_BINDING_KEY as hex)');
    db = openPostgres(config.databaseUrl, key);
  } else {
    const embedded = await openPglite(config.dataDir);
    if (options.seed) {
      const run: TenantRunner = (tenantId, work) =>
        embedded.admin.transaction(async (tx) => {
          const sql: Sql = { query: async (text, params) => (await tx.query(text, params ? [...params] : undefined)).rows as never };
          await embedded.bindTenant(sql, tenantId);
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
  const now = options.now ?? (() => new Date());
  const events = new SecurityEvents(config.securityEvents, now);
  events.db = db;
  const anomalies = new AnomalyWatch(db, events, now);
  const app = await buildApp({ db, config, now, events, anomalies }, { logStream: options.logStream, logLevel: options.logLevel });
  const checkpointer = config.auditCheckpointDir
    ? startCheckpointer(db, { key: auditKey, signingKey, dir: config.auditCheckpointDir, minutes: config.auditCheckpointMinutes ?? 15, now, warn: (message) => app.log.warn(message) })
    : null;
  await checkpointer?.checkpointNow();
  return {
    app,
    db,
    events,
    anomalies,
    checkpointer,
    close: async () => {
      if (checkpointer) {
        checkpointer.stop();
        await checkpointer.checkpointNow();
      }
      await app.close();
      await anomalies.flush();
      await events.close();
      await db.close();
    },
  };
}
