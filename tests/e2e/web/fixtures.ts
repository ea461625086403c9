import { test as base, chromium, type Browser } from '@playwright/test';
import path from 'node:path';
import { createCounterHost } from '../../../electron/core/host-config';
import { SIMULATED_DEVICES } from '../../../electron/core/devices/settings';
import { createDeviceStation, type CreatedStation } from '../../../electron/core/devices/station/create';
import { demoSimulators } from '../../../electron/demo/devices';
import type { CounterHost } from '../../../electron/core/counter-host';
import { chromiumPdfRenderer } from '../../../electron/web-host/pdf';
import { startBrowserHost, type BrowserHost } from '../../../electron/web-host/server';
import { openDemoBackend } from '../../../server/demo/backend';
import { DEMO_SECRET } from '../../../server/config';

/**
 * Debian's Chromium (Playwright cannot download its own here), started with the flags our closed network
 * needs. Override with CHROMIUM_PATH.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/**
 * Per worker: Chromium and the real cloud backend (embedded PGlite in memory, demo data) on 127.0.0.1.
 * Per test: a fresh browser host (real host core, built renderer) on a free port, talking to that backend.
 */
const origin = { value: '' };

export const test = base.extend<
  { host: BrowserHost; core: CounterHost; tenantId: string; withDevices: boolean; devices: CreatedStation | null },
  { chromiumBrowser: Browser; backendUrl: string }
>({
  /** The municipality of the counter under test (test.use({ tenantId: '215015' }) for 坂祝町). */
  tenantId: ['212113', { option: true }],
  /** test.use({ withDevices: true }): the demo's devices — virtual cards on a simulated reader, the ESC/POS emulator. */
  withDevices: [false, { option: true }],
  devices: async ({ withDevices, tenantId }, use) => {
    if (!withDevices) return use(null);
    const created = await createDeviceStation(SIMULATED_DEVICES, { now: () => new Date(), simulators: demoSimulators(tenantId) });
    await use(created);
    await created.close();
  },
  backendUrl: [
    async ({}, use) => {
      const backend = await openDemoBackend(
        { port: 0, host: '127.0.0.1', demo: true, secret: DEMO_SECRET, sessionHours: 8, idleMinutes: 15, lockoutThreshold: 5, lockoutMinutes: 15, idempotencyRetentionDays: 35 },
        { logLevel: 'warn', householdsPerTenant: 20 },
      );
      const url = await backend.app.listen({ host: '127.0.0.1', port: 0 });
      await use(url);
      await backend.close();
    },
    { scope: 'worker', timeout: 60_000 },
  ],
  chromiumBrowser: [
    async ({}, use) => {
      const browser = await launchChromium();
      await use(browser);
      await browser.close();
    },
    { scope: 'worker' },
  ],
  // The host's PDF renderer prints the browser host's own guide page (its origin is known once it listens).
  core: async ({ backendUrl, tenantId, devices }, use) => {
    await use(
      createCounterHost({
        config: { terminalId: 'demo-terminal-01', tenantId, version: 'e2e' },
        platform: 'browser',
        backendUrl,
        log: () => {},
        renderPdf: chromiumPdfRenderer(() => origin.value),
        devices: devices?.station,
      }),
    );
  },
  host: async ({ core }, use) => {
    const host = await startBrowserHost({ core, rendererRoot: path.resolve('out/renderer'), port: 0 });
    origin.value = host.origin;
    await use(host);
    await host.close();
  },
});

export { expect } from '@playwright/test';
