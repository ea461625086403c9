/**
 * `npm run bench:search [-- --residents 100000 --queries 300]`: name-search latency on PGlite and, when
 * BENCH_PG_OWNER_URL and BENCH_PG_APP_URL (or the CI test URLs) are set, on PostgreSQL. Seeds one tenant with
 * generated residents, then runs a fixed, deterministic mix of staff-like queries through the same
 * `searchResidents` the API uses, as the runtime role under RLS. Prints p50/p95 per engine and query kind.
 * A benchmark, not a test: record the figures in docs/benchmarks.md.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Database, Sql } from '../db/database';
import { openPglite } from '../db/pglite';
import { bindTenant, readBindingKey } from '../db/binding';
import { migratePostgres, openPostgres } from '../db/postgres';
import { insertHouseholds } from '../demo/bulk-insert';
import { generateHouseholds, type GeneratedHousehold } from '../demo/generator';
import { searchResidents } from '../routes/residents';

const arg = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const targetResidents = arg('residents', 100_000);
const queryCount = arg('queries', 300);
const TENANT = '212113';

type Kind = 'kana' | 'kanji' | 'alphabet' | 'kanji+birth';
interface Query { kind: Kind; q: string; birthDate?: string }

async function seed(run: (work: (sql: Sql) => Promise<void>) => Promise<void>): Promise<Query[]> {
  const queries: Query[] = [];
  const step = Math.max(1, Math.floor(targetResidents / queryCount));
  let residents = 0;
  let batch: GeneratedHousehold[] = [];
  const flush = async () => {
    const rows = batch;
    batch = [];
    await run(async (sql) => {
      await sql.query("INSERT INTO tenants VALUES ('212113', '美濃加茂市', 'ミノカモシ', 'Minokamo City', '岐阜県') ON CONFLICT DO NOTHING");
      await insertHouseholds(sql, rows);
    });
  };
  for (const entry of generateHouseholds({ tenantId: TENANT, count: Math.ceil(targetResidents / 1.5), seed: 7 })) {
    batch.push(entry);
    for (const r of entry.residents) {
      residents += 1;
      // Evenly spaced residents become the queries, so the mix covers the whole table and is repeatable.
      if (residents % step === 0 && queries.length < queryCount) {
        const i = queries.length % 4;
        if (i === 0 && r.name_kana) queries.push({ kind: 'kana', q: r.name_kana.split(/\s/)[0] ?? r.name_kana });
        else if (i === 1) queries.push({ kind: 'kanji', q: r.name });
        else if (i === 2 && r.alphabet_name) queries.push({ kind: 'alphabet', q: r.alphabet_name.split(' ')[0] ?? r.alphabet_name });
        else queries.push({ kind: 'kanji+birth', q: r.name.split('　')[0] ?? r.name, birthDate: r.birth_date });
      }
    }
    if (batch.length >= 2000) await flush();
    if (residents >= targetResidents) break;
  }
  if (batch.length) await flush();
  process.stderr.write(`seeded ${residents} residents, ${queries.length} queries\n`);
  return queries;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function measure(engine: string, db: Database, queries: Query[]): Promise<void> {
  for (const q of queries.slice(0, 20)) await db.transaction(TENANT, (sql) => searchResidents(sql, { ...q, limit: 20 })); // warm-up
  const byKind = new Map<string, number[]>();
  for (const q of queries) {
    const start = process.hrtime.bigint();
    await db.transaction(TENANT, (sql) => searchResidents(sql, { ...q, limit: 20 }));
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    for (const key of [q.kind, 'all']) byKind.set(key, [...(byKind.get(key) ?? []), ms]);
  }
  for (const [kind, times] of byKind) {
    times.sort((a, b) => a - b);
    console.log(JSON.stringify({ engine, residents: targetResidents, kind, queries: times.length, p50_ms: +percentile(times, 50).toFixed(2), p95_ms: +percentile(times, 95).toFixed(2) }));
  }
}

// PGlite (embedded default)
{
  const db = await openPglite();
  const queries = await seed((work) =>
    db.admin.transaction(async (tx) => {
      const sql = { query: async (text: string, params?: readonly unknown[]) => (await tx.query(text, params ? [...params] : undefined)).rows as never };
      await db.bindTenant(sql, TENANT);
      await work(sql);
    }),
  );
  await db.admin.exec('ANALYZE');
  await db.lockToRuntimeRole();
  await measure('pglite', db, queries);
  await db.close();
}

// PostgreSQL server, when one is given
const ownerBase = process.env.BENCH_PG_OWNER_URL ?? process.env.MADOGUCHI_TEST_PG_OWNER_URL;
const appBase = process.env.BENCH_PG_APP_URL ?? process.env.MADOGUCHI_TEST_PG_APP_URL;
if (ownerBase && appBase) {
  const database = `madoguchi_bench_${randomUUID().replace(/-/g, '').slice(0, 8)}`;
  const withDb = (url: string) => Object.assign(new URL(url), { pathname: `/${database}` }).toString();
  const admin = new pg.Client({ connectionString: ownerBase });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  try {
    await migratePostgres(withDb(ownerBase));
    const owner = new pg.Client({ connectionString: withDb(ownerBase) });
    await owner.connect();
    const key = await readBindingKey(async <R>(text: string) => (await owner.query(text)).rows as R[]);
    const queries = await seed(async (work) => {
      await owner.query('BEGIN');
      const sql = { query: async (text: string, params?: readonly unknown[]) => (await owner.query(text, params ? [...params] : undefined)).rows as never };
      await bindTenant(sql, key, TENANT);
      await work(sql);
      await owner.query('COMMIT');
    });
    await owner.query('ANALYZE');
    await owner.end();
    const db = openPostgres(withDb(appBase), key, 2);
    await measure('postgres', db, queries);
    await db.close();
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  }
} else {
  console.log(JSON.stringify({ engine: 'postgres', skipped: 'set BENCH_PG_OWNER_URL and BENCH_PG_APP_URL' }));
}
