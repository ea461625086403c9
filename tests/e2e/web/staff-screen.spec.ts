import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import type { CounterHost } from '../../../electron/core/counter-host';
import type { CreatedStation } from '../../../electron/core/devices/station/create';
import { DEMO_PASSWORD } from '../../../server/demo/accounts';
import { expect, test } from './fixtures';
import { expectNoAxeViolations, expectStepActionsInView, judgeMovingInToReview, staffView, twoScreens } from './helpers';

/**
 * The clerk's screen at its real size (1366×768): the step's 戻る / 次へ stay in view on every step, also with a
 * 20-row procedures table; search results tell namesakes apart; the card on the reader is shown as such; the
 * 個人番号 is asked only of card holders and read with the demo card's PIN in the host; what the forms will lack
 * is said before submitting; focus after printing and after the PDF. Screenshots of every state go to the test
 * output (staff-*.png) for a person to look at; the assertions are what the screenshots would show.
 */
test.use({ withDevices: true });

async function look(page: Page, name: string) {
  await expectNoAxeViolations(page, name);
  await page.screenshot({ path: test.info().outputPath(`staff-${name}.png`) });
}

/** 戻る and 次へ are inside the viewport, and nothing of the step covers them. */
const asResident = (core: CounterHost, channel: string, input: Record<string, unknown> = {}) => core.invoke('customer', channel, { requestId: randomUUID(), ...input });

async function openCounter(staff: Page, origin: string, devices: CreatedStation) {
  await staff.goto(`${origin}/staff.html`);
  const readerCard = staff.getByRole('form', { name: '職員ログイン' }).getByTestId('reader-card');
  // The staff card: said in words and drawn as a card on the reader, dashed and empty without it.
  await expect(readerCard).toHaveAttribute('data-card', 'none');
  await expect(readerCard).toHaveClass(/\boff\b/);
  devices.simulatedReader!.put('staff');
  await expect(readerCard).toHaveText('職員証がカードリーダーにあります。');
  await expect(readerCard).toHaveClass(/\bon\b/);
  await staff.getByLabel('ログインID').fill('minokamo.counter');
  await staff.getByLabel('パスワード', { exact: true }).fill(DEMO_PASSWORD);
  await look(staff, '01-sign-in-card-on-reader');
  await staff.keyboard.press('Enter');
  await expect(staff.getByRole('button', { name: '受付を開始' })).toBeFocused();
  devices.simulatedReader!.put('none');
}

