/**
 * `npm run demo:generate -- --tenants 42 --residents 2000000`: loads deterministic synthetic residents for
 * benchmarks at prefecture scale, streaming (constant memory), tenant by tenant, in batches. Target: the
 * PostgreSQL server at DATABASE_OWNER_URL (migrated first), or PGlite at DATA_DIR. Tenants get valid
 * local-government codes (212113, 215015, then synthetic Gifu codes).
 */
import pg from 'pg';
import type { Sql } from '../db/database';
import { openPglite } from '../db/pglite';
import { bindTenant, readBindingKey } from '../db/binding';
import { migratePostgres } from '../db/postgres';
import { insertHouseholds } from '../demo/bulk-insert';
import { generateHouseholds, generateTenantCodes, type GeneratedHousehold } from '../demo/generator';

const arg = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const tenantCount = arg('tenants', 42);
const residentTarget = arg('residents', 2_000_000);
const perTenant = Math.ceil(residentTarget / tenantCount);

type Runner = (tenantId: string, work: (sql: Sql) => Promise<void>) => Promise<void>;
let run: Runner;
let finish: () => Promise<void>;
if (process.env.DATABASE_OWNER_URL) {
  await migratePostgres(process.env.DATABASE_OWNER_URL);
  const client = new pg.Client({ connectionString: process.env.DATABASE_OWNER_URL });
  await client.connect();
  const key = await readBindingKey(async <R>(text: string) => (await client.query(text)).rows as R[]);
  run = async (tenantId, work) => {
    await client.query('BEGIN');
    const sql: Sql = { query: async (text, params) => (await client.query(text, params ? [...params] : undefined)).rows };
    await bindTenant(sql, key, tenantId);
    await work(sql);
    await client.query('COMMIT');
  };
  finish = () => client.end();
} else {
  const db = await openPglite(process.env.DATA_DIR || undefined);
  run = (tenantId, work) =>
    db.admin.transaction(async (tx) => {
      const sql: Sql = { query: async (text, params) => (await tx.query(text, params ? [...params] : undefined)).rows as never };
      await db.bindTenant(sql, tenantId);
      await work(sql);
    });
  finish = () => db.close();
}

const started = Date.now();
let total = 0;
for (const [index, tenantId] of generateTenantCodes(tenantCount).entries()) {
  await run(tenantId, (sql) =>
    sql.query("INSERT INTO tenants VALUES ($1, $2, $3, $4, '岐阜県') ON CONFLICT DO NOTHING", [tenantId, `団体${tenantId}`, `ダンタイ${tenantId}`, `Tenant ${tenantId}`]).then(() => {}),
  );
  let residents = 0;
  let batch: GeneratedHousehold[] = [];
  const flush = async () => {
    const rows = batch;
    batch = [];
    await run(tenantId, async (sql) => {
      await insertHouseholds(sql, rows);
    });
  };
  for (const household of generateHouseholds({ tenantId, count: Number.MAX_SAFE_INTEGER, seed: 1000 + index, startIndex: 100_000 })) {
    batch.push(household);
    residents += household.residents.length;
    if (batch.length >= 2000) await flush();
    if (residents >= perTenant) break;
  }
  if (batch.length) await flush();
  total += residents;
  process.stderr.write(`${tenantId}: ${residents} residents (total ${total}, ${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
}
await finish();
console.log(JSON.stringify({ tenants: tenantCount, residents: total, seconds: Math.round((Date.now() - started) / 1000) }));
