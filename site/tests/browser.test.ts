/**
 * In a real browser (playwright-core driving Debian's chromium), over the
 * site's own Node server (with the comments function and the draft preview):
 * the article page in both locales, its comments island mounted, loads
 * without a console error, passes axe-core (WCAG 2 A/AA and best practices),
 * and is saved as a screenshot; the seed article is reachable from the home
 * page; search works from the static Pagefind index; the content security
 * policy lets the site's own scripts run on every kind of page, refuses an
 * injected one, and no other site can frame a page.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { previewUrl } from '../../cms/src/utils/preview-token.ts';
import { launchChromium, type Chromium } from './harness/chromium.ts';
import { startSmtp, type SmtpStandIn } from '../../comments/tests/smtp.ts';
import { commentsEnv } from './harness/comments.ts';
import { serveSite, SITE_DIR, type RunningSite } from './harness/site.ts';

declare global {
  interface Window {
    /** axe-core, injected into the page by the test. */
    axe: { run(context: Document, options: object): Promise<unknown> };
  }
}

const site = inject('site');
const SCREENSHOTS = path.join(SITE_DIR, 'test-results');
const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const axeResults = z.object({
  violations: z.array(z.object({ id: z.string(), impact: z.string().nullable().optional(), help: z.string(), nodes: z.array(z.object({ target: z.array(z.unknown()) })) })),
});

