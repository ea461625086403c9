import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import type { CounterHost } from '../../../electron/core/counter-host';
import { DEMO_PASSWORD, DEMO_STAFF } from '../../../server/demo/accounts';
import { DEMO_CATALOGS } from '../../../server/demo/catalog';
import type { StaffView } from '../../../shared/contract';
import { formatDate } from '../../../shared/domain/dates';
import { stripRuby } from '../../../shared/i18n/ruby';
import { judgeProcedures, type LifeEvent } from '../../../shared/rules/engine';
import { NEWBORN_ID_PREFIX } from '../../../shared/session/visit';
import { expect, test } from './fixtures';
import { customerProcedureCards, customerReviewText, expectNoAxeViolations as scan, openHousehold, signInDirectly, twoScreens } from './helpers';
import { ruleEventDates, ruleEventKind, ruleMember } from '../../../shared/session/rule-member';

/**
 * The remaining life events of a visit, end to end: 転居 (a move within the municipality), 死亡, 婚姻 and 国外転出.
 * Each test signs in on the staff screen, identifies a demo coverage household (server/demo/generator.ts),
 * enters what the event needs, checks the exact procedures the demo catalog (server/demo/catalog.ts) gives —
 * written out here and cross-checked with the rules engine — lets the resident follow, confirm and sign in
 * their language, submits, checks that the backend holds the submission, and ends on a customer screen that
 * holds nothing of the household. Every screen state on the way is scanned with axe (WCAG 2.2 AA, as in
 * a11y.spec.ts); the states every visit shares (sign-in, no visit, language picker) only in the first test.
 */

type Visit = NonNullable<StaffView['visit']>;
type Locale = {
  catalog: { procedures: Record<string, { title: string }> };
  customer: { review: { confirm: string; newAddress: string; thanks: string }; sign: { done: string; thanks: string } };
};

function locale(language: string): Locale {
  const read = (ns: string) => JSON.parse(readFileSync(`shared/i18n/locales/${language}/${ns}.json`, 'utf8')) as unknown;
  return { catalog: read('catalog') as Locale['catalog'], customer: read('customer') as Locale['customer'] };
}

const title = (texts: Locale, procedureId: string) => stripRuby(texts.catalog.procedures[procedureId]!.title);

/** Both screens at once (two windows, two renderer processes). */
async function scanBoth(staff: Page, staffState: string, customer: Page, customerState: string): Promise<void> {
  await Promise.all([scan(staff, `staff: ${staffState}`), scan(customer, `customer: ${customerState}`)]);
}

/** Opens both screens and signs in on the staff screen itself (login id, password, staff card), as the clerk does. */
async function openAndSignIn(browser: Parameters<typeof twoScreens>[0], origin: string, loginId: string, options: { scanShared: boolean }) {
  const screens = await twoScreens(browser);
  const { staff, customer } = screens;
  await staff.goto(`${origin}/staff.html`);
  await customer.goto(`${origin}/customer.html`);
  await expect(customer.getByTestId('customer-idle')).toBeVisible();
  const account = DEMO_STAFF.find((s) => s.loginId === loginId);
  if (!account?.cardUid) throw new Error(`${loginId} has no staff card`);
  await expect(staff.getByRole('button', { name: 'ログイン' })).toBeVisible();
  if (options.scanShared) await scanBoth(staff, 'sign-in', customer, 'idle before the visit');
  await staff.getByLabel('ログインID').fill(loginId);
  await staff.getByLabel('パスワード', { exact: true }).fill(DEMO_PASSWORD);
  await staff.getByLabel('職員証の番号（カードリーダー）').fill(account.cardUid);
  await staff.getByRole('button', { name: 'ログイン' }).click();
  await expect(staff.getByRole('button', { name: '受付を開始' })).toBeFocused();
  if (options.scanShared) await scan(staff, 'staff: signed in, no visit');
  return screens;
}

/**
 * openHousehold (helpers.ts), with an axe scan of each state it passes: start the visit, the resident picks a
 * language, staff search and choose the household, and move on to the life-event step.
 */
async function identify(
  staff: Page,
  customer: Page,
  options: { language: string; lang: string; query: string; birthDate?: string; household: RegExp; member: string; scanPicker: boolean },
): Promise<void> {
  await staff.keyboard.press('Enter');
  await expect(customer.getByTestId('customer-language-picker')).toBeVisible();
  if (options.scanPicker) await scan(customer, 'customer: language picker');
  await customer.getByRole('button', { name: options.language, exact: true }).click();
  await expect(customer.locator('html')).toHaveAttribute('lang', options.lang);
  await expect(customer.getByTestId('customer-step')).toHaveAttribute('data-step', 'identify');
  await staff.getByLabel('氏名（漢字・かな・ローマ字）').fill(options.query);
  if (options.birthDate) await staff.getByLabel('生年月日').fill(options.birthDate);
  await staff.keyboard.press('Enter');
  await staff.getByRole('button', { name: options.household }).click();
  await expect(staff.getByTestId('household')).toContainText(options.member);
  await scanBoth(staff, 'identify, search results and the chosen household', customer, `identify (${options.lang})`);
  await staff.keyboard.press('Alt+ArrowRight');
  await expect(staff.getByRole('heading', { name: '届出内容' })).toBeVisible();
  await expect(customer.getByTestId('customer-step')).toHaveAttribute('data-step', 'lifeEvent');
}

