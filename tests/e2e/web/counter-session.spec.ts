import { DEMO_PASSWORD } from '../../../server/demo/accounts';
import { expect, test } from './fixtures';
import { recordFrames, signInDirectly, twoScreens } from './helpers';

/**
 * The foundation's end-to-end contract: two Chromium pages on the browser host (real host core, built
 * renderer, real backend), the staff page drives the counter session and the customer page follows it.
 */

const STAFF_NOTE = '支援措置対象者 — 住所を読み上げない';
const NOTE_LABEL = '職員メモ（お客様画面には表示されません）';

test('sign-in; a staff action changes the customer page; a reloaded page comes back to the same state; nothing staff-only on the wire', async ({ chromiumBrowser, host }) => {
  const { staff, customer, close } = await twoScreens(chromiumBrowser);
  const customerFrames = recordFrames(customer);

  await customer.goto(`${host.origin}/customer.html`);
  await expect(customer.getByTestId('customer-idle')).toBeVisible();
  await staff.goto(`${host.origin}/staff.html`);
  await expect(staff.getByTestId('customer-display-status')).toHaveAttribute('data-status', 'connected');

  // Staff sign-in: password and staff card.
  await staff.getByLabel('ログインID').fill('minokamo.counter');
  await staff.getByLabel('パスワード', { exact: true }).fill(DEMO_PASSWORD);
  await staff.getByLabel('職員証の番号（カードリーダー）').fill('04A1B2C3D4E5F6');
  await staff.getByRole('button', { name: 'ログイン' }).click();
  await expect(staff.getByText('窓口 花子 さん')).toBeVisible();

  // Keyboard-first: the start button has focus when no visit is open.
  await expect(staff.getByRole('button', { name: '受付を開始' })).toBeFocused();
  await staff.keyboard.press('Enter');
  await expect(staff.getByRole('heading', { name: '本人確認', level: 2 })).toBeVisible();
  await expect(customer.getByTestId('customer-language-picker')).toBeVisible();

  await staff.getByLabel(NOTE_LABEL).fill(STAFF_NOTE);
  await staff.getByRole('radio', { name: 'English' }).click();
  await expect(customer.getByRole('heading', { name: 'Checking your identity' })).toBeVisible();
  await expect(customer.locator('html')).toHaveAttribute('lang', 'en');

  // Identify the household by name search, then move on with the keyboard.
  await staff.getByLabel('氏名（漢字・かな・ローマ字）').fill('oliveira camila');
  await staff.keyboard.press('Enter');
  await staff.getByRole('button', { name: /Oliveira Nakamura Camila さんの世帯を選ぶ/ }).click();
  await expect(staff.getByTestId('household')).toContainText('Oliveira Nakamura Thiago José');
  await staff.keyboard.press('Alt+ArrowRight');
  await expect(staff.getByTestId('step-of')).toHaveText('手順 2 / 6');
  await expect(customer.getByRole('heading', { name: 'What you are notifying' })).toBeVisible();

  await customer.reload();
  await expect(customer.getByTestId('customer-step')).toHaveAttribute('data-step', 'lifeEvent');
  await expect(customer.getByRole('heading', { name: 'What you are notifying' })).toBeVisible();

  // The staff page also resyncs: the note typed before the reload is still there (the host owns it).
  await staff.reload();
  await expect(staff.getByLabel(NOTE_LABEL)).toHaveValue(STAFF_NOTE);
  await expect(staff.getByTestId('step-of')).toHaveText('手順 2 / 6');

  // Asserted on the wire: nothing staff-only ever reached the customer page — not even the household's
  // names, which the resident sees only from the procedures step on.
  expect(customerFrames.length).toBeGreaterThan(3);
  const wire = customerFrames.join('\n');
  for (const staffOnly of [STAFF_NOTE, 'staffNote', 'terminalId', 'demo-terminal-01', 'visitId', 'customerDisplay', 'staffViewChanged', '窓口 花子', 'Oliveira', 'supportMeasure', 'residentId']) {
    expect(wire, `customer wire leaks ${staffOnly}`).not.toContain(staffOnly);
  }
  await close();
});

test('the resident can pick the language on the customer page', async ({ chromiumBrowser, host, core }) => {
  await signInDirectly(core);
  const { staff, customer, close } = await twoScreens(chromiumBrowser);
  await staff.goto(`${host.origin}/staff.html`);
  await customer.goto(`${host.origin}/customer.html`);
  await staff.getByRole('button', { name: '受付を開始' }).click();
  await customer.getByRole('button', { name: 'English' }).click();
  await expect(customer.getByRole('heading', { name: 'Checking your identity' })).toBeVisible();
  await expect(staff.getByRole('radio', { name: 'English' })).toBeChecked();
  await close();
});

test('ending the visit returns the customer page to idle with nothing of the visit left', async ({ chromiumBrowser, host, core }) => {
  await signInDirectly(core);
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

test('the staff page shows when the customer screen is missing, and the staff UI language is its own', async ({ chromiumBrowser, host, core }) => {
  await signInDirectly(core);
  const { staff, customer: unused, close } = await twoScreens(chromiumBrowser);
  await unused.close();
  await staff.goto(`${host.origin}/staff.html`);
  const status = staff.getByTestId('customer-display-status');
  await expect(status).toHaveAttribute('data-status', 'missing');
  await expect(status).toContainText('お客様画面が接続されていません');

  const customerContext = await chromiumBrowser.newContext();
  const customer = await customerContext.newPage();
  await customer.goto(`${host.origin}/customer.html`);
  await expect(status).toHaveAttribute('data-status', 'connected');
  await customer.close();
  await expect(status).toHaveAttribute('data-status', 'missing');

  // Switching the clerk's UI to English changes nothing for the resident: it is not session state.
  await staff.getByLabel('表示言語').selectOption('en');
  await expect(staff.getByRole('button', { name: 'Start visit' })).toBeVisible();
  await staff.getByRole('button', { name: 'Start visit' }).click();
  const customerAgain = await customerContext.newPage();
  await customerAgain.goto(`${host.origin}/customer.html`);
  await expect(customerAgain.getByTestId('customer-language-picker')).toBeVisible();
  await customerContext.close();
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
