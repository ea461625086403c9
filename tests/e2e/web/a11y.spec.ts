import { expect, test } from './fixtures';
import { expectNoAxeViolations as scan, signInDirectly, twoScreens } from './helpers';

/**
 * Accessibility: an axe scan (WCAG 2.0/2.1/2.2 A and AA rules) of each screen state the foundation and the
 * visit have so far must find nothing.
 */
test('staff and customer screens have no WCAG 2.2 AA violations in each state', async ({ chromiumBrowser, host, core }) => {
  test.setTimeout(180_000);
  const { staff, customer, close } = await twoScreens(chromiumBrowser);
  await staff.goto(`${host.origin}/staff.html`);
  await customer.goto(`${host.origin}/customer.html`);
  await expect(staff.getByRole('button', { name: 'ログイン' })).toBeVisible();
  await scan(staff, 'staff: sign-in');
  await expect(customer.getByTestId('customer-idle')).toBeVisible();
  await scan(customer, 'customer: idle');

  await signInDirectly(core);
  await expect(staff.getByRole('button', { name: '受付を開始' })).toBeVisible();
  await scan(staff, 'staff: no visit');
  await staff.getByRole('button', { name: '受付を開始' }).click();
  await expect(customer.getByTestId('customer-language-picker')).toBeVisible();
  await scan(customer, 'customer: language picker');
  await customer.getByRole('button', { name: 'やさしい にほんご' }).click();

  await staff.getByLabel('氏名（漢字・かな・ローマ字）').fill('oliveira camila');
  await staff.keyboard.press('Enter');
  await staff.getByRole('button', { name: /Oliveira Nakamura Camila さんの世帯を選ぶ/ }).click();
  await expect(staff.getByTestId('household')).toBeVisible();
  await scan(staff, 'staff: identify with results');
  await scan(customer, 'customer: identify (やさしい日本語)');
  await staff.keyboard.press('Alt+ArrowRight');
  await staff.getByLabel('異動日・届出事由の日').fill('2026-11-27');
  await staff.getByRole('button', { name: '手続きを判定' }).click();
  await expect(staff.getByText(/件の手続きを判定しました/)).toBeVisible();
  await scan(staff, 'staff: life event');
  await staff.keyboard.press('Alt+ArrowRight');
  await expect(staff.getByTestId('procedure-table')).toBeVisible();
  await scan(staff, 'staff: procedures');
  await expect(customer.locator('.procedure-list')).toBeVisible();
  await scan(customer, 'customer: procedures');
  await staff.keyboard.press('Alt+ArrowRight');
  await expect(customer.locator('.review')).toBeVisible();
  await scan(customer, 'customer: review');
  await scan(staff, 'staff: review');
  await customer.locator('.review button.primary').click();
  await staff.keyboard.press('Alt+ArrowRight');
  await expect(customer.getByTestId('signature-pad')).toBeVisible();
  await scan(customer, 'customer: signature');
  const box = (await customer.getByTestId('signature-pad').boundingBox())!;
  await customer.mouse.move(box.x + 50, box.y + 50);
  await customer.mouse.down();
  await customer.mouse.move(box.x + 250, box.y + 120);
  await customer.mouse.up();
  await customer.locator('.signature-actions button.primary').click();
  await expect(staff.getByTestId('sign-status')).toHaveText('署名を受け取りました。');
  await scan(staff, 'staff: signature received');
  await staff.getByRole('button', { name: '申請を確定して送信' }).click();
  await expect(staff.getByTestId('finish')).toBeVisible();
  await scan(staff, 'staff: finish with the guide preview');
  await expect(customer.locator('.receipt')).toBeVisible();
  await scan(customer, 'customer: finish');
  await staff.getByLabel('表示言語').selectOption('en');
  await scan(staff, 'staff: finish, English UI');
  await close();
});