async function staffVisit(core: CounterHost): Promise<Visit> {
  const view = (await core.invoke('staff', 'getStaffSnapshot', {})) as { ok: true; value: StaffView };
  return view.value.visit!;
}

/** Judges on the life-event step: the host answers with the number of procedures. */
async function judge(staff: Page, count: number): Promise<void> {
  await staff.getByRole('button', { name: '手続きを判定' }).click();
  await expect(staff.getByRole('status').filter({ hasText: '件の手続きを判定しました' })).toHaveText(`${count} 件の手続きを判定しました。`);
}

const table = (staff: Page) => staff.getByTestId('procedure-table');

/** The procedure table as "procedureId person" lines, sorted. */
async function tableLines(staff: Page): Promise<string[]> {
  return (
    await table(staff)
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => `${tr.getAttribute('data-procedure') ?? ''} ${(tr as HTMLTableRowElement).cells[2]?.textContent ?? ''}`))
  ).sort();
}

/** One column of the procedure table (1-based, as the cells are laid out), row by row. */
const column = (staff: Page, n: number) => table(staff).locator(`tbody tr td:nth-child(${n})`);

/**
 * Cross-check: the rules engine, run here on the demo catalog and the household the host holds, gives exactly
 * the lines the host judged (procedure, person, department, deadline, in order). Returns them as
 * "procedureId person", sorted.
 */
async function engineLines(core: CounterHost, tenantId: string): Promise<string[]> {
  const visit = await staffVisit(core);
  const members = visit.household!.members.filter((m) => !m.residentId.startsWith(NEWBORN_ID_PREFIX));
  const names = new Map(members.map((m) => [m.residentId, m.name]));
  const judged = judgeProcedures(DEMO_CATALOGS[tenantId]!, {
    lifeEvent: visit.lifeEvent as LifeEvent,
    ...ruleEventDates(visit.lifeEvent as LifeEvent, visit.details!),
    ...ruleEventKind(visit.lifeEvent as LifeEvent, visit.details!),
    ...(visit.details?.deceasedResidentId ? { deceasedResidentId: visit.details.deceasedResidentId } : {}),
    members: members.map(ruleMember),
  });
  const hostJudged = visit.procedures
    .filter((line) => line.source === 'judged')
    .map((line) => ({ procedureId: line.procedureId, residentId: line.residentId, department: line.department, deadline: line.deadline }));
  expect(hostJudged).toEqual(judged.map((j) => ({ procedureId: j.procedureId, residentId: j.residentId, department: j.department, deadline: j.deadline })));
  return judged.map((j) => `${j.procedureId} ${j.residentId ? names.get(j.residentId) : '世帯'}`).sort();
}

/** The judged procedures, exactly: on the staff screen and from the rules engine. */
async function expectJudged(staff: Page, core: CounterHost, tenantId: string, expected: string[]): Promise<void> {
  await expect(table(staff).locator('tbody tr')).toHaveCount(expected.length);
  expect(await tableLines(staff)).toEqual([...expected].sort());
  expect(await engineLines(core, tenantId)).toEqual([...expected].sort());
}

/** Draws a signature stroke on the customer's pad. */
async function drawSignature(customer: Page): Promise<void> {
  const box = (await customer.getByTestId('signature-pad').boundingBox())!;
  await customer.mouse.move(box.x + 40, box.y + box.height / 2);
  await customer.mouse.down();
  for (let i = 1; i <= 10; i += 1) await customer.mouse.move(box.x + 40 + i * 30, box.y + box.height / 2 + (i % 2 ? 25 : -25));
  await customer.mouse.up();
}

/**
 * From the procedures step to the finish: 内容確認 (the resident confirms on their screen, which shows
 * `reviewShows`), 署名, and the clerk submits. Scans every state on the way. Returns the visit's result.
 */
