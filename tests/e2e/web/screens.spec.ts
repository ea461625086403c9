import type { Locator, Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { CounterHost } from '../../../electron/core/counter-host';
import { coverageHouseholds } from '../../../server/demo/generator';
import { formatDate } from '../../../shared/domain/dates';
import { BUNDLED_LANGUAGES, ENDONYMS, type BundledLanguage } from '../../../shared/domain/languages';
import { createI18n } from '../../../shared/i18n/create';
import { stripRuby } from '../../../shared/i18n/ruby';
import { expect, test } from './fixtures';
import { expectNoAxeViolations as scan, expectStepActionsInView, signInDirectly, twoScreens } from './helpers';

/**
 * The counter's screens at their real sizes — staff 1366×768, customer display 1280×1024 — with the largest
 * demo case: the Filipino family of five (C016) moving in, 21 procedures. On the customer display everything
 * the resident must do (read, confirm, sign) is reachable without scrolling in every language tried (long
 * Portuguese and Vietnamese texts, Nepali, やさしい日本語), the review shows what the forms will say, and every
 * state passes axe. Screenshots land in test-results/screens/ for a person to look at.
 */
const SHOTS = path.resolve('test-results/screens');
const FAMILY = coverageHouseholds('212113').find((h) => h.household.household_number === 'C016')!;
const DETAILS = { eventDate: '2026-12-19', newAddress: '岐阜県美濃加茂市太田町3431-1　メゾン木曽川201号', previousAddress: '愛知県名古屋市中村区名駅四丁目27番1号' };

/** An element's text as read, furigana readings left out (an empty string while it is not there). */
async function wordsOf(locator: Locator): Promise<string> {
  if ((await locator.count()) === 0) return '';
  return locator.evaluate((element) => {
    const copy = element.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('rt').forEach((rt) => rt.remove());
    return copy.textContent ?? '';
  });
}

/** The element lies wholly inside the viewport (no scrolling needed to see or press it). */
async function expectInViewport(page: Page, locator: Locator, what: string): Promise<void> {
  const viewport = page.viewportSize()!;
  const box = await locator.boundingBox();
  const inside = box !== null && box.x >= 0 && box.y >= 0 && box.x + box.width <= viewport.width && box.y + box.height <= viewport.height;
  expect(inside, `${what} inside ${viewport.width}×${viewport.height}: ${JSON.stringify(box)}`).toBe(true);
}

/** The document neither scrolls nor is scrolled: everything is on the screen as it is. */
async function expectNoScrolling(page: Page, state: string): Promise<void> {
  const metrics = await page.evaluate(() => ({
    scrollX: window.scrollX,
    scrollY: window.scrollY,
    overflowY: document.documentElement.scrollHeight - window.innerHeight,
    overflowX: document.documentElement.scrollWidth - window.innerWidth,
  }));
  expect(metrics, `customer display scrolls in ${state}`).toEqual({ scrollX: 0, scrollY: 0, overflowY: 0, overflowX: 0 });
}

async function staffCall(core: CounterHost, channel: string, input: Record<string, unknown> = {}): Promise<void> {
  const result = await core.invoke('staff', channel, { requestId: randomUUID(), ...input });
  if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`);
}

/** Turns through every page of the paged area, calling `onPage` on each; returns the number of pages. */
async function eachPage(customer: Page, texts: ReturnType<typeof customerTexts>, onPage: (index: number) => Promise<void>): Promise<number> {
  // Pages are measured with the real fonts: let them arrive before counting.
  await customer.evaluate(() => document.fonts.ready.then(() => undefined));
  const pager = customer.getByTestId('pager');
  const total = Number(await pager.getAttribute('data-pages'));
  for (let index = 0; index < total; index += 1) {
    if (total > 1) {
      // "page 2 of 3" in the resident's language.
      await expect(customer.getByTestId('page-count')).toHaveText(texts.page(index + 1, total));
    }
    await onPage(index);
    if (index < total - 1) {
      const next = pager.getByRole('button', { name: texts.next, exact: true });
      await expectInViewport(customer, next, 'next page button');
      await next.click();
    }
  }
  return total;
}

/**
 * A date as formatDate writes it in this browser: Japanese by hand, other languages through the page's own Intl
 * (Chromium's ICU data lacks some locales — Nepali among them — where Node's has them).
 */
async function shownDate(page: Page, iso: string, language: BundledLanguage): Promise<string> {
  // Chromium's ICU has no Nepali: the app then writes Nepali dates itself (formatDate's fallback, the same text as
  // Node's full ICU), so the expectation comes from formatDate too.
  if (language === 'ja' || language === 'ja-x-easy' || language === 'ne') return formatDate(iso, language);
  return page.evaluate(
    ([date, tag]) => new Intl.DateTimeFormat(tag, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`)),
    [iso, language] as const,
  );
}

