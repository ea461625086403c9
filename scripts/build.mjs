// Builds everything the app runs from, into out/:
//   out/renderer/            the windows' pages and the printed pages (Vite)
//   out/electron/main.cjs    the Electron main process (esbuild, CJS; electron and native modules external)
//   out/electron-demo/root.cjs  the demo root Electron main loads for `npm start` (never packaged)
//   out/preload/<bundle>.cjs one sandboxed preload per window role, each a single CJS file
//   out/web-host/main.mjs    the browser host (dev and tests only; never packaged)
// Building needs no Electron binary, so it runs on every machine.
import { build as esbuild } from 'esbuild';
import { cpSync, rmSync } from 'node:fs';
import { tsImport } from 'tsx/esm/api';
import { build as viteBuild } from 'vite';

// The window registry decides which preloads exist (as it decides the Vite inputs and the windows main opens).
const { WINDOWS } = await tsImport('../shared/contract/windows.ts', import.meta.url);

const nodeTarget = 'node20'; // runs on our Node 20 and on Electron 45's Node 24

await viteBuild({ configFile: 'vite.config.ts', logLevel: 'warn' });

// These folders are packed whole: nothing an older build left there may stay to be packaged (the migrations
// main once needed, the preload of a window taken out of the registry).
for (const dir of ['out/electron', 'out/electron-demo', 'out/preload']) rmSync(dir, { recursive: true, force: true });
const common = { bundle: true, sourcemap: true, logLevel: 'warning', legalComments: 'none' };
// Bundles loaded by the Electron main process.
const mainProcess = {
  ...common,
  outExtension: { '.js': '.cjs' },
  platform: 'node',
  format: 'cjs',
  target: nodeTarget,
  // Native modules (and PGlite's WASM) load from node_modules at run time.
  external: ['electron', 'node-hid', '@electric-sql/pglite', 'smartcard', 'serialport', '@napi-rs/canvas', 'usb'],
  // The embedded backend finds its migrations beside the running bundle (import.meta.url), which CJS lacks.
  banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__importMetaUrl' },
};
await Promise.all([
  esbuild({ ...mainProcess, entryPoints: { main: 'electron/main/main.ts' }, outdir: 'out/electron' }),
  // The demo (embedded backend, simulators) as its own bundle, so the production main bundle holds none of it.
  esbuild({ ...mainProcess, entryPoints: { root: 'electron/demo/root.ts' }, outdir: 'out/electron-demo' }),
  // Sandboxed preloads may require only electron's renderer modules (and events/timers/url): everything
  // else is bundled in, and a stray Node import fails the build here rather than at runtime. One source,
  // built once per role with that role written into the bundle.
  ...Object.entries(WINDOWS).map(([role, window]) =>
    esbuild({
      ...common,
      entryPoints: { [window.preload]: 'electron/preload/window.ts' },
      define: { MADOGUCHI_WINDOW_ROLE: JSON.stringify(role) },
      outdir: 'out/preload',
      outExtension: { '.js': '.cjs' },
      platform: 'browser',
      format: 'cjs',
      minify: true,
      target: 'chrome130',
      external: ['electron'],
    }),
  ),
  esbuild({
    ...common,
    entryPoints: { main: 'electron/web-host/main.ts' },
    outdir: 'out/web-host',
    outExtension: { '.js': '.mjs' },
    platform: 'node',
    format: 'esm',
    target: nodeTarget,
    packages: 'external',
  }),
]);
// The SQL migrations travel with every bundle that embeds the backend.
for (const dir of ['out/electron-demo/migrations', 'out/web-host/migrations']) cpSync('server/db/migrations', dir, { recursive: true });
console.log('built out/renderer, out/electron, out/electron-demo, out/preload, out/web-host');
