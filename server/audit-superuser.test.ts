import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEMO_AUDIT_KEY_HEX, auditKeyFromHex, entryHash, readChain, type AuditRow } from './audit/chain';
import { DEMO_AUDIT_SIGNING_KEY_HEX, nextCheckpoint, publicKeyFromHex, publicKeyHex, readCheckpoints, signingKeyFromHex, verifyAgainstCheckpoints } from './audit/checkpoint';
import { demoLogin, startTestBackend, type TestBackend } from './test-support';

/**
 * Issue 13 acceptance, on PGlite and (npm test -- server-pg) on PostgreSQL: the database owner / superuser
 * alters an audit row and re-chains the rest with plain SHA-256, or cuts the tail and fixes the head — what an
 * attacker without the server's audit key can do. The check IT runs (every link with the key, every signed
 * checkpoint) fails for each, and passes on the untouched chain.
 */
const MINOKAMO = '212113';
const key = auditKeyFromHex(DEMO_AUDIT_KEY_HEX)!;
const signingKey = signingKeyFromHex(DEMO_AUDIT_SIGNING_KEY_HEX)!;
const publicKey = publicKeyFromHex(publicKeyHex(signingKey))!;

let backend: TestBackend;
let dir: string;
before(async () => {
  backend = await startTestBackend({ householdsPerTenant: 2 });
  for (let i = 0; i < 3; i += 1) {
    const response = await backend.app.inject({ method: 'POST', url: '/v1/auth/login', payload: demoLogin('minokamo.counter') });
    assert.equal(response.statusCode, 200);
  }
  dir = mkdtempSync(path.join(tmpdir(), 'audit-superuser-'));
});
after(() => backend.close());

const chainNow = () => backend.db.transaction(MINOKAMO, (sql) => readChain(sql, MINOKAMO));
const check = async () => {
  const { rows, head } = await chainNow();
  return verifyAgainstCheckpoints(MINOKAMO, rows, head, key, readCheckpoints(dir, MINOKAMO, publicKey));
};
const asOwner = async (statements: (query: TestBackend['ownerQuery']) => Promise<void>) => {
  await backend.ownerQuery('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
  try {
    await statements(backend.ownerQuery);
  } finally {
    await backend.ownerQuery('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
  }
};

describe(`a database superuser against the keyed audit chain`, () => {
  it('the untouched chain passes against a checkpoint signed now', async () => {
    const { rows, head } = await chainNow();
    assert.ok(rows.length >= 3);
    assert.ok(rows.every((row) => Number(row.chain) === 2), 'every row the server writes is keyed');
    assert.equal(nextCheckpoint(MINOKAMO, rows, head, key, signingKey, dir, new Date()).ok, true);
    const verdict = await check();
    assert.equal(verdict.ok, true, verdict.reason);
    assert.equal(verdict.checkpoint?.seq, rows.length);
  });

  it('an altered row with the rest re-chained by plain SHA-256 fails at that row', async () => {
    const { rows } = await chainNow();
    const original = rows.map((row) => ({ ...row }));
    await asOwner(async (query) => {
      let prev = rows[0]!.hash;
      for (const row of rows.slice(1)) {
        const action = Number(row.seq) === 2 ? 'logout' : row.action;
        const hash = entryHash(prev, { ...row, action, at: new Date(row.at) });
        await query('UPDATE audit_log SET action = $3, prev_hash = $4, hash = $5 WHERE tenant_id = $1 AND seq = $2', [MINOKAMO, row.seq, action, prev, hash]);
        prev = hash;
      }
      await query('UPDATE audit_heads SET last_hash = $2 WHERE tenant_id = $1', [MINOKAMO, prev]);
    });
    const verdict = await check();
    assert.deepEqual([verdict.ok, verdict.firstBrokenSeq, verdict.problem], [false, 2, 'entry_altered']);
    // Also as legacy rows (chain = 1): a downgrade, caught at the same row.
    await asOwner((query) => query('UPDATE audit_log SET chain = 1 WHERE tenant_id = $1 AND seq >= 2', [MINOKAMO]).then(() => undefined));
    const downgraded = await check();
    assert.deepEqual([downgraded.ok, downgraded.firstBrokenSeq, downgraded.problem], [false, 2, 'unkeyed_entry_after_switch']);
    // Put the original rows back (the owner can do that too, it is the server's chain again).
    await asOwner(async (query) => {
      for (const row of original as AuditRow[]) {
        await query('UPDATE audit_log SET action = $3, prev_hash = $4, hash = $5, chain = 2 WHERE tenant_id = $1 AND seq = $2', [MINOKAMO, row.seq, row.action, row.prev_hash, row.hash]);
      }
      await query('UPDATE audit_heads SET last_hash = $2 WHERE tenant_id = $1', [MINOKAMO, original[original.length - 1]!.hash]);
    });
    assert.equal((await check()).ok, true);
  });

  it('a cut tail with the head fixed to match fails against the checkpoint', async () => {
    const { rows } = await chainNow();
    await asOwner(async (query) => {
      await query('DELETE FROM audit_log WHERE tenant_id = $1 AND seq > 1', [MINOKAMO]);
      await query('UPDATE audit_heads SET last_seq = 1, last_hash = $2 WHERE tenant_id = $1', [MINOKAMO, rows[0]!.hash]);
    });
    const verdict = await check();
    assert.deepEqual([verdict.ok, verdict.firstBrokenSeq, verdict.problem], [false, 2, 'checkpoint_beyond_chain']);
    // And the server refuses to sign the cut chain.
    const cut = await chainNow();
    assert.equal(nextCheckpoint(MINOKAMO, cut.rows, cut.head, key, signingKey, dir, new Date()).ok, false);
  });
});
