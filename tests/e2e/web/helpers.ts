import AxeBuilder from '@axe-core/playwright';
import { expect, type Browser, type Page, type WebSocket } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import type { CounterHost } from '../../../electron/core/counter-host';
import type { StaffView } from '../../../shared/contract';
import { DEMO_PASSWORD, DEMO_STAFF } from '../../../server/demo/accounts';

/**
 * An axe scan (WCAG 2.0/2.1/2.2 A and AA, which includes 2.2's target size) of one screen state: it must find
 * nothing. The failure names each rule and the elements it found.
 */
export async function expectNoAxeViolations(page: Page, state: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary, `axe violations in ${state}`).toEqual([]);
}

/** The counter's real screens: the clerk's laptop and the customer display (the brief's sizes). */
export const COUNTER_VIEWPORTS = { staff: { width: 1366, height: 768 }, customer: { width: 1280, height: 1024 } } as const;

/**
 * The staff and customer screens in two separate browser windows, as on two displays (one window per context,
 * so neither is a background tab that Chromium throttles), each at its real size. (A spec's `test.use({ viewport })`
 * does not reach contexts made here.)
 */
export async function twoScreens(browser: Browser) {
  const staffContext = await browser.newContext({ viewport: COUNTER_VIEWPORTS.staff });
  const customerContext = await browser.newContext({ viewport: COUNTER_VIEWPORTS.customer });
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

/**
 * 戻る / 次へ where the clerk presses them without scrolling: inside the staff window and not covered by anything
 * (the sticky action bar must stay on top of what scrolls under it).
 */
export async function expectStepActionsInView(staff: Page, step = ''): Promise<void> {
  const height = staff.viewportSize()!.height;
  for (const name of ['戻る', '次へ']) {
    const button = staff.locator('.visit .actions').getByRole('button', { name, exact: true });
    const box = (await button.boundingBox())!;
    expect(box.y, `${name} top ${step}`).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height, `${name} bottom ${step}`).toBeLessThanOrEqual(height);
    const hit = await staff.evaluate(([x, y]) => document.elementFromPoint(x!, y!)?.closest('button')?.textContent, [box.x + box.width / 2, box.y + box.height / 2]);
    expect(hit, `${name} uncovered ${step}`).toBe(name);
  }
}

/** Every frame the page's WebSocket sends or receives, as text. */
export function recordFrames(page: Page): string[] {
  const frames: string[] = [];
  page.on('websocket', (socket: WebSocket) => {
    socket.on('framereceived', (frame) => frames.push(String(frame.payload)));
    socket.on('framesent', (frame) => frames.push(String(frame.payload)));
  });
  return frames;
}

/** What the host shows the staff window now (its snapshot). */
export async function staffView(core: CounterHost): Promise<StaffView> {
  return ((await core.invoke('staff', 'getStaffSnapshot', {})) as { ok: true; value: StaffView }).value;
}

/** Signs the counter in as a demo clerk with a staff card (美濃加茂市 by default), straight through the host. */
export async function signInDirectly(core: CounterHost, loginId = 'minokamo.counter'): Promise<void> {
  const account = DEMO_STAFF.find((s) => s.loginId === loginId);
  if (!account?.cardUid) throw new Error(`${loginId} has no staff card`);
  const result = await core.invoke('staff', 'signIn', {
    requestId: randomUUID(),
    loginId,
    password: DEMO_PASSWORD,
    secondFactor: { kind: 'card', uid: account.cardUid },
  });
  if (!result.ok) throw new Error(`sign-in failed: ${JSON.stringify(result.error)}`);
}

/**
 * The common opening of a visit: start it with the keyboard, let the resident pick their language, find the
 * household (name, optionally date of birth), choose it and move to the life-event step.
 */
export async function openHousehold(
  staff: Page,
  customer: Page,
  options: { language: string; query: string; birthDate?: string; household: RegExp },
): Promise<void> {
  await expect(staff.getByRole('button', { name: '受付を開始' })).toBeFocused();
  await staff.keyboard.press('Enter');
  await customer.getByRole('button', { name: options.language }).click();
  await staff.getByLabel('氏名（漢字・かな・ローマ字）').fill(options.query);
  if (options.birthDate) await staff.getByLabel('生年月日').fill(options.birthDate);
  await staff.keyboard.press('Enter');
  await staff.getByRole('button', { name: options.household }).click();
  await staff.keyboard.press('Alt+ArrowRight');
}

/**
 * The demo Brazilian family's 転入 from the life-event step to the review: the new and previous address, judge,
 * then on through the procedures (the date stays today's unless given).
 */