describe('the article page in a browser', () => {
  let server: RunningSite;
  let context: BrowserContext;
  let browser: Chromium;
  let smtp: SmtpStandIn;

  beforeAll(async () => {
    // With the comments function and the draft preview, as `npm start` serves it: the comments island calls it.
    smtp = await startSmtp();
    server = await serveSite(site.outDir, {
      env: (url) => ({ ...commentsEnv(site, smtp)(url), STRAPI_SITE_TOKEN: site.strapi.siteToken, TILSHI_PREVIEW_SECRET: site.preview.secret }),
    });
    browser = await launchChromium({ width: 1024, height: 900 });
    context = browser.context;
    // Every refusal of the page's content security policy becomes a console error, so no test misses one.
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP violation: ${event.violatedDirective} refused ${event.blockedURI}`));
    });
    await mkdir(SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await smtp?.stop();
  });

  /** Opens a page and collects console errors, page errors and failed requests. */
  async function open(urlPath: string): Promise<{ page: Page; problems: string[] }> {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
    });
    await page.goto(`${server.url}${urlPath}`, { waitUntil: 'networkidle' });
    return { page, problems };
  }

  /** axe-core's WCAG 2 A/AA and best-practice violations on the open page, one line each. */
  async function axeViolations(page: Page): Promise<string[]> {
    // Evaluated through the DevTools protocol: the page's policy refuses an added inline <script>, as it should.
    await page.evaluate(await readFile(axeSource, 'utf8'));
    const results = axeResults.parse(
      await page.evaluate(() => window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice'] } })),
    );
    return results.violations.map((v) => `${page.url()} ${v.id} (${v.impact ?? ''}): ${v.help} — ${JSON.stringify(v.nodes.map((n) => n.target))}`);
  }

  for (const locale of ['ru', 'kk'] as const) {
    it(`shows the ${locale} article with no console error and no axe violation, and saves a screenshot`, async () => {
      const urlPath = locale === 'ru' ? `/news/${site.seed.slugs.ru}/` : `/kk/news/${site.seed.slugs.kk}/`;
      const { page, problems } = await open(urlPath);
      // Scroll through so lazy photos load too, and the comments island mounts.
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await page.locator('#comments[data-island="ready"]').waitFor();
      await page.waitForLoadState('networkidle');
      expect(await page.locator('html').getAttribute('lang')).toBe(locale);
      expect(await page.locator('article figure img').count()).toBe(2);
      const loaded = await page.locator('article figure img').evaluateAll((imgs) => imgs.map((img) => img instanceof HTMLImageElement && img.complete && img.naturalWidth > 0));
      expect(loaded).toEqual([true, true]);
      // The three JSON-LD blocks and the comments island's loader (which imports the island itself).
      expect(await page.evaluate(() => [...document.scripts].map((script) => script.type))).toEqual(['application/ld+json', 'application/ld+json', 'application/ld+json', 'module']);
      expect(await axeViolations(page)).toEqual([]);
      await page.screenshot({ path: path.join(SCREENSHOTS, `article-${locale}.png`), fullPage: true });
      expect(problems).toEqual([]);
      await page.close();
    });
  }

  it('reaches the seed article through the archive: index, month, day — each page without an axe violation', async () => {
    const { page, problems } = await open('/archive/');
    const violations: string[] = [];
    const audit = async () => violations.push(...(await axeViolations(page)));
    await audit();
    await page.locator('main a[href="/archive/2022/11/"]').click();
    await page.waitForURL('**/archive/2022/11/');
    await audit();
    await page.locator('main a[href="/archive/2022/11/05/"]').click();
    await page.waitForURL('**/archive/2022/11/05/');
    await audit();
    await page.locator(`main a[href="/news/${site.seed.slugs.ru}/"]`).click();
    await page.waitForURL(`**/news/${site.seed.slugs.ru}/`);
    expect(await page.locator('h1').textContent()).toContain('В Актау был проведён день открытых дверей');
    expect(violations).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('reaches the seed article from the home page', async () => {
    const { page, problems } = await open('/');
    await page.locator(`a[href="/news/${site.seed.slugs.ru}/"]`).click();
    await page.waitForURL(`**/news/${site.seed.slugs.ru}/`);
    expect(await page.locator('h1').textContent()).toContain('В Актау был проведён день открытых дверей');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('finds the seed article with the static search of each locale', async () => {
    for (const [urlPath, query, expected] of [
      ['/search/', 'Рамазанова', `/news/${site.seed.slugs.ru}/`],
      ['/kk/search/', 'Рамазанова', `/kk/news/${site.seed.slugs.kk}/`],
    ] as const) {
      const { page, problems } = await open(`${urlPath}?q=${encodeURIComponent(query)}`);
      await page.locator(`#search-results a[href="${expected}"]`).waitFor({ timeout: 10_000 });
      expect(problems).toEqual([]);
      await page.close();
    }
  });

  /** The page policy's refusals the open page reported (as console errors, see beforeAll). */
  const refusals = (problems: readonly string[]) => problems.filter((problem) => /Content Security Policy|CSP violation/.test(problem));

  it('runs the site’s own scripts on every kind of page without a CSP refusal: comments island, search with Pagefind, sign-in pages, draft preview', async () => {
    const preview = new URL(previewUrl(server.url, site.preview.secret, { documentId: site.draft.documentId, locale: 'ru', status: 'draft' }, 600));
    const pages: Array<[string, (page: Page) => Promise<void>]> = [
      [`/news/${site.seed.slugs.ru}/`, (page) => page.locator('#comments[data-island="ready"]').waitFor()],
      [`/kk/news/${site.seed.slugs.kk}/`, (page) => page.locator('#comments[data-island="ready"]').waitFor()],
      [`/search/?q=${encodeURIComponent('Рамазанова')}`, (page) => page.locator(`#search-results a[href="/news/${site.seed.slugs.ru}/"]`).waitFor({ timeout: 10_000 })],
      [`/kk/search/?q=${encodeURIComponent('Рамазанова')}`, (page) => page.locator(`#search-results a[href="/kk/news/${site.seed.slugs.kk}/"]`).waitFor({ timeout: 10_000 })],
      // The sign-in script enables the submit button (disabled in the static page).
      ['/login/', (page) => page.locator('form[data-auth] button[type="submit"]:not([disabled])').waitFor()],
      ['/kk/register/', (page) => page.locator('form[data-auth] button[type="submit"]:not([disabled])').waitFor()],
      [`${preview.pathname}${preview.search}`, async (page) => expect(await page.locator('h1').textContent()).toContain(site.draft.title)],
    ];
    for (const [urlPath, loaded] of pages) {
      const { page, problems } = await open(urlPath);
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await loaded(page);
      await page.waitForLoadState('networkidle');
      expect(await page.locator('meta[http-equiv="content-security-policy"]').count(), urlPath).toBe(urlPath.startsWith('/preview/') ? 0 : 1);
      expect(refusals(problems), urlPath).toEqual([]);
      await page.close();
    }
  });

  it('refuses a script injected into a page, as an XSS payload would be', async () => {
    const { page, problems } = await open('/login/');
    await expect(page.addScriptTag({ content: 'window.injected = true;' })).rejects.toThrow(/Content Security Policy/);
    expect(await page.evaluate(() => 'injected' in window)).toBe(false);
    expect(refusals(problems).some((problem) => problem.includes('script-src'))).toBe(true);
    await page.close();
  });

  it('cannot be framed by another site: the login page in an iframe is blocked (frame-ancestors), its form never shown', async () => {
    const hostile = await context.newPage();
    const messages: string[] = [];
    hostile.on('console', (message) => messages.push(message.text()));
    await hostile.setContent(`<iframe src="${server.url}/login/" title="framed"></iframe>`);
    await hostile.waitForLoadState('networkidle');
    const framed = hostile.frames().find((frame) => frame !== hostile.mainFrame());
    expect(framed?.url()).not.toContain('/login/');
    expect(await hostile.frameLocator('iframe').locator('form').count()).toBe(0);
    expect(messages.some((message) => message.includes("frame-ancestors 'none'"))).toBe(true);
    await hostile.close();
  });
});
