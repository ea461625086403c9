import { readFileSync } from 'node:fs';
import { DEMO_PASSWORD } from '../../../server/demo/accounts';
import type { StaffView } from '../../../shared/contract';
import { expect, test } from './fixtures';
import { expectNoAxeViolations, judgeMovingInToReview, openHousehold, signInDirectly, twoScreens } from './helpers';

/**
 * 代筆: the resident cannot sign, so the clerk writes the name for them — by keyboard, from the signature step,
 * with the reason. The resident's screen learns only that the visit is signed; the backend keeps the 代筆 with
 * the submission and audits it.
 */
const pt = {
  customer: JSON.parse(readFileSync('shared/i18n/locales/pt-BR/customer.json', 'utf8')) as { review: { confirm: string }; sign: { thanks: string } },
};

test('staff sign for a resident who cannot (代筆) by keyboard, with the reason; the resident sees only "signed"; the backend audits it', async ({ chromiumBrowser, host, core, backendUrl }) => {
  test.setTimeout(60_000);
  await signInDirectly(core);
  const { staff, customer, close } = await twoScreens(chromiumBrowser);
  await staff.goto(`${host.origin}/staff.html`);
  await customer.goto(`${host.origin}/customer.html`);

  await openHousehold(staff, customer, { language: 'Português', query: 'oliveira camila', household: /Oliveira Nakamura Camila さんの世帯を選ぶ/ });
  await judgeMovingInToReview(staff, '2026-11-27');
  await customer.getByRole('button', { name: pt.customer.review.confirm }).click();
  await expect(staff.getByTestId('review-status')).toHaveText('お客様が内容を確認しました。');
  await staff.keyboard.press('Alt+ArrowRight');
  await expect(staff.getByTestId('sign-status')).toHaveText('お客様の署名を待っています。');

  // Beside 「申請を確定して送信」 (disabled until signed): 「代筆する」 opens the form; Escape closes it again.
  const open = staff.getByRole('button', { name: '代筆する' });
  await open.focus();
  await staff.keyboard.press('Enter');
  await expect(open).toHaveAttribute('aria-expanded', 'true');
  await expect(staff.getByLabel('理由')).toBeFocused();
  await staff.keyboard.press('Escape');
  await expect(staff.getByTestId('proxy-signature-form')).toHaveCount(0);
  await expect(open).toBeFocused();
  await staff.keyboard.press('Enter');

  // Reason 「その他」 (the last choice) needs the note: the form will not go without it.
  await staff.keyboard.press('End');
  await expect(staff.getByLabel('理由')).toHaveValue('other');
  await staff.keyboard.press('Tab');
  await expect(staff.getByLabel('補足（「その他」のときは必須）')).toBeFocused();
  await staff.keyboard.press('Tab');
  await staff.keyboard.type('オリヴェイラ カミラ', { delay: 5 });
  await staff.keyboard.press('Enter');
  await expect(staff.getByTestId('sign-status')).toHaveText('お客様の署名を待っています。');
  await staff.getByLabel('補足（「その他」のときは必須）').focus();
  await staff.keyboard.type('右手を骨折中', { delay: 5 });
  await expect(staff.getByLabel('代筆した氏名')).toHaveValue('オリヴェイラ カミラ');

  await staff.screenshot({ path: test.info().outputPath('proxy-form.png') });
  await expectNoAxeViolations(staff, 'staff: the 代筆 form');
  await staff.keyboard.press('Enter');

  await expect(staff.getByTestId('proxy-signature-record')).toHaveText('代筆：窓口 花子 が「オリヴェイラ カミラ」と記入（理由：その他、右手を骨折中）');
  await expect(staff.getByTestId('sign-status')).toHaveText('署名を受け取りました。');
  await expect(customer.getByText(pt.customer.sign.thanks)).toBeVisible();
  const dom = await customer.content();
  for (const secret of ['右手を骨折中', 'オリヴェイラ カミラ', '窓口 花子', '代筆']) expect(dom, `customer screen shows ${secret}`).not.toContain(secret);
  await staff.screenshot({ path: test.info().outputPath('proxy-recorded.png') });

  await expect(staff.getByRole('button', { name: '申請を確定して送信' })).toBeFocused();
  await staff.keyboard.press('Enter');
  await expect(staff.getByTestId('finish')).toContainText('受付が完了しました');
  const view = (await core.invoke('staff', 'getStaffSnapshot', {})) as { ok: true; value: StaffView };
  const result = view.value.visit!.result!;

  // The backend holds the 代筆 with the submission and logs it under the clerk, with the reason code only.
  const login = await fetch(`${backendUrl}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenantId: '212113', terminalId: 'demo-terminal-02', loginId: 'minokamo.supervisor', password: DEMO_PASSWORD, secondFactor: { kind: 'card', uid: '04A1B2C3D4E5F7' } }),
  });
  const { token } = (await login.json()) as { token: string };
  const visit = (await (await fetch(`${backendUrl}/v1/visits/${result.cloudVisitId}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { submissions: { signed: boolean; proxySigned: boolean }[] };
  expect(visit.submissions).toEqual([expect.objectContaining({ signed: true, proxySigned: true })]);
  const audit = (await (await fetch(`${backendUrl}/v1/audit?limit=1000&staffId=00000000-0000-4000-8000-212113000001`, { headers: { authorization: `Bearer ${token}` } })).json()) as { entries: { purpose: string | null; staffId: string | null; detail: Record<string, unknown> }[] };
  const entries = audit.entries.filter((e) => e.purpose === 'proxy_signature' && e.detail.receiptNumber === result.receiptNumber);
  expect(entries).toEqual([expect.objectContaining({ staffId: '00000000-0000-4000-8000-212113000001', detail: expect.objectContaining({ reason: 'other' }) })]);
  expect(JSON.stringify(audit)).not.toContain('右手を骨折中');
  await close();
});
