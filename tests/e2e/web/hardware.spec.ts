import type { Browser, Page } from '@playwright/test';
import type { StaffView } from '../../../shared/contract';
import type { VirtualMyNumberCard } from '../../../electron/core/devices/card/sim/virtual-mynumber-card';
import type { CreatedStation } from '../../../electron/core/devices/station/create';
import { DEMO_PRE_APPLICATION_KEY } from '../../../electron/demo/devices';
import { encodePreApplicationCode } from '../../../electron/core/devices/scan/qr-payload';
import { wedgeKeysFor } from '../../../shared/devices/keyboard-wedge';
import { DEMO_PASSWORD } from '../../../server/demo/accounts';
import { expect, test } from './fixtures';
import { expectNoAxeViolations as axe, judgeMovingInToReview, twoScreens } from './helpers';

/**
 * The counter's hardware through the demo's simulators, end to end in Chromium: the clerk signs in with the
 * staff card on the reader, identifies the Brazilian family of the moving-in case from the mother's residence
 * card (the real residence-card code: key from the card number, secure messaging, signature check), completes
 * the visit, and prints the receipt on the ESC/POS emulator — once with paper out (nothing printed, said so),
 * then for real, then a reprint marked 再発行. A second case reads a My Number card with a wrong PIN first.
 */
test.use({ withDevices: true });

async function signInWithStaffCard(staff: Page, devices: CreatedStation) {
  devices.simulatedReader!.put('staff');
  await expect(staff.getByLabel('カードリーダーの職員証')).toBeChecked();
  await staff.getByLabel('ログインID').fill('minokamo.counter');
  await staff.getByLabel('パスワード', { exact: true }).fill(DEMO_PASSWORD);
  await staff.keyboard.press('Enter');
  await expect(staff.getByRole('button', { name: '受付を開始' })).toBeFocused();
  devices.simulatedReader!.put('none');
}

/** Both screens open, the clerk signed in with the staff card. */
async function openCounter(browser: Browser, origin: string, devices: CreatedStation) {
  const screens = await twoScreens(browser);
  await screens.staff.goto(`${origin}/staff.html`);
  await screens.customer.goto(`${origin}/customer.html`);
  await signInWithStaffCard(screens.staff, devices);
  return screens;
}