async function confirmSignSubmit(
  staff: Page,
  customer: Page,
  core: CounterHost,
  texts: Locale,
  lang: string,
  reviewShows: string[] = [],
): Promise<NonNullable<Visit['result']>> {
  await staff.keyboard.press('Alt+ArrowRight');
  await expect(staff.getByTestId('review-status')).toHaveText('お客様が画面で内容を確認しています。');
  const reviewed = await customerReviewText(customer);
  for (const text of reviewShows) expect(reviewed).toContain(text);
  await scanBoth(staff, 'review, waiting for the resident', customer, `review (${lang})`);
  await customer.getByRole('button', { name: stripRuby(texts.customer.review.confirm) }).click();
  await expect(staff.getByTestId('review-status')).toHaveText('お客様が内容を確認しました。');
  await expect(customer.locator('.review [role="status"]')).toHaveText(stripRuby(texts.customer.review.thanks));
  await scanBoth(staff, 'review, confirmed', customer, `review confirmed (${lang})`);

  await staff.keyboard.press('Alt+ArrowRight');
  await expect(staff.getByTestId('sign-status')).toHaveText('お客様の署名を待っています。');
  await expect(customer.getByTestId('signature-pad')).toBeVisible();
  await scanBoth(staff, 'sign, waiting', customer, `signature pad (${lang})`);
  await drawSignature(customer);
  await customer.getByRole('button', { name: stripRuby(texts.customer.sign.done) }).click();
  await expect(staff.getByTestId('sign-status')).toHaveText('署名を受け取りました。');
  await expect(customer.getByText(stripRuby(texts.customer.sign.thanks))).toBeVisible();
  await scanBoth(staff, 'sign, signature received', customer, `signed (${lang})`);

  await expect(staff.getByRole('button', { name: '申請を確定して送信' })).toBeFocused();
  await staff.keyboard.press('Enter');
  await expect(staff.getByTestId('finish')).toContainText('受付が完了しました');
  const result = (await staffVisit(core)).result!;
  expect(result.receiptNumber).toMatch(/^\d{4}-\d{6}$/);
  await expect(staff.getByTestId('finish').getByRole('status')).toContainText(result.receiptNumber);
  await expect(customer.locator('.receipt')).toContainText(result.receiptNumber);
  await scanBoth(staff, 'finish with the guide preview', customer, `finish with the receipt number (${lang})`);
  return result;
}

interface StoredVisit {
  lifeEvent: string;
  householdId: string | null;
  procedures: { procedureId: string; residentId: string | null; department: string; reason: string }[];
  submissions: { receiptNumber: string; signed: boolean; feeYen: number }[];
}

/** Reads the backend as the tenant's supervisor, from the other terminal. */
async function backendReader(backendUrl: string, tenantId: string) {
  const supervisor = DEMO_STAFF.find((s) => s.tenantId === tenantId && s.role === 'supervisor' && s.cardUid)!;
  const login = await fetch(`${backendUrl}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenantId, terminalId: 'demo-terminal-02', loginId: supervisor.loginId, password: DEMO_PASSWORD, secondFactor: { kind: 'card', uid: supervisor.cardUid } }),
  });
  expect(login.status).toBe(200);
  const { token } = (await login.json()) as { token: string };
  expect(token.startsWith(`${tenantId}.`)).toBe(true);
  return async <T>(path: string): Promise<T> => {
    const response = await fetch(`${backendUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status, path).toBe(200);
    return (await response.json()) as T;
  };
}

/** What a department sees waiting from this visit. */
async function queued(get: Awaited<ReturnType<typeof backendReader>>, department: string, visitId: string): Promise<string[]> {
  const queue = await get<{ items: { visitId: string; procedureId: string }[] }>(`/v1/departments/${encodeURIComponent(department)}/queue`);
  return queue.items.filter((item) => item.visitId === visitId).map((item) => item.procedureId);
}

/**
 * The end of the visit: the backend holds the submission (life event, household, the included procedures for
 * the right people, the receipt number, the signature); then 次のお客様へ: the customer screen goes back to
 * idle with nothing of the household left in its DOM.
 */
async function backendThenNextCustomer(staff: Page, customer: Page, core: CounterHost, backendUrl: string, tenantId: string, extraWords: string[] = []) {
  const visit = await staffVisit(core);
  const result = visit.result!;
  const get = await backendReader(backendUrl, tenantId);
  const stored = await get<StoredVisit>(`/v1/visits/${result.cloudVisitId}`);
  expect(stored.lifeEvent).toBe(visit.lifeEvent);
  expect(stored.householdId).toBe(visit.household!.householdId);
  expect(stored.submissions).toEqual([expect.objectContaining({ receiptNumber: result.receiptNumber, signed: true, feeYen: 0 })]);
  const key = (p: { procedureId: string; residentId: string | null }) => `${p.procedureId} ${p.residentId ?? ''}`;
  expect(stored.procedures.map(key).sort()).toEqual(visit.procedures.filter((line) => line.included).map(key).sort());

  const words = [
    ...visit.household!.members.flatMap((m) => [m.name, m.nameKana, m.alphabetName]).filter((w): w is string => Boolean(w)),
    visit.household!.address,
    ...(visit.details?.newAddress ? [visit.details.newAddress] : []),
    result.receiptNumber,
    ...extraWords,
  ];
  await staff.getByRole('button', { name: '次のお客様へ' }).click();
  await expect(customer.getByTestId('customer-idle')).toBeVisible();
  await expect(staff.getByRole('button', { name: '受付を開始' })).toBeFocused();
  await scan(customer, 'customer: idle after the visit');
  const dom = await customer.content();
  for (const word of words) expect(dom, `the idle customer page still holds "${word}"`).not.toContain(word);
  return { stored, get, members: visit.household!.members, result };
}

