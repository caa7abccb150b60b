/** The home page's rule: a lead with a photo, cards after it, rubric blocks without repeats, the feed. */
import { describe, expect, it } from 'vitest';
import { HOME_FEED_ITEMS, HOME_RUBRIC_ITEMS, HOME_TOP_CARDS } from '../config.ts';
import { homeSelection } from './home.ts';

const rubrics = ['society', 'politics', 'sport', 'empty'].map((documentId) => ({ documentId }));
const article = (n: number, rubric: string, cover = true) => ({
  documentId: `a${n}`,
  rubric: { documentId: rubric },
  cover: cover ? { url: `/${n}.jpg` } : null,
});

describe('homeSelection', () => {
  const newestFirst = Array.from({ length: 40 }, (_, i) => article(i, ['society', 'politics', 'sport'][i % 3] ?? 'society', i !== 0));

  it('leads with the newest story that has a photo, then the next ones as cards', () => {
    const home = homeSelection(newestFirst, rubrics);
    expect(home.lead?.documentId).toBe('a1');
    expect(home.cards.map((a) => a.documentId)).toEqual(['a0', 'a2', 'a3', 'a4', 'a5', 'a6'].slice(0, HOME_TOP_CARDS));
  });

  it('gives each rubric a block of its newest stories not shown above, and leaves out a rubric with none', () => {
    const home = homeSelection(newestFirst, rubrics);
    const shown = new Set([home.lead, ...home.cards].map((a) => a?.documentId));
    expect(home.blocks.map((block) => block.rubric.documentId)).toEqual(['society', 'politics', 'sport']);
    for (const block of home.blocks) {
      expect(block.articles).toHaveLength(HOME_RUBRIC_ITEMS);
      expect(block.articles.every((a) => a.rubric.documentId === block.rubric.documentId && !shown.has(a.documentId))).toBe(true);
    }
    expect(home.feed).toHaveLength(HOME_FEED_ITEMS);
  });

  it('leads with the newest story when none of the first has a photo, and shows nothing for an empty site', () => {
    const noPhotos = newestFirst.map((a) => ({ ...a, cover: null }));
    expect(homeSelection(noPhotos, rubrics).lead?.documentId).toBe('a0');
    expect(homeSelection([], rubrics)).toEqual({ lead: null, cards: [], blocks: [], feed: [] });
  });
});
