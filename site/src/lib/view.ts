/**
 * An article as pages render it (ArticleView): its date, archive day, path and
 * translations beside the CMS fields. Pure, so the static pages (lib/content.ts,
 * relations resolved through the catalog) and the on-demand draft preview
 * (pages/preview/) derive them the same way.
 */
import type { Article, Locale } from '@tilshi/shared-types';
import { dayOf } from './format.ts';
import { paths } from './urls.ts';

/** An article with its relations resolved to their current versions. */
export type ArticleView = Article & {
  /** When the article counts as published: publicationDate, or the moment Strapi published it. */
  date: string;
  /** When it last changed: its own update or its latest correction. */
  modified: string;
  year: string;
  month: string;
  /** Its archive day, `YYYY-MM-DD` in Asia/Aqtau. */
  day: string;
  path: string;
  /** The same article in the other locales (published versions only). */
  translations: ReadonlyArray<{ locale: Locale; slug: string; path: string }>;
};

export type Translation = ArticleView['translations'][number];

/** The view of an article whose relations are already resolved; `translations`: its other-language versions. */
export function articleView(article: Article, translations: readonly Translation[]): ArticleView {
  const date = article.publicationDate ?? article.publishedAt;
  const day = dayOf(date);
  const [year = '', month = ''] = day.split('-');
  return {
    ...article,
    date,
    modified: [article.updatedAt, ...article.corrections.map((c) => c.date)].reduce((a, b) => (a > b ? a : b)),
    year,
    month,
    day,
    path: paths.article(article.locale, article.slug),
    translations,
  };
}
