/**
 * `npm start` fallback (and `npm run host`): runs the host core in plain Node and serves both screens to a
 * browser. Prints the two URLs a developer opens. The browser host is never packaged: it composes the demo root.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCounterHost, hostConfigFromEnv } from '../core/host-config';
import { jsonLineLogger } from '../core/log';
import { demoRoot } from '../demo/root';
import { chromiumPdfRenderer } from './pdf';
import { startBrowserHost, windowUrls } from './server';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererRoot = process.env.MADOGUCHI_RENDERER_ROOT ?? path.resolve(here, '../renderer');
const port = Number(process.env.MADOGUCHI_PORT ?? 5170);
const version = process.env.npm_package_version ?? '0.0.0-dev';

const dataDir = process.env.DATA_DIR ?? path.resolve(here, '../../.data/pglite');
const backend = await demoRoot.backend(process.env, dataDir);
let origin = '';
const config = hostConfigFromEnv(process.env, version);
// Demo (embedded backend): the simulated card reader and the printer emulator, so the hardware works anywhere.
const devices = await demoRoot.devices(process.env, { tenantId: config.tenantId, now: () => new Date(), backend });
const core = createCounterHost({
  config,
  platform: 'browser',
  backendUrl: backend.url,
  log: jsonLineLogger,
  renderPdf: chromiumPdfRenderer(() => origin),
  devices: devices.station,
});
const host = await startBrowserHost({ core, rendererRoot, port, log: jsonLineLogger }).catch((error: NodeJS.ErrnoException) => {
  if (error.code !== 'EADDRINUSE') throw error;
  process.stderr.write(`Port ${port} on 127.0.0.1 is already in use (another Madoguchi?). Set MADOGUCHI_PORT to use another.\n`);
  process.exit(1);
});
origin = host.origin;
for (const [role, url] of Object.entries(windowUrls(host.origin))) process.stdout.write(`${`${role[0]?.toUpperCase()}${role.slice(1)} screen:`.padEnd(17)}${url}\n`);
process.stdout.write(`Backend:         ${backend.url}${backend.embedded ? ` (embedded PGlite in ${dataDir}, demo data)` : ''}\n`);

if (devices.emulator) process.stdout.write(`Printer:         ESC/POS emulator at ${devices.emulator.url}\n`);

const stop = () => void Promise.all([host.close(), backend.close(), devices.close()]).then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
