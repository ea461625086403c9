import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { openPglite, pgliteFolder } from './pglite';

describe('PGlite data directory', () => {
  it('makes the missing parent folders, as on a fresh clone whose `.data/` does not exist', { timeout: 60_000 }, async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'madoguchi-pglite-'));
    try {
      const dataDir = path.join(root, '.data', 'nested', 'pglite');
      const db = await openPglite(dataDir);
      await db.close();
      // PostgreSQL's data directory marker: the database really lives there, not in memory.
      assert.ok(existsSync(path.join(dataDir, 'PG_VERSION')));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('treats only plain paths and file:// as folders', () => {
    assert.equal(pgliteFolder(undefined), undefined);
    assert.equal(pgliteFolder(''), undefined);
    assert.equal(pgliteFolder('memory://'), undefined);
    assert.equal(pgliteFolder('idb://madoguchi'), undefined);
    assert.equal(pgliteFolder('opfs-ahp://madoguchi'), undefined);
    assert.equal(pgliteFolder('file:///var/lib/madoguchi'), '/var/lib/madoguchi');
    assert.equal(pgliteFolder('.data/pglite'), '.data/pglite');
    assert.equal(pgliteFolder('C:\\ProgramData\\Madoguchi\\pglite'), 'C:\\ProgramData\\Madoguchi\\pglite');
  });
});
