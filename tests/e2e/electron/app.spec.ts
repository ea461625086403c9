import { _electron as electron, expect, test } from '@playwright/test';
import path from 'node:path';

/**
 * The real Electron app. Our machines cannot download the Electron binary, so these run only where one is
 * given: MADOGUCHI_ELECTRON_PATH=/path/to/electron npm run test:e2e (the IT release machine). Elsewhere they
 * are reported as skipped with that reason.
 */
const executablePath = process.env.MADOGUCHI_ELECTRON_PATH;

test.skip(!executablePath, 'no Electron executable: set MADOGUCHI_ELECTRON_PATH to run the Electron shell tests');

test('the staff window opens sandboxed, with only the staff API and no Node', async () => {
  const app = await electron.launch({
    executablePath: executablePath!,
    args: [path.resolve('.')],
    env: { ...process.env, MADOGUCHI_TERMINAL_ID: 'demo-terminal-01' },
  });
  try {
    const staff = await app.firstWindow();
    await expect(staff.getByRole('heading', { level: 1 })).toBeVisible();
    expect(new URL(staff.url()).origin).toBe('app://madoguchi');
    const surface = await staff.evaluate(() => {
      const api = (window as unknown as { madoguchi?: { call: object; on: object } }).madoguchi;
      return {
        hasProcess: typeof (window as unknown as { process?: unknown }).process !== 'undefined',
        hasRequire: typeof (window as unknown as { require?: unknown }).require !== 'undefined',
        calls: api ? Object.keys(api.call).sort() : [],
        generic: api ? ['invoke', 'send'].some((key) => key in api) : true,
      };
    });
    expect(surface.hasProcess).toBe(false);
    expect(surface.hasRequire).toBe(false);
    expect(surface.generic).toBe(false);
    expect(surface.calls).toContain('startVisit');

    // One display on a test machine: the staff window says the customer screen is missing.
    await expect(staff.getByTestId('customer-display-status')).toHaveAttribute('data-status', /missing|connected/);
    // Sign in against the embedded backend (demo data), then start a visit.
    await staff.getByLabel('ログインID').fill('minokamo.counter');
    await staff.getByLabel('パスワード', { exact: true }).fill('Madoguchi#2026');
    await staff.getByLabel('職員証の番号（カードリーダー）').fill('04A1B2C3D4E5F6');
    await staff.getByRole('button', { name: 'ログイン' }).click();
    await staff.getByRole('button', { name: '受付を開始' }).click();
    await expect(staff.getByTestId('step-of')).toHaveText('手順 1 / 6');

    // Navigation away from the app origin is refused.
    await staff.evaluate(() => {
      window.location.href = 'https://example.invalid/';
    });
    await staff.waitForTimeout(500);
    expect(new URL(staff.url()).origin).toBe('app://madoguchi');
  } finally {
    await app.close();
  }
});
