import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DEMO_PASSWORD, DEMO_STAFF } from '../../../server/demo/accounts';
import { coverageHouseholds } from '../../../server/demo/generator';
import { demoResidenceCardHolder } from '../../../electron/demo/cards';
import type { ResidentHit, StaffView } from '../../../shared/contract';
import { expect, test } from './fixtures';
import { drawSignature, expectNoAxeViolations, judgedProcedureCounts, passportMrz, signInDirectly, staffView, twoScreens } from './helpers';

/**
 * 転入 of people who are not in the register yet (issue 12, item 1): a Japanese family of three moves into
 * 坂祝町 with a 転出証明書 from 名古屋市, typed by staff by keyboard; the visit judges, the family confirms and
 * signs, and the submission registers them in 坂祝町 only.
 *
 * The judged set, worked out by hand from 坂祝町's 転入 catalog (server/demo/catalog.ts) for this family on
 * 2026-12-01 — 鈴木 一郎 (世帯主, born 1988-04-02: 38), 花子 (妻, 1990-07-15: 36), 翔 (子, 2019-05-20: 7); all
 * Japanese, no My Number card recorded, health insurance and pension "none" (the form's defaults: nobody
 * is employer-insured here yet):
 * - 転入届: always, each person → 3
 * - 国民健康保険の加入: under 75 and insured by 国保 or not at all → 3
 * - 国民年金: aged 20–59 and in neither an employee pension nor the dependent-spouse category → the two parents
 * - 児童手当: a parent of a child up to the fiscal year end of 18 → once for the household
 * - 子ども医療費受給者証: the child (18 or younger, not on welfare) → 1
 * - 小中学校の転入学: 7 on the event day → elementary school → 1
 * - not: the residence-card address (Japanese), the My Number card address (none recorded), long-term care
 *   (nobody 40+), 後期高齢者医療 (nobody 75+).
 */
const pt = JSON.parse(readFileSync('shared/i18n/locales/pt-BR/customer.json', 'utf8')) as { review: { confirm: string }; sign: { done: string } };

const EXPECTED: Record<string, number> = {
  moving_in_notification: 3,
  national_health_insurance_join: 3,
  national_pension: 2,
  child_allowance: 1,
  child_medical_subsidy: 1,
  school_transfer: 1,
};

test.use({ tenantId: '215015' });

