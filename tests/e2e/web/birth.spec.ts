import { readFileSync } from 'node:fs';
import { stripRuby } from '../../../shared/i18n/ruby';
import { expect, test } from './fixtures';
import { expectNoAxeViolations, openHousehold, signInDirectly, twoScreens } from './helpers';

/**
 * A Japanese family in 坂祝町 registers a newborn (出生); the customer screen is in やさしい日本語 with furigana.
 */
test.use({ tenantId: '215015' });

const easy = JSON.parse(readFileSync('shared/i18n/locales/ja-x-easy/catalog.json', 'utf8')) as { procedures: Record<string, { title: string }> };

test('a newborn is registered in 坂祝町, with the customer screen in やさしい日本語 with ruby', async ({ chromiumBrowser, host, core }) => {
  test.setTimeout(60_000);
  await signInDirectly(core, 'sakahogi.counter');
  const { staff, customer, close } = await twoScreens(chromiumBrowser);
  await staff.goto(`${host.origin}/staff.html`);
  await customer.goto(`${host.origin}/customer.html`);
  // 山﨑 家 (national insurance): found by the plain 崎 too.
  await openHousehold(staff, customer, { language: 'やさしい にほんご', query: '山崎　大輔', household: /山﨑\s大輔 さんの世帯を選ぶ/ });

  await staff.getByRole('radio', { name: '出生' }).check();
  await staff.getByLabel('異動日・届出事由の日').fill('2026-11-20');
  // 判定 without the child's name: said beside the field, which gets the focus; nothing is judged.
  await staff.getByRole('button', { name: '手続きを判定' }).click();
  await expect(staff.getByTestId('newborn-name-error')).toHaveText('子の氏名を入力してください（出生届に書かれたとおり）。');
  await expect(staff.getByLabel('子の氏名')).toBeFocused();
  await expect(staff.getByLabel('子の氏名')).toHaveAttribute('aria-invalid', 'true');
  await expect(staff.getByText(/件の手続きを判定しました/)).toHaveCount(0);
  await staff.getByLabel('子の氏名').fill('山﨑　陽葵');
  await expect(staff.getByTestId('newborn-name-error')).toHaveCount(0);
  await staff.getByLabel('子のふりがな').fill('ヤマザキ　ヒマリ');
  await staff.getByRole('radio', { name: '女' }).check();
  // The newborn form is accessible too (WCAG 2.2 AA, as in a11y.spec.ts).
  await expectNoAxeViolations(staff, 'staff: the newborn form');
  await staff.getByRole('button', { name: '手続きを判定' }).click();
  await expect(staff.getByText(/件の手続きを判定しました/)).toBeVisible();
  await staff.keyboard.press('Alt+ArrowRight');

  const rows = staff.getByTestId('procedure-table').locator('tbody tr');
  const judged = (await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-procedure') ?? ''))).sort();
  expect(judged).toEqual(['birth_notification', 'child_allowance_birth', 'child_medical_subsidy_birth', 'national_health_insurance_join_birth'].sort());
  await expect(staff.getByTestId('procedure-table').locator('tr[data-procedure="birth_notification"]')).toContainText('山﨑　陽葵');
  // 出生届: 14 days counting the day of birth.
  await expect(staff.getByTestId('procedure-table').locator('tr[data-procedure="birth_notification"]')).toContainText('2026年12月3日');

  // The customer screen: やさしい日本語, every procedure title with furigana as <ruby>.
  const item = customer.locator('li[data-procedure="birth_notification"] h3');
  await expect(item).toBeVisible();
  const baseText = await item.evaluate((element) => {
    const copy = element.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('rt').forEach((rt) => rt.remove());
    return copy.textContent;
  });
  expect(baseText).toBe(stripRuby(easy.procedures.birth_notification!.title));
  expect(await item.locator('ruby rt').count()).toBeGreaterThan(0);
  expect(await customer.locator('main ruby').count()).toBeGreaterThan(10);
  await expect(customer.locator('html')).toHaveAttribute('lang', 'ja');
  await expectNoAxeViolations(customer, 'customer: やさしい日本語 with ruby');
  await close();
});
