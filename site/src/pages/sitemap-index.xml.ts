/**
 * /sitemap-index.xml, the master index: the pages sitemap written by
 * the site (every page but articles), one file per archive day of
 * articles, and the Google News sitemap when it has entries. Rebuilt by every build, scoped or
 * not (a scoped build knows the days it did not load from its scope file).
 */
import type { APIRoute } from 'astro';
import { LOCALES, NEWS_SITEMAP_WINDOW_HOURS, PAGES_SITEMAP_BASE } from '../config.ts';
import { catalog } from '../lib/content.ts';
import { newsSitemapArticles, sitemapIndexXml, xmlResponse } from '../lib/sitemaps.ts';
import { absoluteUrl, paths } from '../lib/urls.ts';

export const GET: APIRoute = async ({ site }) => {
  const base = site ?? new URL('http://127.0.0.1:4321');
  const c = await catalog();
  const newest = new Map<string, string>();
  for (const locale of LOCALES) {
    for (const [day, modified] of c.dayStats(locale)) if ((newest.get(day) ?? '') < modified) newest.set(day, modified);
  }
  const days = [...newest.entries()].sort(([a], [b]) => (a < b ? 1 : -1));
  return xmlResponse(
    sitemapIndexXml([
      { loc: absoluteUrl(`/${PAGES_SITEMAP_BASE}-0.xml`, base) },
      // Only when it has entries (src/pages/sitemaps/[googleNews].xml.ts).
      ...(newsSitemapArticles(
        LOCALES.map((locale) => c.articles(locale)),
        c.now,
        NEWS_SITEMAP_WINDOW_HOURS,
      ).length > 0
        ? [{ loc: absoluteUrl(paths.newsSitemap(), base) }]
        : []),
      ...days.map(([day, lastmod]) => ({ loc: absoluteUrl(paths.daySitemap(day), base), lastmod })),
    ]),
  );
};
