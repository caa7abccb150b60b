/** /rubric/<slug>/rss.xml: the latest articles of one rubric. */
import type { APIRoute, GetStaticPaths } from 'astro';
import { LOCALES } from '../../../../config.ts';
import { t } from '../../../../i18n/index.ts';
import { catalog, chrome, listingOf } from '../../../../lib/content.ts';
import { articleFeed } from '../../../../lib/feeds.ts';
import { inScope } from '../../../../lib/scope.ts';
import { localeFromParam, localeParam } from '../../../../lib/urls.ts';

export const getStaticPaths = (async () => {
  const c = await catalog();
  const pages = [];
  for (const locale of LOCALES) {
    for (const rubric of c.rubrics(locale)) {
      if (await inScope('feed', `${locale}:${rubric.documentId}`)) {
        pages.push({ params: { locale: localeParam(locale), slug: rubric.slug }, props: { documentId: rubric.documentId } });
      }
    }
  }
  return pages;
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ documentId: string }> = async ({ params, props, site }) => {
  const locale = localeFromParam(params.locale);
  const c = await catalog();
  const rubric = c.rubrics(locale).find((r) => r.documentId === props.documentId);
  if (!rubric) throw new Error(`rubric ${props.documentId} (${locale}) vanished from the catalog during the build`);
  const frame = await chrome(locale);
  return articleFeed({
    title: `${frame.siteName}: ${rubric.name}`,
    description: rubric.description ?? t(locale).feedTitle(rubric.name),
    site: site ?? new URL('http://127.0.0.1:4321'),
    locale,
    articles: listingOf(c, 'rubric', locale, rubric.documentId),
  });
};
