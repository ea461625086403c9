// Builds everything the app runs from, into out/:
//   out/renderer/            the two windows (Vite)
//   out/electron/main.cjs    the Electron main process (esbuild, CJS; electron and native modules external)
//   out/preload/<role>.cjs   one sandboxed preload per window role, each a single CJS file
//   out/web-host/main.mjs    the browser host (dev and tests only; never packaged)
// Building needs no Electron binary, so it runs on every machine.
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';

const nodeTarget = 'node20'; // runs on our Node 20 and on Electron 45's Node 24

await viteBuild({ configFile: 'vite.config.ts', logLevel: 'warn' });

const common = { bundle: true, sourcemap: true, logLevel: 'warning', legalComments: 'none' };
await Promise.all([
  esbuild({
    ...common,
    entryPoints: { main: 'electron/main/main.ts' },
    outdir: 'out/electron',
    outExtension: { '.js': '.cjs' },
    platform: 'node',
    format: 'cjs',
    target: nodeTarget,
    external: ['electron', 'node-hid'],
  }),
  esbuild({
    ...common,
    // Sandboxed preloads may require only electron's renderer modules (and events/timers/url): everything
    // else is bundled in, and a stray Node import fails the build here rather than at runtime.
    entryPoints: { staff: 'electron/preload/staff.ts', customer: 'electron/preload/customer.ts' },
    outdir: 'out/preload',
    outExtension: { '.js': '.cjs' },
    platform: 'browser',
    format: 'cjs',
    minify: true,
    target: 'chrome130',
    external: ['electron'],
  }),
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
console.log('built out/renderer, out/electron, out/preload, out/web-host');
