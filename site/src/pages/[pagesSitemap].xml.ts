/**
 * /sitemap-pages-0.xml: every page of the site but the articles (which are in
 * the day sitemaps) and the 404 page — home, search, archive index, months
 * and days, rubrics, tags, authors, events, organizations — with hreflang
 * alternates between the language versions of the same page. Built from the
 * catalog, so a scoped build writes the same file as a full one (it knows
 * every taxonomy and, from its scope file, every day); the publish service
 * puts it in every scope (`page` key PAGES_SITEMAP_KEY).
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import type { Locale } from '@tilshi/shared-types';
import { LOCALE_TAGS, LOCALES, PAGES_SITEMAP_BASE, PAGES_SITEMAP_ENTRY_LIMIT } from '../config.ts';
import { catalog } from '../lib/content.ts';
import { inScope, PAGES_SITEMAP_KEY } from '../lib/scope.ts';
import { urlsetXml, xmlResponse, type SitemapUrl } from '../lib/sitemaps.ts';
import { absoluteUrl, paths } from '../lib/urls.ts';

export const getStaticPaths = (async () =>
  (await inScope('page', PAGES_SITEMAP_KEY)) ? [{ params: { pagesSitemap: `${PAGES_SITEMAP_BASE}-0` } }] : []) satisfies GetStaticPaths;

/** One page in each locale where it exists, as `locale → path`. */
type PageVersions = ReadonlyArray<{ locale: Locale; path: string }>;

export const GET: APIRoute = async ({ site }) => {
  const base = site ?? new URL('http://127.0.0.1:4321');
  const c = await catalog();
  const pages: PageVersions[] = [];
  const everywhere = (pathOf: (locale: Locale) => string) => pages.push(LOCALES.map((locale) => ({ locale, path: pathOf(locale) })));
  /** Localized entities: the versions sharing a documentId are one page in several languages. */
  const byDocument = <T extends { documentId: string; slug: string }>(
    of: (locale: Locale) => readonly T[],
    pathOf: (locale: Locale, slug: string) => string,
  ) => {
    const groups = new Map<string, Array<{ locale: Locale; path: string }>>();
    for (const locale of LOCALES) {
      for (const item of of(locale))
        groups.set(item.documentId, [...(groups.get(item.documentId) ?? []), { locale, path: pathOf(locale, item.slug) }]);
    }
    pages.push(...groups.values());
  };

  everywhere(paths.home);
  everywhere(paths.search);
  everywhere(paths.archiveIndex);
  /** Archive months and days: `key → versions`, newest first. */
  const archive = new Map<string, Array<{ locale: Locale; path: string }>>();
  const addArchive = (key: string, locale: Locale, path: string) => {
    const versions = archive.get(key);
    if (versions) versions.push({ locale, path });
    else archive.set(key, [{ locale, path }]);
  };
  for (const locale of LOCALES) {
    for (const { year, month } of c.months(locale)) addArchive(`${year}-${month}`, locale, paths.archive(locale, year, month));
    for (const day of c.dayStats(locale).keys()) addArchive(day, locale, paths.archiveDay(locale, day));
  }
  pages.push(...[...archive.entries()].sort(([a], [b]) => (a < b ? 1 : -1)).map(([, versions]) => versions));
  byDocument(c.rubrics, paths.rubric);
  byDocument(c.tags, paths.tag);
  for (const author of c.authors()) everywhere((locale) => paths.author(locale, author.slug));
  byDocument(c.events, paths.event);
  byDocument(c.organizations, paths.organization);

  const urls: SitemapUrl[] = pages.flatMap((versions) =>
    versions.map(({ path }) => ({
      loc: absoluteUrl(path, base),
      ...(versions.length > 1
        ? { alternates: versions.map((v) => ({ hreflang: LOCALE_TAGS[v.locale].hreflang, href: absoluteUrl(v.path, base) })) }
        : {}),
    })),
  );
  if (urls.length > PAGES_SITEMAP_ENTRY_LIMIT) {
    throw new RangeError(`the pages sitemap would list ${urls.length} URLs, more than ${PAGES_SITEMAP_ENTRY_LIMIT}: split it`);
  }
  return xmlResponse(urlsetXml(urls));
};
