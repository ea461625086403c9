import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { drawSignature, expectNoAxeViolations, judgedProcedureCounts, passportMrz, signInDirectly, staffView, twoScreens } from './helpers';

/**
 * Residence status in the rules (issue 12, item 2): a 転入 from abroad where some, or all, of the people may not be
 * registered (住民基本台帳法 30条の45). Driven like moving-in-newcomers.spec (b): passports scanned as MRZ, no
 * residence cards yet, so each person has a landing permission with the 在留資格 and 在留期間 stamped in it.
 *
 * (a) A Vietnamese family moves into 美濃加茂市 on 2026-11-29: NGUYEN VAN AN (世帯主, born 1990-02-01: 36, 技術・人文
 * 知識・国際業務 5年), his mother TRAN THI BINH (1962-06-01, 短期滞在 90日: visiting) and his son NGUYEN VAN CUONG
 * (2018-09-01: 8, 家族滞在 5年). Insurance and pension "none" (the form's defaults). The mother is refused
 * (short_term_stay) and judged for nothing; by hand from 美濃加茂市's 国外転入 catalog (server/demo/catalog.ts):
 * - 転入届（国外から）: father, son → 2
 * - 住居地の届出: every foreign member (card or landing permission) → father, son → 2
 * - 国民健康保険の加入: under 75, no insurance, not a 特定活動 outside 国保 → father, son → 2
 * - 国民年金: 20–59, no pension → father → 1
 * - 児童手当: the father raises the son → 1
 * - 子ども医療費受給者証: the son (8, to 15's fiscal year end) → 1
 * - 個人番号の通知・カード申請: nobody holds a My Number card → father, son → 2
 * - 就学: the son, 8 on the event day → elementary school → 1
 * - nothing for the mother, who is not registered.
 *
 * (b) Two tourists on 短期滞在 (90日 and 15日): nobody may be registered — no procedures, no next step, the
 * reason on both screens.
 */
const vi = JSON.parse(readFileSync('shared/i18n/locales/vi/customer.json', 'utf8')) as {
  refusal: { heading: string; none: string; reasons: Record<string, string> };
  review: { confirm: string };
  sign: { done: string };
};
const ja = JSON.parse(readFileSync('shared/i18n/locales/ja/staff.json', 'utf8')) as { residence: { none: string; refusals: Record<string, string> } };

const EXPECTED: Record<string, number> = {
  moving_in_abroad_notification: 2,
  residence_card_address_abroad: 2,
  national_health_insurance_join_abroad: 2,
  national_pension_abroad: 1,
  child_allowance_abroad: 1,
  child_medical_subsidy_abroad: 1,
  my_number_abroad: 2,
  school_enrollment_abroad: 1,
};


type Person = { surname: string; given: string; birthDate: string; sex: 'M' | 'F'; number: string; relation: string; status: string; period: string };

/** Scans each passport, then types what the landing permission says (status, period, date, port) and the 続柄. */
async function intakeFromAbroad(staff: Page, core: Parameters<typeof staffView>[0], people: Person[]) {
  await staff.getByRole('button', { name: '国外からの転入' }).click();
  const form = staff.locator('form.intake');
  for (const person of people) {
    const scanned = await core.invoke('staff', 'submitScan', { requestId: randomUUID(), text: passportMrz({ ...person, nationality: 'VNM' }) });
    expect(scanned.ok).toBe(true);
  }
  const members = form.locator('fieldset.intake-member');
  await expect(members).toHaveCount(people.length);
  for (const [i, person] of people.entries()) {
    const member = members.nth(i);
    await expect(member.getByLabel('国籍・地域')).toHaveValue('VN');
    if (i > 0) await member.getByLabel('続柄').selectOption(person.relation);
    await member.getByLabel('在留資格', { exact: true }).fill(person.status);
    await member.getByLabel('在留期間', { exact: true }).fill(person.period);
    await member.getByLabel('上陸許可日（在留カード未交付）').fill('R8.11.28');
    await member.getByLabel('上陸港').fill('中部空港');
  }
  await form.getByLabel('転入前の国・地域').fill('ベトナム');
  await form.getByLabel('新住所').fill('岐阜県美濃加茂市太田町3番地3');
  await form.getByLabel('転入日（住み始めた日）').fill('R8.11.29');
  return form;
}

