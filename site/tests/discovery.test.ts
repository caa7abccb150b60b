/**
 * Discovery files of the built site: the sitemap index and everything it
 * lists (per-day article sitemaps with hreflang only for real
 * translations, the Google News sitemap, the pages sitemap), RSS feeds per locale and rubric, robots.txt. Each is
 * parsed; required fields and absolute URLs are checked.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { listFiles } from './helpers.ts';

const site = inject('site');
const client = path.join(site.outDir, 'client');
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name) => ['url', 'sitemap', 'item', 'xhtml:link', 'category'].includes(name),
});

async function xml(file: string): Promise<unknown> {
  const source = await readFile(path.join(client, file), 'utf8');
  expect(XMLValidator.validate(source), file).toBe(true);
  return parser.parse(source);
}

/** A URL of the sitemap files as a path in the output folder. */
const fileOf = (url: string) => new URL(url).pathname.replace(/^\//, '');
const absolute = z.string().startsWith(`${site.siteUrl}/`);
const w3cDate = z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);

const sitemapIndex = z.object({
  sitemapindex: z.object({
    '@xmlns': z.literal('http://www.sitemaps.org/schemas/sitemap/0.9'),
    sitemap: z.array(z.object({ loc: absolute, lastmod: w3cDate.optional() })),
  }),
});
const link = z.object({ '@rel': z.literal('alternate'), '@hreflang': z.enum(['ru', 'kk']), '@href': absolute });
const urlset = z.object({
  urlset: z.object({
    url: z.array(z.object({ loc: absolute, lastmod: w3cDate.optional(), 'xhtml:link': z.array(link).optional() })).optional(),
  }),
});

describe('sitemaps', () => {
  it('list every daily article sitemap, the news sitemap and the pages sitemap in one index, each file present', async () => {
    const index = sitemapIndex.parse(await xml('sitemap-index.xml'));
    const files = index.sitemapindex.sitemap.map((s) => fileOf(s.loc));
    expect(files).toContain('sitemap-pages-0.xml');
    expect(files).toContain('sitemaps/google-news.xml');
    expect(files).toContain('sitemaps/news-2022-11-05.xml');
    const onDisk = await listFiles(client);
    for (const file of files) expect(onDisk, file).toContain(file);
    const daily = onDisk.filter((file) => /^sitemaps\/news-\d{4}-\d\d-\d\d\.xml$/.test(file));
    expect(daily.length).toBeGreaterThan(1);
    expect(files).toEqual(expect.arrayContaining(daily));
  });

  it('put the seed article of 5 November 2022 in both locales into news-2022-11-05.xml, each with both hreflang alternates', async () => {
    const day = urlset.parse(await xml('sitemaps/news-2022-11-05.xml'));
    const urls = day.urlset.url ?? [];
    const ru = urls.find((u) => u.loc === `${site.siteUrl}/news/${site.seed.slugs.ru}/`);
    const kk = urls.find((u) => u.loc === `${site.siteUrl}/kk/news/${site.seed.slugs.kk}/`);
    expect(ru?.lastmod).toBeDefined();
    for (const entry of [ru, kk]) {
      expect(entry?.['xhtml:link']?.map((l) => `${l['@hreflang']} ${l['@href']}`).sort()).toEqual([
        `kk ${site.siteUrl}/kk/news/${site.seed.slugs.kk}/`,
        `ru ${site.siteUrl}/news/${site.seed.slugs.ru}/`,
      ]);
    }
  });

  it('give an article that exists only in Russian no hreflang alternates', async () => {
    const onDisk = (await listFiles(client)).filter((file) => /^sitemaps\/news-/.test(file));
    const all = (await Promise.all(onDisk.map(async (file) => urlset.parse(await xml(file)).urlset.url ?? []))).flat();
    const entry = all.find((u) => u.loc === `${site.siteUrl}/news/${site.ruOnly.slug}/`);
    expect(entry).toBeDefined();
    expect(entry?.['xhtml:link']).toBeUndefined();
  });

  it('list articles of the last 48 hours in the Google News sitemap, and not the 2022 seed article', async () => {
    const news = z
      .object({
        urlset: z.object({
          '@xmlns:news': z.literal('http://www.google.com/schemas/sitemap-news/0.9'),
          url: z.array(
            z.object({
              loc: absolute,
              'news:news': z.object({
                'news:publication': z.object({ 'news:name': z.string().min(1), 'news:language': z.enum(['ru', 'kk']) }),
                'news:publication_date': w3cDate,
                'news:title': z.string().min(1),
              }),
            }),
          ),
        }),
      })
      .parse(await xml('sitemaps/google-news.xml'));
    const locs = news.urlset.url.map((u) => u.loc);
    expect(locs).toContain(`${site.siteUrl}/news/${site.ruOnly.slug}/`);
    expect(locs).not.toContain(`${site.siteUrl}/news/${site.seed.slugs.ru}/`);
  });

  it('leave articles out of the pages sitemap and keep hreflang pairs for pages that exist in both locales', async () => {
    const pages = urlset.parse(await xml('sitemap-pages-0.xml'));
    const locs = (pages.urlset.url ?? []).map((u) => u.loc);
    expect(locs).toContain(`${site.siteUrl}/`);
    expect(locs).toContain(`${site.siteUrl}/kk/rubric/qogam/`);
    expect(locs.filter((loc) => loc.includes('/news/'))).toEqual([]);
    expect(locs.filter((loc) => loc.endsWith('.xml') || loc.includes('/404'))).toEqual([]);
    const home = pages.urlset.url?.find((u) => u.loc === `${site.siteUrl}/`);
    expect(home?.['xhtml:link']?.map((l) => l['@hreflang']).sort()).toEqual(['kk', 'ru']);
  });
});

