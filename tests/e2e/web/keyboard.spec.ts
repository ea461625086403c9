import type { Browser, Locator, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { DEMO_PRE_APPLICATION_KEY } from '../../../electron/demo/devices';
import { encodePreApplicationCode } from '../../../electron/core/devices/scan/qr-payload';
import { DEMO_PASSWORD, DEMO_STAFF } from '../../../server/demo/accounts';
import type { ResidentHit } from '../../../shared/contract';
import { wedgeKeysFor } from '../../../shared/devices/keyboard-wedge';
import { eraYearOf } from '../../../shared/domain/date-entry';
import { expect, test } from './fixtures';
import { expectNoAxeViolations as axe, signInDirectly, staffView, twoScreens } from './helpers';

/**
 * The clerk's whole visit by keyboard alone, at the counter's real size (1366×768), typing as a fast clerk does —
 * 5 ms a key — while the keyboard-wedge scanner listener is on (the demo devices): every typed character must
 * land in its field, a procedure is removed with Space, and focus lands on the new step after every step change.
 * The resident's taps on the customer screen are theirs, not the clerk's, and stay clicks.
 */
test.use({ withDevices: true });

const pt = JSON.parse(readFileSync('shared/i18n/locales/pt-BR/customer.json', 'utf8')) as { review: { confirm: string }; sign: { done: string } };
const FAST = { delay: 5 };
const END_VISIT = '受付を終了';

/**
 * Both screens at their real sizes, the customer display open first (as at a counter). The staff window's host
 * socket passes through the test, which can hold the host's messages back (`holdStaffPushes`) to make a slow
 * host answer happen exactly when the test wants it.
 */
async function screens(browser: Browser, origin: string) {
  const both = await twoScreens(browser);
  let held: (string | Buffer)[] | null = null;
  const toPage = new Set<(message: string | Buffer) => void>();
  await both.staff.routeWebSocket(/./, (socket) => {
    const host = socket.connectToServer();
    const send = (message: string | Buffer) => socket.send(message);
    toPage.add(send);
    host.onMessage((message) => (held ? held.push(message) : send(message)));
  });
  await both.customer.goto(`${origin}/customer.html`);
  await both.staff.goto(`${origin}/staff.html`);
  return {
    ...both,
    /** Holds every host message to the staff window until the returned function releases them, in order. */
    holdStaffPushes: () => {
      held = [];
      return () => {
        const release = held ?? [];
        held = null;
        for (const message of release) for (const send of toPage) send(message);
      };
    },
  };
}

/** Presses Tab (or Shift+Tab) until `target` has focus; fails after `max` presses. */
async function tabTo(page: Page, target: Locator, { max = 12, back = false } = {}): Promise<void> {
  for (let presses = 0; presses <= max; presses++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`focus did not reach ${String(target)} within ${max} Tab presses`);
}

const heading = (staff: Page, name: string) => staff.getByRole('heading', { level: 2, name, exact: true });

/** A date as a clerk writes 和暦 with the era's letter: 1993-03-14 → 'H5.3.14'. */
function warekiWithLetter(iso: string): string {
  const eraYear = eraYearOf(iso)!;
  const letter = { 令和: 'R', 平成: 'H', 昭和: 'S' }[eraYear.slice(0, 2)];
  const year = eraYear.slice(2, -1).replace('元', '1');
  const [, month, day] = iso.split('-').map(Number);
  return `${letter}${year}.${month}.${day}`;
}

test('a whole visit by keyboard alone, typed at 5 ms a key: nothing lost, a procedure removed by Space, focus on each new step', async ({ chromiumBrowser, host, core }) => {
  test.setTimeout(300_000);
  const { staff, customer, close, holdStaffPushes } = await screens(chromiumBrowser, host.origin);
  const account = DEMO_STAFF.find((s) => s.loginId === 'minokamo.counter')!;

  // Sign-in: login id, password, the staff card's number instead of the card on the reader (arrow in the group).
  const loginId = staff.getByLabel('ログインID');
  await expect(loginId).toBeFocused();
  await staff.keyboard.type(account.loginId, FAST);
  await staff.keyboard.press('Tab');
  await staff.keyboard.type(DEMO_PASSWORD, FAST);
  await staff.keyboard.press('Tab');
  await expect(staff.getByRole('radio', { name: 'カードリーダーの職員証' })).toBeFocused();
  await staff.keyboard.press('ArrowDown');
  await expect(staff.getByRole('radio', { name: '職員証', exact: true })).toBeChecked();
  await staff.keyboard.press('Tab');
  await staff.keyboard.type(account.cardUid!, FAST);
  await expect(loginId).toHaveValue(account.loginId);
  await expect(staff.getByLabel('パスワード', { exact: true })).toHaveValue(DEMO_PASSWORD);
  await expect(staff.getByLabel('職員証の番号（カードリーダー）')).toHaveValue(account.cardUid!);
  await axe(staff, 'staff: sign-in typed');
  await staff.keyboard.press('Enter');

  // Start: focus is on 受付を開始; after it, on the name field (what the clerk types next).
  await expect(staff.getByRole('button', { name: '受付を開始' })).toBeFocused();
  await staff.keyboard.press('Enter');
  const nameField = staff.getByLabel('氏名（漢字・かな・ローマ字）');
  await expect(nameField).toBeFocused();
  await expect(staff.locator('body')).toHaveAttribute('data-wedge-scanner', 'jis'); // the scanner listener is on

  // Alt+→ before a household is chosen says what is missing, not the generic state error.
  await staff.keyboard.press('Alt+ArrowRight');
  await expect(staff.getByTestId('command-error')).toHaveText('世帯を選ぶと次へ進めます。');
  await expect(staff.getByTestId('command-error')).toHaveAttribute('data-code', 'blocked');

  // The resident picks Português on their screen. The clerk's arrow keys in お客様の言語 move the choice without
  // switching the resident's screen; Space sends it; leaving the group sends the choice it was left on.
  await customer.getByRole('button', { name: 'Português' }).click();
  await expect(customer.locator('html')).toHaveAttribute('lang', 'pt-BR');
  await staff.keyboard.press('Shift+Tab');
  await expect(staff.getByRole('radio', { name: 'Português' })).toBeFocused();
  for (const key of ['ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowRight']) await staff.keyboard.press(key);
  await expect(staff.getByRole('radio', { name: 'नेपाली' })).toBeChecked();
  await expect(staff.getByRole('radio', { name: 'नेपाली' })).toBeFocused();
  expect((await staffView(core)).visit?.customerLanguage, 'arrows alone send nothing').toBe('pt-BR');
  await expect(customer.locator('html')).toHaveAttribute('lang', 'pt-BR');
  await staff.keyboard.press('ArrowLeft');
  // The clerk sends 한국어 and moves on before the host has echoed it (a slow host, held here): the echo, when it
  // comes, must not undo the arrows pressed meanwhile.
  const releaseStaffPushes = holdStaffPushes();
  await staff.keyboard.press('Space');
  await expect(customer.locator('html')).toHaveAttribute('lang', 'ko');
  for (const key of ['ArrowLeft', 'ArrowLeft', 'ArrowLeft', 'ArrowLeft', 'ArrowLeft']) await staff.keyboard.press(key);
  await expect(staff.getByRole('radio', { name: 'Português' })).toBeChecked();
  // While the host's answer is held the command is pending (受付を終了 is disabled meanwhile); the push that
  // echoes 한국어 comes before the answer, so once the button is back the echo has been taken in.
  const endVisit = staff.getByRole('button', { name: END_VISIT, exact: true });
  await expect(endVisit).toBeDisabled();
  releaseStaffPushes();
  await expect(endVisit).toBeEnabled();
  await expect(staff.getByRole('radio', { name: 'Português' })).toBeChecked();
  await expect(customer.locator('html')).toHaveAttribute('lang', 'ko');
  await staff.keyboard.press('Tab'); // leaving the group on Português sends it
  await expect(nameField).toBeFocused();
  await expect(customer.locator('html')).toHaveAttribute('lang', 'pt-BR');
  await axe(staff, 'staff: identify, blocked step change said');

  // Search the demo family by name and the mother's birth date, typed as 和暦 with the era's letter.
  const mother = ((await core.invoke('staff', 'searchResidents', { q: 'oliveira camila' })) as { ok: true; value: { results: ResidentHit[] } }).value.results[0]!;
  const birthDate = warekiWithLetter(mother.birthDate);
  await staff.keyboard.type('oliveira camila', FAST);
  await staff.keyboard.press('Tab');
  await staff.keyboard.type(birthDate, FAST);
  await expect(nameField).toHaveValue('oliveira camila');
  const birthField = staff.getByLabel('生年月日');
  await expect(birthField).toHaveValue(birthDate);
  await expect(staff.getByTestId('date-understood').first()).toHaveText(`${Number(mother.birthDate.slice(0, 4))}年${Number(mother.birthDate.slice(5, 7))}月${Number(mother.birthDate.slice(8))}日（${eraYearOf(mother.birthDate)}）`);
  await staff.keyboard.press('Enter');
  const choose = staff.getByRole('button', { name: /Oliveira Nakamura Camila さんの世帯を選ぶ/ });
  await expect(choose).toHaveCount(1); // the birth date narrowed the search to her
  await tabTo(staff, choose);
  await staff.keyboard.press('Enter');
  await expect(staff.getByTestId('household')).toContainText('Oliveira Nakamura Thiago José');
  await axe(staff, 'staff: identify with the household');

  // 届出内容: focus on the step's heading; then the date (replacing today's), the new and the previous address —
  // someone else's addresses than the demo family's, typed fast.
  await staff.keyboard.press('Alt+ArrowRight');
  await expect(heading(staff, '届出内容')).toBeFocused();
  const NEW_ADDRESS = 'Minokamo-shi Ota-cho 2-14-7 Sakura Heights 305';
  const PREVIOUS_ADDRESS = 'Rua Dr. Joao Pessoa 1849, Ap. 72, Campinas SP, Brasil';
  await tabTo(staff, staff.getByLabel('異動日・届出事由の日'));
  await staff.keyboard.press('Control+A');
  await staff.keyboard.type('R8.11.27', FAST);
  await expect(staff.getByTestId('date-understood').first()).toHaveText('2026年11月27日（令和8年）');
  await staff.keyboard.press('Tab');
  await staff.keyboard.type(NEW_ADDRESS, FAST);
  await staff.keyboard.press('Tab');
  await staff.keyboard.press('Control+A');
  await staff.keyboard.type(PREVIOUS_ADDRESS, FAST);
  await expect(staff.getByLabel('新しい住所')).toHaveValue(NEW_ADDRESS);
  await expect(staff.getByLabel('前住所（市区町村・国）')).toHaveValue(PREVIOUS_ADDRESS);
  await axe(staff, 'staff: life event typed');
  await staff.keyboard.press('Enter'); // submits the step's form: 手続きを判定
  await expect(staff.getByText(/件の手続きを判定しました/)).toBeVisible();
  const judged = (await staffView(core)).visit!;
  expect(judged.details).toMatchObject({ eventDate: '2026-11-27', newAddress: NEW_ADDRESS, previousAddress: PREVIOUS_ADDRESS });

  // 手続き判定: focus on the heading; back (Alt+←) and forth keep it on the new step's heading.
  await staff.keyboard.press('Alt+ArrowRight');
  await expect(heading(staff, '手続き判定')).toBeFocused();
  await staff.keyboard.press('Alt+ArrowLeft');
  await expect(heading(staff, '届出内容')).toBeFocused();
  await staff.keyboard.press('Alt+ArrowRight');
  await expect(heading(staff, '手続き判定')).toBeFocused();

  // Remove the school transfer with Space, after typing the reason the host requires for it.
  const row = staff.locator('tr[data-procedure="school_transfer"]');
  const REASON = 'Escola particular, sem transferencia';
  await tabTo(staff, row.getByRole('textbox'), { max: 60 });
  await staff.keyboard.type(REASON, FAST);
  await expect(row.getByRole('textbox')).toHaveValue(REASON);
  await staff.keyboard.press('Shift+Tab');
  const box = row.getByRole('checkbox');
  await expect(box).toBeFocused();
  await expect(box).toBeChecked();
  await staff.keyboard.press('Space');
  await expect(box).not.toBeChecked();
  await expect(row).toHaveClass(/excluded/);
  const removed = (await staffView(core)).visit!.procedures.find((line) => line.procedureId === 'school_transfer')!;
  expect(removed).toMatchObject({ included: false, note: REASON });
  await expect(customer.locator('li[data-procedure="school_transfer"]')).toHaveCount(0);
  await axe(staff, 'staff: procedures, one removed');

  // 内容確認: the resident confirms; 署名: the resident signs; the clerk submits with Enter.
  await staff.keyboard.press('Alt+ArrowRight');
  await expect(heading(staff, '内容確認')).toBeFocused();
  await customer.getByRole('button', { name: pt.review.confirm }).click();
  await expect(staff.getByTestId('review-status')).toHaveText('お客様が内容を確認しました。');
  await axe(staff, 'staff: review confirmed');
  await staff.keyboard.press('Alt+ArrowRight');
  await expect(heading(staff, '署名')).toBeFocused();
  const pad = customer.getByTestId('signature-pad');
  const area = (await pad.boundingBox())!;
  await customer.mouse.move(area.x + 40, area.y + area.height / 2);
  await customer.mouse.down();
  for (let i = 1; i <= 8; i += 1) await customer.mouse.move(area.x + 40 + i * 30, area.y + area.height / 2 + (i % 2 ? 20 : -20));
  await customer.mouse.up();
  await customer.getByRole('button', { name: pt.sign.done }).click();
  await expect(staff.getByTestId('sign-status')).toHaveText('署名を受け取りました。');
  await expect(staff.getByRole('button', { name: '申請を確定して送信' })).toBeFocused();
  await axe(staff, 'staff: signature received');
  await staff.keyboard.press('Enter');

  // 完了: focus on its heading, then the receipt printed from the keyboard.
  await expect(staff.getByTestId('finish')).toContainText('受付が完了しました');
  await expect(heading(staff, '完了')).toBeFocused();
  await tabTo(staff, staff.getByRole('button', { name: 'レシートを印刷' }), { max: 20 });
  await staff.keyboard.press('Enter');
  await expect(staff.getByTestId('finish')).toContainText('印刷しました');
  await axe(staff, 'staff: finish, receipt printed');
  const done = (await staffView(core)).visit!;
  expect(done.result?.receiptNumber).toBeTruthy();
  expect(done.procedures.filter((line) => line.included).map((line) => line.procedureId)).not.toContain('school_transfer');
  await close();
});

test('a wedge scan among typed keys: the typed text stays, the scanned text is taken back out, the scan identifies', async ({ chromiumBrowser, host, core }) => {
  test.setTimeout(60_000);
  await signInDirectly(core);
  const { staff, customer, close } = await screens(chromiumBrowser, host.origin);
  await expect(staff.getByRole('button', { name: '受付を開始' })).toBeFocused();
  await staff.keyboard.press('Enter');
  const nameField = staff.getByLabel('氏名（漢字・かな・ローマ字）');
  await expect(nameField).toBeFocused();
  await expect(staff.locator('body')).toHaveAttribute('data-wedge-scanner', 'jis');
  await staff.keyboard.type('naka', FAST);
  // The scan comes a moment later, as the clerk reaches for the scanner (a scan's first key right on top of a
  // typed one would make one burst of both, which is no scan).
  await staff.waitForTimeout(100);
  // The scanner: its keydowns dispatched in the page in one go (a scanner's spacing, whatever the machine's
  // load), each followed by what the browser does with a key nobody stopped — its character typed into the
  // field, Enter submitting the form — so the field fills as it would with a real wedge scanner.
  const code = encodePreApplicationCode('MINOKAMOBRAZILAA', DEMO_PRE_APPLICATION_KEY);
  const keys = [...wedgeKeysFor(code, 'jis'), { code: 'Enter', shiftKey: false }].map(({ code: key, shiftKey }) => ({ code: key, shiftKey }));
  const text = [...code, '\n'].join('');
  const { submittedForms, beforeEnter } = await staff.evaluate(
    ({ sequence, chars }) => {
      let typed = 0;
      let submittedForms = 0;
      let beforeEnter = '';
      // Made up front: an event's timeStamp is when it is made, and a real key's is when it arrived, however
      // long the page then takes (React re-renders the field after every inserted character).
      const events = sequence.map((key) => ({ key, event: new KeyboardEvent('keydown', { code: key.code, key: key.code === 'Enter' ? 'Enter' : '', shiftKey: key.shiftKey, bubbles: true, cancelable: true }) }));
      for (const { key, event } of events) {
        const target = document.activeElement as HTMLInputElement;
        if (key.code === 'Enter') beforeEnter = target.value;
        const kept = target.dispatchEvent(event);
        if (key.code.startsWith('Shift')) continue;
        const char = chars[typed++];
        if (!kept) continue;
        if (char === '\n') submittedForms += target.form ? 1 : 0;
        else document.execCommand('insertText', false, char);
      }
      return { submittedForms, beforeEnter };
    },
    { sequence: keys, chars: text },
  );
  expect(beforeEnter, 'every scanned key reached the field, as a person’s would').toBe(`naka${code}`);
  expect(submittedForms, 'the scan’s Enter was kept from the form').toBe(0);
  await expect(staff.getByTestId('identification')).toHaveAttribute('data-source', 'pre_application');
  await expect(customer.locator('html')).toHaveAttribute('lang', 'pt-BR');
  // The host was given the scan; the field holds what the clerk typed, and only that.
  expect((await staffView(core)).visit?.identification?.source).toBe('pre_application');
  await expect(nameField).toHaveValue('naka');
  await close();
});