test('転居: a Chinese family moves within 美濃加茂市 and follows in 中文', async ({ chromiumBrowser, host, core, backendUrl }) => {
  test.setTimeout(240_000);
  const zh = locale('zh-CN');
  const { staff, customer, close } = await openAndSignIn(chromiumBrowser, host.origin, 'minokamo.counter', { scanShared: true });
  // C012: 王 強 (技術・人文知識・国際業務), his wife 陳 麗 (家族滞在, 通称 櫻井 麻衣) and their son 王 明 (3),
  // all with residence cards. Found by the romanised name.
  await identify(staff, customer, { language: '中文', lang: 'zh-CN', query: 'wang qiang', household: /王\s強 さんの世帯を選ぶ/, member: '陳　麗', scanPicker: true });

  await staff.getByRole('radio', { name: '転居' }).check();
  await staff.getByLabel('異動日・届出事由の日').fill('2026-11-24');
  const newAddress = '岐阜県美濃加茂市太田町2718番地　コーポ木曽川305号';
  await staff.getByLabel('新しい住所').fill(newAddress);
  // 転居 asks for the new address only (the previous address is 転入's).
  await expect(staff.getByLabel('前住所（市区町村・国）')).toHaveCount(0);
  await judge(staff, 8);
  await scanBoth(staff, 'life event 転居 with the new address, judged', customer, 'life event (zh-CN)');
  await staff.keyboard.press('Alt+ArrowRight');

  // A 転居届 line for each member; with it each residence card gets the new address on its back (入管法
  // 19条の9), and the parents' My Number cards theirs — all 14 days, 市民課.
  await expectJudged(staff, core, '212113', [
    'moving_within_notification 王　強',
    'moving_within_notification 陳　麗',
    'moving_within_notification 王　明',
    'residence_card_address_within 王　強',
    'residence_card_address_within 陳　麗',
    'residence_card_address_within 王　明',
    'my_number_card_address_within 王　強',
    'my_number_card_address_within 陳　麗',
  ]);
  await expect(column(staff, 4)).toHaveText(Array(8).fill('市民課'));
  await expect(column(staff, 5)).toHaveText(Array(8).fill('2026年12月8日'));
  await expect(column(staff, 6).first()).toContainText('全員');

  // The family sees the 転居届 in Chinese: one card, each member listed on it.
  const items = customer.locator('li[data-procedure="moving_within_notification"]');
  await expect(items).toHaveCount(1);
  await expect(items.locator('h3')).toHaveText(title(zh, 'moving_within_notification'));
  for (const name of ['王　強', '陳　麗', '王　明']) await expect(items).toContainText(name);
  await scanBoth(staff, 'procedures (転居)', customer, 'procedures (zh-CN)');

  // The review shows the new address and the date of the move.
  await confirmSignSubmit(staff, customer, core, zh, 'zh-CN', [stripRuby(zh.customer.review.newAddress), newAddress, formatDate('2026-11-24', 'zh-CN')]);
  await expect(staff.getByTestId('guide')).toContainText('転居届');
  await expect(staff.getByTestId('guide')).toContainText(title(zh, 'moving_within_notification'));

  const { stored } = await backendThenNextCustomer(staff, customer, core, backendUrl, '212113', ['櫻井　麻衣', 'コーポ木曽川']);
  expect(stored.procedures.map((p) => `${p.procedureId} ${p.department} ${p.reason}`)).toEqual([
    ...Array(3).fill('moving_within_notification 市民課 everyone'),
    ...Array(2).fill('my_number_card_address_within 市民課 my_number_card'),
    ...Array(3).fill('residence_card_address_within 市民課 foreign_resident,residence_card'),
  ]);
  await close();
});

