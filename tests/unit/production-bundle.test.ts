import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import type { HostRoot } from '../../electron/core/host-root';
import { EscPosEmulator } from '../../electron/core/devices/print/sim/escpos-emulator';
import { TEST_MATERIAL } from '../../electron/core/devices/card/residence/sim/test-material';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../server/demo/accounts';
import { DEMO_PRE_APPLICATION_IDS } from '../../server/demo/seed';

/**
 * What ships holds no demo: the production bundles (what build/electron-builder.yml packs from out/) are built
 * from the working tree exactly as `npm run build` builds them, and none may contain the demo's accounts, its
 * pre-application codes, the ESC/POS emulator or the synthetic card issuer's keys. Each marker is taken from the
 * module it stands for, and the demo bundles built in the same run must contain every one of them — so a marker
 * that a build could never show (renamed, minified away) fails here instead of passing silently.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A slice from the middle of a key or certificate: no other text in the app can hold it by accident. */
const inner = (name: string) => {
  const base64 = TEST_MATERIAL[name];
  assert.ok(base64, `test material ${name}`);
  return base64.slice(120, 184);
};

const MARKERS: Record<string, string> = {
  'demo TOTP secret': DEMO_TOTP_SECRET,
  'demo password': DEMO_PASSWORD,
  ...Object.fromEntries(Object.entries(DEMO_PRE_APPLICATION_IDS).map(([tenant, id]) => [`demo pre-application code (${tenant})`, id])),
  // Its class name: code and strings naming the emulator exist only where its module was bundled.
  'ESC/POS emulator module': EscPosEmulator.name,
  'synthetic issuer CA (gen 2)': inner('gen2-issuer-ca.pem'),
  'synthetic signer key (gen 1)': inner('gen1-signer.key.pem'),
};

/** The folders electron-builder packs from out/ (its `files:` list), read from its configuration. */
function shippedFolders(): string[] {
  const config = readFileSync(path.join(root, 'build', 'electron-builder.yml'), 'utf8');
  const folders = [...config.matchAll(/^\s*-\s*"?(out\/[^*"!\s]+)\/\*\*"?\s*$/gm)].map((m) => m[1]!);
  assert.ok(folders.includes('out/electron'), `the Electron main bundle is among the packed folders: ${folders.join(', ')}`);
  return folders;
}

function* filesUnder(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(full);
    // Source maps are not packed (electron-builder.yml excludes **/*.map); their sources would name every module.
    else if (!entry.name.endsWith('.map')) yield full;
  }
}

/** Which markers occur in the files under these folders of the build. */
function markersIn(build: string, folders: string[]): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const folder of folders) {
    for (const file of filesUnder(path.join(build, folder))) {
      const text = readFileSync(file, 'latin1');
      for (const [name, marker] of Object.entries(MARKERS)) {
        if (text.includes(marker)) found.set(name, [...(found.get(name) ?? []), path.relative(build, file)]);
      }
    }
  }
  return found;
}

let build: string;

describe('the production bundles', () => {
  before(() => {
    // The working tree (tracked and new files, not ignored ones) copied beside no out/, node_modules linked in.
    build = mkdtempSync(path.join(tmpdir(), 'madoguchi-bundle-'));
    const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' });
    assert.equal(listed.status, 0, listed.stderr);
    for (const file of listed.stdout.split('\0')) {
      if (!file || file === 'node_modules' || !existsSync(path.join(root, file))) continue;
      mkdirSync(path.dirname(path.join(build, file)), { recursive: true });
      cpSync(path.join(root, file), path.join(build, file));
    }
    symlinkSync(path.join(root, 'node_modules'), path.join(build, 'node_modules'), 'dir');
    const built = spawnSync(process.execPath, [path.join('scripts', 'build.mjs')], { cwd: build, encoding: 'utf8' });
    assert.equal(built.status, 0, `npm run build: ${built.stderr}`);
  });
  after(() => rmSync(build, { recursive: true, force: true }));

  it('contain no demo data, simulator or test key', { timeout: 180_000 }, () => {
    assert.deepEqual(Object.fromEntries(markersIn(build, shippedFolders())), {});
  });

  it('while the demo bundles built beside them contain every marker (the markers survive a build)', () => {
    const demoFolders = ['out/web-host', 'out/electron-demo'].filter((folder) => existsSync(path.join(build, folder)));
    const found = markersIn(build, demoFolders);
    assert.deepEqual(Object.keys(MARKERS).filter((name) => !found.has(name)), []);
  });

  it('and the demo root bundle that npm start\'s Electron main loads by path composes the simulated counter', { timeout: 60_000 }, async () => {
    // What electron/main/main.ts does with MADOGUCHI_DEMO=1 (createRequire of out/electron-demo/root.cjs), under Node.
    const { demoRoot } = createRequire(import.meta.url)(path.join(build, 'out', 'electron-demo', 'root.cjs')) as { demoRoot: HostRoot };
    const env = { MADOGUCHI_BACKEND_URL: 'http://127.0.0.1:9' };
    const backend = await demoRoot.backend(env, path.join(build, 'pglite'));
    assert.deepEqual({ url: backend.url, embedded: backend.embedded }, { url: 'http://127.0.0.1:9', embedded: false });
    const devices = await demoRoot.devices(env, { tenantId: '212113', now: () => new Date(), backend: { ...backend, embedded: true } });
    try {
      const view = devices.station.snapshot();
      assert.deepEqual(view.simulator?.cards, ['mynumber', 'residence', 'staff']);
      assert.ok(devices.emulator?.url.startsWith('tcp://127.0.0.1:'), devices.emulator?.url);
    } finally {
      await devices.close();
    }
  });
});
