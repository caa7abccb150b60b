/**
 * Sharing: every page type has a share image with its alt text (og:image,
 * og:image:alt, twitter:image, twitter:image:alt) — the page's photo, else a
 * generated 1200×630 card that exists in the output; the Dzen feed of each
 * locale follows Dzen's published format, «Разметка и подключение ленты RSS»
 * (https://dzen.ru/help/ru/website/rss-modify): namespaces, guid, pubDate,
 * media:rating, the format/index/comments categories, the full text in
 * content:encoded, covers at least 700 px wide as enclosure, the last days
 * only; and the Google News sitemap holds the newsroom's stories of today,
 * and is not written at all (nor listed) when nothing is recent.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import sharp from 'sharp';
import { describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { newsroomPlan } from '../../scripts/src/seed/newsroom-plan.ts';
import { toSlug } from '../../scripts/src/seed/slug.ts';
import { DZEN_MIN_IMAGE_WIDTH, DZEN_WINDOW_HOURS } from '../src/lib/dzen.ts';
import { buildFolder, buildSite, SiteBuildError } from '@tilshi/testing/site';
import { page } from './helpers.ts';

const site = inject('site');
const client = path.join(site.outDir, 'client');
/** An absolute URL of the site as a file of the output. */
const fileOf = (url: string) => path.join(client, new URL(url).pathname);

describe('share images', () => {
  const pages = [
    '/',
    '/kk/',
    `/news/${site.seed.slugs.ru}/`,
    `/news/${site.ruOnly.slug}/`,
    '/rubric/obshchestvo/',
    '/kk/tag/ueu/',
    '/author/zhanna-iskakova/',
    '/kk/events/kaspiydin-taza-zhagasy-dongelek-ustel-demo/',
    '/organizations/oo-volontery-mangistau-demo/',
    '/archive/',
    '/archive/2022/11/',
    '/kk/archive/2022/11/05/',
    '/search/',
    '/kk/login/',
    '/register/',
  ];

  it('give every page type an og:image with its alt text and the same image and alt for X (Twitter)', async () => {
    for (const urlPath of pages) {
      const $ = await page(site.outDir, urlPath);
      const image = $('meta[property="og:image"]').attr('content') ?? '';
      const alt = $('meta[property="og:image:alt"]').attr('content') ?? '';
      expect(image, urlPath).toMatch(new RegExp(`^${site.siteUrl}/_astro/`));
      expect(alt.length, urlPath).toBeGreaterThan(10);
      expect($('meta[name="twitter:card"]').attr('content'), urlPath).toBe('summary_large_image');
      expect($('meta[name="twitter:image"]').attr('content'), urlPath).toBe(image);
      expect($('meta[name="twitter:image:alt"]').attr('content'), urlPath).toBe(alt);
      const meta = await sharp(await readFile(fileOf(image))).metadata();
      expect([meta.width, meta.height], urlPath).toEqual([
        Number($('meta[property="og:image:width"]').attr('content')),
        Number($('meta[property="og:image:height"]').attr('content')),
      ]);
    }
  });

  it('use the photo of an article that has one, with the photo’s alt text, and a card with the site, the kind and the title elsewhere', async () => {
    const seed = await page(site.outDir, `/news/${site.seed.slugs.ru}/`);
    expect(seed('meta[property="og:image"]').attr('content')).toMatch(/\.jpg$/);
    expect(seed('meta[property="og:image:alt"]').attr('content')).toBe(seed('article figure img').first().attr('alt'));
    const noPhoto = await page(site.outDir, `/news/${site.ruOnly.slug}/`);
    expect(noPhoto('meta[property="og:image"]').attr('content')).toMatch(/\/_astro\/og-[0-9a-f]{24}\.png$/);
    expect(noPhoto('meta[property="og:image:alt"]').attr('content')).toBe(`Новости Актау и Мангыстау · Общество: ${site.ruOnly.title}`);
    const org = await page(site.outDir, '/kk/events/kaspiydin-taza-zhagasy-dongelek-ustel-demo/');
    expect(org('meta[property="og:image:alt"]').attr('content')).toBe(
      'Ақтау және Манғыстау жаңалықтары · Дөңгелек үстел: «Каспийдің таза жағасы» дөңгелек үстелі (демо)',
    );
    const card = await sharp(await readFile(fileOf(org('meta[property="og:image"]').attr('content') ?? ''))).metadata();
    expect([card.format, card.width, card.height]).toEqual(['png', 1200, 630]);
  });

  it('share one card among all archive pages of a language, so their number stays that of the taxonomy', async () => {
    const images = await Promise.all(
      ['/archive/', '/archive/2022/11/', '/archive/2022/11/05/'].map(async (urlPath) =>
        (await page(site.outDir, urlPath))('meta[property="og:image"]').attr('content'),
      ),
    );
    expect(new Set(images).size).toBe(1);
  });
});

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name) => ['item', 'category', 'url', 'sitemap'].includes(name),
});
const rfc822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} \+0000$/;
const dzenFeed = z.object({
  rss: z.object({
    '@version': z.literal('2.0'),
    '@xmlns:content': z.literal('http://purl.org/rss/1.0/modules/content/'),
    '@xmlns:media': z.literal('http://search.yahoo.com/mrss/'),
    '@xmlns:dc': z.literal('http://purl.org/dc/elements/1.1/'),
    channel: z.object({
      title: z.string().min(1),
      link: z.string().startsWith(`${site.siteUrl}/`),
      description: z.string().min(1),
      language: z.enum(['ru', 'kk']),
      item: z.array(
        z.object({
          title: z.string().min(1),
          link: z.string().startsWith(`${site.siteUrl}/`),
          guid: z.object({ '#text': z.string().min(1), '@isPermaLink': z.literal('false') }),
          pubDate: z.string().regex(rfc822),
          author: z.string().min(1).optional(),
          category: z.array(z.string()),
          'media:rating': z.object({ '#text': z.enum(['adult', 'nonadult']), '@scheme': z.literal('urn:simple') }),
          enclosure: z.object({ '@url': z.string().startsWith(`${site.siteUrl}/`), '@type': z.literal('image/jpeg') }).optional(),
          description: z.string().min(1),
          'content:encoded': z.string().min(1),
        }),
      ),
    }),
  }),
});

