/**
 * `npm run audit:verify -- [tenantId …]`: checks each tenant's audit chain and prints one JSON line per tenant;
 * exits 1 if any chain fails, 2 if a setting is missing. Every link is checked with the audit key (HMAC; legacy
 * rows with SHA-256), and the chain must still match every signed checkpoint (seq and link) in the checkpoint
 * directory — a chain a database superuser recomputed, or whose tail was cut, fails. Settings (environment):
 * - the database as for `npm run server`: DATA_DIR, or DATABASE_URL as the runtime role with MADOGUCHI_BINDING_KEY
 *   (it reads under each tenant's RLS scope);
 * - MADOGUCHI_AUDIT_KEY (hex): the chain key; MADOGUCHI_AUDIT_PUBLIC_KEY (hex, 32 bytes): the checkpoints' Ed25519
 *   public key (`npm run audit:public-key`); MADOGUCHI_AUDIT_CHECKPOINT_DIR (default: audit-checkpoints beside
 *   DATA_DIR). With DEMO=1 the demo keys are the defaults.
 * A line: { tenantId, ok, entries, firstBrokenSeq, problem?, reason?, checkpoint: { seq, at } | null }.
 */
import { createPublicKey } from 'node:crypto';
import { readChain } from '../audit/chain';
import { publicKeyFromHex, readCheckpoints, signingKeyFromHex, verifyAgainstCheckpoints } from '../audit/checkpoint';
import { SecurityEvents, securityEventsConfigFromEnv } from '../security/events';
import { auditKey, checkpointDir, demo, env, openDatabase, signingKeyHex, tenantsFromArgs, usage } from './audit-settings';

const tenants = tenantsFromArgs();
const key = auditKey();
const demoSigning = demo ? signingKeyFromHex(signingKeyHex()) : null;
const publicKey = publicKeyFromHex(env.MADOGUCHI_AUDIT_PUBLIC_KEY) ?? (demoSigning ? createPublicKey(demoSigning) : usage('MADOGUCHI_AUDIT_PUBLIC_KEY (hex, 32 bytes) is required'));
const dir = checkpointDir();

const db = await openDatabase();
// A broken chain is a security event too (SECURITY_EVENTS_JSONL / SECURITY_EVENTS_SYSLOG, and the tenant's list).
const events = new SecurityEvents(securityEventsConfigFromEnv(process.env));
events.db = db;
let broken = false;
for (const tenantId of tenants) {
  const { rows, head } = await db.transaction(tenantId, (sql) => readChain(sql, tenantId));
  const verdict = verifyAgainstCheckpoints(tenantId, rows, head, key, readCheckpoints(dir, tenantId, publicKey));
  broken ||= !verdict.ok;
  if (!verdict.ok) events.emit({ code: 'audit_verify_failed', tenantId, count: verdict.entries, detail: { firstBrokenSeq: verdict.firstBrokenSeq, problem: verdict.problem ?? null, via: 'cli' } });
  process.stdout.write(`${JSON.stringify({ tenantId, ...verdict })}\n`);
}
await events.close();
await db.close();
process.exit(broken ? 1 : 0);
