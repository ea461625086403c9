import type { Page } from '@playwright/test';
import { DEMO_PASSWORD } from '../../../server/demo/accounts';
import { expect, test } from './fixtures';
import { expectNoAxeViolations, twoScreens } from './helpers';

/**
 * The supervisor's area of the staff window at 1366×768: this tenant's security events (a failed sign-in made
 * here a moment before is among them, with no login id typed), opened and loaded with the keyboard only. A
 * counter clerk has no such area. Screenshot: supervisor-security-events.png in the test output.
 */
async function signIn(staff: Page, loginId: string, password: string, card: string) {
  await staff.getByLabel('ログインID').fill(loginId);
  await staff.getByLabel('パスワード', { exact: true }).fill(password);
  await staff.getByLabel('職員証の番号（カードリーダー）').fill(card);
  await staff.getByRole('button', { name: 'ログイン', exact: true }).click();
}

test('a supervisor lists the security events with the keyboard; a clerk sees no supervisor area', async ({ chromiumBrowser, host }) => {
  const { staff, close } = await twoScreens(chromiumBrowser);
  await staff.goto(`${host.origin}/staff.html`);
  // A wrong password first: a login failure for the list.
  await signIn(staff, 'minokamo.supervisor', 'not-the-password', '04A1B2C3D4E5F7');
  await expect(staff.getByRole('alert')).toBeVisible();
  await signIn(staff, 'minokamo.supervisor', DEMO_PASSWORD, '04A1B2C3D4E5F7');
  await expect(staff.getByRole('button', { name: '受付を開始' })).toBeFocused();

  const area = staff.getByTestId('supervisor-area');
  await area.locator('summary').focus();
  await staff.keyboard.press('Enter');
  await staff.keyboard.press('Tab');
  await expect(staff.getByRole('button', { name: '表示する' })).toBeFocused();
  await staff.keyboard.press('Enter');
  const table = staff.getByTestId('security-events-table');
  await expect(table.locator('tr[data-code="login_failed"]').first()).toBeVisible();
  await expect(table.locator('tr[data-code="login_failed"]').first()).toContainText('ログイン失敗');
  await expect(table).not.toContainText('minokamo.supervisor');
  await area.scrollIntoViewIfNeeded();
  await expectNoAxeViolations(staff, 'staff: supervisor security events');
  await staff.screenshot({ path: test.info().outputPath('supervisor-security-events.png') });

  await staff.getByRole('button', { name: 'ログアウト' }).click();
  await signIn(staff, 'minokamo.counter', DEMO_PASSWORD, '04A1B2C3D4E5F6');
  await expect(staff.getByRole('button', { name: '受付を開始' })).toBeFocused();
  await expect(staff.getByTestId('supervisor-area')).toHaveCount(0);
  await close();
});
