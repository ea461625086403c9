import { chromium } from 'playwright-core';
import { PRINT_PAGES, type PrintPage } from '../../shared/contract';

/**
 * PDF output for the browser host (development and tests only): Chromium prints the app's own page, as
 * Electron's printToPDF does in the app. Debian's Chromium by default; MADOGUCHI_CHROMIUM_PATH overrides.
 */
export function chromiumPdfRenderer(origin: () => string, executablePath = process.env.MADOGUCHI_CHROMIUM_PATH ?? '/usr/bin/chromium') {
  return async (page: PrintPage): Promise<Uint8Array> => {
    const browser = await chromium.launch({
      executablePath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const tab = await browser.newPage();
      await tab.goto(`${origin()}/${PRINT_PAGES[page].page}`);
      await tab.getByTestId(page).waitFor();
      await tab.evaluate(() => document.fonts.ready);
      return await tab.pdf({ format: 'A4', printBackground: true });
    } finally {
      await browser.close();
    }
  };
}
