/**
 * /sitemaps/news-YYYY-MM-DD.xml: the article URLs of one archive day (both
 * locales). A page gets hreflang alternates only when its article is
 * published in more than one language. A new article or an edit changes only
 * its own day's file, tens of URLs whatever the archive's size.
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { LOCALE_TAGS, LOCALES } from '../../config.ts';
import { catalog } from '../../lib/content.ts';
import { inScope } from '../../lib/scope.ts';
import { urlsetXml, xmlResponse } from '../../lib/sitemaps.ts';
import { absoluteUrl } from '../../lib/urls.ts';

export const getStaticPaths = (async () => {
  const c = await catalog();
  const days = new Set(LOCALES.flatMap((locale) => [...c.dayStats(locale).keys()]));
  const pages = [];
  for (const day of days) if (await inScope('sitemap', day)) pages.push({ params: { day } });
  return pages;
}) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params, site }) => {
  const base = site ?? new URL('http://127.0.0.1:4321');
  const c = await catalog();
  const articles = LOCALES.flatMap((locale) => c.dayArticles(locale, params.day ?? ''));
  return xmlResponse(
    urlsetXml(
      articles.map((article) => ({
        loc: absoluteUrl(article.path, base),
        lastmod: article.modified,
        ...(article.translations.length > 0
          ? {
              alternates: [{ locale: article.locale, path: article.path }, ...article.translations].map((v) => ({
                hreflang: LOCALE_TAGS[v.locale].hreflang,
                href: absoluteUrl(v.path, base),
              })),
            }
          : {}),
      })),
    ),
  );
};
