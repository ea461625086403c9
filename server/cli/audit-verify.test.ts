import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { openDemoBackend } from '../demo/backend';
import { DEMO_SECRET } from '../config';
import { openPglite } from '../db/pglite';
import { demoLogin } from '../test-support';

/** `npm run audit:verify` on an embedded data directory: passes untouched, fails (exit 1) once a row changed. */
function verify(dataDir: string): { status: number | null; lines: { tenantId: string; ok: boolean; firstBrokenSeq: number | null }[] } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/audit-verify.ts', '212113', '215015'], {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
    encoding: 'utf8',
  });
  return { status: run.status, lines: run.stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line)) };
}

describe('npm run audit:verify', () => {
  it('passes on an untouched chain and names the first altered entry after tampering', { timeout: 120_000 }, async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'audit-verify-'));
    const backend = await openDemoBackend(
      { port: 0, host: '127.0.0.1', dataDir, demo: true, secret: DEMO_SECRET, sessionHours: 8, idleMinutes: 15, idempotencyRetentionDays: 35 },
      { householdsPerTenant: 2, logLevel: 'silent' },
    );
    for (const loginId of ['minokamo.counter', 'minokamo.supervisor', 'sakahogi.counter']) {
      const response = await backend.app.inject({ method: 'POST', url: '/v1/auth/login', payload: demoLogin(loginId) });
      assert.equal(response.statusCode, 200);
    }
    await backend.close();

    const clean = verify(dataDir);
    assert.equal(clean.status, 0);
    assert.deepEqual(clean.lines.map((l) => [l.tenantId, l.ok]), [['212113', true], ['215015', true]]);

    // A "DBA" rewrites the second 美濃加茂市 entry behind the app's back.
    const db = await openPglite(dataDir);
    await db.admin.exec(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only;
      UPDATE audit_log SET action = 'logout' WHERE tenant_id = '212113' AND seq = 2;
      ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only;`);
    await db.close();

    const tampered = verify(dataDir);
    assert.equal(tampered.status, 1);
    assert.deepEqual(tampered.lines.map((l) => [l.tenantId, l.ok, l.firstBrokenSeq]), [['212113', false, 2], ['215015', true, null]]);
  });
});
