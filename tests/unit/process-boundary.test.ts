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

  describe('layers: what ships holds no demo, drivers import nothing above them', () => {
    const layer = /may not be imported here/;
    // The imports item 4 of issue 11 removed, each linted where it was: every one must be reported.
    const forbidden: [string, string, string][] = [
      ['a driver using the host logger', 'electron/core/devices/scan/hid-scanner.ts', "import { silentLogger } from '../../log';"],
      ['a driver using the host config', 'electron/core/devices/station/create.ts', "import type { HostConfig } from '../../host-config';"],
      ['the device layer using the backend demo data', 'electron/core/devices/station/demo-cards.ts', "import { DEMO_STAFF } from '../../../../server/demo/accounts';"],
      ['the device station using the test keys', 'electron/core/devices/station/create.ts', "import { testIssuer } from '../card/residence/sim/test-keys';"],
      ['the device station using the emulator', 'electron/core/devices/station/create.ts', "import { EscPosEmulator } from '../print/sim/escpos-emulator';"],
      ['a driver using the demo root', 'electron/core/devices/station/create.ts', "import { demoSimulators } from '../../../demo/devices';"],
      ['the host core embedding the backend', 'electron/core/embedded-backend.ts', "import { openBackend } from '../../server/backend';"],
      ['the host config using the demo root', 'electron/core/host-config.ts', "import { demoRoot } from '../demo/root';"],
      ['the host core using a virtual card', 'electron/core/counter-host.ts', "import { VirtualStaffCard } from './devices/card/sim/virtual-staff-card';"],
      ['Electron main using the demo root', 'electron/main/main.ts', "import { demoRoot } from '../demo/root';"],
      ['Electron main using the test keys', 'electron/main/main.ts', "import { testIssuer } from '../core/devices/card/residence/sim/test-keys';"],
      ['the backend entry seeding demo tenants', 'server/backend.ts', "import { isSeeded, seedDemo } from './demo/seed';"],
      ['a backend route using demo accounts', 'server/routes/auth.ts', "import type { DemoStaff } from '../demo/accounts';"],
    ];
    for (const [what, filePath, line] of forbidden) {
      it(`reports ${what}`, async () => {
        const errors = await boundaryErrors(`${line}\nexport const x = 1;`, filePath);
        assert.equal(errors.length, 1, errors.join('\n'));
        assert.match(errors[0]!, layer);
      });
    }

    // Roots and tools compose the demo; the layers below keep their own imports.
    const allowed: [string, string, string][] = [
      ['a driver using its own log port', 'electron/core/devices/scan/hid-scanner.ts', "import { silentLogger } from '../log';"],
      ['a driver using shared/', 'electron/core/devices/scan/mrz.ts', "import { DeviceError } from '../../../../shared/devices/errors';"],
      ['the station naming the emulator type', 'electron/core/devices/station/create.ts', "import type { EscPosEmulator } from '../print/sim/escpos-emulator';"],
      ['a simulator using another', 'electron/core/devices/card/sim/card-thread-worker.ts', "import { VirtualResidenceCard } from '../residence/sim/virtual-residence-card';"],
      ['the host core using the device station', 'electron/core/host-root.ts', "import { createDeviceStation } from './devices/station/create';"],
      ['the demo root using the test keys', 'electron/demo/devices.ts', "import { testIssuer } from '../core/devices/card/residence/sim/test-keys';"],
      ['the demo root using the backend demo', 'electron/demo/embedded-backend.ts', "import { openDemoBackend } from '../../server/demo/backend';"],
      ['the browser host using the demo root', 'electron/web-host/main.ts', "import { demoRoot } from '../demo/root';"],
      ['the devices CLI using the demo root', 'electron/core/devices/cli.ts', "import { demoSimulators } from '../../demo/devices';"],
      ['a bench using the emulator', 'electron/core/devices/print/bench.ts', "import { EscPosEmulator } from './sim/escpos-emulator';"],
      ['the generator CLI using demo data', 'server/cli/generate.ts', "import { generateHouseholds } from '../demo/generator';"],
      ['npm run server with DEMO=1', 'server/main.ts', "export const load = () => import('./demo/backend');"],
      ['the demo seed using the backend', 'server/demo/backend.ts', "import { openBackend } from '../backend';"],
      ['a server test using demo accounts', 'server/auth.test.ts', "import { DEMO_PASSWORD } from './demo/accounts';"],
    ];
    for (const [what, filePath, line] of allowed) {
      it(`allows ${what}`, async () => {
        assert.deepEqual(await boundaryErrors(`${line}\nexport const x = 1;`, filePath), []);
      });
    }
  });

  describe('npm packages by environment', () => {
    const nodePackages = readFileSync('tests/fixtures/boundary/node-packages.ts', 'utf8');
    const domPackages = readFileSync('tests/fixtures/boundary/dom-packages.tsx', 'utf8');
    const stdPackages = readFileSync('tests/fixtures/boundary/std-packages.ts', 'utf8');
    const importCount = (code: string) => code.match(/^import /gm)!.length;

    it('reports every Node package imported by the renderer, shared/ or a preload', async () => {
      assert.equal(importCount(nodePackages), 8);
      for (const filePath of ['renderer/src/x.tsx', 'shared/x.ts', 'electron/preload/x.ts']) {
        const errors = await boundaryErrors(nodePackages, filePath);
        assert.equal(errors.length, 8, `${filePath}:\n${errors.join('\n')}`);
        for (const error of errors) assert.match(error, /is a node package, which the (dom|std|preload) environment cannot load/);
      }
    });

    it('allows the same packages in the host core, the backend and Electron main', async () => {
      for (const filePath of ['electron/core/x.ts', 'server/x.ts', 'electron/main/x.ts', 'electron/web-host/x.ts']) {
        assert.deepEqual(await boundaryErrors(nodePackages, filePath), [], filePath);
      }
    });

    it('allows page packages in the renderer only', async () => {
      assert.deepEqual(await boundaryErrors(domPackages, 'renderer/src/x.tsx'), []);
      for (const filePath of ['shared/x.ts', 'electron/core/x.ts', 'server/x.ts', 'electron/preload/x.ts']) {
        const errors = await boundaryErrors(domPackages, filePath);
        assert.equal(errors.length, importCount(domPackages), `${filePath}:\n${errors.join('\n')}`);
        for (const error of errors) assert.match(error, /is a dom package/);
      }
    });

    it('allows plain-JavaScript packages everywhere', async () => {
      for (const filePath of ['shared/x.ts', 'renderer/src/x.tsx', 'electron/preload/x.ts', 'electron/core/x.ts', 'server/x.ts']) {
        assert.deepEqual(await boundaryErrors(stdPackages, filePath), [], filePath);
      }
    });

    it('lets tests import anything, and counts type-only imports as erased', async () => {
      assert.deepEqual(await boundaryErrors(nodePackages, 'renderer/src/x.test.tsx'), []);
      assert.deepEqual(await boundaryErrors("import type { Pool } from 'pg';\nexport type P = Pool;", 'shared/x.ts'), []);
    });

    it('reports a package nobody has classified, and every dependency in package.json is classified', async () => {
      const unknown = await boundaryErrors("import pad from 'left-pad';\nexport default pad;", 'electron/core/x.ts');
      assert.equal(unknown.length, 1);
      assert.match(unknown[0]!, /'left-pad' is not classified/);
      const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as Record<string, Record<string, string> | undefined>;
      const names = ['dependencies', 'devDependencies', 'optionalDependencies']
        .flatMap((field) => Object.keys(pkg[field] ?? {}))
        .filter((name) => name !== 'electron' && !name.startsWith('@types/'));
      assert.ok(names.length > 40, `${names.length} dependencies`);
      const code = names.map((name, i) => `import * as p${i} from '${name}';`).join('\n');
      const errors = await boundaryErrors(`${code}\nexport const x = 1;`, 'tests/x.ts');
      assert.deepEqual(errors, []);
      const unclassified = (await boundaryErrors(`${code}\nexport const x = 1;`, 'electron/core/x.ts')).filter((e) => /not classified/.test(e));
      assert.deepEqual(unclassified, []);
    });
  });
});

