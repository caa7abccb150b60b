/**
 * /sitemaps/news-YYYY-MM.xml: the article URLs of one month (both locales).
 * A page gets hreflang alternates only when its article is published in more
 * than one language. A new article changes only its own month's file.
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { LOCALE_TAGS, LOCALES } from '../../config.ts';
import { catalog } from '../../lib/content.ts';
import { inScope } from '../../lib/scope.ts';
import { urlsetXml, xmlResponse } from '../../lib/sitemaps.ts';
import { absoluteUrl } from '../../lib/urls.ts';

export const getStaticPaths = (async () => {
  const c = await catalog();
  const months = new Set(LOCALES.flatMap((locale) => c.months(locale).map(({ year, month }) => `${year}-${month}`)));
  const pages = [];
  for (const month of months) if (await inScope('sitemap', month)) pages.push({ params: { month } });
  return pages;
}) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params, site }) => {
  const base = site ?? new URL('http://127.0.0.1:4321');
  const c = await catalog();
  const articles = LOCALES.flatMap((locale) => c.articles(locale)).filter((a) => `${a.year}-${a.month}` === params.month);
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
