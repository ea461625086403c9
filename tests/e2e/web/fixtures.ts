import { test as base, chromium, type Browser } from '@playwright/test';
import path from 'node:path';
import { createCounterHost } from '../../../electron/core/host-config';
import { startBrowserHost, type BrowserHost } from '../../../electron/web-host/server';

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

/** A fresh browser host (real host core, built renderer) per test, on a free 127.0.0.1 port. */
export const test = base.extend<{ host: BrowserHost }, { chromiumBrowser: Browser }>({
  chromiumBrowser: [
    async ({}, use) => {
      const browser = await launchChromium();
      await use(browser);
      await browser.close();
    },
    { scope: 'worker' },
  ],
  host: async ({}, use) => {
    const core = createCounterHost({ terminalId: 'e2e-terminal-07', version: 'e2e' }, 'browser', () => {});
    const host = await startBrowserHost({ core, rendererRoot: path.resolve('out/renderer'), port: 0 });
    await use(host);
    await host.close();
  },
});

export { expect } from '@playwright/test';
