import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { DEMO_AUDIT_KEY_HEX, entryHash, type AuditRow } from '../audit/chain';
import { openDemoBackend } from '../demo/backend';
import { DEMO_SECRET } from '../config';
import { openPglite } from '../db/pglite';
import { demoLogin } from '../test-support';

interface Line { tenantId: string; ok: boolean; entries: number; firstBrokenSeq: number | null; problem?: string; checkpoint: { seq: number } | null }

/**
 * `npm run audit:verify` on an embedded data directory (root/pglite) with its signed checkpoints beside it
 * (root/audit-checkpoints, the default): passes untouched; fails (exit 1, typed problem, seq) for what a database
 * superuser without the audit key can do — alter a row, re-chain the rest with plain SHA-256, cut the tail.
 */
function verify(root: string, extraEnv: Record<string, string> = { DEMO: '1' }): { status: number | null; lines: Line[]; stderr: string } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/audit-verify.ts', '212113', '215015'], {
    env: { ...process.env, DATA_DIR: path.join(root, 'pglite'), DATABASE_URL: '', MADOGUCHI_AUDIT_CHECKPOINT_DIR: '', DEMO: '', ...extraEnv },
    encoding: 'utf8',
  });
  return { status: run.status, lines: run.stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Line), stderr: run.stderr };
}

/** Another audit CLI (audit:checkpoint, audit:public-key) on the same layout. */
function cli(script: string, root: string, extraEnv: Record<string, string> = { DEMO: '1' }): { status: number | null; stdout: string } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', `server/cli/${script}.ts`, '212113', '215015'], {
    env: { ...process.env, DATA_DIR: path.join(root, 'pglite'), DATABASE_URL: '', MADOGUCHI_AUDIT_CHECKPOINT_DIR: '', DEMO: '', ...extraEnv },
    encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout };
}

const checkpointLines = (root: string) => readFileSync(path.join(root, 'audit-checkpoints', '212113.jsonl'), 'utf8').trim().split('\n').length;

/** A copy of the untouched deployment for each attack. */
function copyOf(root: string): string {
  const copy = mkdtempSync(path.join(tmpdir(), 'audit-attack-'));
  cpSync(root, copy, { recursive: true });
  return copy;
}

