import { describe, expect, it } from 'vitest';
import { changedAt, LISTING_RULES, newerFirst, type ListedArticle, type ListingKind } from './listing-rules.ts';

const article: ListedArticle = {
  rubric: { documentId: 'rubric-society' },
  tags: [{ documentId: 'tag-ferry' }, { documentId: 'tag-aktau' }],
  authors: [{ documentId: 'author-aigerim' }],
  event: { documentId: 'event-open-day', organizers: [{ documentId: 'org-ngo' }], supporters: [{ documentId: 'org-akimat' }] },
};

describe('the listing rules shared by full and scoped builds', () => {
  it('puts an article on the listing of each entity it names, and on no other', () => {
    const expected: Array<[ListingKind, string]> = [
      ['rubric', 'rubric-society'],
      ['tag', 'tag-aktau'],
      ['author', 'author-aigerim'],
      ['event', 'event-open-day'],
      ['organization', 'org-ngo'],
      ['organization', 'org-akimat'],
    ];
    for (const [kind, id] of expected) {
      expect(LISTING_RULES[kind].member(article, id), `${kind} ${id}`).toBe(true);
      expect(LISTING_RULES[kind].member(article, `${id}-other`), `${kind} ${id}-other`).toBe(false);
    }
    expect(LISTING_RULES.organization.member({ ...article, event: null }, 'org-ngo')).toBe(false);
    expect(LISTING_RULES.rubric.member({ ...article, rubric: null }, 'rubric-society')).toBe(false);
  });

  it('selects the same articles in Strapi by the relation the test reads (organizers or supporters for an organization)', () => {
    expect(LISTING_RULES.tag.filter('tag-ferry')).toEqual({ tags: { documentId: { $eq: 'tag-ferry' } } });
    expect(LISTING_RULES.rubric.filter('r')).toEqual({ rubric: { documentId: { $eq: 'r' } } });
    expect(LISTING_RULES.author.filter('a')).toEqual({ authors: { documentId: { $eq: 'a' } } });
    expect(LISTING_RULES.event.filter('e')).toEqual({ event: { documentId: { $eq: 'e' } } });
    expect(LISTING_RULES.organization.filter('o')).toEqual({
      $or: [{ event: { organizers: { documentId: { $eq: 'o' } } } }, { event: { supporters: { documentId: { $eq: 'o' } } } }],
    });
  });

  it('orders newest first and, within one instant, the higher id first; a change is the later of updatedAt and publishedAt', () => {
    const items = [
      { id: 1, date: '2026-12-01T10:00:00.000Z' },
      { id: 3, date: '2026-12-02T09:00:00.000Z' },
      { id: 2, date: '2026-12-02T09:00:00.000Z' },
      { id: 9, date: '2026-11-30T09:00:00.000Z' },
    ];
    expect(items.sort(newerFirst((item) => item.date)).map((item) => item.id)).toEqual([3, 2, 1, 9]);
    expect(changedAt({ updatedAt: '2026-12-01T10:00:00.000Z', publishedAt: '2026-12-02T10:00:00.000Z' })).toBe('2026-12-02T10:00:00.000Z');
    expect(changedAt({ updatedAt: '2026-12-03T10:00:00.000Z', publishedAt: '2026-12-02T10:00:00.000Z' })).toBe('2026-12-03T10:00:00.000Z');
    expect(changedAt({ updatedAt: '2026-12-03T10:00:00.000Z' })).toBe('2026-12-03T10:00:00.000Z');
  });
});