test('死亡: the father (78, 後期高齢者, 要介護認定) of a three-generation household dies; the clerk first picks the 世帯主 and corrects it', async ({ chromiumBrowser, host, core, backendUrl }) => {
  test.setTimeout(240_000);
  const jaTexts = locale('ja');
  const { staff, customer, close } = await openAndSignIn(chromiumBrowser, host.origin, 'minokamo.counter', { scanShared: false });
  // C003: 世帯主 渡邊 健一 52 and 妻 智子 50 (employee insurance), 父 正男 78 (後期高齢者医療, 要介護認定) and
  // 母 惠子 72 (国保). Searched with the common 渡辺: the 異体字 folding finds 渡邊.
  await identify(staff, customer, { language: '日本語', lang: 'ja', query: '渡辺 正男', household: /渡邊\s正男 さんの世帯を選ぶ/, member: '渡邊　惠子', scanPicker: false });

  await staff.getByRole('radio', { name: '死亡' }).check();
  await staff.getByLabel('異動日・届出事由の日').fill('2026-11-25');
  await expect(staff.getByLabel('新しい住所')).toHaveCount(0);
  // 亡くなった方: every member of the household, none chosen yet; the form cannot be sent without one.
  const deceased = staff.getByRole('group', { name: '亡くなった方' });
  await expect(deceased.getByRole('radio')).toHaveCount(4);
  for (const label of ['渡邊　健一（世帯主）', '渡邊　智子（妻）', '渡邊　正男（父）', '渡邊　惠子（母）']) {
    await expect(deceased.getByRole('radio', { name: label })).not.toBeChecked();
  }
  await staff.getByRole('button', { name: '手続きを判定' }).click();
  expect(await deceased.getByRole('radio').first().evaluate((radio) => (radio as HTMLInputElement).validity.valueMissing)).toBe(true);
  expect((await staffVisit(core)).lifeEvent).toBeNull();
  await scanBoth(staff, 'life event 死亡, no one chosen yet', customer, 'life event (ja)');

  // The clerk first picks the 世帯主: 死亡届 with the 火葬許可 and, with three members of 15 or older left,
  // 世帯主変更届 (his employee insurance pays no 葬祭費 through the town).
  await deceased.getByRole('radio', { name: '渡邊　健一（世帯主）' }).check();
  await judge(staff, 3);
  await staff.keyboard.press('Alt+ArrowRight');
  await expectJudged(staff, core, '212113', ['death_notification 渡邊　健一', 'cremation_permit 渡邊　健一', 'householder_change 渡邊　健一']);
  await expect(table(staff).locator('tr[data-procedure="householder_change"]')).toContainText('残る15歳以上の世帯員 3 人');

  // It was the father: back to 届出内容 (the choice is kept), pick him and judge again. The survivors are
  // judged without him; he is 78, so 後期高齢者医療 (with its 葬祭費) and 介護保険 end; he was not the 世帯主.
  await staff.keyboard.press('Alt+ArrowLeft');
  await expect(deceased.getByRole('radio', { name: '渡邊　健一（世帯主）' })).toBeChecked();
  await deceased.getByRole('radio', { name: '渡邊　正男（父）' }).check();
  // He died in hospital in the night and the family learnt of it the next morning: the 死亡届 counts from then.
  await staff.getByLabel('死亡を知った日（死亡日と違うときだけ）').fill('2026-11-26');
  await judge(staff, 5);
  await scan(staff, 'staff: life event 死亡 with the deceased chosen, judged');
  await staff.keyboard.press('Alt+ArrowRight');
  const fatherLines = ['death_notification', 'cremation_permit', 'late_elderly_loss', 'funeral_expenses', 'long_term_care_loss'];
  await expectJudged(staff, core, '212113', fatherLines.map((id) => `${id} ${'渡邊　正男'}`));
  await expect(column(staff, 2)).toHaveText(['死亡届', '火葬許可申請', '後期高齢者医療の資格喪失', '葬祭費の請求', '介護保険の資格喪失（死亡）']);
  await expect(column(staff, 4)).toHaveText(['市民課', '市民課', '保険年金課', '保険年金課', '高齢福祉課']);
  // 死亡届: 7 days counting the day the death became known (26th); the others 14 days from the death (25th);
  // 火葬許可 and 葬祭費 none.
  await expect(column(staff, 5)).toHaveText(['2026年12月2日', '—', '2026年12月9日', '—', '2026年12月9日']);
  await expect(table(staff).locator('tr[data-procedure="late_elderly_loss"]')).toContainText('78歳（75歳以上）');
  await expect(table(staff).locator('tr[data-procedure="long_term_care_loss"]')).toContainText('78歳（65歳以上）');

  const deathCards = await customerProcedureCards(customer);
  expect([...deathCards.keys()]).toEqual(fatherLines);
  for (const [id, card] of deathCards) expect(card.title).toBe(title(jaTexts, id));
  await scanBoth(staff, 'procedures (死亡)', customer, 'procedures (ja)');

  await confirmSignSubmit(staff, customer, core, jaTexts, 'ja', ['渡邊　正男', formatDate('2026-11-25', 'ja')]);
  await expect(staff.getByTestId('guide')).toContainText('介護保険の資格喪失（死亡）');

  const { stored, get, members, result } = await backendThenNextCustomer(staff, customer, core, backendUrl, '212113');
  const father = members.find((m) => m.relation === '父')!;
  expect(stored.procedures.map((p) => `${p.procedureId} ${p.residentId === father.residentId ? '父' : p.residentId}`).sort()).toEqual(
    fatherLines.map((id) => `${id} 父`).sort(),
  );
  expect(await queued(get, '高齢福祉課', result.cloudVisitId)).toEqual(['long_term_care_loss']);
  await close();
});

