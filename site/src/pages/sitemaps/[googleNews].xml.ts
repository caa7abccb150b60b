/**
 * /sitemaps/google-news.xml: articles published in the last 48 hours (both
 * locales). Written only when there is one: a sitemap with no <url> is not
 * valid under the sitemaps.org schema, so with nothing recent there is no
 * file, the sitemap index does not list it, and the publish service removes
 * the previous one from the live site. Rebuilt by every build.
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { LOCALE_TAGS, LOCALES, NEWS_SITEMAP_WINDOW_HOURS } from '../../config.ts';
import { catalog, chrome } from '../../lib/content.ts';
import { newsSitemapArticles, newsSitemapXml, xmlResponse } from '../../lib/sitemaps.ts';
import { absoluteUrl } from '../../lib/urls.ts';

export const getStaticPaths = (async () => {
  const c = await catalog();
  const recent = newsSitemapArticles(
    LOCALES.map((locale) => c.articles(locale)),
    c.now,
    NEWS_SITEMAP_WINDOW_HOURS,
  );
  return recent.length > 0 ? [{ params: { googleNews: 'google-news' } }] : [];
}) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ site }) => {
  const base = site ?? new URL('http://127.0.0.1:4321');
  const c = await catalog();
  const urls = [];
  for (const locale of LOCALES) {
    const { siteName } = await chrome(locale);
    for (const article of newsSitemapArticles([c.articles(locale)], c.now, NEWS_SITEMAP_WINDOW_HOURS)) {
      urls.push({
        loc: absoluteUrl(article.path, base),
        title: article.title,
        language: LOCALE_TAGS[locale].lang,
        publicationName: siteName,
        published: article.date,
      });
    }
  }
  return xmlResponse(newsSitemapXml(urls));
};
