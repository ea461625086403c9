import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createCounterHost } from '../../../electron/core/host-config';
import { startBrowserHost } from '../../../electron/web-host/server';
import type { ResidentHit } from '../../../shared/contract';
import { dateInJapan } from '../../../shared/domain/dates';
import { expect, test } from './fixtures';
import { drawSignature, expectNoAxeViolations, judgedProcedureCounts, openHousehold, signInDirectly, staffView, twoScreens } from './helpers';

/**
 * 特例転入 between member towns (issue 12, acceptance c): a Chinese family of the 美濃加茂市 demo register — C012:
 * 王 強 (34 on the demo's reference day, 技術・人文知識・国際業務, employee-insured), his wife 陳 麗 (32, 家族滞在,
 * his dependant) and their son 王 明 (3) — moves to 坂祝町. At a 美濃加茂市 counter the 転出 is judged, confirmed
 * and signed in 中文 and submitted, which hands the family off to 坂祝町; the code is read from the 手続き案内書 PDF
 * the family takes home. At a 坂祝町 counter the 転入 starts from that code and one birth date: the claimed
 * 転出証明書 items fill the intake, staff add the new address and the day, and the visit goes on as any 転入.
 *
 * The dates are today's (the handoff can be claimed until 30 days after the 転出予定日); the ages the judged sets
 * rest on are checked first, so a later year that changes them says so instead of failing obscurely.
 */
const zh = JSON.parse(readFileSync('shared/i18n/locales/zh-CN/customer.json', 'utf8')) as { review: { confirm: string }; sign: { done: string }; handoff: { heading: string } };

/**
 * Judged by hand from 美濃加茂市's 転出 catalog (server/demo/catalog.ts) for this family: everyone files the 転出届
 * (×3); the son (3) returns his 子ども医療 certificate (×1); the two aged 15 or older end their 印鑑登録 (×2); the
 * child allowance ends once for the household (×1). Not: 国保 (all employee-insured), school (the son is 3),
 * 後期高齢 and 介護 (nobody 40+).
 */
const MOVING_OUT: Record<string, number> = { moving_out_notification: 3, child_medical_return: 1, seal_registration_end: 2, child_allowance_end: 1 };
/**
 * 坂祝町's 転入 catalog for the same family, on the handed-over items and what staff asked at the counter (社保 for
 * all three; 厚生年金 for him, 第3号 for her): 転入届 ×3; the residence card's address ×3 (all hold one); the My
 * Number card's address for the two who have one (×2); 児童手当 once; 子ども医療 for the son (×1). Not: 国保 or
 * 国民年金 (employee-insured), school (3), 介護 and 後期高齢 (nobody 40+).
 */
const MOVING_IN: Record<string, number> = { moving_in_notification: 3, residence_card_address: 3, my_number_card_address: 2, child_allowance: 1, child_medical_subsidy: 1 };

const ageOn = (birth: string, day: string) => Number(day.slice(0, 4)) - Number(birth.slice(0, 4)) - (birth.slice(5) > day.slice(5) ? 1 : 0);