function customerTexts(language: BundledLanguage) {
  const i18n = createI18n(language, ['customer', 'catalog']);
  const t = (key: string, options?: Record<string, unknown>) => stripRuby(i18n.t(key, options));
  return {
    t,
    page: (current: number, total: number) => t('pager.page', { current, total }),
    next: t('pager.next'),
  };
}

const LANGUAGES: BundledLanguage[] = ['pt-BR', 'vi', 'ne', 'ja-x-easy'];

test('the five-person family with 21 procedures: both screens at their real sizes, in several languages', async ({ chromiumBrowser, host, core }) => {
  test.setTimeout(300_000);
  expect(FAMILY.residents).toHaveLength(5);
  await signInDirectly(core);
  const { staff, customer, close } = await twoScreens(chromiumBrowser);
  await staff.goto(`${host.origin}/staff.html`);
  await customer.goto(`${host.origin}/customer.html`);
  await expect(customer.getByTestId('customer-idle')).toBeVisible();

  for (const [round, language] of LANGUAGES.entries()) {
    const texts = customerTexts(language);
    const shot = (name: string) => customer.screenshot({ path: path.join(SHOTS, `customer-${language}-${name}.png`) });
    const checkStaff = round === 0;
    await staffCall(core, 'startVisit');

    // The language picker: all eleven buttons on the screen.
    await expect(customer.getByTestId('customer-language-picker')).toBeVisible();
    for (const code of BUNDLED_LANGUAGES) {
      const button = customer.getByRole('button', { name: ENDONYMS[code], exact: true });
      await expect(button).toBeVisible();
      await expectInViewport(customer, button, `language button ${code}`);
    }
    await expectNoScrolling(customer, 'language picker');
    if (round === 0) {
      await customer.screenshot({ path: path.join(SHOTS, 'customer-language-picker.png') });
      await scan(customer, 'customer: language picker');
    }
    await customer.getByRole('button', { name: ENDONYMS[language], exact: true }).click();
    await expect(customer.getByTestId('customer-step')).toHaveAttribute('data-step', 'identify');

    await staffCall(core, 'selectHousehold', { householdId: FAMILY.household.household_id });
    if (checkStaff) {
      await expect(staff.getByTestId('household')).toContainText(FAMILY.residents[0]!.name);
      await staff.screenshot({ path: path.join(SHOTS, 'staff-identify.png') });
      await expectStepActionsInView(staff, 'identify');
    }
    await staffCall(core, 'nextStep');
    if (checkStaff) {
      await expect(staff.getByRole('button', { name: '手続きを判定' })).toBeVisible();
      await staff.screenshot({ path: path.join(SHOTS, 'staff-lifeEvent.png') });
      await expectStepActionsInView(staff, 'lifeEvent');
    }
    await staffCall(core, 'chooseLifeEvent', { lifeEvent: 'moving_in', details: DETAILS });
    await staffCall(core, 'nextStep');

    // 手続き: one card per procedure (7), paged; every procedure seen in the resident's language.
    await expect(customer.getByTestId('customer-step')).toHaveAttribute('data-step', 'procedures');
    await expect(customer.locator('.procedure-list li[data-procedure]').first()).toBeVisible();
    await expect(customer.getByRole('heading', { level: 1 })).toHaveCount(1);
    // The step's title says it once (no second list heading with the same words).
    const headingTexts = await customer.locator('h1, h2, h3, h4').evaluateAll((headings) =>
      headings.map((h) => {
        const copy = h.cloneNode(true) as HTMLElement;
        copy.querySelectorAll('rt').forEach((rt) => rt.remove());
        return (copy.textContent ?? '').replace(/\s+/g, '');
      }),
    );
    expect(headingTexts.filter((text) => text === texts.t('procedures.heading').replace(/\s+/g, ''))).toHaveLength(1);
    if (checkStaff) {
      await expect(staff.getByTestId('procedure-table').locator('tbody tr')).toHaveCount(21);
      await staff.screenshot({ path: path.join(SHOTS, 'staff-procedures.png') });
      await expectStepActionsInView(staff, 'procedures');
    }
    const seen = new Set<string>();
    const procedurePages = await eachPage(customer, texts, async (index) => {
      await expectNoScrolling(customer, `procedures page ${index + 1}`);
      await shot(`procedures-${index + 1}`);
      const cards = await customer.locator('.procedure-list li[data-procedure]').evaluateAll((items) =>
        items.map((li) => {
          const heading = li.querySelector('h3')!.cloneNode(true) as HTMLElement;
          heading.querySelectorAll('rt').forEach((rt) => rt.remove());
          return [li.getAttribute('data-procedure') ?? '', heading.textContent ?? ''] as const;
        }),
      );
      for (const [id, title] of cards) {
        expect(seen.has(id), `${id} shown once`).toBe(false);
        seen.add(id);
        expect(title).toBe(texts.t(`catalog:procedures.${id}.title`));
      }
      if (index === 0) await scan(customer, `customer: procedures (${language})`);
    });
    expect([...seen].sort()).toEqual(['child_allowance', 'child_medical_subsidy', 'moving_in_notification', 'national_health_insurance_join', 'residence_card_address', 'school_transfer']);
    expect(procedurePages, 'seven procedure cards need more than one page').toBeGreaterThan(1);

    // 内容確認: what the forms will say; the confirm button in view on every page.
    await staffCall(core, 'nextStep');
    await expect(customer.getByTestId('customer-step')).toHaveAttribute('data-step', 'review');
    if (checkStaff) {
      await staff.screenshot({ path: path.join(SHOTS, 'staff-review.png') });
      await expectStepActionsInView(staff, 'review');
    }
    const confirm = customer.getByRole('button', { name: texts.t('review.confirm'), exact: true });
    let reviewText = '';
    await eachPage(customer, texts, async (index) => {
      await expectNoScrolling(customer, `review page ${index + 1}`);
      await expect(confirm).toBeVisible();
      await expectInViewport(customer, confirm, 'confirm button');
      await shot(`review-${index + 1}`);
      // The words as read (furigana readings left out).
      reviewText += await customer.locator('.review').evaluate((section) => {
        const copy = section.cloneNode(true) as HTMLElement;
        copy.querySelectorAll('rt').forEach((rt) => rt.remove());
        return `${copy.textContent ?? ''}\n`;
      });
      if (index === 0) await scan(customer, `customer: review (${language})`);
    });
    for (const resident of FAMILY.residents) {
      expect(reviewText).toContain(resident.name);
      expect(reviewText).toContain(resident.name_kana!);
      expect(reviewText).toContain(await shownDate(customer, resident.birth_date, language));
    }
    for (const word of [DETAILS.previousAddress, DETAILS.newAddress, await shownDate(customer, DETAILS.eventDate, language), '世帯主', '妻', texts.t('review.previousAddress'), texts.t('review.relation')]) {
      expect(reviewText).toContain(word);
    }
    // The meaning of 続柄 in the resident's language (やさしい日本語: 世帯主（家族の 代表）).
    for (const relation of ['head', 'wife', 'child']) expect(reviewText).toContain(texts.t(`relations.${relation}`));
    if (language !== 'ja-x-easy') {
      // The Japanese words of the forms beside the resident's language.
      expect(reviewText).toContain('前住所');
      expect(reviewText).toContain('転入届');
      expect(reviewText).toContain('2026年12月19日');
    }
    expect(reviewText, 'no ISO dates on the resident screen').not.toMatch(/\d{4}-\d{2}-\d{2}/);
    await confirm.click();
    await expect.poll(() => wordsOf(customer.locator('.review [role="status"]'))).toBe(texts.t('review.thanks'));
    await scan(customer, `customer: review confirmed (${language})`);

    // 署名: the privacy notice, a pad that says where to sign, and its buttons, all on the screen.
    await staffCall(core, 'nextStep');
    await expect(customer.getByTestId('customer-step')).toHaveAttribute('data-step', 'sign');
    if (checkStaff) {
      await staff.screenshot({ path: path.join(SHOTS, 'staff-sign.png') });
      await expectStepActionsInView(staff, 'sign');
    }
    await expect.poll(() => wordsOf(customer.locator('#privacy-heading'))).toBe(texts.t('privacy.heading'));
    const pad = customer.getByTestId('signature-pad');
    const done = customer.getByRole('button', { name: texts.t('sign.done'), exact: true });
    const clear = customer.getByRole('button', { name: texts.t('sign.clear'), exact: true });
    await expect(customer.getByTestId('sign-here')).toContainText(texts.t('sign.pad'));
    for (const [what, locator] of [['privacy notice', customer.getByTestId('privacy')], ['signature pad', pad], ['done button', done], ['clear button', clear]] as const) {
      await expectInViewport(customer, locator, what);
    }
    await expectNoScrolling(customer, 'signature');
    await shot('sign');
    await scan(customer, `customer: signature (${language})`);
    const box = (await pad.boundingBox())!;
    await customer.mouse.move(box.x + 60, box.y + box.height * 0.6);
    await customer.mouse.down();
    for (let i = 1; i <= 10; i += 1) await customer.mouse.move(box.x + 60 + i * 40, box.y + box.height * 0.6 + (i % 2 ? 30 : -30));
    await customer.mouse.up();
    await done.click();
    await expect.poll(() => wordsOf(customer.locator('.sign-step [role="status"]'))).toBe(texts.t('sign.thanks'));
    await expectNoScrolling(customer, 'signed');
    await shot('signed');
    await scan(customer, `customer: signed (${language})`);

    await staffCall(core, 'submitVisit');
    await expect(customer.locator('.receipt')).toBeVisible();
    await expectNoScrolling(customer, 'finish');
    await scan(customer, `customer: finish (${language})`);
    await staffCall(core, 'endVisit');
    await expect(customer.getByTestId('customer-idle')).toBeVisible();
    if (round === 0) await scan(customer, 'customer: idle');
  }
  await close();
});
