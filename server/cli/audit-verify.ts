/**
 * `npm run audit:verify -- [tenantId …]`: checks each tenant's audit chain and prints one JSON line per tenant;
 * exits 1 if any chain fails. Every link is checked with the audit key (HMAC; legacy rows with SHA-256), and the
 * chain must still match every signed checkpoint (seq and link) in the checkpoint directory — a chain a database
 * superuser recomputed, or whose tail was cut, fails. Settings (environment):
 * - the database as for `npm run server`: DATA_DIR, or DATABASE_URL as the runtime role with MADOGUCHI_BINDING_KEY
 *   (it reads under each tenant's RLS scope);
 * - MADOGUCHI_AUDIT_KEY (hex): the chain key; MADOGUCHI_AUDIT_PUBLIC_KEY (hex, 32 bytes): the checkpoints' Ed25519
 *   public key; MADOGUCHI_AUDIT_CHECKPOINT_DIR (default: audit-checkpoints beside DATA_DIR). With DEMO=1 the demo
 *   keys are the defaults.
 * A line: { tenantId, ok, entries, firstBrokenSeq, problem?, reason?, checkpoint: { seq, at } | null }.
 */
import path from 'node:path';
import { createPublicKey } from 'node:crypto';
import { DEMO_AUDIT_KEY_HEX, auditKeyFromHex, readChain } from '../audit/chain';
import { DEMO_AUDIT_SIGNING_KEY_HEX, publicKeyFromHex, readCheckpoints, signingKeyFromHex, verifyAgainstCheckpoints } from '../audit/checkpoint';
import type { Database } from '../db/database';
import { bindingKeyFromHex } from '../db/binding';
import { openPglite } from '../db/pglite';
import { openPostgres } from '../db/postgres';

const fail = (message: string): never => {
  process.stderr.write(`audit:verify: ${message}\n`);
  process.exit(2);
};

const env = process.env;
const demo = env.DEMO === '1';
const tenants = process.argv.slice(2).filter((arg) => /^\d{6}$/.test(arg));
if (tenants.length === 0) tenants.push('212113', '215015');

const key = auditKeyFromHex(env.MADOGUCHI_AUDIT_KEY || (demo ? DEMO_AUDIT_KEY_HEX : undefined)) ?? fail('MADOGUCHI_AUDIT_KEY (hex, at least 32 bytes) is required');
const demoPublic = demo ? createPublicKey(signingKeyFromHex(DEMO_AUDIT_SIGNING_KEY_HEX)!) : null;
const publicKey = publicKeyFromHex(env.MADOGUCHI_AUDIT_PUBLIC_KEY) ?? demoPublic ?? fail('MADOGUCHI_AUDIT_PUBLIC_KEY (hex, 32 bytes) is required');
const checkpointDir =
  env.MADOGUCHI_AUDIT_CHECKPOINT_DIR || (env.DATA_DIR ? path.join(path.dirname(path.resolve(env.DATA_DIR)), 'audit-checkpoints') : fail('MADOGUCHI_AUDIT_CHECKPOINT_DIR is required'));

let db: Database;
if (env.DATABASE_URL) {
  const bindingKey = bindingKeyFromHex(env.MADOGUCHI_BINDING_KEY);
  if (!bindingKey) fail('MADOGUCHI_BINDING_KEY (hex) is required with DATABASE_URL: the tenant binding key');
  db = openPostgres(env.DATABASE_URL, bindingKey!, 1);
} else {
  const embedded = await openPglite(env.DATA_DIR || undefined);
  await embedded.lockToRuntimeRole();
  db = embedded;
}
let broken = false;
for (const tenantId of tenants) {
  const { rows, head } = await db.transaction(tenantId, (sql) => readChain(sql, tenantId));
  const verdict = verifyAgainstCheckpoints(tenantId, rows, head, key, readCheckpoints(checkpointDir, tenantId, publicKey));
  broken ||= !verdict.ok;
  process.stdout.write(`${JSON.stringify({ tenantId, ...verdict })}\n`);
}
await db.close();
process.exit(broken ? 1 : 0);
