import { ESLint } from 'eslint';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

/**
 * The process-boundary rule is what keeps Electron out of the Node core. These tests lint fixtures and small
 * snippets as if they lived in each environment, through the project's real eslint.config.js.
 */
const eslint = new ESLint({ cwd: process.cwd(), ignore: false });

async function boundaryErrors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'madoguchi/process-boundary').map((m) => m.message);
}

const runtimeFixture = 'tests/fixtures/boundary/runtime-electron.ts';
const typeOnlyFixture = 'tests/fixtures/boundary/type-only-electron.ts';

describe('process-boundary lint rule', () => {
  it('fails the fixture that imports electron at runtime outside the shell, where it lives', async () => {
    const [result] = await eslint.lintFiles([runtimeFixture]);
    const messages = (result?.messages ?? []).filter((m) => m.ruleId === 'madoguchi/process-boundary');
    assert.equal(messages.length, 1);
    assert.equal(messages[0]?.severity, 2);
    assert.match(messages[0]?.message ?? '', /Runtime import of 'electron' outside the Electron shell/);
  });

  it('reports the same fixture in the core, the browser host, the backend and the renderer', async () => {
    const code = readFileSync(runtimeFixture, 'utf8');
    for (const filePath of ['electron/core/x.ts', 'electron/web-host/x.ts', 'server/x.ts', 'renderer/src/x.tsx', 'electron/main/x.test.ts']) {
      assert.equal((await boundaryErrors(code, filePath)).length, 1, filePath);
    }
  });

  it('allows the same import in the Electron shell and the preloads', async () => {
    const code = readFileSync(runtimeFixture, 'utf8');
    assert.deepEqual(await boundaryErrors(code, 'electron/main/x.ts'), []);
    assert.deepEqual(await boundaryErrors(code, 'electron/preload/x.ts'), []);
  });

  it('allows type-only imports outside the shell, but not in shared/', async () => {
    const code = readFileSync(typeOnlyFixture, 'utf8');
    assert.deepEqual(await boundaryErrors(code, 'electron/core/x.ts'), []);
    assert.equal((await boundaryErrors(code, 'shared/x.ts')).length, 1);
  });

  it('treats inline type specifiers, require() and dynamic import() as runtime imports', async () => {
    for (const code of [
      "import { type App } from 'electron';\nexport type A = App;",
      "const electron = require('electron');\nexport default electron;",
      "export const load = () => import('electron');",
      "export { app } from 'electron';",
    ]) {
      assert.equal((await boundaryErrors(code, 'electron/core/x.ts')).length, 1, code);
    }
  });

  it('keeps Node built-ins out of shared/, the renderer and the sandboxed preload', async () => {
    const code = "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;";
    assert.equal((await boundaryErrors(code, 'shared/x.ts')).length, 1);
    assert.equal((await boundaryErrors(code, 'renderer/src/x.ts')).length, 1);
    assert.equal((await boundaryErrors(code, 'electron/preload/x.ts')).length, 1);
    assert.deepEqual(await boundaryErrors(code, 'electron/core/x.ts'), []);
    assert.deepEqual(await boundaryErrors("import { EventEmitter } from 'events';\nexport { EventEmitter };", 'electron/preload/x.ts'), []);
  });

  it('keeps the layers apart: shared imports nothing above it, the renderer does not reach into the host', async () => {
    assert.equal((await boundaryErrors("import { x } from '../electron/core/y';\nexport { x };", 'shared/x.ts')).length, 1);
    assert.equal((await boundaryErrors("import { x } from '../../electron/core/y';\nexport { x };", 'renderer/src/x.ts')).length, 1);
    assert.equal((await boundaryErrors("import { x } from '../main/ipc';\nexport { x };", 'electron/core/x.ts')).length, 1);
    assert.deepEqual(await boundaryErrors("import { x } from '../../shared/y';\nexport { x };", 'renderer/src/x.ts'), []);
  });
});