const rss = z.object({
  rss: z.object({
    '@version': z.literal('2.0'),
    channel: z.object({
      title: z.string().min(1),
      description: z.string().min(1),
      link: absolute,
      language: z.enum(['ru', 'kk']),
      item: z.array(
        z.object({
          title: z.string().min(1),
          link: absolute,
          guid: z.object({ '#text': absolute }),
          description: z.string().min(1),
          pubDate: z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'not an RFC 822 date'),
          category: z.array(z.string()).optional(),
        }),
      ),
    }),
  }),
});

describe('RSS feeds', () => {
  it('publish the Russian feed with the seed article, newest first', async () => {
    const feed = rss.parse(await xml('rss.xml'));
    expect(feed.rss.channel.language).toBe('ru');
    const links = feed.rss.channel.item.map((item) => item.link);
    expect(links).toContain(`${site.siteUrl}/news/${site.seed.slugs.ru}/`);
    const dates = feed.rss.channel.item.map((item) => Date.parse(item.pubDate));
    expect([...dates].sort((a, b) => b - a)).toEqual(dates);
    const seed = feed.rss.channel.item.find((item) => item.link.endsWith(`/${site.seed.slugs.ru}/`));
    expect(new Date(seed?.pubDate ?? '').toISOString()).toBe('2022-11-05T11:03:00.000Z');
    expect(seed?.category).toEqual(expect.arrayContaining(['Общество', 'НПО']));
  });

  it('publish a Kazakh feed that lists only Kazakh pages', async () => {
    const feed = rss.parse(await xml('kk/rss.xml'));
    expect(feed.rss.channel.language).toBe('kk');
    expect(feed.rss.channel.item.every((item) => item.link.startsWith(`${site.siteUrl}/kk/news/`))).toBe(true);
    expect(feed.rss.channel.item.map((item) => item.link)).toContain(`${site.siteUrl}/kk/news/${site.seed.slugs.kk}/`);
  });

  it('publish a feed per rubric with only that rubric’s articles', async () => {
    const feed = rss.parse(await xml('rubric/obshchestvo/rss.xml'));
    expect(feed.rss.channel.item.length).toBeGreaterThan(0);
    expect(feed.rss.channel.item.every((item) => item.category?.includes('Общество'))).toBe(true);
  });
});

describe('robots.txt', () => {
  it('allows crawling and points at the absolute sitemap index', async () => {
    const robots = await readFile(path.join(client, 'robots.txt'), 'utf8');
    expect(robots).toMatch(/^User-agent: \*$/m);
    expect(robots).toContain(`Sitemap: ${site.siteUrl}/sitemap-index.xml`);
  });
});