test('moving in with the residence card read and the receipt printed, through the simulators', async ({ chromiumBrowser, host, core, devices }) => {
  test.setTimeout(120_000);
  const { staff, customer, close } = await openCounter(chromiumBrowser, host.origin, devices!);

  await staff.keyboard.press('Enter');
  await customer.getByRole('button', { name: 'Português' }).click();
  // The mother's residence card on the reader: the staff window offers the card-number form.
  devices!.simulatedReader!.put('residence');
  await expect(staff.getByTestId('card-reader')).toHaveAttribute('data-card', 'residence');
  await staff.getByLabel('在留カード番号（12桁）').fill('ZZ00000000ZZ');
  await staff.getByRole('button', { name: '在留カードを読み取る' }).click();
  await expect(staff.getByTestId('device-error')).toHaveAttribute('data-code', 'card_number_mismatch');
  await staff.getByLabel('在留カード番号（12桁）').fill('ac60207638rv');
  await staff.getByRole('button', { name: '在留カードを読み取る' }).click();
  await expect(staff.getByTestId('identification')).toHaveAttribute('data-source', 'residence_card');
  await expect(staff.getByTestId('signature')).toHaveAttribute('data-signature', 'valid');
  // The card's pictures for 本人確認: the face photo and the name and address the chip holds only as pictures,
  // decoded by the host (JPEG 2000, T.6 TIFF) and shown as images the browser really rendered.
  const pictures = staff.getByTestId('card-pictures');
  for (const [picture, alt] of [['face', '顔写真'], ['name', '氏名（画像）'], ['address', '住居地（画像）']] as const) {
    const image = pictures.locator(`img[data-picture="${picture}"]`);
    await expect(image).toHaveAttribute('alt', alt);
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  }
  expect(await pictures.locator('img[data-picture="face"]').evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight])).toEqual([90, 112]);
  await expect(customer.locator('img')).toHaveCount(0);
  await axe(staff, 'staff: residence card read');
  // The customer screen learns nothing from the card.
  await expect(customer.locator('body')).not.toContainText('1993-02-24');
  // One match, focused: Enter takes the household.
  await expect(staff.getByRole('button', { name: /Oliveira Nakamura Camila さんの世帯を選ぶ/ })).toBeFocused();
  await staff.keyboard.press('Enter');
  await expect(staff.getByTestId('household')).toContainText('Oliveira Nakamura Thiago José');
  devices!.simulatedReader!.put('none');
  await staff.keyboard.press('Alt+ArrowRight');

  await judgeMovingInToReview(staff, '2026-11-27');
  await customer.getByRole('button', { name: 'Está tudo correto' }).click();
  await expect(staff.getByTestId('review-status')).toHaveText('お客様が内容を確認しました。');
  await staff.keyboard.press('Alt+ArrowRight');
  const pad = customer.getByTestId('signature-pad');
  const box = (await pad.boundingBox())!;
  await customer.mouse.move(box.x + 40, box.y + box.height / 2);
  await customer.mouse.down();
  for (let i = 1; i <= 8; i += 1) await customer.mouse.move(box.x + 40 + i * 30, box.y + box.height / 2 + (i % 2 ? 25 : -25));
  await customer.mouse.up();
  await customer.getByRole('button', { name: 'Usar esta assinatura' }).click();
  await expect(staff.getByRole('button', { name: '申請を確定して送信' })).toBeFocused();
  await staff.keyboard.press('Enter');
  await expect(staff.getByTestId('finish')).toContainText('受付が完了しました');
  const view = (await core.invoke('staff', 'getStaffSnapshot', {})) as { ok: true; value: StaffView };
  const receiptNumber = view.value.visit!.result!.receiptNumber;

  // The preview is the receipt as it will print; paper out: the job fails before sending, and says so.
  await expect(staff.getByTestId('receipt-preview')).toBeVisible();
  const emulator = devices!.emulator!;
  const printed = () => emulator.printedJobs().filter((job) => job.lines.length > 0);
  emulator.setFaults({ paperOut: true });
  await staff.getByRole('button', { name: 'レシートを印刷' }).click();
  await expect(staff.getByTestId('receipt')).toHaveAttribute('data-state', 'FAILED_BEFORE_SEND');
  await expect(staff.getByTestId('receipt-error')).toHaveAttribute('data-code', 'printer_paper_out');
  expect(printed()).toHaveLength(0);
  emulator.clearFaults();
  await staff.getByRole('button', { name: 'レシートを印刷' }).click();
  await expect(staff.getByTestId('receipt')).toHaveAttribute('data-state', 'CONFIRMED');
  await axe(staff, 'staff: finish with the printed receipt');
  expect(printed()).toHaveLength(1);
  const slip = printed()[0]!;
  // Japanese in the printer's font (decoded as text), Portuguese lines that Shift_JIS cannot carry as raster.
  // (Double-size characters print as wide cells: compare without the spaces.)
  const slipText = slip.textLines().join('\n').replace(/ +/g, '');
  expect(slipText).toContain('受付票');
  expect(slipText).toContain(receiptNumber);
  expect(slipText).toContain('転入届');
  expect(slip.rasters.length).toBeGreaterThan(0);
  for (const name of ['Oliveira', 'Camila', '太田町']) expect(slip.text()).not.toContain(name);

  // A reprint is a staff decision and is marked.
  await staff.getByRole('button', { name: '再発行（REPRINT）を印刷' }).click();
  await expect(staff.getByTestId('receipt-state')).toContainText('（再発行）');
  await expect.poll(() => printed().length).toBe(2);
  expect(printed()[1]!.text()).toMatch(/再発行/);
  expect(printed()[1]!.text()).toContain(receiptNumber);
  await close();
});