describe('the Dzen feed', () => {
  for (const locale of ['ru', 'kk'] as const) {
    it(`of ${locale} follows Dzen's format: full text, covers of at least 700 px, the categories and rating it reads, the last days only`, async () => {
      const source = await readFile(path.join(client, locale === 'ru' ? 'dzen.xml' : 'kk/dzen.xml'), 'utf8');
      expect(XMLValidator.validate(source)).toBe(true);
      const feed = dzenFeed.parse(parser.parse(source));
      const items = feed.rss.channel.item;
      expect(feed.rss.channel.language).toBe(locale);
      expect(items.length).toBeGreaterThanOrEqual(3);
      const now = Date.parse(site.newsroomNow);
      for (const item of items) {
        expect(item.link.startsWith(`${site.siteUrl}${locale === 'ru' ? '/news/' : '/kk/news/'}`), item.link).toBe(true);
        expect(item.category).toEqual(['format-article', 'index', 'comment-all']);
        expect(now - Date.parse(item.pubDate)).toBeLessThanOrEqual(DZEN_WINDOW_HOURS * 3_600_000 + 3_600_000);
        // The full text: every paragraph of the page's body is in content:encoded.
        const $ = await page(site.outDir, new URL(item.link).pathname);
        for (const paragraph of $('article .body p')
          .toArray()
          .map((p) => $(p).text()))
          expect(item['content:encoded'], item.link).toContain(paragraph.replace(/&/g, '&amp;'));
        if ($('article figure img').length > 0) {
          expect(item.enclosure, item.link).toBeDefined();
          const cover = await sharp(await readFile(fileOf(item.enclosure?.['@url'] ?? ''))).metadata();
          expect(cover.format).toBe('jpeg');
          expect(cover.width).toBeGreaterThanOrEqual(DZEN_MIN_IMAGE_WIDTH);
          expect(item['content:encoded']).toContain(`<img src="${item.enclosure?.['@url'] ?? ''}"`);
        }
      }
      // Today's newsroom stories of this language are in it.
      const plan = newsroomPlan(new Date(site.newsroomNow)).filter((item) => now - Date.parse(item.publicationDate) <= 24 * 3_600_000);
      for (const story of plan) {
        const version = story.versions.find((v) => v.locale === locale);
        if (version)
          expect(items.map((item) => item.link)).toContain(`${site.siteUrl}${locale === 'ru' ? '' : '/kk'}/news/${toSlug(version.title)}/`);
      }
    });
  }
});