test('a family moves from 美濃加茂市 to 坂祝町 with a handoff: the code on their paper, the 転入 filled from it, claimed once', async ({ chromiumBrowser, host, core, backendUrl }) => {
  test.setTimeout(180_000);
  const today = dateInJapan(new Date());

  // ── 美濃加茂市: the 転出 ──────────────────────────────────────────────────────────────────────────────────
  await signInDirectly(core);
  const { staff, customer, close } = await twoScreens(chromiumBrowser);
  await staff.goto(`${host.origin}/staff.html`);
  await customer.goto(`${host.origin}/customer.html`);
  await openHousehold(staff, customer, { language: '中文', query: 'wang qiang', household: /王\s強 さんの世帯を選ぶ/ });
  const family = (await staffView(core)).visit!.household!;
  expect(family.members.map((m) => [m.name, m.relation, m.kind])).toEqual([
    ['王　強', '世帯主', 'foreign'],
    ['陳　麗', '妻', 'foreign'],
    ['王　明', '子', 'foreign'],
  ]);
  const ages = family.members.map((m) => ageOn(m.birthDate, today));
  expect(ages[0]).toBeGreaterThanOrEqual(20);
  expect(ages[0]).toBeLessThan(40);
  expect(ages[1]).toBeGreaterThanOrEqual(20);
  expect(ages[1]).toBeLessThan(40);
  expect(ages[2]).toBeLessThan(6);

  await staff.getByRole('radio', { name: '転出', exact: true }).check();
  await staff.getByLabel('異動日・届出事由の日').fill(today);
  await staff.getByLabel('転出先').fill('岐阜県加茂郡坂祝町取組46番地18');
  // The destination is a member town of this cloud: chosen, the submission hands the family off to it.
  await staff.getByLabel('引継ぎ先の構成団体（特例転入）').selectOption({ label: '坂祝町' });
  await staff.getByRole('button', { name: '手続きを判定' }).click();
  await expect(staff.getByText(/件の手続きを判定しました/)).toBeVisible();
  await staff.keyboard.press('Alt+ArrowRight');
  const movingOut = await judgedProcedureCounts(staff);
  expect(movingOut).toEqual(MOVING_OUT);
  // The family follows in 中文.
  await expect(customer.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expectNoAxeViolations(customer, 'moving out, procedures (zh-CN)');
  await staff.keyboard.press('Alt+ArrowRight');
  await customer.getByRole('button', { name: zh.review.confirm }).click();
  await expect(staff.getByTestId('review-status')).toHaveText('お客様が内容を確認しました。');
  await staff.keyboard.press('Alt+ArrowRight');
  await drawSignature(customer);
  await expectNoAxeViolations(customer, 'moving out, signature (zh-CN)');
  await customer.getByRole('button', { name: zh.sign.done }).click();
  await expect(staff.getByTestId('sign-status')).toHaveText('署名を受け取りました。');
  await staff.getByRole('button', { name: '申請を確定して送信' }).click();
  await expect(staff.getByTestId('finish')).toContainText('受付が完了しました');
  await expect(staff.getByTestId('handoff-created')).toContainText('坂祝町への引継ぎを作成しました');

  // The resident's paper: the 手続き案内書 PDF as the clerk makes and saves it, read back as its text layer.
  await staff.getByRole('button', { name: '案内書をPDFにする' }).click();
  const [download] = await Promise.all([staff.waitForEvent('download'), staff.getByTestId('guide-pdf-link').click()]);
  const pdfPath = test.info().outputPath('guide-moving-out.pdf');
  await download.saveAs(pdfPath);
  const paper = execFileSync('pdftotext', ['-enc', 'UTF-8', pdfPath, '-'], { encoding: 'utf8' });
  const code = /\b([2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5})\b/.exec(paper)?.[1];
  expect(code, `the handoff code is printed on the guide, whole (no letter-spacing that pdftotext reads as spaces): ${paper}`).toBeTruthy();
  expect(paper).toContain('坂祝町の窓口で転入の届出をするときに、このコードを見せてください。');
  expect(paper.replace(/\s+/g, '')).toContain(zh.handoff.heading.replace(/\s+/g, ''));
  await close();

  // ── 坂祝町: the 転入 from the handoff ─────────────────────────────────────────────────────────────────────
  const sakahogiCore = createCounterHost({ config: { terminalId: 'demo-terminal-01', tenantId: '215015', version: 'e2e' }, platform: 'browser', backendUrl, log: () => {} });
  const sakahogi = await startBrowserHost({ core: sakahogiCore, rendererRoot: path.resolve('out/renderer'), port: 0 });
  try {
    await signInDirectly(sakahogiCore, 'sakahogi.counter');
    const town = await twoScreens(chromiumBrowser);
    await town.staff.goto(`${sakahogi.origin}/staff.html`);
    await town.customer.goto(`${sakahogi.origin}/customer.html`);
    await expect(town.staff.getByRole('button', { name: '受付を開始' })).toBeFocused();
    await town.staff.keyboard.press('Enter');
    await town.customer.getByRole('button', { name: '中文' }).click();
    await town.staff.getByRole('button', { name: '特例転入（他の構成団体から）' }).click();
    const claim = town.staff.locator('form.handoff-claim');
    // Typed off the paper as clerks do (lower case, a space for the hyphen); a wrong birth date first: refused, nothing changes.
    const typed = code!.toLowerCase().replace('-', ' ');
    await claim.getByLabel('引継ぎコード（転出の案内書・受付票に印刷）').fill(typed);
    await claim.getByLabel('転入する方のどなたか1人の生年月日').fill('1950-01-01');
    await claim.getByRole('button', { name: '引継ぎを受け取る' }).click();
    await expect(town.staff.getByTestId('handoff-refused')).toContainText('コードと生年月日に合う引継ぎがありません');
    expect((await staffView(sakahogiCore)).visit!.intake).toBeNull();
    await expectNoAxeViolations(town.staff, 'handoff claim, refused');
    await claim.getByLabel('転入する方のどなたか1人の生年月日').fill(family.members[2]!.birthDate);
    await claim.getByRole('button', { name: '引継ぎを受け取る' }).click();

    // The intake, filled from the claim: the 転出証明書 items of all three, with ids of 坂祝町's own.
    const form = town.staff.locator('form.intake');
    await expect(form.getByRole('heading', { name: '転入：他の構成団体からの引継ぎ' })).toBeVisible();
    await expect(form.getByLabel('前住所（転出証明書の住所）')).toHaveValue(family.address);
    await expect(form.getByLabel('転出予定日')).toHaveValue(today);
    const intake = (await staffView(sakahogiCore)).visit!.intake!;
    expect(intake.source).toBe('handoff');
    expect(intake.members.map((m) => [m.name, m.relation, m.birthDate, m.sex, m.foreign, m.nationality])).toEqual(
      family.members.map((m) => [m.name, m.relation, m.birthDate, m.sex, true, 'CN']),
    );
    const newIds = intake.members.map((m) => m.residentId);
    expect(newIds.some((id) => family.members.some((m) => m.residentId === id))).toBe(false);
    // What the counter asks: the new address and the day they moved in (the 転出予定日 already), their insurance
    // and pension (the town they left does not hand those over).
    await form.getByLabel('新住所').fill('岐阜県加茂郡坂祝町取組46番地18');
    const people = form.locator('fieldset.intake-member');
    for (const [i, pension] of ['厚生年金', '第3号', 'なし'].entries()) {
      await people.nth(i).getByLabel(/^健康保険/).selectOption({ label: '社保' });
      await people.nth(i).getByLabel(/^年金/).selectOption({ label: pension });
    }
    await expect(form.getByLabel('転入日（住み始めた日）')).toHaveValue(today);
    await expectNoAxeViolations(town.staff, 'intake from a handoff');
    // Confirmed, the 転入 is judged straight away from the intake (its date and the new address).
    await form.getByRole('button', { name: 'この世帯で確定' }).click();
    await expect(town.staff.getByRole('heading', { name: '手続き判定', level: 2 })).toBeVisible();
    const judgedVisit = (await staffView(sakahogiCore)).visit!;
    expect([judgedVisit.lifeEvent, judgedVisit.details?.newAddress]).toEqual(['moving_in', '岐阜県加茂郡坂祝町取組46番地18']);
    const movingIn = await judgedProcedureCounts(town.staff);
    expect(movingIn).toEqual(MOVING_IN);
    await expect(town.customer.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expectNoAxeViolations(town.customer, 'moving in from a handoff, procedures (zh-CN)');
    await town.staff.keyboard.press('Alt+ArrowRight');
    await expect(town.customer.getByTestId('review-member').filter({ hasText: '陳　麗' })).toBeVisible();
    await town.customer.getByRole('button', { name: zh.review.confirm }).click();
    await expect(town.staff.getByTestId('review-status')).toHaveText('お客様が内容を確認しました。');
    await town.staff.keyboard.press('Alt+ArrowRight');
    await drawSignature(town.customer);
    await town.customer.getByRole('button', { name: zh.sign.done }).click();
    await expect(town.staff.getByTestId('sign-status')).toHaveText('署名を受け取りました。');
    await town.staff.getByRole('button', { name: '申請を確定して送信' }).click();
    await expect(town.staff.getByTestId('finish')).toContainText('受付が完了しました');

    // Registered in 坂祝町 under the new ids and found by name; those ids are not in 美濃加茂市.
    const { registered } = (await staffView(sakahogiCore)).visit!.result!;
    expect(registered?.residentIds).toEqual(newIds);
    const search = async (counter: typeof core, q: string) => ((await counter.invoke('staff', 'searchResidents', { q })) as { ok: true; value: { results: ResidentHit[] } }).value.results.map((hit) => hit.residentId);
    expect((await search(sakahogiCore, 'wang')).sort()).toEqual(expect.arrayContaining([newIds[0], newIds[2]]));
    expect(await search(sakahogiCore, '陳　麗')).toContain(newIds[1]);
    const inMinokamo = [...(await search(core, 'wang')), ...(await search(core, '陳　麗'))];
    expect(inMinokamo.filter((id) => newIds.includes(id))).toEqual([]);
    expect(inMinokamo).toContain(family.members[0]!.residentId);

    // The same code a second time (another visit): refused as used.
    await sakahogiCore.invoke('staff', 'endVisit', { requestId: crypto.randomUUID() });
    await sakahogiCore.invoke('staff', 'startVisit', { requestId: crypto.randomUUID() });
    const again = await sakahogiCore.invoke('staff', 'claimHandoff', { requestId: crypto.randomUUID(), code: code!, birthDate: family.members[0]!.birthDate });
    expect(again.ok).toBe(false);
    expect(!again.ok && (again.error.details as { code: string }).code).toBe('handoff_claimed');
    expect((await staffView(sakahogiCore)).visit!.intake).toBeNull();
    await town.close();
  } finally {
    await sakahogi.close();
  }
});
