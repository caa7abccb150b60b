/**
 * "Read next" dependents: an edit, a move or an unpublish of an article
 * re-renders the newer articles whose block may show it (old and new
 * version), a brand-new article none, and never more than RELATED_N per group.
 */
import { describe, expect, it } from 'vitest';
import type { ArticleFacts } from './cms.ts';
import { relatedDependentKeys } from './related-dependents.ts';
import { SiteIndex, type ManifestArticle } from './site-index.ts';

const at = (day: number) => new Date(Date.UTC(2026, 10, day, 8)).toISOString();
const live = (documentId: string, day: number, over: Partial<ManifestArticle> = {}): ManifestArticle => ({
  documentId,
  locale: 'ru',
  id: day,
  path: `/news/${documentId}/`,
  publicationDate: at(day),
  publishedAt: at(day),
  updatedAt: at(day),
  modified: at(day),
  rubric: 'society',
  tags: [],
  authors: [],
  event: null,
  credits: [],
  files: [],
  ...over,
});
const cms = (article: ManifestArticle, over: Partial<ArticleFacts> = {}): ArticleFacts => ({
  id: article.id ?? 0,
  documentId: article.documentId,
  locale: article.locale,
  publicationDate: article.publicationDate,
  publishedAt: article.publishedAt,
  rubric: article.rubric ? { documentId: article.rubric } : null,
  tags: article.tags.map((documentId) => ({ documentId })),
  event: article.event ? { documentId: article.event.documentId } : null,
  ...over,
});

// Ten days of "society", one "sport" article in between, and a newer "politics" one.
const articles = [
  ...Array.from({ length: 10 }, (_, i) => live(`s${i + 1}`, i + 1)),
  live('sport', 5, { id: 55, rubric: 'sport' }),
  live('pol', 11, { rubric: 'politics' }),
];
const index = SiteIndex.fromManifest({ version: 3, keys: null, articles, days: {}, pages: {} });

describe('relatedDependentKeys', () => {
  it('re-renders the nearest newer articles of the edited one’s rubric, at most RELATED_N, never itself', () => {
    const s3 = articles[2] as ManifestArticle;
    const keys = relatedDependentKeys(index, new Map([['s3', null]]), [cms(s3)]);
    expect(keys.sort()).toEqual(['article|ru:s4', 'article|ru:s5', 'article|ru:s6', 'article|ru:s7']);
  });

  it('adds the newer articles of the rubric it moved to', () => {
    const s3 = articles[2] as ManifestArticle;
    const keys = relatedDependentKeys(index, new Map([['s3', null]]), [cms(s3, { rubric: { documentId: 'politics' } })]);
    expect(keys).toContain('article|ru:pol');
    expect(keys).toContain('article|ru:s4');
  });

  it('re-renders nothing for a new article newer than every other, and still finds the listers of an unpublished one', () => {
    const fresh = live('new', 30);
    expect(relatedDependentKeys(index, new Map([['new', null]]), [cms(fresh)])).toEqual([]);
    // Unpublished: the CMS no longer serves it; its previous version in the index still says who showed it.
    expect(relatedDependentKeys(index, new Map([['s9', null]]), [])).toEqual(['article|ru:s10']);
  });
});