describe('the Google News sitemap', () => {
  it('lists the stories published today, in both languages, and is listed in the sitemap index', async () => {
    const news = parser.parse(await readFile(path.join(client, 'sitemaps/google-news.xml'), 'utf8')) as {
      urlset: { url: Array<{ loc: string }> };
    };
    const locs = news.urlset.url.map((url) => url.loc);
    const now = Date.parse(site.newsroomNow);
    const today = newsroomPlan(new Date(site.newsroomNow)).filter((item) => now - Date.parse(item.publicationDate) <= 24 * 3_600_000);
    expect(today.length).toBeGreaterThanOrEqual(4);
    for (const story of today)
      for (const version of story.versions)
        expect(locs).toContain(`${site.siteUrl}${version.locale === 'ru' ? '' : '/kk'}/news/${version.slug}/`);
    const index = await readFile(path.join(client, 'sitemap-index.xml'), 'utf8');
    expect(index).toContain(`${site.siteUrl}/sitemaps/google-news.xml`);
  });
});

/** Forwards GETs to Strapi, moving every article's dates three days back: a site with nothing recent. */
function agingProxy(target: string): Server {
  const shift = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(shift);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([key, inner]) => [
          key,
          (key === 'publicationDate' || key === 'publishedAt') && typeof inner === 'string'
            ? new Date(Date.parse(inner) - 72 * 3_600_000).toISOString()
            : shift(inner),
        ]),
      );
    }
    return value;
  };
  return createServer((req, res) => {
    void answer(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });
  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', target);
    const upstream = await fetch(url, { headers: { authorization: req.headers.authorization ?? '' } });
    const type = upstream.headers.get('content-type') ?? '';
    let body: Buffer | string = Buffer.from(await upstream.arrayBuffer());
    if (url.pathname.startsWith('/api/articles') && type.includes('json')) body = JSON.stringify(shift(JSON.parse(body.toString('utf8'))));
    res.writeHead(upstream.status, { 'content-type': type });
    res.end(body);
  }
}

describe('a site with nothing published in the last 48 hours', () => {
  it('writes no Google News sitemap (an empty one is invalid) and leaves it out of the sitemap index, whose every file exists', async () => {
    const proxy = agingProxy(site.strapi.url);
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const address = proxy.address();
      const proxyUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      const folder = await buildFolder('no-recent');
      const result = await buildSite({
        strapiUrl: proxyUrl,
        siteToken: site.strapi.siteToken,
        outDir: folder.outDir,
        cacheDir: folder.cacheDir,
        siteUrl: site.siteUrl,
      });
      if (result.code !== 0) throw new SiteBuildError(result);
      const out = path.join(folder.outDir, 'client');
      expect(existsSync(path.join(out, 'sitemaps/google-news.xml'))).toBe(false);
      const index = parser.parse(await readFile(path.join(out, 'sitemap-index.xml'), 'utf8')) as {
        sitemapindex: { sitemap: Array<{ loc: string }> };
      };
      const listed = index.sitemapindex.sitemap.map((entry) => new URL(entry.loc).pathname.slice(1));
      expect(listed).not.toContain('sitemaps/google-news.xml');
      for (const file of listed) {
        const parsed = parser.parse(await readFile(path.join(out, file), 'utf8')) as { urlset?: { url?: unknown[] } };
        // Every listed sitemap has at least one <url>, as the sitemaps.org schema requires.
        expect(parsed.urlset?.url?.length ?? 0, file).toBeGreaterThan(0);
      }
    } finally {
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
  });
});