/** What 美濃加茂市's register finds for a name and birth date (asked of the backend as that town's clerk). */
async function foundInMinokamo(backendUrl: string, q: string, birthDate: string): Promise<unknown[]> {
  const minokamo = DEMO_STAFF.find((s) => s.loginId === 'minokamo.counter')!;
  const login = await fetch(`${backendUrl}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenantId: '212113', terminalId: 'demo-terminal-02', loginId: minokamo.loginId, password: DEMO_PASSWORD, secondFactor: { kind: 'card', uid: minokamo.cardUid } }),
  });
  const { token } = (await login.json()) as { token: string };
  const found = (await (await fetch(`${backendUrl}/v1/residents?q=${encodeURIComponent(q)}&birthDate=${birthDate}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { results: unknown[] };
  return found.results;
}

test('a family of three not in 坂祝町’s register moves in with a 転出証明書 typed by staff, and is registered there only', async ({ chromiumBrowser, host, core, backendUrl }) => {
  test.setTimeout(90_000);
  await signInDirectly(core, 'sakahogi.counter');
  const { staff, customer, close } = await twoScreens(chromiumBrowser);
  // The staff screen's today, which a month and day alone (11.30) is read near.
  await staff.clock.setFixedTime(new Date('2026-12-08T10:00:00+09:00'));
  await staff.goto(`${host.origin}/staff.html`);
  await customer.goto(`${host.origin}/customer.html`);

  // Staff actions: each click 1, each key press 1 (a chord such as Alt+N 2), each character of a date 1; the
  // characters of the free-text names (kanji, kana, 筆頭者) and addresses (前住所, 新住所, 本籍) are not counted.
  let actions = 0;
  const press = async (key: string, times = 1) => {
    for (let i = 0; i < times; i += 1) {
      actions += key.split('+').length;
      await staff.keyboard.press(key);
    }
  };
  const typeFree = (text: string) => staff.keyboard.insertText(text);
  const typeCounted = async (text: string) => {
    actions += text.length;
    await staff.keyboard.type(text);
  };

  await expect(staff.getByRole('button', { name: '受付を開始' })).toBeFocused();
  await press('Enter');
  await customer.getByRole('button', { name: '日本語', exact: true }).click();
  // 本人確認: nobody to search for; the intake form, by its shortcut (the button says what it is for).
  await expect(staff.getByRole('button', { name: '転入（住民登録のない方）' })).toBeVisible();
  await press('Alt+I');
  const form = staff.locator('form.intake');
  await expect(form.getByRole('heading', { name: '転入：転出証明書から入力' })).toBeVisible();
  await expect(form.getByLabel('前住所（転出証明書の住所）')).toBeFocused();

  // The 転出証明書, in its order: 住所, 転出予定日, 転出先 (the new address), then each person.
  await typeFree('愛知県名古屋市中区三の丸三丁目1番1号');
  await press('Tab');
  // A day near today: month and day are enough (the field shows the year it understood).
  await typeCounted('11.30');
  await expect(form.getByLabel('転出予定日').locator('..').getByTestId('date-understood')).toContainText('2026年11月30日');
  await press('Tab');
  await typeFree('岐阜県加茂郡坂祝町取組46番地18');
  await press('Tab');
  // 転入日 starts as the 転出予定日 (they moved that day): staff go past it.
  await expect(form.getByLabel('転入日（住み始めた日）')).toHaveValue('2026-11-30');
  await press('Tab');

  // 1人目: 世帯主 (already chosen), 本籍 and 筆頭者 from the certificate.
  await typeFree('鈴木　一郎');
  await press('Tab');
  await typeFree('すずき　いちろう');
  await press('Tab');
  await typeCounted('S63.4.2');
  // The narrow field says the date in the other calendar, whole (both calendars would be cut at 1366×768).
  await expect(form.locator('fieldset.intake-member').first().getByTestId('date-understood')).toHaveText('1988年4月2日');
  await press('Tab'); // 続柄: 世帯主
  await press('Tab');
  await press('ArrowDown'); // 性別: 男
  await press('Tab'); // 外国人: no
  await press('Tab');
  await typeFree('愛知県名古屋市中区丸の内一丁目1番');
  await press('Tab');
  await typeFree('鈴木　一郎');
  await press('Alt+N');
  // The new person's first item takes the cursor once the host has made them.
  await expect(form.locator('fieldset.intake-member').nth(1).getByLabel('氏名')).toBeFocused();

  // 2人目: 妻 — the 続柄 a male 世帯主's second person starts with (and the sex follows from it).
  await expect(form.locator('fieldset.intake-member').nth(1).getByLabel('続柄')).toHaveValue('妻');
  await typeFree('鈴木　花子');
  await press('Tab');
  await typeFree('すずき　はなこ');
  await press('Tab');
  await typeCounted('H2.7.15');
  await press('Alt+N');
  await expect(form.locator('fieldset.intake-member').nth(2).getByLabel('氏名')).toBeFocused();

  // 3人目: 子.
  await typeFree('鈴木　翔');
  await press('Tab');
  await typeFree('すずき　しょう');
  await press('Tab');
  await typeCounted('R1.5.20');
  await press('Tab'); // 続柄: 子, as a third person starts
  await expect(form.locator('fieldset.intake-member').nth(2).getByLabel('続柄')).toHaveValue('子');
  await press('Tab');
  await press('ArrowDown'); // 男

  // The whole household on one screen at 1366×768: the form down to its confirm button sits in the window,
  // above the step's sticky 戻る/次へ bar, without scrolling.
  await expect(form.locator('fieldset.intake-member')).toHaveCount(3);
  await staff.evaluate(() => window.scrollTo(0, 0));
  await staff.screenshot({ path: test.info().outputPath('intake-3-people.png') });
  const confirmBox = (await form.getByRole('button', { name: 'この世帯で確定' }).boundingBox())!;
  const barTop = (await staff.locator('.visit .actions').boundingBox())!.y;
  expect(confirmBox.y + confirmBox.height, 'the intake form of three people fits 1366×768').toBeLessThanOrEqual(barTop);
  expect(await staff.evaluate(() => window.scrollY)).toBe(0);
  await expectNoAxeViolations(staff, 'intake form');

  // The customer screen learns nothing of the intake while staff type it.
  await expect(customer.locator('body')).not.toContainText('鈴木');

  // Confirmed, the paper's 転入 (its date, both addresses, the 転出予定日) is judged straight away: the clerk
  // lands on the procedures.
  await press('Control+Enter');
  await expect(staff.getByRole('heading', { name: '手続き判定', level: 2 })).toBeVisible();
  const rows = staff.getByTestId('procedure-table').locator('tbody tr');
  await expect(rows).toHaveCount(Object.values(EXPECTED).reduce((a, b) => a + b, 0));
  const draft = (await staffView(core)).visit!;
  expect(draft.step).toBe('procedures');
  expect([draft.lifeEvent, draft.details?.eventDate, draft.details?.plannedMoveOutDate, draft.details?.newAddress]).toEqual(['moving_in', '2026-11-30', '2026-11-30', '岐阜県加茂郡坂祝町取組46番地18']);
  expect(draft.household?.isNew).toBe(true);
  expect(draft.household?.members.map((m) => [m.name, m.relation, m.birthDate, m.sex])).toEqual([
    ['鈴木　一郎', '世帯主', '1988-04-02', 1],
    ['鈴木　花子', '妻', '1990-07-15', 2],
    ['鈴木　翔', '子', '2019-05-20', 1],
  ]);
  const newIds = draft.household!.members.map((m) => m.residentId);

  expect(await judgedProcedureCounts(staff)).toEqual(EXPECTED);
  const lines = (await staffView(core)).visit!.procedures;
  expect(lines.filter((line) => line.residentId !== null).every((line) => newIds.includes(line.residentId!))).toBe(true);

  // 内容確認 on the customer screen, in the family's language (日本語), with their own names; then 署名.
  await press('Alt+ArrowRight');
  await expect(customer.locator('html')).toHaveAttribute('lang', 'ja');
  await expect(customer.getByTestId('review-member').filter({ hasText: '鈴木　花子' })).toBeVisible();
  await expect(customer.locator('body')).not.toContainText('丸の内'); // the 本籍 stays with staff
  await customer.getByRole('button', { name: '内容に間違いありません' }).click();
  await expect(staff.getByTestId('review-status')).toHaveText('お客様が内容を確認しました。');
  await press('Alt+ArrowRight');
  await drawSignature(customer);
  await customer.getByRole('button', { name: 'この署名で確定' }).click();
  await expect(staff.getByTestId('sign-status')).toHaveText('署名を受け取りました。');
  await expect(staff.getByRole('button', { name: '申請を確定して送信' })).toBeFocused();
  await press('Enter');
  // Recorded in docs/benchmarks.md (target ≤ 60, names and addresses excluded): the last staff action was that Enter.
  test.info().annotations.push({ type: 'staff actions', description: String(actions) });
  console.log(`moving-in of 3 newcomers (転出証明書): ${actions} staff actions (clicks + keys, names and addresses excluded)`);
  await expect(staff.getByTestId('finish')).toContainText('受付が完了しました');


  // Registered by the submission under the ids the counter made, in 坂祝町 …
  const result = (await staffView(core)).visit!.result!;
  expect(result.registered).toEqual({ householdId: draft.household!.householdId, residentIds: newIds });
  const found = (await core.invoke('staff', 'searchResidents', { q: '鈴木　花子', birthDate: '1990-07-15' })) as { ok: true; value: { results: ResidentHit[] } };
  expect(found.value.results.map((hit) => hit.residentId)).toEqual([newIds[1]]);
  // … and not in 美濃加茂市.
  expect(await foundInMinokamo(backendUrl, '鈴木　花子', '1990-07-15')).toEqual([]);
  // The target (docs/benchmarks.md has the breakdown).
  expect(actions).toBeLessThanOrEqual(60);
  await close();
});

test('after a window reload the intake form shows everything typed so far (the host owns the draft)', async ({ chromiumBrowser, host, core }) => {
  await signInDirectly(core, 'sakahogi.counter');
  const { staff, close } = await twoScreens(chromiumBrowser);
  await staff.goto(`${host.origin}/staff.html`);
  await staff.getByRole('button', { name: '受付を開始' }).click();
  await staff.getByRole('button', { name: '転入（住民登録のない方）' }).click();
  await staff.getByLabel('前住所（転出証明書の住所）').fill('名古屋市');
  await staff.keyboard.press('Alt+N');
  await staff.locator('fieldset.intake-member').nth(1).getByLabel('氏名').pressSequentially('鈴木');
  await expect.poll(async () => (await staffView(core)).visit?.intake?.members[1]?.name).toBe('鈴木');
  await staff.reload();
  await expect(staff.getByLabel('前住所（転出証明書の住所）')).toHaveValue('名古屋市');
  await expect(staff.locator('fieldset.intake-member').nth(1).getByLabel('氏名')).toHaveValue('鈴木');
  const view: StaffView = await staffView(core);
  expect(view.visit?.intake?.members).toHaveLength(2);
  await close();
});


test.describe('from abroad', () => {
  // The residence card is read through the real stack: pcsc.ts → smartcard → pcscd → vpcd → a virtual card in a
  // worker thread (skips without pcscd, fails so with MADOGUCHI_TEST_PCSC=1; fixtures.ts).
  test.use({ withDevices: true, cardReader: 'pcsc' });

  test('a family from abroad: passports read as MRZ, the residence card through the PC/SC reader, one member without a card yet', async ({ chromiumBrowser, host, core, vpcd, devices, backendUrl }) => {
    test.setTimeout(90_000);
    // A Brazilian woman of 坂祝町's demo data; here she and her husband arrive from abroad. Her residence card is
    // made out to her (number, birth date, sex, nationality, name) and signed by the TEST-ONLY issuer the station trusts.
    const wife = coverageHouseholds('215015').flatMap((h) => h.residents).find((r) => r.nationality === 'BR' && r.relation === '妻' && r.residence_card_number)!;
    const holder = demoResidenceCardHolder('215015');
    expect(holder).toEqual(expect.objectContaining({ cardNumber: wife.residence_card_number, birthDate: wife.birth_date, sex: 'female', nationalityCode: 'BRA', name: wife.alphabet_name!.toUpperCase() }));
    await signInDirectly(core, 'sakahogi.counter');
    const { staff, customer, close } = await twoScreens(chromiumBrowser);
    await staff.goto(`${host.origin}/staff.html`);
    await customer.goto(`${host.origin}/customer.html`);
    await staff.getByRole('button', { name: '受付を開始' }).click();
    await customer.getByRole('button', { name: 'Português' }).click();
    await staff.getByRole('button', { name: '国外からの転入' }).click();
    const form = staff.locator('form.intake');
    await expect(form.getByRole('heading', { name: '転入：国外から（旅券・在留カード）' })).toBeVisible();

    // Two passports scanned (the text a keyboard-wedge scan hands the host; its key decoding is keyboard.spec's):
    // each fills the next person, nothing is searched in the register.
    const scan = (text: string) => core.invoke('staff', 'submitScan', { requestId: randomUUID(), text });
    expect((await scan(passportMrz({ surname: 'SILVA', given: 'RAFAEL', nationality: 'BRA', birthDate: '1989-03-10', sex: 'M', number: 'FB1234567' }))).ok).toBe(true);
    expect((await scan(passportMrz({ surname: 'SILVA', given: 'ANA', nationality: 'BRA', birthDate: wife.birth_date, sex: 'F', number: 'FB7654321' }))).ok).toBe(true);
    const members = form.locator('fieldset.intake-member');
    await expect(members).toHaveCount(2);
    await expect(members.nth(0).getByLabel('ローマ字氏名')).toHaveValue('SILVA RAFAEL');
    await expect(members.nth(1).getByLabel('ローマ字氏名')).toHaveValue('SILVA ANA');
    await expect(members.nth(1).getByLabel('国籍・地域')).toHaveValue('BR'); // the passport's BRA, as the register keeps it (ISO alpha-2)

    // Her residence card on the vpcd reader completes her (same birth date): number, period of stay, its end.
    await expect(staff.getByTestId('card-reader')).toHaveAttribute('data-card', 'none');
    await vpcd!.put({ kind: 'residence', cardType: '05', holder });
    await expect(staff.getByTestId('card-reader')).toHaveAttribute('data-card', 'residence', { timeout: 15_000 });
    await staff.getByLabel('在留カード番号（12桁）').fill(wife.residence_card_number!);
    await staff.getByRole('button', { name: '在留カードを読み取る' }).click();
    await expect(members.nth(1).getByLabel('在留カード番号')).toHaveValue(wife.residence_card_number!.toUpperCase());
    // The intake shows no signature status, so ask the station itself: read whole over PC/SC (authentication,
    // secure messaging), the card's signature chains to an issuer its settings trust.
    expect((await devices!.station.readResidenceCard(holder.cardNumber)).signature).toBe('valid');
    await expect(members).toHaveCount(2);

    // He has no card yet (issued later): the landing permission instead; 続柄 for her.
    const he = members.nth(0);
    await he.getByLabel('上陸許可日（在留カード未交付）').fill('R8.11.28');
    await he.getByLabel('上陸港').fill('中部空港');
    await members.nth(1).getByLabel('続柄').selectOption('妻');
    await form.getByLabel('転入前の国・地域').fill('ブラジル');
    await form.getByLabel('新住所').fill('岐阜県加茂郡坂祝町取組1番地');
    await form.getByLabel('転入日（住み始めた日）').fill('R8.11.29');
    await expectNoAxeViolations(staff, 'intake from abroad');
    await form.getByRole('button', { name: 'この世帯で確定' }).click();
    // Confirmed, the 転入 is judged straight away (from the intake's date and addresses).
    await expect(staff.getByRole('heading', { name: '手続き判定', level: 2 })).toBeVisible();
    const household = (await staffView(core)).visit!.household!;
    expect(household.members.map((m) => [m.name, m.relation, m.kind, m.sex, m.hasResidenceCard])).toEqual([
      ['SILVA RAFAEL', '世帯主', 'foreign', 1, false],
      ['SILVA ANA', '妻', 'foreign', 2, true],
    ]);

    // From abroad the intake leads to the 国外転入, judged by hand from 坂祝町's catalog: both register (転入届 ×2);
    // both are foreign residents who notify their 住居地 — she with her card, he against his landing permission
    // (×2); both under 75 without insurance (国保 ×2); both 20–59 without a pension (国民年金 第1号 ×2); neither
    // has a My Number card (個人番号通知・カード申請 ×2). No child, so no 児童手当, 子ども医療 or 就学.
    const ageOnEvent = (birth: string) => 2026 - Number(birth.slice(0, 4)) - (birth.slice(5) > '11-29' ? 1 : 0);
    expect(ageOnEvent(wife.birth_date)).toBeGreaterThanOrEqual(20);
    expect(ageOnEvent(wife.birth_date)).toBeLessThan(60);
    const rows = staff.getByTestId('procedure-table').locator('tbody tr');
    await expect(rows).toHaveCount(10);
    expect((await staffView(core)).visit?.lifeEvent).toBe('moving_in_from_abroad');
    expect(await judgedProcedureCounts(staff)).toEqual({
      moving_in_abroad_notification: 2,
      residence_card_address_abroad: 2,
      national_health_insurance_join_abroad: 2,
      national_pension_abroad: 2,
      my_number_abroad: 2,
    });
    // The family follows in Portuguese, with their own names.
    await staff.keyboard.press('Alt+ArrowRight');
    await expect(customer.locator('html')).toHaveAttribute('lang', 'pt-BR');
    await expect(customer.getByTestId('review-member').filter({ hasText: 'SILVA ANA' })).toBeVisible();
    await customer.getByRole('button', { name: pt.review.confirm }).click();
    await expect(staff.getByTestId('review-status')).toHaveText('お客様が内容を確認しました。');
    await staff.keyboard.press('Alt+ArrowRight');
    await drawSignature(customer);
    await customer.getByRole('button', { name: pt.sign.done }).click();
    await expect(staff.getByTestId('sign-status')).toHaveText('署名を受け取りました。');
    await staff.getByRole('button', { name: '申請を確定して送信' }).click();
    await expect(staff.getByTestId('finish')).toContainText('受付が完了しました');

    // Registered by the submission — he on his landing permission, she with her card — and found like anyone.
    const { registered } = (await staffView(core)).visit!.result!;
    expect(registered).toEqual({ householdId: household.householdId, residentIds: household.members.map((m) => m.residentId) });
    const found = (await core.invoke('staff', 'searchResidents', { q: 'silva ana', birthDate: wife.birth_date })) as { ok: true; value: { results: ResidentHit[] } };
    expect(found.value.results.map((hit) => hit.residentId)).toEqual([household.members[1]!.residentId]);
    // … in 坂祝町 only.
    expect(await foundInMinokamo(backendUrl, 'silva ana', wife.birth_date)).toEqual([]);
    await close();
  });
});
