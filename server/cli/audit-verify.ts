/**
 * `npm run audit:verify -- [tenantId …]`: recomputes each tenant's audit hash chain and prints one JSON line
 * per tenant; exits 1 if any chain is broken. Uses the same database settings as `npm run server`
 * (DATA_DIR, or DATABASE_URL as the runtime role with MADOGUCHI_BINDING_KEY — it reads under each tenant's RLS scope).
 */
import { verifyChain } from '../audit/chain';
import type { Database } from '../db/database';
import { bindingKeyFromHex } from '../db/binding';
import { openPglite } from '../db/pglite';
import { openPostgres } from '../db/postgres';
import { SecurityEvents, securityEventsConfigFromEnv } from '../security/events';

const tenants = process.argv.slice(2).filter((arg) => /^\d{6}$/.test(arg));
if (tenants.length === 0) tenants.push('212113', '215015');

let db: Database;
if (process.env.DATABASE_URL) {
  const key = bindingKeyFromHex(process.env.MADOGUCHI_BINDING_KEY);
  if (!key) throw new Error('MADOGUCHI_BINDING_KEY (hex) is required with DATABASE_URL: the tenant binding key');
  db = openPostgres(process.env.DATABASE_URL, key, 1);
} else {
  const embedded = await openPglite(process.env.DATA_DIR || undefined);
  await embedded.lockToRuntimeRole();
  db = embedded;
}
// A broken chain is a security event too (SECURITY_EVENTS_JSONL / SECURITY_EVENTS_SYSLOG, and the tenant's list).
const events = new SecurityEvents(securityEventsConfigFromEnv(process.env));
events.db = db;
let broken = false;
for (const tenantId of tenants) {
  const verdict = await db.transaction(tenantId, (sql) => verifyChain(sql, tenantId));
  broken ||= !verdict.ok;
  if (!verdict.ok) events.emit({ code: 'audit_verify_failed', tenantId, count: verdict.entries, detail: { firstBrokenSeq: verdict.firstBrokenSeq, via: 'cli' } });
  process.stdout.write(`${JSON.stringify({ tenantId, ...verdict })}\n`);
}
await events.close();
await db.close();
process.exit(broken ? 1 : 0);
