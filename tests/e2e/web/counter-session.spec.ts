import type { Browser, Page, WebSocket } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * The foundation's end-to-end contract: two Chromium pages on the browser host (real host core, built
 * renderer), the staff page drives the counter session and the customer page follows it.
 */

const STAFF_NOTE = '支援措置対象者 — 住所を読み上げない';

/** Every frame the page's WebSocket sends or receives, as text. */
/**
 * The staff and customer screens in two separate browser windows, as on two displays (one window per context,
 * so neither is a background tab that Chromium throttles).
 */
async function twoScreens(browser: Browser) {
  const staffContext = await browser.newContext();
  const customerContext = await browser.newContext();
  const staff = await staffContext.newPage();
  const customer = await customerContext.newPage();
  return {
    staff,
    customer,
    close: async () => {
      await staffContext.close();
      await customerContext.close();
    },
  };
}

function recordFrames(page: Page): string[] {
  const frames: string[] = [];
  page.on('websocket', (socket: WebSocket) => {
    socket.on('framereceived', (frame) => frames.push(String(frame.payload)));
    socket.on('framesent', (frame) => frames.push(String(frame.payload)));
  });
  return frames;
}

test('a staff action changes the customer page; a reloaded customer page comes back to the same state', async ({ chromiumBrowser, host }) => {
  const { staff, customer, close } = await twoScreens(chromiumBrowser);
  const customerFrames = recordFrames(customer);

  await customer.goto(`${host.origin}/customer.html`);
  await expect(customer.getByTestId('customer-idle')).toBeVisible();
  await staff.goto(`${host.origin}/staff.html`);
  await expect(staff.getByTestId('customer-display-status')).toHaveAttribute('data-status', 'connected');

  // Keyboard-first: the start button has focus when no visit is open.
  await expect(staff.getByRole('button', { name: '受付を開始' })).toBeFocused();
  await staff.keyboard.press('Enter');
  await expect(staff.getByRole('heading', { name: '本人確認' })).toBeVisible();
  await expect(customer.getByTestId('customer-language-picker')).toBeVisible();

  await staff.getByLabel('職員メモ（お客様画面には表示されません）').fill(STAFF_NOTE);
  await staff.getByRole('radio', { name: 'English' }).click();
  await expect(customer.getByRole('heading', { name: 'Checking your identity' })).toBeVisible();
  await expect(customer.locator('html')).toHaveAttribute('lang', 'en');

  await staff.keyboard.press('Alt+ArrowRight');
  await expect(staff.getByTestId('step-of')).toHaveText('手順 2 / 6');
  await expect(customer.getByRole('heading', { name: 'What you are notifying' })).toBeVisible();
  await staff.getByRole('button', { name: '次へ' }).click();
  await expect(customer.getByTestId('customer-step')).toHaveAttribute('data-step', 'procedures');

  await customer.reload();
  await expect(customer.getByTestId('customer-step')).toHaveAttribute('data-step', 'procedures');
  await expect(customer.getByRole('heading', { name: 'Procedures you need' })).toBeVisible();

  // The staff page also resyncs: the note typed before the reload is still there (the host owns it).
  await staff.reload();
  await expect(staff.getByLabel('職員メモ（お客様画面には表示されません）')).toHaveValue(STAFF_NOTE);
  await expect(staff.getByTestId('step-of')).toHaveText('手順 3 / 6');

  // Asserted on the wire: nothing staff-only ever reached the customer page.
  expect(customerFrames.length).toBeGreaterThan(3);
  const wire = customerFrames.join('\n');
  for (const staffOnly of [STAFF_NOTE, 'staffNote', 'terminalId', 'e2e-terminal-07', 'visitId', 'customerDisplay', 'staffViewChanged']) {
    expect(wire, `customer wire leaks ${staffOnly}`).not.toContain(staffOnly);
  }
  await close();
});

test('the resident can pick the language on the customer page', async ({ chromiumBrowser, host }) => {
  const { staff, customer, close } = await twoScreens(chromiumBrowser);
  await staff.goto(`${host.origin}/staff.html`);
  await customer.goto(`${host.origin}/customer.html`);
  await staff.getByRole('button', { name: '受付を開始' }).click();
  await customer.getByRole('button', { name: 'English' }).click();
  await expect(customer.getByRole('heading', { name: 'Checking your identity' })).toBeVisible();
  await expect(staff.getByRole('radio', { name: 'English' })).toBeChecked();
  await close();
});

test('ending the visit returns the customer page to idle with nothing of the visit left', async ({ chromiumBrowser, host }) => {
  const { staff, customer, close } = await twoScreens(chromiumBrowser);
  await staff.goto(`${host.origin}/staff.html`);
  await customer.goto(`${host.origin}/customer.html`);
  await staff.getByRole('button', { name: '受付を開始' }).click();
  await staff.getByRole('radio', { name: 'English' }).click();
  await expect(customer.getByTestId('customer-step')).toBeVisible();
  await staff.getByRole('button', { name: '受付を終了' }).click();
  await expect(customer.getByTestId('customer-idle')).toBeVisible();
  await expect(staff.getByRole('button', { name: '受付を開始' })).toBeVisible();
  await expect(customer.locator('body')).not.toContainText('identity');
  await close();
});

test('the staff page shows when the customer screen is missing, and the staff UI language is its own', async ({ chromiumBrowser, host }) => {
  const { staff, customer: unused, close } = await twoScreens(chromiumBrowser);
  await unused.close();
  await staff.goto(`${host.origin}/staff.html`);
  const status = staff.getByTestId('customer-display-status');
  await expect(status).toHaveAttribute('data-status', 'missing');
  await expect(status).toContainText('お客様画面が接続されていません');

  const customer = await staff.context().browser()!.newPage();
  await customer.goto(`${host.origin}/customer.html`);
  await expect(status).toHaveAttribute('data-status', 'connected');
  await customer.close();
  await expect(status).toHaveAttribute('data-status', 'missing');

  // Switching the clerk's UI to English changes nothing for the resident: it is not session state.
  await staff.getByLabel('表示言語').selectOption('en');
  await expect(staff.getByRole('button', { name: 'Start visit' })).toBeVisible();
  await staff.getByRole('button', { name: 'Start visit' }).click();
  const customerAgain = await staff.context().browser()!.newPage();
  await customerAgain.goto(`${host.origin}/customer.html`);
  await expect(customerAgain.getByTestId('customer-language-picker')).toBeVisible();
  await close();
});

test('a page from another origin cannot open the host socket', async ({ chromiumBrowser, host }) => {
  const page = await chromiumBrowser.newPage();
  await page.goto('about:blank');
  const outcome = await page.evaluate(
    (url) =>
      new Promise<string>((resolve) => {
        const socket = new WebSocket(url);
        socket.onopen = () => resolve('open');
        socket.onerror = () => resolve('refused');
      }),
    host.origin.replace('http', 'ws') + '/ws/staff',
  );
  expect(outcome).toBe('refused');
  await page.close();
});
