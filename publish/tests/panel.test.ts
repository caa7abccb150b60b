/**
 * What an editor does, in the real Strapi admin panel driven by Chromium:
 * create an article, save it, press Publish, and find it on the site within
 * seconds under an address made from its Russian title. This is the path the
 * other tests reach through the panel's admin API; here the panel's own
 * React code is in the loop too (it once gave every new article the slug
 * "article": see cms/src/document-middlewares/slugs.ts).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, type Chromium } from '../../site/tests/harness/chromium.ts';
import { waitServed } from './helpers.ts';

const stack = inject('stack');
const ARTICLE_CREATE = '/admin/content-manager/collection-types/api::article.article/create?plugins[i18n][locale]=ru';

let browser: Chromium;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium({ width: 1400, height: 1000 });
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.setDefaultTimeout(60_000);
  await page.goto(`${stack.strapiUrl}/admin/auth/login`);
  await page.getByLabel(/email/i).fill(stack.admin.email);
  await page.getByLabel(/password/i).fill(stack.admin.password);
  await page.getByRole('button', { name: /login/i }).click();
  await page.waitForURL(/\/admin\/?$/);
});

afterAll(async () => {
  await browser?.close();
});

describe('an editor in the Strapi panel', () => {
  it('creates an article whose address follows its Russian title, publishes it, and sees it on the site within seconds', async () => {
    const run = Date.now();
    const title = `Паром из Актау ушёл в Баку ${run}`;
    const expectedSlug = `parom-iz-aktau-ushel-v-baku-${run}`;

    await page.goto(`${stack.strapiUrl}${ARTICLE_CREATE}`);
    const slug = page.getByLabel(/^slug/i);
    await page.getByLabel(/^title/i).waitFor();
    await page.waitForLoadState('networkidle');
    expect(await slug.inputValue()).toBe(''); // not pre-filled with the model name

    await page.getByLabel(/^title/i).fill(title);
    await page.getByLabel(/^lead/i).fill('Первый рейс нового парома отправился из порта Актау.');
    // The panel's ↻ previews the slug with the same Russian/Kazakh map the CMS uses…
    await page.getByRole('button', { name: 'Regenerate' }).click();
    await expect.poll(() => slug.inputValue(), { timeout: 15_000 }).toBe(expectedSlug);
    // …and an editor who leaves the field empty gets the same one when saving.
    await slug.fill('');
    await page.getByRole('button', { name: /^save$/i }).click();
    await page.getByText('Saved document').waitFor();
    // The form is drawn again for the new document after the toast: more than a second on a busy machine.
    await expect.poll(() => slug.inputValue(), { timeout: 15_000 }).toBe(expectedSlug);

    const siteUpdated = page.getByText(/^Сайт обновлён:/);
    const updatedBefore = await siteUpdated.innerText();
    const publishedAt = Date.now();
    await page.getByRole('button', { name: /^publish$/i }).click();
    await page.getByText('Published document').waitFor();
    await waitServed(stack, `/news/${expectedSlug}/`, title, 30_000);
    expect(Date.now() - publishedAt).toBeLessThan(30_000); // the benchmark measures latency; this proves no full-rebuild cycle
    await waitServed(stack, '/', `/news/${expectedSlug}/`, 30_000); // listings are applied after the page

    // The edit view's «Сайт» panel tells the editor the site has it, without leaving the panel.
    await expect.poll(() => siteUpdated.innerText(), { timeout: 30_000 }).not.toBe(updatedBefore);
    expect(await page.getByText('Все опубликованные изменения на сайте.').isVisible()).toBe(true);
  });

  it('can switch the panel to Russian in the profile, with Strapi’s own translation', async () => {
    // What an editor does: profile → Experience → Interface language → Русский → Save.
    await page.goto(`${stack.strapiUrl}/admin/me`);
    await page.getByRole('combobox', { name: /interface language/i }).click();
    await page.getByRole('option', { name: 'Русский' }).click();
    await page.getByRole('button', { name: /^save$/i }).click();
    await page.goto(`${stack.strapiUrl}${ARTICLE_CREATE}`);
    await page.getByRole('button', { name: 'Опубликовать' }).waitFor();
    expect(await page.getByRole('button', { name: 'Сохранить' }).isVisible()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ru');
  });
});
