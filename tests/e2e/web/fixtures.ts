import { test as base, chromium, type Browser } from '@playwright/test';
import path from 'node:path';
import { createCounterHost } from '../../../electron/core/host-config';
import { DeviceSettingsSchema, SIMULATED_DEVICES, type DeviceSettings } from '../../../electron/core/devices/settings';
import { createDeviceStation, type CreatedStation } from '../../../electron/core/devices/station/create';
import { PcscDriver } from '../../../electron/core/devices/card/pcsc';
import { VpcdCardThread, type VirtualCardSpec } from '../../../electron/core/devices/card/sim/card-thread';
import { isVpcdReader } from '../../../electron/core/devices/card/sim/vpcd-link';
import { isDeviceError } from '../../../shared/devices/errors';
import { DEMO_PRE_APPLICATION_KEY, demoSimulators } from '../../../electron/demo/devices';
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

/** CI sets it (scripts/ci-pcscd.sh): then a missing PC/SC stack fails a test that needs it instead of skipping it. */
const PCSC_REQUIRED = process.env.MADOGUCHI_TEST_PCSC === '1';

/** The vpcd reader's name as pcscd reports it ("Virtual PCD 00 00"), or why the real PC/SC stack is not here. */
function findVpcdReader(): { reader: string } | { reason: string } {
  let driver: PcscDriver;
  try {
    driver = PcscDriver.open();
  } catch (error) {
    return { reason: `pcscd not reachable (${isDeviceError(error) ? error.message : String(error)}); start it with scripts/ci-pcscd.sh` };
  }
  try {
    const reader = driver.listReaders().find((r) => isVpcdReader(r.name));
    return reader ? { reader: reader.name } : { reason: 'pcscd runs but has no "Virtual PCD 00 00" reader (is vsmartcard-vpcd installed?)' };
  } catch (error) {
    return { reason: `pcscd does not answer (${isDeviceError(error) ? error.message : String(error)})` };
  } finally {
    void driver.close();
  }
}

/**
 * A counter configured as IT would configure one with a PC/SC reader: that reader by name, the residence-card
 * issuer CAs from PEM files (here the TEST-ONLY ones the virtual cards are signed by, in place of ISA's), the
 * pre-application key in hex; the printer is still the emulator.
 */
function pcscDevices(reader: string): DeviceSettings {
  const issuer = (generation: 1 | 2) => path.resolve(`electron/core/devices/card/residence/fixtures/gen${generation}-issuer-ca.pem`);
  return DeviceSettingsSchema.parse({
    ...SIMULATED_DEVICES,
    cardReader: { driver: 'pcsc', reader },
    residenceCardIssuerFiles: [issuer(1), issuer(2)],
    preApplicationKeys: [Buffer.from(DEMO_PRE_APPLICATION_KEY).toString('hex')],
  });
}

/** The vpcd reader of the real PC/SC stack, and virtual cards (each in a worker thread) put on it. */
export interface VpcdReader {
  readonly reader: string;
  /** Starts the card and puts it on the reader; it is taken off and ended when the test ends. */
  put(spec: VirtualCardSpec): Promise<VpcdCardThread>;
}

/**
 * Per worker: Chromium and the real cloud backend (embedded PGlite in memory, demo data) on 127.0.0.1.
 * Per test: a fresh browser host (real host core, built renderer) on a free port, talking to that backend.
 */
const origin = { value: '' };

export const test = base.extend<
  {
    host: BrowserHost;
    core: CounterHost;
    tenantId: string;
    withDevices: boolean;
    cardReader: 'simulator' | 'pcsc';
    vpcd: VpcdReader | null;
    devices: CreatedStation | null;
  },
  { chromiumBrowser: Browser; backendUrl: string }
>({
  /** The municipality of the counter under test (test.use({ tenantId: '215015' }) for 坂祝町). */
  tenantId: ['212113', { option: true }],
  /** test.use({ withDevices: true }): the demo's devices — virtual cards on a simulated reader (or see cardReader), the ESC/POS emulator. */
  withDevices: [false, { option: true }],
  /**
   * With withDevices, test.use({ cardReader: 'pcsc' }) puts the card reader on the real stack instead of the
   * simulated one: pcsc.ts → smartcard → pcscd → vsmartcard-vpcd → virtual cards put on by `vpcd`. Without
   * pcscd and the vpcd reader the test skips and says why; with MADOGUCHI_TEST_PCSC=1 (CI) it fails instead.
   */
  cardReader: ['simulator', { option: true }],
  vpcd: async ({ withDevices, cardReader }, use, testInfo) => {
    if (!withDevices || cardReader !== 'pcsc') return use(null);
    const found = findVpcdReader();
    if ('reason' in found) {
      if (PCSC_REQUIRED) throw new Error(`MADOGUCHI_TEST_PCSC=1 but ${found.reason}`);
      testInfo.skip(true, `${found.reason} — MADOGUCHI_TEST_PCSC=1 makes this a failure`);
      return;
    }
    const cards: VpcdCardThread[] = [];
    await use({
      reader: found.reader,
      put: async (spec) => {
        const card = await VpcdCardThread.start(spec);
        cards.push(card);
        await card.insert();
        return card;
      },
    });
    for (const card of cards) await card.close();
  },
  devices: async ({ withDevices, tenantId, vpcd }, use) => {
    if (!withDevices) return use(null);
    const settings = vpcd ? pcscDevices(vpcd.reader) : SIMULATED_DEVICES;
    const created = await createDeviceStation(settings, { now: () => new Date(), simulators: demoSimulators(tenantId) });
    await use(created);
    await created.close();
  },
  backendUrl: [
    async ({}, use) => {
      const backend = await openDemoBackend(
        { port: 0, host: '127.0.0.1', demo: true, secret: DEMO_SECRET, sessionHours: 8, idleMinutes: 15, idempotencyRetentionDays: 35 },
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
