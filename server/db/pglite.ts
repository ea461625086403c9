import { PGlite, types, type Transaction } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { mkdirSync } from 'node:fs';
import { bindTenant, readBindingKey } from './binding';
import type { Database, Sql } from './database';
import { migrate } from './migrate';

/**
 * The embedded default: PGlite (PostgreSQL in WASM), file-backed in DATA_DIR or in memory for tests. Zero
 * setup. PGlite is a single connection whose session user is the superuser, so after migrations (and any
 * admin work such as demo seeding) the connection switches to the runtime role for good; from then on RLS
 * applies exactly as on a server. (Known limit of the embedded mode: the session user stays the superuser,
 * so a SQL-injection could RESET ROLE. Production uses a PostgreSQL server with a login role of its own.)
 */
export interface PgliteDatabase extends Database {
  /** Only before `lockToRuntimeRole`: superuser access for migrations and seeding. */
  admin: PGlite;
  lockToRuntimeRole(): Promise<void>;
}

/**
 * The folder a PGlite `dataDir` keeps its files in, or undefined when it is not the Node file system (in
 * memory, IndexedDB, OPFS). PGlite reads a plain path or `file://…` as a folder; any other `scheme://` is not one.
 */
export function pgliteFolder(dataDir: string | undefined): string | undefined {
  if (!dataDir) return undefined;
  if (dataDir.startsWith('file://')) return dataDir.slice('file://'.length) || undefined;
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(dataDir) ? undefined : dataDir;
}

export async function openPglite(dataDir?: string): Promise<PgliteDatabase> {
  // PGlite makes only the last folder of its data directory: on a fresh clone the default `.data/pglite` has no
  // `.data/` (git-ignored), and the first `npm start` died with ENOENT. Make the whole path.
  const folder = pgliteFolder(dataDir);
  if (folder) mkdirSync(folder, { recursive: true });
  // DATE as 'YYYY-MM-DD' text, the same as the PostgreSQL adapter (no time zone can shift a birth date).
  const pg = await PGlite.create({ dataDir, extensions: { pg_trgm }, parsers: { [types.DATE]: (value: string) => value } });
  await migrate({
    exec: async (script) => {
      await pg.exec(script);
    },
    rows: async <R>(text: string) => (await pg.query<R>(text)).rows,
  });
  // Read as the superuser, before the connection is locked to the runtime role (which may not read it).
  const key = await readBindingKey(async <R>(text: string) => (await pg.query<R>(text)).rows);
  let locked = false;
  const wrap = (tx: Transaction): Sql => ({
    query: async <R>(text: string, params?: readonly unknown[]) => (await tx.query<R>(text, params ? [...params] : undefined)).rows,
  });
  return {
    kind: 'pglite',
    admin: pg,
    async lockToRuntimeRole() {
      await pg.exec('SET ROLE madoguchi_app');
      locked = true;
    },
    async transaction(tenantId, work) {
      if (!locked) throw new Error('PGlite database used before lockToRuntimeRole()');
      return pg.transaction(async (tx) => {
        const sql = wrap(tx);
        if (tenantId) await bindTenant(sql, key, tenantId);
        return work(sql);
      });
    },
    bindTenant: (sql, tenantId) => bindTenant(sql, key, tenantId),
    async close() {
      await pg.close();
    },
  };
}