export async function judgeMovingInToReview(staff: Page, eventDate?: string): Promise<void> {
  if (eventDate) await staff.getByLabel('異動日・届出事由の日').fill(eventDate);
  await staff.getByLabel('新しい住所').fill('岐阜県美濃加茂市太田町3431-1');
  await staff.getByLabel('前住所（市区町村・国）').fill('静岡県浜松市');
  await staff.getByRole('button', { name: '手続きを判定' }).click();
  await expect(staff.getByText(/件の手続きを判定しました/)).toBeVisible();
  await staff.keyboard.press('Alt+ArrowRight');
  await staff.keyboard.press('Alt+ArrowRight');
}

/**
 * Every procedure card on the customer display, turning its pages (the display pages what does not fit the
 * screen): data-procedure → the card's heading text (furigana readings left out) and the card's whole text.
 */
export async function customerProcedureCards(customer: Page): Promise<Map<string, { title: string; text: string }>> {
  await expect(customer.locator('li[data-procedure]').first()).toBeVisible();
  // Pages are measured with the real fonts: let them arrive before counting.
  await customer.evaluate(() => document.fonts.ready.then(() => undefined));
  const pager = customer.getByTestId('pager');
  const total = Number(await pager.getAttribute('data-pages'));
  const cards = new Map<string, { title: string; text: string }>();
  for (let page = 1; page <= total; page += 1) {
    await expect(pager).toHaveAttribute('data-page', String(page));
    const shown = await customer.locator('li[data-procedure]').evaluateAll((items) =>
      items.map((li) => {
        const heading = li.querySelector('h3')!.cloneNode(true) as HTMLElement;
        heading.querySelectorAll('rt').forEach((rt) => rt.remove());
        return [li.getAttribute('data-procedure') ?? '', heading.textContent ?? '', (li as HTMLElement).innerText] as const;
      }),
    );
    for (const [id, title, text] of shown) cards.set(id, { title, text });
    if (page < total) await pager.getByRole('button').last().click();
  }
  return cards;
}

/** The whole review on the customer display, page by page (furigana readings left out); ends on the last page. */
export async function customerReviewText(customer: Page): Promise<string> {
  await expect(customer.locator('.review')).toBeVisible();
  await customer.evaluate(() => document.fonts.ready.then(() => undefined));
  const pager = customer.getByTestId('pager');
  const total = Number(await pager.getAttribute('data-pages'));
  let text = '';
  for (let page = 1; page <= total; page += 1) {
    await expect(pager).toHaveAttribute('data-page', String(page));
    text += await customer.locator('.review').evaluate((section) => {
      const copy = section.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('rt').forEach((rt) => rt.remove());
      return `${(copy as HTMLElement).innerText}\n`;
    });
    if (page < total) await pager.getByRole('button').last().click();
  }
  return text;
}

/** The procedures step's table as counts by procedure id (one row per procedure and member). */
export async function judgedProcedureCounts(staff: Page): Promise<Record<string, number>> {
  const judged: Record<string, number> = {};
  const rows = staff.getByTestId('procedure-table').locator('tbody tr');
  for (const id of await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-procedure') ?? ''))) judged[id] = (judged[id] ?? 0) + 1;
  return judged;
}

/** The resident draws a zigzag on the customer screen's signature pad (as a finger or a stylus would). */
export async function drawSignature(customer: Page): Promise<void> {
  const box = (await customer.getByTestId('signature-pad').boundingBox())!;
  await customer.mouse.move(box.x + 40, box.y + box.height / 2);
  await customer.mouse.down();
  for (let i = 1; i <= 10; i += 1) await customer.mouse.move(box.x + 40 + i * 30, box.y + box.height / 2 + (i % 2 ? 25 : -25));
  await customer.mouse.up();
}

/** A passport's MRZ (ICAO 9303 TD3), check digits and all, as a scanner reads it: two lines of 44. */
export function passportMrz(p: { surname: string; given: string; nationality: string; birthDate: string; sex: 'M' | 'F'; number: string }): string {
  const check = (text: string) => String([...text].reduce((sum, c, i) => sum + (c === '<' ? 0 : /\d/.test(c) ? Number(c) : c.charCodeAt(0) - 55) * [7, 3, 1][i % 3]!, 0) % 10);
  const pad = (text: string, length: number) => text.padEnd(length, '<').slice(0, length);
  const yymmdd = (iso: string) => iso.slice(2).replaceAll('-', '');
  const number = pad(p.number, 9);
  const birth = yymmdd(p.birthDate);
  const expiry = '340101';
  const personal = pad('', 14);
  const composite = `${number}${check(number)}${birth}${check(birth)}${expiry}${check(expiry)}${personal}${check(personal)}`;
  const line1 = pad(`P<${p.nationality}${p.surname}<<${p.given.replaceAll(' ', '<')}`, 44);
  const line2 = `${number}${check(number)}${p.nationality}${birth}${check(birth)}${p.sex}${expiry}${check(expiry)}${personal}${check(personal)}${check(composite)}`;
  return `${line1}\n${line2}`;
}
