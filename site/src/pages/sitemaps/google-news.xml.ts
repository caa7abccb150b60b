/** /sitemaps/google-news.xml: articles published in the last 48 hours (both locales). Rebuilt by every build. */
import type { APIRoute } from 'astro';
import { LOCALE_TAGS, LOCALES, NEWS_SITEMAP_WINDOW_HOURS } from '../../config.ts';
import { catalog, chrome } from '../../lib/content.ts';
import { isRecent, newsSitemapXml, xmlResponse } from '../../lib/sitemaps.ts';
import { absoluteUrl } from '../../lib/urls.ts';

export const GET: APIRoute = async ({ site }) => {
  const base = site ?? new URL('http://127.0.0.1:4321');
  const c = await catalog();
  const now = new Date();
  const urls = [];
  for (const locale of LOCALES) {
    const { siteName } = await chrome(locale);
    for (const article of c.articles(locale)) {
      if (!isRecent(article.date, now, NEWS_SITEMAP_WINDOW_HOURS)) continue;
      urls.push({ loc: absoluteUrl(article.path, base), title: article.title, language: LOCALE_TAGS[locale].lang, publicationName: siteName, published: article.date });
    }
  }
  return xmlResponse(newsSitemapXml(urls));
};