test.describe('坂祝町', () => {
  test.use({ tenantId: '215015' });

  test('死亡: the 世帯主 (68, 国保) of a 特別永住者 couple dies; with one member left there is no 世帯主変更; Korean customer screen', async ({ chromiumBrowser, host, core, backendUrl }) => {
    test.setTimeout(240_000);
    const ko = locale('ko');
    const { staff, customer, close } = await openAndSignIn(chromiumBrowser, host.origin, 'sakahogi.counter', { scanShared: false });
    // C008: 金 在賢 68 (通称 金田 拓也) and his wife 李 英姫 66 (通称 金田 香織), special permanent residents in
    // national insurance. Found by the 通称.
    await identify(staff, customer, { language: '한국어', lang: 'ko', query: '金田', household: /金\s在賢 さんの世帯を選ぶ/, member: '李　英姫', scanPicker: false });

    await staff.getByRole('radio', { name: '死亡' }).check();
    await staff.getByLabel('異動日・届出事由の日').fill('2026-11-26');
    await staff.getByRole('group', { name: '亡くなった方' }).getByRole('radio', { name: '金　在賢（世帯主）' }).check();
    await judge(staff, 5);
    await scanBoth(staff, 'life event 死亡 (坂祝町), judged', customer, 'life event (ko)');
    await staff.keyboard.press('Alt+ArrowRight');

    // 国保 ends and its 葬祭費 is claimed, 介護保険 ends at 68; 世帯主変更届 needs two members of 15 or older left,
    // only his wife is.
    const lines = ['death_notification', 'cremation_permit', 'national_health_insurance_loss_death', 'funeral_expenses', 'long_term_care_loss'];
    await expectJudged(staff, core, '215015', lines.map((id) => `${id} ${'金　在賢'}`));
    await expect(column(staff, 4)).toHaveText(['町民課', '町民課', '町民課', '町民課', '福祉課']); // 坂祝町's own departments
    await expect(column(staff, 5)).toHaveText(['2026年12月2日', '—', '2026年12月10日', '—', '2026年12月10日']);
    const cards = await customerProcedureCards(customer);
    expect([...cards.keys()]).toEqual(lines);
    for (const [id, card] of cards) expect(card.title).toBe(title(ko, id));
    await scanBoth(staff, 'procedures (死亡, 坂祝町)', customer, 'procedures (ko)');

    await confirmSignSubmit(staff, customer, core, ko, 'ko', ['金　在賢', '李　英姫']);
    const { get, result } = await backendThenNextCustomer(staff, customer, core, backendUrl, '215015', ['金田　拓也', '金田　香織']);
    expect(await queued(get, '福祉課', result.cloudVisitId)).toEqual(['long_term_care_loss']);
    expect((await queued(get, '町民課', result.cloudVisitId)).sort()).toEqual(['cremation_permit', 'death_notification', 'funeral_expenses', 'national_health_insurance_loss_death']);
    await close();
  });
});

const NHI_LOSS_REASON = '配偶者の勤務先の健康保険に加入するため';

test('婚姻: a Peruvian resident marries; the clerk adds the 国保 loss by hand, with the reason; Spanish customer screen', async ({ chromiumBrowser, host, core, backendUrl }) => {
  test.setTimeout(240_000);
  const es = locale('es');
  const { staff, customer, close } = await openAndSignIn(chromiumBrowser, host.origin, 'minokamo.counter', { scanShared: false });
  // C015: Quispe Flores Carmen Elena, 48, 永住者, self-employed in national insurance, living alone.
  await identify(staff, customer, { language: 'Español', lang: 'es', query: 'quispe', household: /Quispe Flores Carmen Elena さんの世帯を選ぶ/, member: 'Quispe Flores Carmen Elena', scanPicker: false });

  await staff.getByRole('radio', { name: '婚姻' }).check();
  await staff.getByLabel('異動日・届出事由の日').fill('2026-11-27');
  // 婚姻 needs nothing more: no address, no deceased.
  await expect(staff.getByLabel('新しい住所')).toHaveCount(0);
  await expect(staff.getByRole('group', { name: '亡くなった方' })).toHaveCount(0);
  await judge(staff, 1);
  await scanBoth(staff, 'life event 婚姻, judged', customer, 'life event (es)');
  await staff.keyboard.press('Alt+ArrowRight');

  // 婚姻届 only: it has no deadline (effective when accepted). The 国保 loss is {requested: true}: never judged.
  await expectJudged(staff, core, '212113', ['marriage_notification Quispe Flores Carmen Elena']);
  await expect(column(staff, 5)).toHaveText(['—']);
  await expect(table(staff).locator('tr[data-procedure="national_health_insurance_loss_marriage"]')).toHaveCount(0);

  // She joins her husband's employer insurance: the clerk adds the 国保 loss for her, with the reason.
  const add = staff.locator('form.add-procedure');
  await add.getByLabel('手続き').selectOption({ label: '国民健康保険の資格喪失（婚姻）' });
  await add.getByLabel('対象者').selectOption({ label: 'Quispe Flores Carmen Elena' });
  await add.getByLabel('理由').fill(NHI_LOSS_REASON);
  await add.getByRole('button', { name: '追加' }).click();
  const added = table(staff).locator('tr[data-procedure="national_health_insurance_loss_marriage"]');
  await expect(added).toContainText('職員が追加');
  await expect(added).toContainText(NHI_LOSS_REASON);
  await expect(added.locator('td').nth(3)).toHaveText('保険年金課');
  expect(await tableLines(staff)).toEqual(['marriage_notification Quispe Flores Carmen Elena', 'national_health_insurance_loss_marriage Quispe Flores Carmen Elena']);

  const cards = await customerProcedureCards(customer);
  expect([...cards.keys()]).toEqual(['marriage_notification', 'national_health_insurance_loss_marriage']);
  for (const [id, card] of cards) expect(card.title).toBe(title(es, id));
  await scanBoth(staff, 'procedures (婚姻) with a procedure added by hand', customer, 'procedures (es)');

  await confirmSignSubmit(staff, customer, core, es, 'es', ['Quispe Flores Carmen Elena', formatDate('2026-11-27', 'es')]);
  await expect(staff.getByTestId('guide')).toContainText('婚姻届');
  await expect(staff.getByTestId('guide')).toContainText('国民健康保険の資格喪失（婚姻）');

  const { stored, get, result } = await backendThenNextCustomer(staff, customer, core, backendUrl, '212113', [NHI_LOSS_REASON]);
  // The staff reason is kept with the visit, beside the rule's.
  expect(stored.procedures.map((p) => `${p.procedureId} ${p.department} ${p.reason}`).sort()).toEqual([
    'marriage_notification 市民課 everyone',
    `national_health_insurance_loss_marriage 保険年金課 added_by_staff / ${NHI_LOSS_REASON}`,
  ]);
  expect(await queued(get, '保険年金課', result.cloudVisitId)).toEqual(['national_health_insurance_loss_marriage']);
  await close();
});

