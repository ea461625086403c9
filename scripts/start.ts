/**
 * `npm start`: build, then launch the Electron app. Where no Electron binary can be had (our machines cannot
 * download it) say so in one line and run the browser host instead, which serves the same two screens.
 * `npm run host` (--browser) goes straight to the browser host.
 */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electron-binary';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = path.join(root, 'node_modules', 'electron');

const built = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

let binary = process.argv.includes('--browser') ? null : findElectronBinary(process.env, electronDir);
const mayDownload = !process.env.MADOGUCHI_ELECTRON_PATH && !process.env.MADOGUCHI_NO_ELECTRON_DOWNLOAD;
if (!binary && !process.argv.includes('--browser') && mayDownload) {
  // One quiet attempt at Electron's own download (works where the internet is reachable; fails fast here).
  spawnSync(process.execPath, [path.join(electronDir, 'install.js')], { cwd: electronDir, stdio: 'ignore', timeout: 120_000 });
  binary = findElectronBinary(process.env, electronDir);
}

const run = (command: string, args: string[], env: NodeJS.ProcessEnv = process.env) => {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', env });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code) => process.exit(code ?? 0));
};

if (binary) {
  // `npm start` is the demo: Electron main composes the demo root (its own bundle) only when asked like this.
  run(binary, [root], { ...process.env, MADOGUCHI_DEMO: '1' });
} else {
  if (!process.argv.includes('--browser')) {
    console.log(
      'Electron binary not available (it cannot be downloaded here; set MADOGUCHI_ELECTRON_PATH to use one): starting the browser host instead.',
    );
  }
  run(process.execPath, [path.join(root, 'out', 'web-host', 'main.mjs')]);
}
