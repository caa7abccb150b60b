/**
 * In a real browser (playwright-core driving Debian's chromium), over the
 * site's own Node server (with the comments function): the article page in
 * both locales, its comments island mounted, loads without a console error,
 * passes axe-core (WCAG 2 A/AA and best practices), and is
 * saved as a screenshot; the seed article is reachable from the home page;
 * search works from the static Pagefind index.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { launchChromium, type Chromium } from './harness/chromium.ts';
import { serveWithComments } from './harness/comments.ts';
import { SITE_DIR, type RunningSite } from './harness/site.ts';

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

  beforeAll(async () => {
    // With the comments function, as `npm start` serves it: the comments island calls it.
    server = await serveWithComments(site);
    browser = await launchChromium({ width: 1024, height: 900 });
    context = browser.context;
    await mkdir(SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
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
});
