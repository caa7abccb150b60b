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
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { previewUrl } from '@tilshi/shared-types/preview-token';
import { launchChromium, type Chromium } from '@tilshi/testing/chromium';
import { startSmtp, type SmtpStandIn } from '@tilshi/testing/smtp';
import { commentsEnv } from './harness/comments.ts';
import { listFiles, SEARCH_PART_PAGES } from './helpers.ts';
import { cutIntoParts } from '../src/lib/search-index.ts';
import { load } from 'cheerio';
import { serveSite, SITE_DIR, type RunningSite } from '@tilshi/testing/site';

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
  violations: z.array(
    z.object({
      id: z.string(),
      impact: z.string().nullable().optional(),
      help: z.string(),
      nodes: z.array(z.object({ target: z.array(z.unknown()) })),
    }),
  ),
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
      env: (url) => ({
        ...commentsEnv(site, smtp)(url),
        STRAPI_SITE_TOKEN: site.strapi.siteToken,
        TILSHI_PREVIEW_SECRET: site.preview.secret,
      }),
    });
    browser = await launchChromium({ width: 1024, height: 900 });
    context = browser.context;
    // Every refusal of the page's content security policy becomes a console error, so no test misses one.
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) =>
        console.error(`CSP violation: ${event.violatedDirective} refused ${event.blockedURI}`),
      );
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
    // A request the browser cancelled (a lazy photo still loading when a test clicks away) is no failure.
    page.on('requestfailed', (request) => {
      if (request.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`request failed: ${request.url()}`);
    });
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
      await page.evaluate(() =>
        window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice'] } }),
      ),
    );
    return results.violations.map(
      (v) => `${page.url()} ${v.id} (${v.impact ?? ''}): ${v.help} — ${JSON.stringify(v.nodes.map((n) => n.target))}`,
    );
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
      const loaded = await page
        .locator('article figure img')
        .evaluateAll((imgs) => imgs.map((img) => img instanceof HTMLImageElement && img.complete && img.naturalWidth > 0));
      expect(loaded).toEqual([true, true]);
      // The three JSON-LD blocks and the comments island's loader (which imports the island itself).
      expect(await page.evaluate(() => [...document.scripts].map((script) => script.type))).toEqual([
        'application/ld+json',
        'application/ld+json',
        'application/ld+json',
        'module',
      ]);
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

  it('reaches the seed article from the home page through its rubric’s page', async () => {
    const { page, problems } = await open('/');
    await page.locator('.rubrics a[href="/rubric/obshchestvo/"]').click();
    await page.waitForURL('**/rubric/obshchestvo/');
    await page.locator(`main a[href="/news/${site.seed.slugs.ru}/"]`).click();
    await page.waitForURL(`**/news/${site.seed.slugs.ru}/`);
    expect(await page.locator('h1').textContent()).toContain('В Актау был проведён день открытых дверей');
    expect(problems).toEqual([]);
    await page.close();
  });

  for (const [locale, urlPath] of [
    ['ru', '/'],
    ['kk', '/kk/'],
  ] as const) {
    it(`lays the ${locale} home page out as a front page: the lead photo largest and first, three cards a row, every photo drawn where the page puts it, nothing shifting, no axe violation`, async () => {
      const { page, problems } = await open(urlPath);
      // Layout shifts while the page loads and its lazy photos come in.
      await page.evaluate(() => {
        const target = window as Window & { shifts?: number };
        target.shifts = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries())
            target.shifts = (target.shifts ?? 0) + ((entry as PerformanceEntry & { value?: number }).value ?? 0);
        }).observe({ type: 'layout-shift', buffered: true });
      });
      await page.evaluate(async () => {
        for (let y = 0; y < document.body.scrollHeight; y += 500) {
          window.scrollTo(0, y);
          await new Promise((resolve) => setTimeout(resolve, 30));
        }
        window.scrollTo(0, 0);
      });
      await page.waitForLoadState('networkidle');
      const boxes = await page.evaluate(() => {
        const box = (element: Element | null) => {
          const rect = element?.getBoundingClientRect();
          return rect ? { x: rect.x + window.scrollX, y: rect.y + window.scrollY, width: rect.width, height: rect.height } : null;
        };
        const loaded = (img: HTMLImageElement) => img.complete && img.naturalWidth > 0;
        const lead = document.querySelector<HTMLImageElement>('.top .story-lead img');
        const cards = [...document.querySelectorAll<HTMLImageElement>('.top .grid .story img')];
        return {
          lead: box(lead),
          leadLoaded: lead ? loaded(lead) : false,
          cards: cards.map((img) => ({ box: box(img), loaded: loaded(img) })),
          cardTops: [...document.querySelectorAll('.top .grid > li')].map((li) => Math.round(box(li)?.y ?? 0)),
          feed: box(document.querySelector('.feed')),
          shifts: (window as Window & { shifts?: number }).shifts ?? -1,
        };
      });
      expect(boxes.lead).not.toBeNull();
      expect(boxes.leadLoaded).toBe(true);
      const lead = boxes.lead ?? { x: 0, y: 0, width: 0, height: 0 };
      expect(boxes.cards.length).toBeGreaterThanOrEqual(4);
      for (const card of boxes.cards) {
        expect(card.loaded).toBe(true);
        expect((card.box?.width ?? 0) * (card.box?.height ?? 0)).toBeLessThan((lead.width * lead.height) / 4);
        expect(card.box?.y ?? 0).toBeGreaterThan(lead.y + lead.height - 1);
      }
      // Six cards, three a row on a 1024 px wide screen, the feed beside the top stories.
      expect(boxes.cardTops).toHaveLength(6);
      expect(boxes.cardTops.filter((top) => top === boxes.cardTops[0])).toHaveLength(3);
      expect(boxes.feed?.x ?? 0).toBeGreaterThan(lead.x + lead.width - 1);
      expect(boxes.shifts).toBe(0);
      expect(await axeViolations(page)).toEqual([]);
      // The screenshot holds a drawn picture (not a blank box) wherever the page says a photo is.
      const file = path.join(SCREENSHOTS, `home-${locale}.png`);
      await page.screenshot({ path: file, fullPage: true });
      const shot = await readFile(file);
      for (const region of [lead, ...boxes.cards.map((card) => card.box ?? lead)]) {
        const crop = await sharp(shot)
          .extract({
            left: Math.round(region.x) + 2,
            top: Math.round(region.y) + 2,
            width: Math.round(region.width) - 4,
            height: Math.round(region.height) - 4,
          })
          .stats();
        expect(Math.max(...crop.channels.map((channel) => channel.stdev))).toBeGreaterThan(8);
      }
      expect(problems).toEqual([]);
      await page.close();
    });
  }

  it('shows a listing page with thumbnails and no axe violation', async () => {
    const { page, problems } = await open('/rubric/ekonomika/');
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.waitForLoadState('networkidle');
    expect(await page.locator('main .story img').count()).toBeGreaterThan(3);
    expect(await axeViolations(page)).toEqual([]);
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

  it('finds an article of every part of the search index, in each locale: the parts of a language are merged', async () => {
    const client = path.join(site.outDir, 'client');
    const toc = JSON.parse(await readFile(path.join(client, 'pagefind', 'parts.json'), 'utf8')) as { languages: Record<string, string[]> };
    const html = (await listFiles(client)).filter((file) => file.endsWith('.html') && !file.startsWith('pagefind')).sort();
    for (const [language, folders] of Object.entries(toc.languages)) {
      const articles: Array<{ file: string; title: string }> = [];
      for (const file of html) {
        const $ = load(await readFile(path.join(client, file), 'utf8'));
        if ($('html').attr('lang') === language && $('[data-pagefind-body]').length > 0)
          articles.push({ file, title: $('h1').first().text().trim() });
      }
      // The indexer's cut (sorted paths, parts of about equal size): the first article of each part.
      const parts = cutIntoParts(articles, SEARCH_PART_PAGES);
      expect(parts.length, language).toBe(folders.length);
      const searchPage = language === 'ru' ? '/search/' : `/${language}/search/`;
      for (const [i, part] of parts.entries()) {
        const article = part[0];
        if (!article) throw new Error(`part ${i + 1} of ${language} is empty`);
        const { page, problems } = await open(`${searchPage}?q=${encodeURIComponent(article.title)}`);
        const href = `/${article.file.replace(/index\.html$/, '')}`;
        await page.locator(`#search-results a[href="${href}"]`).waitFor({ timeout: 10_000 });
        expect(problems, `${language} part ${i + 1}`).toEqual([]);
        await page.close();
      }
    }
  });

  /** The page policy's refusals the open page reported (as console errors, see beforeAll). */
  const refusals = (problems: readonly string[]) => problems.filter((problem) => /Content Security Policy|CSP violation/.test(problem));

  it('runs the site’s own scripts on every kind of page without a CSP refusal: comments island, search with Pagefind, sign-in pages, draft preview', async () => {
    const preview = new URL(
      previewUrl(server.url, site.preview.secret, { documentId: site.draft.documentId, locale: 'ru', status: 'draft' }, 600),
    );
    const pages: Array<[string, (page: Page) => Promise<void>]> = [
      [`/news/${site.seed.slugs.ru}/`, (page) => page.locator('#comments[data-island="ready"]').waitFor()],
      [`/kk/news/${site.seed.slugs.kk}/`, (page) => page.locator('#comments[data-island="ready"]').waitFor()],
      [
        `/search/?q=${encodeURIComponent('Рамазанова')}`,
        (page) => page.locator(`#search-results a[href="/news/${site.seed.slugs.ru}/"]`).waitFor({ timeout: 10_000 }),
      ],
      [
        `/kk/search/?q=${encodeURIComponent('Рамазанова')}`,
        (page) => page.locator(`#search-results a[href="/kk/news/${site.seed.slugs.kk}/"]`).waitFor({ timeout: 10_000 }),
      ],
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
      expect(await page.locator('meta[http-equiv="content-security-policy"]').count(), urlPath).toBe(
        urlPath.startsWith('/preview/') ? 0 : 1,
      );
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
