/**
 * /dzen.xml and /kk/dzen.xml: the Dzen feed of a locale (src/lib/dzen.ts):
 * full text, the cover as a 1200 px JPEG, articles of the last three days.
 * Rendered with the locale's RSS feed (scope key `feed|<locale>`).
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { getImage } from 'astro:assets';
import { LOCALES } from '../../config.ts';
import { t } from '../../i18n/index.ts';
import { blockToHtml } from '@tilshi/shared-types';
import { catalog, chrome } from '../../lib/content.ts';
import { DZEN_MAX_ITEMS, DZEN_MIN_IMAGE_WIDTH, DZEN_WINDOW_HOURS, dzenFeedXml, type DzenItem } from '../../lib/dzen.ts';
import { inScope } from '../../lib/scope.ts';
import { xmlResponse } from '../../lib/sitemaps.ts';
import { absoluteUrl, localeFromParam, localeParam, paths } from '../../lib/urls.ts';

export const getStaticPaths = (async () => {
  const pages = [];
  for (const locale of LOCALES) if (await inScope('feed', locale)) pages.push({ params: { locale: localeParam(locale) } });
  return pages;
}) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params, site }) => {
  const locale = localeFromParam(params.locale);
  const base = site ?? new URL('http://127.0.0.1:4321');
  const c = await catalog();
  const frame = await chrome(locale);
  const tr = t(locale);
  const now = Date.now();
  const recent = c.articles(locale).filter((article) => {
    const age = now - Date.parse(article.date);
    return age >= 0 && age <= DZEN_WINDOW_HOURS * 3_600_000;
  });
  const items: DzenItem[] = [];
  for (const article of recent.slice(0, DZEN_MAX_ITEMS)) {
    let cover: DzenItem['cover'] = null;
    if (article.cover && article.cover.image.width >= DZEN_MIN_IMAGE_WIDTH) {
      const width = Math.min(1200, article.cover.image.width);
      const image = await getImage({
        src: c.fileUrl(article.cover.image),
        width,
        height: Math.round((article.cover.image.height * width) / article.cover.image.width),
        format: 'jpg',
      });
      cover = {
        url: absoluteUrl(image.src, base),
        width,
        type: 'image/jpeg',
        caption: article.cover.caption,
        credit: `${tr.photo}: ${article.cover.credit.name}`,
      };
    }
    const bodyHtml = (article.body ?? []).flatMap((block) => (block.type === 'image' ? [] : [blockToHtml(block) ?? ''])).join('');
    items.push({
      title: article.title,
      link: absoluteUrl(article.path, base),
      guid: `${article.locale}:${article.documentId}`,
      published: new Date(article.date),
      author: article.authors.map((author) => author.name).join(', ') || null,
      description: article.lead,
      bodyHtml,
      cover,
      adult: article.ageRating === 'age18',
    });
  }
  return xmlResponse(
    dzenFeedXml(
      {
        title: frame.siteName,
        link: absoluteUrl(paths.home(locale), base),
        description: tr.footerNote,
        language: locale,
        selfUrl: absoluteUrl(paths.dzenFeed(locale), base),
      },
      items,
    ),
  );
};