test.describe('refusals at a 転入 from abroad', () => {
  test.use({ withDevices: true });

  test('a mother visiting on 短期滞在 is refused with the reason on both screens (Vietnamese for the family); the others are judged exactly', async ({ chromiumBrowser, host, core }) => {
    test.setTimeout(90_000);
    await signInDirectly(core, 'minokamo.counter');
    const { staff, customer, close } = await twoScreens(chromiumBrowser);
    await staff.goto(`${host.origin}/staff.html`);
    await customer.goto(`${host.origin}/customer.html`);
    await staff.getByRole('button', { name: '受付を開始' }).click();
    await customer.getByRole('button', { name: 'Tiếng Việt' }).click();

    const form = await intakeFromAbroad(staff, core, [
      { surname: 'NGUYEN', given: 'VAN AN', birthDate: '1990-02-01', sex: 'M', number: 'C1234567', relation: '世帯主', status: '技術・人文知識・国際業務', period: '5年' },
      { surname: 'TRAN', given: 'THI BINH', birthDate: '1962-06-01', sex: 'F', number: 'C7654321', relation: '母', status: '短期滞在', period: '90日' },
      { surname: 'NGUYEN', given: 'VAN CUONG', birthDate: '2018-09-01', sex: 'M', number: 'C2345678', relation: '子', status: '家族滞在', period: '5年' },
    ]);
    // Warned before confirming: she will not be registered, and why.
    const warnings = staff.getByTestId('intake-warnings');
    await expect(warnings.locator('li')).toHaveCount(1);
    await expect(warnings).toContainText('TRAN THI BINH');
    await expect(warnings).toContainText(ja.residence.refusals.short_term_stay!);
    await expectNoAxeViolations(staff, 'intake with a refusal warning');
    await form.getByRole('button', { name: 'この世帯で確定' }).click();
    // Confirmed, the 国外転入 is judged straight away: the clerk lands on the procedures.

    await expect(staff.getByRole('heading', { name: '手続き判定', level: 2 })).toBeVisible();
    const refusals = staff.getByTestId('staff-refusals');
    await expect(refusals.locator('li')).toHaveCount(1);
    await expect(refusals.locator('li[data-refusal="short_term_stay"]')).toContainText('TRAN THI BINH');
    await expect(refusals).toContainText('住民基本台帳法 第30条の45');
    await expect(staff.getByTestId('staff-refusals-none')).toHaveCount(0);
    const rows = staff.getByTestId('procedure-table').locator('tbody tr');
    await expect(rows).toHaveCount(12);
    expect(await judgedProcedureCounts(staff)).toEqual(EXPECTED);
    const visit = (await staffView(core)).visit!;
    const mother = visit.household!.members.find((m) => m.name === 'TRAN THI BINH')!;
    expect([mother.residenceStatus, mother.refusal]).toEqual(['temporary_visitor', 'short_term_stay']);
    expect(visit.procedures.some((line) => line.residentId === mother.residentId)).toBe(false);
    await expectNoAxeViolations(staff, 'procedures with a refusal');

    // The family reads it in Vietnamese: who, and why — never the status code or the nationality.
    await expect(customer.locator('html')).toHaveAttribute('lang', 'vi');
    const told = customer.getByTestId('customer-refusals');
    await expect(told.getByRole('heading', { name: vi.refusal.heading })).toBeVisible();
    await expect(told.locator('li[data-refusal="short_term_stay"]')).toContainText('TRAN THI BINH');
    await expect(told).toContainText(vi.refusal.reasons.short_term_stay!);
    await expect(customer.getByTestId('customer-refusals-none')).toHaveCount(0);
    await expect(customer.locator('body')).not.toContainText('短期滞在');
    await expectNoAxeViolations(customer, 'customer procedures with a refusal');
    await customer.screenshot({ path: test.info().outputPath('customer-refusal.png') });
    await staff.screenshot({ path: test.info().outputPath('staff-refusal.png'), fullPage: true });

    // The family reviews what the forms say (the two who are registered), confirms and signs; the submission
    // registers father and son only.
    await staff.keyboard.press('Alt+ArrowRight');
    await expect(customer.getByTestId('review-member')).toHaveCount(2);
    await expect(customer.getByTestId('review-member').filter({ hasText: 'TRAN THI BINH' })).toHaveCount(0);
    await expect(customer.getByTestId('customer-refusals')).toContainText('TRAN THI BINH');
    await customer.screenshot({ path: test.info().outputPath('customer-review.png') });
    await customer.getByRole('button', { name: vi.review.confirm }).click();
    await expect(staff.getByTestId('review-status')).toHaveText('お客様が内容を確認しました。');
    await staff.keyboard.press('Alt+ArrowRight');
    await drawSignature(customer);
    await customer.getByRole('button', { name: vi.sign.done }).click();
    await expect(staff.getByTestId('sign-status')).toHaveText('署名を受け取りました。');
    await staff.getByRole('button', { name: '申請を確定して送信' }).click();
    await expect(staff.getByTestId('finish')).toContainText('受付が完了しました');
    const registeredIds = visit.household!.members.filter((m) => m.name !== 'TRAN THI BINH').map((m) => m.residentId);
    expect((await staffView(core)).visit!.result!.registered).toEqual({ householdId: visit.household!.householdId, residentIds: registeredIds });
    const found = (await core.invoke('staff', 'searchResidents', { q: 'tran thi binh', birthDate: '1962-06-01' })) as { ok: true; value: { results: unknown[] } };
    expect(found.value.results).toEqual([]);
    await close();
  });

  test('two tourists on 短期滞在: nobody may be registered — no 転入, the reason on both screens', async ({ chromiumBrowser, host, core }) => {
    test.setTimeout(90_000);
    await signInDirectly(core, 'minokamo.counter');
    const { staff, customer, close } = await twoScreens(chromiumBrowser);
    await staff.goto(`${host.origin}/staff.html`);
    await customer.goto(`${host.origin}/customer.html`);
    await staff.getByRole('button', { name: '受付を開始' }).click();
    await customer.getByRole('button', { name: 'Tiếng Việt' }).click();

    const form = await intakeFromAbroad(staff, core, [
      { surname: 'PHAM', given: 'VAN HUNG', birthDate: '1975-03-03', sex: 'M', number: 'C3456789', relation: '世帯主', status: '短期滞在', period: '90日' },
      { surname: 'PHAM', given: 'THI LAN', birthDate: '1977-04-04', sex: 'F', number: 'C4567890', relation: '妻', status: '短期滞在', period: '15日' },
    ]);
    await expect(staff.getByTestId('intake-warnings').locator('li[data-warning="short_term_stay"]')).toHaveCount(2);
    await form.getByRole('button', { name: 'この世帯で確定' }).click();
    // Confirmed, the 国外転入 is judged straight away: the clerk lands on the procedures.
    await expect(staff.getByRole('heading', { name: '手続き判定', level: 2 })).toBeVisible();

    await expect(staff.getByTestId('staff-refusals').locator('li')).toHaveCount(2);
    await expect(staff.getByTestId('staff-refusals-none')).toHaveText(ja.residence.none);
    await expect(staff.getByTestId('procedure-table').locator('tbody tr')).toHaveCount(0);
    expect((await staffView(core)).visit!.procedures).toEqual([]);
    // No 転入 to go on with: the next step is closed.
    await expect(staff.getByRole('button', { name: '次へ' })).toBeDisabled();
    await expect(staff.getByTestId('blocker')).toHaveText(ja.residence.none);
    const next = await core.invoke('staff', 'nextStep', { requestId: randomUUID() });
    expect(next.ok).toBe(false);

    await expect(customer.getByTestId('customer-refusals-none')).toHaveText(vi.refusal.none);
    await expect(customer.getByTestId('customer-refusals').locator('li[data-refusal="short_term_stay"]')).toHaveCount(2);
    await expectNoAxeViolations(customer, 'customer: nobody may be registered');
    await customer.screenshot({ path: test.info().outputPath('customer-nobody.png') });
    await close();
  });
});