test('the clerk\'s screen at 1366×768: every step, 20 procedures, the 個人番号 read with PIN 1234 for the card holder only', async ({ chromiumBrowser, host, core, devices }) => {
  test.setTimeout(120_000);
  const { staff, customer, close } = await twoScreens(chromiumBrowser);
  await customer.goto(`${host.origin}/customer.html`);
  await openCounter(staff, host.origin, devices!);
  await staff.keyboard.press('Enter');
  await asResident(core, 'chooseLanguage', { language: 'ja' });

  // Search: 住所 and 性別 columns, the birth date in words on one line.
  await staff.getByLabel('氏名（漢字・かな・ローマ字）').fill('髙橋');
  await staff.keyboard.press('Enter');
  const results = staff.locator('table.results');
  await expect(results.locator('thead th')).toHaveText(['氏名', 'ふりがな', '生年月日', '性別', '住所', '選択']);
  const shota = results.locator('tbody tr', { hasText: '髙橋　翔太' });
  await expect(shota.locator('td')).toContainText(['1992年11月12日', '男', '岐阜県美濃加茂市蜂屋町上蜂屋1119番地']);
  for (const cell of await results.locator('td.date').all()) {
    expect(await cell.evaluate((td) => Math.round(td.getBoundingClientRect().height / parseFloat(getComputedStyle(td).lineHeight))), 'one line').toBeLessThanOrEqual(2);
    expect(await cell.evaluate((td) => { const range = document.createRange(); range.selectNodeContents(td); return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size; })).toBe(1);
  }
  await expectStepActionsInView(staff);
  await look(staff, '02-identify-search-results');

  // The My Number card on the reader: shown as such, then read with the demo PIN to identify.
  devices!.simulatedReader!.put('mynumber');
  await expect(staff.getByTestId('card-reader').getByTestId('reader-card')).toHaveText('マイナンバーカードがあります。');
  await expect(staff.getByTestId('card-reader').getByTestId('reader-card')).toHaveClass(/\bon\b/);
  await staff.getByLabel('券面事項入力補助用暗証番号（4桁）').fill('1234');
  await staff.getByLabel('券面事項入力補助用暗証番号（4桁）').press('Enter');
  await expect(staff.getByTestId('identification')).toHaveAttribute('data-source', 'mynumber_card');
  await look(staff, '03-identify-card-read');
  await staff.getByRole('button', { name: /髙橋\s翔太 さんの世帯を選ぶ/ }).first().click();
  await staff.keyboard.press('Alt+ArrowRight');

  await expect(staff.getByRole('heading', { level: 2, name: '届出内容' })).toBeVisible();
  await staff.getByLabel('新しい住所').fill('岐阜県美濃加茂市太田町3431-1');
  await expectStepActionsInView(staff);
  await look(staff, '04-life-event');
  await staff.getByRole('button', { name: '手続きを判定' }).click();
  await expect(staff.getByText(/件の手続きを判定しました/)).toBeVisible();
  await staff.keyboard.press('Alt+ArrowRight');

  // 20 rows: the judged ones and, for the screen's sake, procedures added by staff with a reason.
  await expect(staff.getByTestId('procedure-table')).toBeVisible();
  const catalog = (await core.invoke('staff', 'listCatalog', {})) as { ok: true; value: { procedures: { procedureId: string }[] } };
  const members = (await staffView(core)).visit!.household!.members;
  let rows = (await staffView(core)).visit!.procedures.length;
  // (Not for 美咲: she holds a card, and this visit reads 翔太's only.)
  for (const member of members.filter((m) => m.name !== '髙橋　美咲')) {
    for (const { procedureId } of catalog.value.procedures) {
      if (rows >= 20) break;
      const added = await core.invoke('staff', 'setProcedure', { requestId: randomUUID(), procedureId, residentId: member.residentId, included: true, note: '画面確認' });
      if (added.ok) rows = (await staffView(core)).visit!.procedures.length;
    }
  }
  await expect(staff.getByTestId('procedure-table').locator('tbody tr')).toHaveCount(rows);
  expect(rows).toBeGreaterThanOrEqual(20);
  // The 手続きを追加 form: each control named by its label text alone.
  const add = staff.locator('form.add-procedure');
  await expect(add.getByRole('combobox', { name: '手続き', exact: true })).toBeVisible();
  await expect(add.getByRole('combobox', { name: '対象者', exact: true })).toBeVisible();
  await expect(add.getByRole('textbox', { name: '理由', exact: true })).toBeVisible();
  await expectStepActionsInView(staff);
  await look(staff, '05-procedures-20-rows');
  await staff.getByTestId('procedure-table').locator('tbody tr').last().scrollIntoViewIfNeeded();
  await expectStepActionsInView(staff);
  await look(staff, '06-procedures-scrolled');

  // Review: the 個人番号 is asked of the card holder whose form needs it (翔太, 児童手当), read with PIN 1234.
  await staff.keyboard.press('Alt+ArrowRight');
  await expect(staff.getByTestId('forms')).toBeVisible();
  await expect(staff.getByTestId('individual-number-form')).toContainText('髙橋　翔太 さんの申請書には個人番号が必要です');
  await expectStepActionsInView(staff);
  await look(staff, '07-review-number-to-read');
  await staff.getByTestId('individual-number-form').getByLabel('券面事項入力補助用暗証番号（4桁）').fill('1234');
  await staff.getByRole('button', { name: 'マイナンバーカードから個人番号を読む' }).click();
  await expect(staff.getByTestId('individual-number-form')).toHaveCount(0);
  const shotaId = members.find((m) => m.name === '髙橋　翔太')!.residentId;
  expect((await staffView(core)).visit!.individualNumberRead).toEqual([shotaId]);
  const numberCells = staff.getByTestId('individual-number');
  await expect(numberCells.first()).toHaveAttribute('data-state', 'read');
  for (const cell of await numberCells.all()) {
    const summary = await cell.locator('xpath=ancestor::details/summary').textContent();
    expect(await cell.getAttribute('data-state'), summary ?? '').toBe(summary?.includes('髙橋　翔太') ? 'read' : 'no_card');
  }
  await staff.locator('[data-testid="forms"] details').first().locator('summary').click();
  await look(staff, '08-review-number-read');
  await asResident(core, 'confirm');
  await staff.keyboard.press('Alt+ArrowRight');
  await asResident(core, 'sign', { svg: 'M 10 10 L 120 40 L 220 10' });
  await expect(staff.getByTestId('sign-status')).toHaveText('署名を受け取りました。');
  await expectStepActionsInView(staff);
  await look(staff, '09-sign');
  await staff.getByRole('button', { name: '申請を確定して送信' }).click();
  await expect(staff.getByTestId('finish')).toContainText('受付が完了しました');

  // After printing, the focus is on the outcome (then Tab goes on, not back into 再発行); after the PDF, on its link.
  await staff.getByRole('button', { name: 'レシートを印刷' }).click();
  await expect(staff.getByTestId('receipt-state')).toBeFocused();
  await staff.keyboard.press('Tab');
  await expect(staff.getByRole('button', { name: '再発行（REPRINT）を印刷' })).not.toBeFocused();
  await staff.getByRole('button', { name: '案内書をPDFにする' }).click();
  await expect(staff.getByTestId('guide-pdf-link')).toBeFocused({ timeout: 30_000 });
  await expectStepActionsInView(staff);
  await look(staff, '10-finish');
  await close();
});