/** As the database superuser: run statements with the append-only trigger off (what an owner can always do). */
async function asSuperuser(root: string, work: (db: Awaited<ReturnType<typeof openPglite>>) => Promise<void>): Promise<void> {
  const db = await openPglite(path.join(root, 'pglite'));
  await db.admin.exec('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
  await work(db);
  await db.admin.exec('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
  await db.close();
}

/** The attacker's re-chain: every row from `fromSeq` on gets a fresh plain SHA-256 link; the head follows. */
async function rechainWithSha256(db: Awaited<ReturnType<typeof openPglite>>, tenantId: string, fromSeq: number, chainVersion: 1 | 2): Promise<void> {
  const { rows } = await db.admin.query<AuditRow>('SELECT * FROM audit_log WHERE tenant_id = $1 ORDER BY seq', [tenantId]);
  let prev = rows[fromSeq - 2]?.hash ?? '';
  assert.ok(prev, 'the row before the rewrite exists');
  for (const row of rows.slice(fromSeq - 1)) {
    const hash = entryHash(prev, { ...row, at: new Date(row.at) });
    await db.admin.query('UPDATE audit_log SET prev_hash = $3, hash = $4, chain = $5 WHERE tenant_id = $1 AND seq = $2', [tenantId, row.seq, prev, hash, chainVersion]);
    prev = hash;
  }
  await db.admin.query('UPDATE audit_heads SET last_hash = $2 WHERE tenant_id = $1', [tenantId, prev]);
}

const brief = (lines: Line[]) => lines.map((l) => [l.tenantId, l.ok, l.firstBrokenSeq, l.problem ?? null]);

describe('npm run audit:verify', () => {
  let root: string;
  before(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'audit-verify-'));
    const backend = await openDemoBackend(
      {
        port: 0, host: '127.0.0.1', dataDir: path.join(root, 'pglite'), demo: true, secret: DEMO_SECRET, sessionHours: 8, idleMinutes: 15, idempotencyRetentionDays: 35,
        auditCheckpointDir: path.join(root, 'audit-checkpoints'),
      },
      { householdsPerTenant: 2, logLevel: 'silent' },
    );
    for (const loginId of ['minokamo.counter', 'minokamo.supervisor', 'minokamo.counter', 'minokamo.supervisor', 'sakahogi.counter']) {
      const response = await backend.app.inject({ method: 'POST', url: '/v1/auth/login', payload: demoLogin(loginId) });
      assert.equal(response.statusCode, 200);
    }
    await backend.close(); // signs a checkpoint per tenant at close
  });

  it('passes on the untouched chain, held against the signed checkpoint written at close', { timeout: 120_000 }, () => {
    const clean = verify(root);
    assert.equal(clean.status, 0, clean.stderr);
    assert.deepEqual(brief(clean.lines), [['212113', true, null, null], ['215015', true, null, null]]);
    assert.equal(clean.lines[0]?.entries, 4);
    assert.equal(clean.lines[0]?.checkpoint?.seq, 4, 'the last checkpoint saw every entry');
    // The checkpoint file is outside the database and holds no key: ids, counts, links and a signature.
    const checkpoint = JSON.parse(readFileSync(path.join(root, 'audit-checkpoints', '212113.jsonl'), 'utf8').trim().split('\n').at(-1) ?? '{}');
    assert.deepEqual(Object.keys(checkpoint).sort(), ['at', 'keyedFrom', 'link', 'seq', 'sig', 'tenantId', 'v']);
    assert.equal(checkpoint.keyedFrom, 1, 'a fresh database is keyed from its first entry');
  });

  it('fails on a row altered and the rest re-chained with plain SHA-256 (keyed links kept as keyed)', { timeout: 120_000 }, async () => {
    const attacked = copyOf(root);
    await asSuperuser(attacked, async (db) => {
      await db.admin.exec(`UPDATE audit_log SET action = 'logout' WHERE tenant_id = '212113' AND seq = 2`);
      await rechainWithSha256(db, '212113', 2, 2);
    });
    const result = verify(attacked);
    assert.equal(result.status, 1);
    assert.deepEqual(brief(result.lines), [['212113', false, 2, 'entry_altered'], ['215015', true, null, null]]);
  });

  it('fails on a row altered and the rest re-chained as legacy SHA-256 rows (a downgrade)', { timeout: 120_000 }, async () => {
    const attacked = copyOf(root);
    await asSuperuser(attacked, async (db) => {
      await db.admin.exec(`UPDATE audit_log SET action = 'logout' WHERE tenant_id = '212113' AND seq = 2`);
      await rechainWithSha256(db, '212113', 2, 1);
    });
    const result = verify(attacked);
    assert.equal(result.status, 1);
    assert.deepEqual(brief(result.lines), [['212113', false, 2, 'unkeyed_entry_after_switch'], ['215015', true, null, null]]);
  });

  it('fails on the whole chain recomputed as legacy rows: the signed checkpoint says it was keyed from seq 1', { timeout: 120_000 }, async () => {
    const attacked = copyOf(root);
    await asSuperuser(attacked, async (db) => {
      // Everything legacy from seq 1, so no keyed row is left; only the checkpoint outside the database can tell.
      const { rows } = await db.admin.query<AuditRow>(`SELECT * FROM audit_log WHERE tenant_id = '212113' ORDER BY seq`);
      let prev = rows[0]?.prev_hash ?? '';
      for (const row of rows) {
        const action = row.seq == 2 ? 'logout' : row.action;
        const hash = entryHash(prev, { ...row, action, at: new Date(row.at) });
        await db.admin.query(`UPDATE audit_log SET action = $2, prev_hash = $3, hash = $4, chain = 1 WHERE tenant_id = '212113' AND seq = $1`, [row.seq, action, prev, hash]);
        prev = hash;
      }
      await db.admin.query(`UPDATE audit_heads SET last_hash = $1 WHERE tenant_id = '212113'`, [prev]);
    });
    const result = verify(attacked);
    assert.equal(result.status, 1);
    assert.equal(result.lines[0]?.ok, false);
    assert.equal(result.lines[0]?.firstBrokenSeq, 1);
    assert.equal(result.lines[0]?.problem, 'unkeyed_entry_after_switch');
  });

  it('fails on a cut tail with a head rewritten to match: the checkpoint saw more entries', { timeout: 120_000 }, async () => {
    const attacked = copyOf(root);
    await asSuperuser(attacked, async (db) => {
      await db.admin.exec(`DELETE FROM audit_log WHERE tenant_id = '212113' AND seq > 2;
        UPDATE audit_heads SET last_seq = 2, last_hash = (SELECT hash FROM audit_log WHERE tenant_id = '212113' AND seq = 2) WHERE tenant_id = '212113';`);
    });
    const result = verify(attacked);
    assert.equal(result.status, 1);
    assert.deepEqual(brief(result.lines), [['212113', false, 3, 'checkpoint_beyond_chain'], ['215015', true, null, null]]);
    // On demand, the cut chain gets no new checkpoint (exit 1); the untouched town does.
    const before = checkpointLines(attacked);
    const signed = cli('audit-checkpoint', attacked);
    assert.equal(signed.status, 1);
    assert.equal(checkpointLines(attacked), before);
    assert.deepEqual(signed.stdout.trim().split('\n').map((line) => JSON.parse(line).ok), [false, true]);
  });

  it('audit:checkpoint signs on demand; outside demo mode audit:verify takes the key and the public key printed by audit:public-key', { timeout: 120_000 }, () => {
    const copy = copyOf(root);
    const before = checkpointLines(copy);
    assert.equal(cli('audit-checkpoint', copy).status, 0);
    assert.equal(checkpointLines(copy), before + 1);
    const publicKey = cli('audit-public-key', copy).stdout.trim();
    assert.match(publicKey, /^[0-9a-f]{64}$/);
    const result = verify(copy, { MADOGUCHI_AUDIT_KEY: DEMO_AUDIT_KEY_HEX, MADOGUCHI_AUDIT_PUBLIC_KEY: publicKey });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(brief(result.lines), [['212113', true, null, null], ['215015', true, null, null]]);
  });

  it('fails without the right keys: a wrong public key rejects the checkpoints, a wrong audit key the links', { timeout: 120_000 }, () => {
    const wrongPublic = verify(root, { DEMO: '1', MADOGUCHI_AUDIT_PUBLIC_KEY: 'ab'.repeat(32) });
    assert.equal(wrongPublic.status, 1);
    assert.equal(wrongPublic.lines[0]?.problem, 'checkpoint_signature_invalid');
    const wrongKey = verify(root, { DEMO: '1', MADOGUCHI_AUDIT_KEY: 'cd'.repeat(32) });
    assert.equal(wrongKey.status, 1);
    assert.deepEqual(brief(wrongKey.lines).map((l) => l.slice(2)), [[1, 'entry_altered'], [1, 'entry_altered']]);
    // Outside demo mode the keys must be given: a usage error (2), not a pass.
    assert.equal(verify(root, {}).status, 2);
  });
});
