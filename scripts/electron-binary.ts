import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Where the Electron executable is, or null. Looked up without requiring the `electron` package, because its
 * index.js starts a download when the binary is missing — which on the counter network hangs or fails.
 *   1. MADOGUCHI_ELECTRON_PATH: an executable IT or CI provides;
 *   2. ELECTRON_OVERRIDE_DIST_PATH: Electron's own override, a folder holding the binary;
 *   3. the binary the electron package downloaded into node_modules/electron/dist.
 */
export function findElectronBinary(env: NodeJS.ProcessEnv, electronPackageDir: string): string | null {
  const explicit = env.MADOGUCHI_ELECTRON_PATH;
  if (explicit) return existsSync(explicit) ? explicit : null;

  const pathFile = path.join(electronPackageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : defaultExecutableName();
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  const candidate = override ? path.join(override, relative) : path.join(electronPackageDir, 'dist', relative);
  return existsSync(candidate) ? candidate : null;
}

function defaultExecutableName(): string {
  if (process.platform === 'win32') return 'electron.exe';
  if (process.platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  return 'electron';
}