test('国外転出: a Brazilian family leaves Japan; every event and sub-kind is chosen by keyboard; Portuguese customer screen', async ({ chromiumBrowser, host, core, backendUrl }) => {
  test.setTimeout(240_000);
  const pt = locale('pt-BR');
  const { staff, customer, close } = await openAndSignIn(chromiumBrowser, host.origin, 'minokamo.counter', { scanShared: false });
  // C007: Oliveira Nakamura Gabriel Thiago 35 (a My Number card), his wife Camila 33 and their son Thiago José 7,
  // 定住者 with residence cards, self-employed in 国保 and the 国民年金.
  await identify(staff, customer, { language: 'Português', lang: 'pt-BR', query: 'oliveira gabriel', household: /Oliveira Nakamura Gabriel Thiago さんの世帯を選ぶ/, member: 'Oliveira Nakamura Camila', scanPicker: false });

  // The life events are one radio group: Tab reaches the checked one (転入), the arrows move through the rest.
  // An event with sub-kinds shows their group right after it, nothing chosen; Tab enters it, Space and the
  // arrows choose, Shift+Tab goes back to the events.
  const events = staff.getByRole('group', { name: '届出の種類' });
  const kinds = staff.getByRole('group', { name: '届出の内容（種別）' });
  await expect(staff.getByRole('heading', { level: 2, name: '届出内容', exact: true })).toBeFocused();
  const first = events.getByRole('radio', { name: '転入', exact: true });
  for (let presses = 0; presses < 8 && !(await first.evaluate((radio) => radio === document.activeElement)); presses += 1) await staff.keyboard.press('Tab');
  await expect(first).toBeFocused();
  const order = ['転出', '転居', '出生', '死亡', '婚姻', '国外転入', '国外転出', '世帯変更', '在留期間更新・在留資格変更', '社会保険の加入・喪失', '離婚'];
  const subKinds: Record<string, string[]> = {
    世帯変更: ['世帯分離', '世帯合併', '世帯主変更', '続柄変更'],
    '在留期間更新・在留資格変更': ['在留期間更新', '在留資格変更'],
    '社会保険の加入・喪失': ['勤務先の健康保険・厚生年金に加入', '勤務先の健康保険・厚生年金を喪失'],
    離婚: ['協議離婚', '裁判離婚（調停・審判・判決）'],
  };
  for (const event of order) {
    await staff.keyboard.press('ArrowDown');
    const radio = events.getByRole('radio', { name: event, exact: true });
    await expect(radio).toBeChecked();
    await expect(radio).toBeFocused();
    const labels = subKinds[event];
    if (!labels) {
      await expect(kinds).toHaveCount(0);
      continue;
    }
    await expect(kinds.getByRole('radio')).toHaveCount(labels.length);
    for (const label of labels) await expect(kinds.getByRole('radio', { name: label })).not.toBeChecked();
    // Choose the first sub-kind, then the second, by keyboard; back to the events.
    await staff.keyboard.press('Tab');
    await expect(kinds.getByRole('radio', { name: labels[0] })).toBeFocused();
    await staff.keyboard.press('Space');
    await expect(kinds.getByRole('radio', { name: labels[0] })).toBeChecked();
    await staff.keyboard.press('ArrowDown');
    await expect(kinds.getByRole('radio', { name: labels[1] })).toBeChecked();
    await staff.keyboard.press('Shift+Tab');
    await expect(radio).toBeFocused();
  }
  // Back up to 国外転出: no sub-kinds; the destination instead of the previous address.
  for (let i = 0; i < 4; i += 1) await staff.keyboard.press('ArrowUp');
  await expect(events.getByRole('radio', { name: '国外転出' })).toBeChecked();
  await expect(kinds).toHaveCount(0);
  await expect(staff.getByLabel('前住所（市区町村・国）')).toHaveCount(0);
  await staff.getByLabel('異動日・届出事由の日').fill('2026-12-10');
  const destination = 'Rua Barão de Jaguara 1200, Campinas SP, Brasil';
  await staff.getByLabel('転出先').fill(destination);
  await judge(staff, 15);
  await scanBoth(staff, 'life event 国外転出, judged', customer, 'life event (pt-BR)');
  await staff.keyboard.press('Alt+ArrowRight');
  const visit = await staffVisit(core);
  expect([visit.lifeEvent, visit.details?.eventKind ?? null, visit.details?.newAddress]).toEqual(['moving_abroad', null, destination]);

  // Judged by hand from 美濃加茂市's catalog: everyone files the 国外転出届 (by the departure day) and leaves 国保
  // (14 days); both parents, foreign and in the 国民年金, get the 脱退一時金 guidance (2 years, as 730 days) and
  // may owe 住民税 (納税管理人, before leaving); only the father has a My Number card, which a foreign national
  // returns; the 児童手当 ends (the father claims it), the son leaves his school and the adults' 印鑑登録 ends. No
  // 任意加入 (Japanese nationals only), no 後期高齢・介護.
  const [father, mother, son] = ['Oliveira Nakamura Gabriel Thiago', 'Oliveira Nakamura Camila', 'Oliveira Nakamura Thiago José'];
  const lines: [string, string[], string, string][] = [
    ['moving_abroad_notification', [father, mother, son], '市民課', '2026年12月10日'],
    ['national_health_insurance_loss_abroad', [father, mother, son], '保険年金課', '2026年12月24日'],
    ['pension_lump_sum_withdrawal', [father, mother], '日本年金機構', '2028年12月9日'],
    ['my_number_card_return_abroad', [father], '市民課', '2026年12月10日'],
    ['tax_agent_abroad', [father, mother], '税務課', '2026年12月10日'],
    ['child_allowance_end_abroad', [father], '福祉課', '—'],
    ['school_leaving_abroad', [son], '学校教育課', '—'],
    ['seal_registration_end_abroad', [father, mother], '市民課', '—'],
  ];
  await expectJudged(staff, core, '212113', lines.flatMap(([id, people]) => people.map((name) => `${id} ${name}`)));
  await expect(column(staff, 4)).toHaveText(lines.flatMap(([, people, department]) => people.map(() => department)));
  await expect(column(staff, 5)).toHaveText(lines.flatMap(([, people, , deadline]) => people.map(() => deadline)));
  await expect(table(staff).locator('tr[data-procedure="pension_lump_sum_withdrawal"]').first()).toContainText('外国人住民');

  // The family sees each procedure once, in Portuguese, in the catalog's order.
  const cards = await customerProcedureCards(customer);
  expect([...cards.keys()]).toEqual(lines.map(([id]) => id));
  for (const [id, card] of cards) expect(card.title).toBe(title(pt, id));
  await scanBoth(staff, 'procedures (国外転出)', customer, 'procedures (pt-BR)');

  await confirmSignSubmit(staff, customer, core, pt, 'pt-BR', [father, formatDate('2026-12-10', 'pt-BR')]);
  await expect(staff.getByTestId('guide')).toContainText('国外転出届');
  await expect(staff.getByTestId('guide')).toContainText(title(pt, 'pension_lump_sum_withdrawal'));

  const { stored, get, result } = await backendThenNextCustomer(staff, customer, core, backendUrl, '212113', ['Barão de Jaguara']);
  expect(stored.lifeEvent).toBe('moving_abroad');
  expect(await queued(get, '税務課', result.cloudVisitId)).toEqual(['tax_agent_abroad', 'tax_agent_abroad']);
  expect(await queued(get, '日本年金機構', result.cloudVisitId)).toEqual(['pension_lump_sum_withdrawal', 'pension_lump_sum_withdrawal']);
  await close();
});

