/** /rss.xml and /kk/rss.xml: the latest articles of the locale. */
import type { APIRoute, GetStaticPaths } from 'astro';
import { LOCALES } from '../../config.ts';
import { t } from '../../i18n/index.ts';
import { catalog, chrome } from '../../lib/content.ts';
import { articleFeed } from '../../lib/feeds.ts';
import { inScope } from '../../lib/scope.ts';
import { localeFromParam, localeParam } from '../../lib/urls.ts';

export const getStaticPaths = (async () => {
  const pages = [];
  for (const locale of LOCALES) if (await inScope('feed', locale)) pages.push({ params: { locale: localeParam(locale) } });
  return pages;
}) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params, site }) => {
  const locale = localeFromParam(params.locale);
  const frame = await chrome(locale);
  return articleFeed({
    title: frame.siteName,
    description: t(locale).footerNote,
    site: site ?? new URL('http://127.0.0.1:4321'),
    locale,
    articles: (await catalog()).articles(locale),
  });
};
