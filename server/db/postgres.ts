import pg from 'pg';

// DATE columns as the 'YYYY-MM-DD' text they are: pg's default turns them into a Date at local midnight,
// which shifts the day when converted back in UTC (a birth date off by one under TZ=Asia/Tokyo).
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);
import { bindTenant, type BindingKey } from './binding';
import type { Database, Sql } from './database';
import { migrate } from './migrate';

/**
 * A PostgreSQL server (production, and the CI matrix). The app connects as a login role that is NOSUPERUSER,
 * NOBYPASSRLS and owns nothing (DATABASE_URL); migrations run separately as the schema owner
 * (DATABASE_OWNER_URL) when one is given.
 */
export async function migratePostgres(ownerUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    return await migrate({
      exec: async (script) => {
        await client.query(script);
      },
      rows: async <R>(text: string) => (await client.query(text)).rows as R[],
    });
  } finally {
    await client.end();
  }
}

/**
 * `key` binds each transaction to its tenant (server/db/binding.ts): read by the owner at start-up, or given in
 * MADOGUCHI_BINDING_KEY where the runtime has no owner connection.
 */
export function openPostgres(url: string, key: BindingKey, poolSize = 10): Database {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  return {
    kind: 'postgres',
    async transaction(tenantId, work) {
      const client = await pool.connect();
      const sql: Sql = {
        query: async <R>(text: string, params?: readonly unknown[]) =>
          (await client.query(text, params ? [...params] : undefined)).rows as R[],
      };
      try {
        await client.query('BEGIN');
        // Bound to this transaction id only: it cannot carry over to the next user of this pooled connection.
        if (tenantId) await bindTenant(sql, key, tenantId);
        const result = await work(sql);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    bindTenant: (sql, tenantId) => bindTenant(sql, key, tenantId),
    async close() {
      await pool.end();
    },
  };
}
