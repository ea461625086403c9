import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests. `web` drives Debian's Chromium through the browser host (always runs); `electron` drives
 * the real app and runs only where an Electron executable is given in MADOGUCHI_ELECTRON_PATH.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 30_000,
  expect: { timeout: 5_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['./tests/e2e/skip-reason-reporter.ts']],
  projects: [
    { name: 'web', testDir: 'tests/e2e/web' },
    { name: 'electron', testDir: 'tests/e2e/electron' },
  ],
});