test('a My Number card: tries left before each PIN, a wrong PIN counts down, the right one identifies', async ({ chromiumBrowser, host, devices }) => {
  test.setTimeout(60_000);
  const { staff, customer, close } = await openCounter(chromiumBrowser, host.origin, devices!);
  await staff.keyboard.press('Enter');
  devices!.simulatedReader!.put('mynumber');
  await expect(staff.getByTestId('pin-tries')).toHaveAttribute('data-tries', '3');
  const pin = staff.getByLabel('券面事項入力補助用暗証番号（4桁）');
  await pin.fill('9999');
  await pin.press('Enter');
  await expect(staff.getByTestId('device-error')).toHaveAttribute('data-code', 'pin_wrong');
  await expect(staff.getByTestId('pin-tries')).toHaveAttribute('data-tries', '2');
  await axe(staff, 'staff: wrong PIN');
  await pin.fill('1234');
  await pin.press('Enter');
  await expect(staff.getByTestId('identification')).toHaveAttribute('data-source', 'mynumber_card');
  await expect(staff.getByTestId('identification')).toContainText('髙橋\u3000翔太');
  await expect(staff.getByRole('button', { name: /髙橋\s翔太 さんの世帯を選ぶ/ })).toBeVisible();
  // The PIN went to the host only: never to the customer window, never kept in the page.
  await expect(customer.locator('body')).not.toContainText('髙橋');
  await expect(pin).toHaveValue('');
  // The card's address fills the 前住所 of a 転入 (the card still shows the address before the move).
  await staff.getByRole('button', { name: /髙橋\s翔太 さんの世帯を選ぶ/ }).click();
  await staff.keyboard.press('Alt+ArrowRight');
  await expect(staff.getByLabel('前住所（市区町村・国）')).toHaveValue(/^岐阜県美濃加茂市/);
  const card = devices!.simulatedReader!.card('mynumber') as VirtualMyNumberCard;
  expect(card.verifyCount).toBe(2);

  // Diagnostics: the devices panel, a test read (no PIN, nobody's data) and a test print.
  await staff.locator('summary', { hasText: '機器（カードリーダー・スキャナー・プリンター）' }).click();
  await staff.getByRole('button', { name: 'テスト読み取り（暗証番号なし）' }).click();
  await expect(staff.getByTestId('test-read')).toContainText('マイナンバーカードがあります');
  await expect(staff.getByTestId('test-read')).toContainText('残り回数 3'); // the right PIN reset the counter
  await staff.getByRole('button', { name: 'テスト印刷' }).click();
  await expect(staff.getByTestId('devices').getByRole('status').last()).toContainText('印刷しました');
  await expect(staff.getByTestId('device-printer')).toHaveAttribute('data-status', 'ready');
  await axe(staff, 'staff: devices panel');
  expect(card.verifyCount).toBe(2);
  await close();
});

test('a pre-application QR code from a keyboard-wedge scanner starts the visit from what the family entered online', async ({ chromiumBrowser, host, devices }) => {
  test.setTimeout(60_000);
  const { staff, customer, close } = await openCounter(chromiumBrowser, host.origin, devices!);
  await staff.keyboard.press('Enter');
  // The scanner types the code (layout JIS, as the demo settings say) faster than anyone types, then Enter. The
  // key events are dispatched in the page in one go, so their spacing is a scanner's, not the test machine's load.
  const code = encodePreApplicationCode('MINOKAMOBRAZILAA', DEMO_PRE_APPLICATION_KEY);
  await expect(staff.locator('body')).toHaveAttribute('data-wedge-scanner', 'jis'); // listening on the identify step
  const keys = [...wedgeKeysFor(code, 'jis'), { code: 'Enter', shiftKey: false }].map(({ code: key, shiftKey }) => ({ code: key, shiftKey }));
  await staff.evaluate((sequence) => {
    for (const key of sequence) {
      document.activeElement?.dispatchEvent(new KeyboardEvent('keydown', { code: key.code, key: key.code === 'Enter' ? 'Enter' : '', shiftKey: key.shiftKey, bubbles: true, cancelable: true }));
    }
  }, keys);
  await expect(staff.getByTestId('identification')).toHaveAttribute('data-source', 'pre_application');
  await expect(customer.locator('html')).toHaveAttribute('lang', 'pt-BR');
  await expect(staff.getByRole('button', { name: /Oliveira Nakamura Camila さんの世帯を選ぶ/ })).toBeFocused();
  await staff.keyboard.press('Enter');
  await staff.keyboard.press('Alt+ArrowRight');
  await expect(staff.getByLabel('新しい住所')).toHaveValue('美濃加茂市太田町3431-1');
  await expect(staff.getByLabel('前住所（市区町村・国）')).toHaveValue('静岡県浜松市中央区');
  await axe(staff, 'staff: life event from a pre-application');
  await close();
});
