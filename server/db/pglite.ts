import { PGlite, types, type Transaction } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
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

export async function openPglite(dataDir?: string): Promise<PgliteDatabase> {
  // DATE as 'YYYY-MM-DD' text, the same as the PostgreSQL adapter (no time zone can shift a birth date).
  const pg = await PGlite.create({ dataDir, extensions: { pg_trgm }, parsers: { [types.DATE]: (value: string) => value } });
  await migrate({
    exec: async (script) => {
      await pg.exec(script);
    },
    rows: async <R>(text: string) => (await pg.query<R>(text)).rows,
  });
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
        await tx.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId ?? '']);
        return work(wrap(tx));
      });
    },
    async close() {
      await pg.close();
    },
  };
}
