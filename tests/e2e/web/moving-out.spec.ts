import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { customerProcedureCards, openHousehold, signInDirectly, twoScreens } from './helpers';

/** 転出: a national-insurance family with two school children leaves 美濃加茂市; the resident follows in English. */
const en = JSON.parse(readFileSync('shared/i18n/locales/en/catalog.json', 'utf8')) as { procedures: Record<string, { title: string }> };

test('a family moving out gets the moving-out, insurance-loss and child-allowance-end procedures', async ({ chromiumBrowser, host, core }) => {
  await signInDirectly(core);
  const { staff, customer, close } = await twoScreens(chromiumBrowser);
  await staff.goto(`${host.origin}/staff.html`);
  await customer.goto(`${host.origin}/customer.html`);
  await openHousehold(staff, customer, { language: 'English', query: 'やまざき だいすけ', birthDate: '1981-04-27', household: /山﨑\s大輔 さんの世帯を選ぶ/ });
  await staff.getByRole('radio', { name: '転出', exact: true }).check(); // not 国外転出
  await staff.getByLabel('異動日・届出事由の日').fill('2026-11-27');
  await staff.getByLabel('転出先').fill('愛知県名古屋市');
  await staff.getByRole('button', { name: '手続きを判定' }).click();
  await expect(staff.getByText(/件の手続きを判定しました/)).toBeVisible();
  await staff.keyboard.press('Alt+ArrowRight');

  const rows = staff.getByTestId('procedure-table').locator('tbody tr');
  const judged: Record<string, number> = {};
  for (const id of await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-procedure') ?? ''))) judged[id] = (judged[id] ?? 0) + 1;
  // Everyone notifies and leaves national insurance; the child allowance ends once for the household; the
  // daughter of 13 returns her 子ども医療 certificate (the son of 16 is past 美濃加茂市's limit of 15) and changes
  // school; the three aged 15 or older lose their 印鑑登録.
  expect(judged).toEqual({
    moving_out_notification: 4,
    national_health_insurance_loss: 4,
    child_medical_return: 1,
    school_transfer_out: 1,
    seal_registration_end: 3,
    child_allowance_end: 1,
  });
  // The resident's screen: one card per procedure (the members listed on it), paged to fit the display.
  const cards = await customerProcedureCards(customer);
  expect([...cards.keys()].sort()).toEqual(['child_allowance_end', 'child_medical_return', 'moving_out_notification', 'national_health_insurance_loss', 'school_transfer_out', 'seal_registration_end']);
  expect(cards.get('child_allowance_end')?.title).toBe(en.procedures.child_allowance_end!.title);
  await close();
});
