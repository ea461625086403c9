/**
 * Electron entry point: the only file that wires real Electron modules to the tested pieces. It is kept to
 * composition — every decision it relies on (web preferences, navigation and permission guards, sender
 * validation, display placement, file serving) lives in a module with unit tests against fakes.
 */
import { BrowserWindow, app, ipcMain, protocol, screen, session } from 'electron';
import path from 'node:path';
import { resolveBackend } from '../core/embedded-backend';
import { createCounterHost, hostConfigFromEnv } from '../core/host-config';
import { createDeviceStation } from '../core/devices/station/create';
import { loadDeviceSettings } from '../core/devices/settings';
import { jsonLineLogger } from '../core/log';
import { contentSecurityPolicy, serveStatic } from '../core/static-files';
import { WindowRoles, connectWindow, registerIpc } from './ipc';
import { electronPdfRenderer } from './pdf';
import { APP_HOST, APP_ORIGIN, APP_SCHEME, denyAllPermissions, hardenApp, secureWebPreferences } from './security';
import { CustomerWindowPlacer, customerWindowOptions, staffWindowOptions } from './windows';

const production = app.isPackaged;
const outDir = path.resolve(__dirname, '..');
const rendererRoot = path.join(outDir, 'renderer');
const preload = (role: 'staff' | 'customer') => path.join(outDir, 'preload', `${role}.cjs`);

if (!app.requestSingleInstanceLock()) app.quit();

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);
hardenApp(app, { production });

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

  // The cloud backend: the configured one, or an embedded one with demo data (zero setup).
  const backend = await resolveBackend(process.env, path.join(app.getPath('userData'), 'pglite'));
  jsonLineLogger({ level: 'info', event: 'backend.ready', embedded: backend.embedded });
  app.once('will-quit', () => void backend.close());
  const roles = new WindowRoles();
  // PDF output: a hidden staff-role window shows the page, Chromium's printToPDF prints it (A4).
  const renderPdf = electronPdfRenderer({
    createWindow: (options) => new BrowserWindow(options),
    webPreferences: secureWebPreferences({ preload: preload('staff'), production }),
    connect: (window) => connectWindow(host, roles, (window as BrowserWindow).webContents, 'staff'),
    origin: APP_ORIGIN,
  });
  const config = hostConfigFromEnv(process.env, app.getVersion());
  // The counter's card reader, scanners and printer from this workstation's settings (simulators in the demo).
  const devices = await createDeviceStation(loadDeviceSettings(process.env, backend.embedded), { tenantId: config.tenantId, now: () => new Date() });
  app.once('will-quit', () => void devices.close());
  const host = createCounterHost(config, 'electron', backend.url, jsonLineLogger, undefined, renderPdf, devices.station);
  registerIpc(ipcMain, host, roles);

  const staff = new BrowserWindow(staffWindowOptions({ preload: preload('staff'), production }));
  connectWindow(host, roles, staff.webContents, 'staff');
  staff.once('ready-to-show', () => staff.show());
  void staff.loadURL(`${APP_ORIGIN}/staff.html`);

  const placer = new CustomerWindowPlacer({
    screen,
    onStatus: (status) => host.setCustomerDisplay(status),
    createWindow: (bounds) => {
      const customer = new BrowserWindow(customerWindowOptions(bounds, { preload: preload('customer'), production }));
      connectWindow(host, roles, customer.webContents, 'customer');
      customer.once('ready-to-show', () => customer.showInactive());
      void customer.loadURL(`${APP_ORIGIN}/customer.html`);
      return customer;
    },
  });
  placer.start();

  staff.on('closed', () => app.quit());
});

app.on('window-all-closed', () => app.quit());
