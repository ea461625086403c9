/**
 * Electron entry point: the only file that wires real Electron modules to the tested pieces. It is kept to
 * composition — every decision it relies on (web preferences, navigation and permission guards, sender
 * validation, display placement, file serving) lives in a module with unit tests against fakes.
 */
import { BrowserWindow, app, ipcMain, protocol, screen, session } from 'electron';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createCounterHost, hostConfigFromEnv } from '../core/host-config';
import { productionRoot, type HostRoot } from '../core/host-root';
import { jsonLineLogger } from '../core/log';
import { contentSecurityPolicy, serveStatic } from '../core/static-files';
import { WindowRoles, connectWindow, registerIpc } from './ipc';
import { electronPdfRenderer } from './pdf';
import { APP_HOST, APP_ORIGIN, APP_SCHEME, denyAllPermissions, hardenApp, secureWebPreferences } from './security';
import { openWindows, preloadPath } from './windows';

const production = app.isPackaged;
const outDir = path.resolve(__dirname, '..');
const rendererRoot = path.join(outDir, 'renderer');

if (!app.requestSingleInstanceLock()) app.quit();

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);
hardenApp(app, { production });

/**
 * The production root, unless `npm start` asks for the demo (MADOGUCHI_DEMO=1, never in the packaged app). The
 * demo root is its own bundle beside this one (out/electron-demo, not packaged), loaded by path only then, so
 * none of the demo's data, simulators or test keys is in this bundle.
 */
function hostRoot(): HostRoot {
  if (production || process.env.MADOGUCHI_DEMO !== '1') return productionRoot;
  const demo = createRequire(__filename)(path.join(outDir, 'electron-demo', 'root.cjs')) as { demoRoot: HostRoot };
  return demo.demoRoot;
}

app.whenReady().then(async () => {
  const csp = contentSecurityPolicy();
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return new Response('not found', { status: 404 });
    const response = await serveStatic(rendererRoot, url.pathname, csp);
    const body = typeof response.body === 'string' ? response.body : new Uint8Array(response.body);
    return new Response(body, { status: response.status, headers: response.headers });
  });
  denyAllPermissions(session.defaultSession);

  // The cloud backend: the configured one (the demo root: or an embedded one with demo data, zero setup).
  const root = hostRoot();
  const backend = await root.backend(process.env, path.join(app.getPath('userData'), 'pglite')).catch((error: Error) => {
    jsonLineLogger({ level: 'error', event: 'backend.unavailable', error: error.message });
    app.exit(1);
    throw error;
  });
  jsonLineLogger({ level: 'info', event: 'backend.ready', embedded: backend.embedded });
  app.once('will-quit', () => void backend.close());
  const roles = new WindowRoles();
  // PDF output: a hidden window of the page's role shows the page, Chromium's printToPDF prints it (A4).
  const renderPdf = electronPdfRenderer({
    createWindow: (options) => new BrowserWindow(options),
    webPreferences: (role) => secureWebPreferences({ preload: preloadPath(outDir, role), production }),
    connect: (window, role) => connectWindow(host, roles, (window as BrowserWindow).webContents, role),
    origin: APP_ORIGIN,
  });
  const config = hostConfigFromEnv(process.env, app.getVersion());
  // The counter's card reader, scanners and printer from this workstation's settings (simulators in the demo).
  const devices = await root.devices(process.env, { tenantId: config.tenantId, now: () => new Date(), backend });
  app.once('will-quit', () => void devices.close());
  const host = createCounterHost({ config, platform: 'electron', backendUrl: backend.url, log: jsonLineLogger, renderPdf, devices: devices.station });
  registerIpc(ipcMain, host, roles);

  // Every window of the registry (shared/contract/windows.ts), each attached to the host as its role.
  openWindows({
    outDir,
    production,
    origin: APP_ORIGIN,
    screen,
    create: (role, options) => {
      const window = new BrowserWindow(options);
      connectWindow(host, roles, window.webContents, role);
      return window;
    },
    onCustomerDisplay: (status) => host.setCustomerDisplay(status),
    onPrimaryClosed: () => app.quit(),
  });
});

app.on('window-all-closed', () => app.quit());
