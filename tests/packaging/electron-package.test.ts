/**
 * The packaged app, checked without an Electron binary. electron-builder runs for real on the built out/ with
 * build/electron-builder.yml (target `dir`, Linux x64), but against a stand-in Electron distribution: one
 * file carrying only the fuse wire in Electron's documented layout, since the real binary cannot be
 * downloaded here. What this proves is everything electron-builder does with our configuration:
 *   - what goes into app.asar (the built app and production dependencies; no browser host, source maps or
 *     development tools) and that every module the main bundle loads at run time is in it;
 *   - native modules (.node) and the print fonts unpacked beside the archive, where native code can read them;
 *   - the municipality font folder as an extra resource;
 *   - the security fuses (https://www.electronjs.org/docs/latest/tutorial/fuses) flipped as configured.
 * Not proved here: that the packaged app starts (needs the real binary) and the Windows installer (NSIS/MSI,
 * built on IT's release machine).
 */
import { getRawHeader } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { outsideAsar } from '../../electron/core/devices/print/fonts';
import { WINDOWS, rendererPages } from '../../shared/contract/windows';

const root = path.resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string; name: string; devDependencies: Record<string, string> };

/** @electron/fuses' sentinel; the wire follows it: version byte, length byte, one byte per fuse ('0'/'1'). */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron's defaults (its fuses guide, above): RunAsNode, NODE_OPTIONS, --inspect and file:// privileges on; the rest off. */
const ELECTRON_DEFAULT_WIRE = '10110001';

let work: string;
let app: string;
let asar: string;
let files: Map<string, { unpacked: boolean }>;

function listArchive(archive: string): Map<string, { unpacked: boolean }> {
  type Node = { files?: Record<string, Node>; unpacked?: boolean };
  const out = new Map<string, { unpacked: boolean }>();
  const walk = (node: Node, prefix: string) => {
    for (const [name, child] of Object.entries(node.files ?? {})) {
      const full = `${prefix}/${name}`;
      if (child.files) walk(child, full);
      else out.set(full, { unpacked: child.unpacked === true });
    }
  };
  walk(getRawHeader(archive).header as Node, '');
  return out;
}

function packageDir(name: string): string {
  return `/node_modules/${name}`;
}

