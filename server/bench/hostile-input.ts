/**
 * `npm run bench:input`: what the hostile inputs of issue 13 cost the shared backend (embedded PGlite): the import
 * of a resident whose kana 通称 is about 1 MB (and 3 MB), a JSON body nested 100,000 deep, and the n-gram function
 * given a 1,000,000-character key directly, with the process's resident memory before and after. A benchmark, not
 * a test: record the figures in docs/benchmarks.md (server/bounded-input.test.ts asserts the answers).
 */
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { totpFor } from '../auth/credentials';
import { DEMO_SECRET, type ServerConfig } from '../config';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../demo/accounts';
import { openDemoBackend } from '../demo/backend';

const config: ServerConfig = {
  port: 0, host: '127.0.0.1', demo: true, secret: DEMO_SECRET, sessionHours: 8, idleMinutes: 15,
  idempotencyRetentionDays: 35,
};
const backend = await openDemoBackend(config, { logStream: new Writable({ write: (_c, _e, done) => done() }), householdsPerTenant: 5, logLevel: 'warn' });
const login = await backend.app.inject({
  method: 'POST',
  url: '/v1/auth/login',
  payload: { tenantId: '212113', terminalId: 'demo-terminal-01', loginId: 'minokamo.admin', password: DEMO_PASSWORD, secondFactor: { kind: 'totp', code: totpFor(DEMO_TOTP_SECRET).generate() } },
});
const token = (login.json() as { token: string }).token;
const headers = () => ({ authorization: `Bearer ${token}`, 'idempotency-key': randomUUID(), 'content-type': 'application/json' });
const exported = (await backend.app.inject({ method: 'GET', url: '/v1/admin/export', headers: { authorization: `Bearer ${token}` } })).json() as { residents: object[] };
const rss = () => Math.round(process.memoryUsage().rss / 2 ** 20);

const rows: { case: string; status: number | string; ms: number; rssMiB: number }[] = [];
async function time(name: string, run: () => Promise<number | string>): Promise<void> {
  const started = performance.now();
  const status = await run();
  rows.push({ case: name, status, ms: Math.round((performance.now() - started) * 10) / 10, rssMiB: rss() });
}
const importing = (aliasKana: string) => async () =>
  (await backend.app.inject({ method: 'POST', url: '/v1/admin/import', headers: headers(), payload: JSON.stringify({ ...exported, households: [], catalog: [], preApplications: [], residents: [{ ...exported.residents[0], aliasKana }] }) })).statusCode;

const startRss = rss();
for (let round = 0; round < 3; round += 1) {
  await time('import, 通称カナ of 340,000 kana (~1 MB)', importing('ア'.repeat(340_000)));
  await time('import, 通称カナ of 1,000,000 kana (~3 MB)', importing('ア'.repeat(1_000_000)));
  await time('import, JSON nested 100,000 deep', async () => (await backend.app.inject({ method: 'POST', url: '/v1/admin/import', headers: headers(), payload: '{"catalog":[{"condition":' + '{"all":['.repeat(100_000) + ']}'.repeat(100_000) + '}]}' })).statusCode);
  await time("search_grams('k', 3, 1,000,000 kana) as the app role", async () => {
    const [row] = await backend.db.transaction('212113', (sql) => sql.query<{ n: number }>("SELECT cardinality(search_grams('k', 3, $1)) AS n", ['ア'.repeat(1_000_000)]));
    return `${row?.n} gram`;
  });
  await time('UPDATE residents SET alias_kana(_key) = 1,000,000 kana', async () =>
    backend.db.transaction('212113', (sql) => sql.query("UPDATE residents SET alias_kana = $1, alias_kana_key = $1 WHERE resident_id = (SELECT resident_id FROM residents LIMIT 1)", ['ア'.repeat(1_000_000)])).then(
      () => 'written',
      (error: { code?: string }) => `refused ${error.code}`,
    ));
}
console.log(JSON.stringify({ startRssMiB: startRss, endRssMiB: rss(), rows }, null, 1));
await backend.close();
