/**
 * What the home page shows, from the latest articles of a locale (newest
 * first) and its rubrics in menu order — pure, so the rule is tested and the
 * scoped loader knows what to load (config.ts: HOME_RUBRIC_DEPTH):
 *
 * - the lead story: the newest of the first LEAD_WINDOW that has a photo
 *   (the newest of all when none has);
 * - the cards: the next HOME_TOP_CARDS newest after it;
 * - a block per rubric: its newest HOME_RUBRIC_ITEMS not already in the lead
 *   or the cards (a rubric with none is left out);
 * - the feed: the newest HOME_FEED_ITEMS, whatever is shown above.
 */
import { HOME_FEED_ITEMS, HOME_RUBRIC_ITEMS, HOME_TOP_CARDS } from '../config.ts';

/** How far down the lead story may come from, for want of a photo among the newest. */
export const LEAD_WINDOW = 3;

type Listed = { documentId: string; rubric: { documentId: string } | null; cover: unknown };

export type HomeSelection<A, R> = {
  lead: A | null;
  cards: A[];
  blocks: Array<{ rubric: R; articles: A[] }>;
  feed: A[];
};

export function homeSelection<A extends Listed, R extends { documentId: string }>(
  newestFirst: readonly A[],
  rubrics: readonly R[],
): HomeSelection<A, R> {
  const lead = newestFirst.slice(0, LEAD_WINDOW).find((article) => article.cover !== null) ?? newestFirst[0] ?? null;
  const cards = newestFirst.filter((article) => article !== lead).slice(0, HOME_TOP_CARDS);
  const shown = new Set([lead, ...cards].filter((article): article is A => article !== null).map((article) => article.documentId));
  const blocks = rubrics
    .map((rubric) => ({
      rubric,
      articles: newestFirst
        .filter((article) => article.rubric?.documentId === rubric.documentId && !shown.has(article.documentId))
        .slice(0, HOME_RUBRIC_ITEMS),
    }))
    .filter((block) => block.articles.length > 0);
  return { lead, cards, blocks, feed: newestFirst.slice(0, HOME_FEED_ITEMS) };
}
