import { DEMO_SECRET } from '../../../server/config';
import { openDemoBackend } from '../../../server/demo/backend';
import { DEMO_PASSWORD } from '../../../server/demo/accounts';
import { expect, test as base } from './fixtures';
import { expectNoAxeViolations, twoScreens } from './helpers';

/**
 * The backend ends an idle clerk's session (15 minutes without a request) while a visit is open. The staff
 * screen must say so — not 「検索できませんでした」 — offer the sign-in right there, keep the visit, and let the
 * search run again once the clerk is back. The session is ended the real way: the backend's own clock moves
 * past the idle limit, so its real 401 answer is what the host gets.
 */
const clock = { skewMs: 0 };
const test = base.extend<object, { backendUrl: string }>({
  backendUrl: [
    async ({}, use) => {
      const backend = await openDemoBackend(
        { port: 0, host: '127.0.0.1', demo: true, secret: DEMO_SECRET, sessionHours: 8, idleMinutes: 15, idempotencyRetentionDays: 35 },
        { logLevel: 'warn', householdsPerTenant: 20, now: () => new Date(Date.now() + clock.skewMs) },
      );
      await use(await backend.app.listen({ host: '127.0.0.1', port: 0 }));
      await backend.close();
    },
    { scope: 'worker', timeout: 60_000 },
  ],
});

test('an ended backend sign-in is said, the clerk signs in again inline, and the visit and its search go on', async ({ chromiumBrowser, host }) => {
  const { staff, close } = await twoScreens(chromiumBrowser);
  await staff.goto(`${host.origin}/staff.html`);
  const signIn = async () => {
    await staff.getByLabel('ログインID').fill('minokamo.counter');
    await staff.getByLabel('パスワード', { exact: true }).fill(DEMO_PASSWORD);
    await staff.getByLabel('職員証の番号（カードリーダー）').fill('04A1B2C3D4E5F6');
    await staff.getByRole('button', { name: 'ログイン', exact: true }).click();
  };
  await signIn();
  await staff.getByRole('button', { name: '受付を開始' }).click();
  const query = staff.getByLabel('氏名（漢字・かな・ローマ字）');
  await query.fill('山崎　大輔');
  await query.press('Enter');
  await staff.getByRole('button', { name: /山﨑\s大輔 さんの世帯を選ぶ/ }).click();
  await expect(staff.getByTestId('household')).toContainText('山﨑');

  // Sixteen minutes later by the backend's clock: the clerk searches again.
  clock.skewMs += 16 * 60_000;
  await query.fill('やまざき');
  await query.press('Enter');
  const notice = staff.getByTestId('session-expired');
  await expect(notice.getByRole('alert')).toHaveText(
    'ログインの有効期限が切れました。もう一度ログインしてください。受付中の内容はそのまま残ります。 受付を続けるには、窓口 花子 さんのログインIDでログインしてください。',
  );
  await expect(notice.getByRole('heading', { name: 'もう一度ログインしてください' })).toBeVisible();
  await expect(staff.getByText('検索できませんでした。')).toHaveCount(0);
  await expect(staff.getByTestId('command-error')).toHaveCount(0);
  // The visit is still on screen: its step and the household chosen before.
  await expect(staff.getByRole('heading', { name: '本人確認', level: 2 })).toBeVisible();
  await expect(staff.getByTestId('household')).toContainText('山﨑');
  await expect(staff.getByLabel('ログインID')).toBeFocused();
  await expectNoAxeViolations(staff, 'staff: sign-in ended, the visit kept');
  await staff.screenshot({ path: test.info().outputPath('staff-session-expired.png') });

  // Signed in again (the backend's clock stays ahead: a fresh session is fresh by it).
  await signIn();
  await expect(notice).toHaveCount(0);
  await expect(staff.getByRole('heading', { name: '本人確認', level: 2 }), 'focus back on the step, not on <body>').toBeFocused();
  await expect(staff.getByTestId('household')).toContainText('山﨑');
  await expect(query).toHaveValue('やまざき');
  await query.press('Enter');
  await expect(staff.getByRole('button', { name: /山﨑\s大輔 さんの世帯を選ぶ/ })).toBeVisible();
  await staff.screenshot({ path: test.info().outputPath('staff-session-resumed.png') });
  await close();
});
