/**
 * `npm run audit:checkpoint -- [tenantId …]`: signs an audit checkpoint now (on demand; the server also signs at
 * start, every MADOGUCHI_AUDIT_CHECKPOINT_MINUTES and at close). It verifies each chain with the key against the
 * earlier checkpoints first and signs nothing for a chain that fails (exit 1). Settings as for audit:verify, with
 * MADOGUCHI_AUDIT_SIGNING_KEY instead of the public key. One JSON line per tenant.
 */
import { readChain } from '../audit/chain';
import { nextCheckpoint, signingKeyFromHex } from '../audit/checkpoint';
import { auditKey, checkpointDir, openDatabase, signingKeyHex, tenantsFromArgs, usage } from './audit-settings';

const tenants = tenantsFromArgs();
const key = auditKey();
const signingKey = signingKeyFromHex(signingKeyHex()) ?? usage('MADOGUCHI_AUDIT_SIGNING_KEY (hex Ed25519 seed, 32 bytes) is required');
const dir = checkpointDir();

const db = await openDatabase();
let broken = false;
for (const tenantId of tenants) {
  const { rows, head } = await db.transaction(tenantId, (sql) => readChain(sql, tenantId));
  const result = nextCheckpoint(tenantId, rows, head, key, signingKey, dir, new Date());
  broken ||= !result.ok;
  const line = result.ok ? { tenantId, ok: true, seq: result.checkpoint.seq, at: result.checkpoint.at } : { tenantId, ...result.verdict };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}
await db.close();
process.exit(broken ? 1 : 0);