describe('the packaged Electron app (electron-builder, dir target)', () => {
  before(() => {
    assert.ok(existsSync(path.join(root, pkg.main)), `${pkg.main} is missing: run \`npm run build\` first`);
    work = mkdtempSync(path.join(tmpdir(), 'madoguchi-package-'));
    const dist = path.join(work, 'electron-dist');
    mkdirSync(dist);
    const filler = Buffer.alloc(4096, 0x2e);
    writeFileSync(path.join(dist, 'electron'), Buffer.concat([filler, Buffer.from(FUSE_SENTINEL), Buffer.from([1, ELECTRON_DEFAULT_WIRE.length]), Buffer.from(ELECTRON_DEFAULT_WIRE), filler]), { mode: 0o755 });
    const result = spawnSync(
      process.execPath,
      [
        path.join(root, 'node_modules/electron-builder/cli.js'),
        '--linux', 'dir', '--x64', '--publish', 'never',
        '--config', 'build/electron-builder.yml',
        `-c.electronDist=${dist}`,
        `-c.directories.output=${path.join(work, 'dist')}`,
      ],
      { cwd: root, encoding: 'utf8', env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false' }, timeout: 300_000 },
    );
    assert.equal(result.status, 0, `electron-builder failed:\n${result.stdout}\n${result.stderr}`);
    app = path.join(work, 'dist', 'linux-unpacked');
    asar = path.join(app, 'resources', 'app.asar');
    files = listArchive(asar);
  });

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('holds the built app: main bundle, one preload per window, the renderer pages', () => {
    const preloads = Object.values(WINDOWS).map((window) => `/out/preload/${window.preload}.cjs`);
    const pages = Object.values(rendererPages()).map((page) => `/out/renderer/${page}`);
    for (const file of [`/${pkg.main}`, ...preloads, ...pages, '/package.json']) {
      assert.ok(files.has(file), `${file} is not in app.asar`);
    }
    const listed = [...files.keys()];
    assert.deepEqual(listed.filter((file) => /^\/out\/preload\/[^/]+\.cjs$/.test(file)).sort(), preloads.sort(), 'a preload for each window and no other');
    assert.deepEqual(listed.filter((file) => /^\/out\/renderer\/[^/]+\.html$/.test(file)).sort(), pages.sort(), 'the registry\'s pages and no other');
  });

  it('leaves out the browser host, the demo root, source maps and the development tools', () => {
    const listed = [...files.keys()];
    // The counter talks to its municipality's backend: the embedded demo backend and its migrations stay out.
    assert.deepEqual(listed.filter((file) => /^\/out\/((web-host|electron-demo)\/|.*\/migrations\/)/.test(file)), []);
    assert.deepEqual(listed.filter((file) => file.startsWith('/out/') && file.endsWith('.map')), []);
    for (const tool of ['electron', 'electron-builder', 'playwright', '@playwright/test', 'vite', 'esbuild', 'typescript', 'eslint', 'tsx', 'fast-check']) {
      assert.ok(tool in pkg.devDependencies, `${tool} is a development dependency`);
      assert.equal(files.has(`${packageDir(tool)}/package.json`), false, `${tool} was packaged`);
    }
    // Test material stays out too (the residence-card test issuer's key lives in source, not in node_modules).
    assert.deepEqual(listed.filter((file) => /\/(tests|e2e)\//.test(file) && !file.startsWith('/node_modules/')), []);
  });

  it('packages every module the main bundle loads at run time', () => {
    const bundle = readFileSync(path.join(root, pkg.main), 'utf8');
    const specifiers = new Set<string>();
    for (const match of bundle.matchAll(/(?:\brequire|\bimport|createRequire\)\(__importMetaUrl\))\("([^"./][^"]*)"\)/g)) specifiers.add(match[1]!);
    // pg tries its optional native client and falls back to JavaScript when it is absent.
    const optional = new Set(['pg-native']);
    const packages = [...specifiers]
      .filter((specifier) => !isBuiltin(specifier) && specifier !== 'electron' && !optional.has(specifier))
      .map((specifier) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/'));
    assert.ok(packages.includes('smartcard') && packages.includes('node-hid') && packages.includes('usb'), packages.join(', '));
    for (const name of new Set(packages)) assert.ok(files.has(`${packageDir(name)}/package.json`), `${name} is loaded by the main bundle but not packaged`);
  });

  it('unpacks every native module, and has the Linux x64 binary of each driver', () => {
    const natives = [...files].filter(([file]) => file.endsWith('.node'));
    assert.deepEqual(natives.filter(([, entry]) => !entry.unpacked).map(([file]) => file), [], 'a .node file inside app.asar cannot load');
    const unpacked = (file: string) => existsSync(path.join(`${asar}.unpacked`, file));
    const binaryOf = (dir: string) => natives.some(([file]) => file.startsWith(`${packageDir(dir)}/`) && unpacked(file));
    for (const dir of ['smartcard', 'node-hid', '@node-usb/usb-linux-x64-gnu', '@napi-rs/canvas-linux-x64-gnu', '@serialport/bindings-cpp']) {
      assert.ok(binaryOf(dir), `no unpacked .node file for ${dir}`);
    }
  });

  it('unpacks the print fonts where fonts.ts looks for them, and ships the municipal font folder outside the archive', () => {
    const fonts = [...files].filter(([file]) => /^\/node_modules\/@fontsource\/[^/]+\/files\/.*-400-normal\.woff2$/.test(file));
    assert.ok(fonts.length > 0);
    assert.deepEqual(fonts.filter(([, entry]) => !entry.unpacked).map(([file]) => file), []);
    // The path fonts.ts computes inside the archive leads to the unpacked copy.
    const inArchive = path.join(asar, 'node_modules', '@fontsource', 'biz-udpgothic', 'files');
    const outside = outsideAsar(inArchive);
    assert.notEqual(outside, inArchive);
    assert.ok(readdirSync(outside).some((name) => name.endsWith('-400-normal.woff2')));
    assert.ok(existsSync(path.join(app, 'resources', 'fonts', 'README.md')), 'resources/fonts is an extra resource');
  });

  it('flips the security fuses: no RunAsNode, NODE_OPTIONS or --inspect; asar integrity and asar-only loading on', async () => {
    const executable = path.join(app, pkg.name);
    const wire = await getCurrentFuseWire(executable);
    const on = '1'.charCodeAt(0);
    const off = '0'.charCodeAt(0);
    assert.equal(wire[FuseV1Options.RunAsNode], off);
    assert.equal(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable], off);
    assert.equal(wire[FuseV1Options.EnableNodeCliInspectArguments], off);
    assert.equal(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation], on);
    assert.equal(wire[FuseV1Options.OnlyLoadAppFromAsar], on);
    assert.equal(wire[FuseV1Options.EnableCookieEncryption], on);
    assert.equal(wire[FuseV1Options.GrantFileProtocolExtraPrivileges], off);
  });
});