test('a family where only one member has a My Number card: only they are asked, a stranger\'s card is said to be one, and the forms without the number are listed before submitting', async ({ chromiumBrowser, host, core, devices }) => {
  test.setTimeout(90_000);
  const { staff, customer, close } = await twoScreens(chromiumBrowser);
  await customer.goto(`${host.origin}/customer.html`);
  await openCounter(staff, host.origin, devices!);
  await staff.keyboard.press('Enter');
  await asResident(core, 'chooseLanguage', { language: 'pt-BR' });
  await staff.getByLabel('氏名（漢字・かな・ローマ字）').fill('oliveira');
  await staff.keyboard.press('Enter');
  await staff.getByRole('button', { name: /Oliveira Nakamura Camila さんの世帯を選ぶ/ }).click();
  await staff.keyboard.press('Alt+ArrowRight');
  await judgeMovingInToReview(staff);

  // Gabriel holds a card; Camila and Thiago do not: only Gabriel is asked, their forms say "no card".
  const form = staff.getByTestId('individual-number-form');
  await expect(form).toContainText('Oliveira Nakamura Gabriel Thiago さんの申請書には個人番号が必要です');
  await expect(form).not.toContainText('Camila');
  await expect(staff.getByTestId('individual-number').and(staff.locator('[data-state="no_card"]'))).not.toHaveCount(0);
  // The demo's My Number card is 髙橋 翔太's: read with the right PIN, it is said to be another household's card.
  devices!.simulatedReader!.put('mynumber');
  await form.getByLabel('券面事項入力補助用暗証番号（4桁）').fill('1234');
  await staff.getByRole('button', { name: 'マイナンバーカードから個人番号を読む' }).click();
  await expect(staff.getByTestId('individual-number-error')).toHaveAttribute('data-code', 'not_household_member');
  await expect(staff.getByTestId('individual-number-error')).toContainText('この世帯の方のカードではありません');
  await expectStepActionsInView(staff);
  await look(staff, '11-review-stranger-card');

  await asResident(core, 'confirm');
  await staff.keyboard.press('Alt+ArrowRight');
  await asResident(core, 'sign', { svg: 'M 10 10 L 120 40 L 220 10' });
  const warning = staff.getByTestId('numberless-forms');
  await expect(warning).toContainText('個人番号なしで送信されます');
  await expect(warning.locator('li[data-state="to_read"]').first()).toContainText('Oliveira Nakamura Gabriel Thiago（個人番号を読み取っていません）');
  await expect(warning.locator('li[data-state="no_card"]').first()).toContainText('（マイナンバーカードなし）');
  await expect(warning.locator('li', { hasText: 'Camila' }).first()).toBeVisible();
  await expectStepActionsInView(staff);
  await look(staff, '12-sign-forms-without-number');

  // The demo's virtual cards: the one on the reader is marked in words and drawn as pressed.
  await staff.locator('summary', { hasText: '機器（カードリーダー・スキャナー・プリンター）' }).click();
  const simulator = staff.getByTestId('card-simulator');
  await expect(simulator.getByRole('button', { pressed: true })).toHaveText(/マイナンバーカード\s*リーダー上/);
  await expect(staff.getByTestId('device-card-reader').getByTestId('reader-card')).toHaveText('マイナンバーカードがリーダー上にあります');
  await simulator.scrollIntoViewIfNeeded();
  await look(staff, '13-devices-card-on-reader');
  await close();
});