// A procedure the clerk adds by hand carries its catalog deadline, as if the rules had judged it (this was
// null once: the host built the added line without its deadline).
test('a procedure added by hand carries its catalog deadline', async ({ chromiumBrowser, host, core }) => {
  await signInDirectly(core);
  const { staff, customer, close } = await twoScreens(chromiumBrowser);
  await staff.goto(`${host.origin}/staff.html`);
  await customer.goto(`${host.origin}/customer.html`);
  await openHousehold(staff, customer, { language: 'Español', query: 'quispe', household: /Quispe Flores Carmen Elena さんの世帯を選ぶ/ });
  await staff.getByRole('radio', { name: '婚姻' }).check();
  await staff.getByLabel('異動日・届出事由の日').fill('2026-11-27');
  await judge(staff, 1);
  await staff.keyboard.press('Alt+ArrowRight');
  const add = staff.locator('form.add-procedure');
  await add.getByLabel('手続き').selectOption({ label: '国民健康保険の資格喪失（婚姻）' });
  await add.getByLabel('対象者').selectOption({ label: 'Quispe Flores Carmen Elena' });
  await add.getByLabel('理由').fill(NHI_LOSS_REASON);
  await add.getByRole('button', { name: '追加' }).click();
  // 14 days from the event date, as judged procedures of the same catalog get.
  await expect(table(staff).locator('tr[data-procedure="national_health_insurance_loss_marriage"] td').nth(4)).toHaveText('2026年12月11日');
  // The resident's screen has both procedures (it pages them), the added one with its deadline.
  await expect(customer.locator('.procedure-list > .count')).toContainText('2');
  const cards = await customerProcedureCards(customer);
  expect(cards.get('national_health_insurance_loss_marriage')?.text).toContain(formatDate('2026-12-11', 'es'));
  await close();
});
