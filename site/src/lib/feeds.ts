/**
 * RSS 2.0 feeds (@astrojs/rss): the latest articles of a locale or a rubric,
 * with absolute links, publication dates, leads and categories.
 */
import rss from '@astrojs/rss';
import type { Locale } from '@tilshi/shared-types';
import { FEED_ITEMS } from '../config.ts';
import type { ArticleView } from './content.ts';
import { absoluteUrl } from './urls.ts';

export type FeedInput = { title: string; description: string; site: URL; locale: Locale; articles: readonly ArticleView[] };

export function articleFeed({ title, description, site, locale, articles }: FeedInput): Promise<Response> {
  return rss({
    title,
    description,
    site,
    trailingSlash: true,
    customData: `<language>${locale}</language>`,
    items: articles.slice(0, FEED_ITEMS).map((article) => ({
      title: article.title,
      link: absoluteUrl(article.path, site),
      pubDate: new Date(article.date),
      description: article.lead,
      categories: [...(article.rubric ? [article.rubric.name] : []), ...article.tags.map((tag) => tag.name)],
    })),
  });
}
