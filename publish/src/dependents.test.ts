/**
 * Which live pages an entity edit rebuilds: exactly the pages the index says
 * show the entity, in the edited locale, and nothing else.
 */
import { describe, expect, it } from 'vitest';
import {
  articleVersionsOf,
  dependentsOf,
  dependentsSize,
  everyPage,
  fanOutCost,
  headOf,
  newlyShown,
  planFanOut,
  withoutHead,
} from './dependents.ts';
import { ARTICLE_CHANGE_COST } from './queue.ts';
import { SiteIndex, type BuildManifest, type ManifestArticle } from './site-index.ts';

const article = (documentId: string, locale: 'ru' | 'kk', over: Partial<ManifestArticle> = {}): ManifestArticle => ({
  documentId,
  locale,
  path: `${locale === 'kk' ? '/kk' : ''}/news/${documentId}/`,
  publicationDate: '2026-11-20T08:00:00.000Z',
  publishedAt: '2026-11-20T08:00:00.000Z',
  updatedAt: '2026-11-20T08:00:00.000Z',
  modified: '2026-11-20T08:00:00.000Z',
  rubric: 'society',
  tags: [],
  authors: [],
  event: null,
  credits: [],
  files: [],
  ...over,
});

const event = { documentId: 'ev1', organizers: ['org1'], supporters: ['org2'] };
const manifest: BuildManifest = {
  version: 3,
  keys: null,
  articles: [
    article('a1', 'ru', { tags: ['t1'], authors: ['au1'], credits: ['cr1'], files: [11], event }),
    article('a1', 'kk', { tags: ['t1kk'], authors: ['au1'], credits: ['cr1'], files: [11], event }),
    article('a2', 'ru', { tags: ['t2'], authors: ['au2'], credits: ['cr2'], files: [12] }),
    article('a3', 'ru', { tags: ['t1', 't2'], credits: ['cr1', 'cr2'], files: [12, 13] }),
  ],
  days: {},
  pages: {
    'tag|ru:t1': { path: '/tag/t1/', shows: [] },
    'event|ru:ev1': { path: '/events/ev1/', shows: ['organization|ru:org1', 'organization|ru:org2'] },
    'organization|ru:org1': { path: '/organizations/org1/', shows: ['event|ru:ev1'] },
    'organization|ru:org2': { path: '/organizations/org2/', shows: ['event|ru:ev1'] },
    'organization|ru:org3': { path: '/organizations/org3/', shows: [] },
  },
};
const index = SiteIndex.fromManifest(manifest);
const sorted = (set: Iterable<string>) => [...set].sort();

describe('dependentsOf', () => {
  it('rebuilds a renamed tag’s page and the article pages of its locale that carry it, not their listings', () => {
    const { articles, pages } = dependentsOf(index, { type: 'tag', documentId: 't1', locale: 'ru' });
    expect(articles.size).toBe(0);
    expect(sorted(pages)).toEqual(['article|ru:a1', 'article|ru:a3', 'tag|ru:t1']);
    // Its own page first: a background job rebuilds it in its first chunk.
    expect([...pages][0]).toBe('tag|ru:t1');
  });

  it('rebuilds a credit’s article pages in every locale, and an author’s page in both locales', () => {
    expect(sorted(dependentsOf(index, { type: 'credit', documentId: 'cr1' }).pages)).toEqual([
      'article|kk:a1',
      'article|ru:a1',
      'article|ru:a3',
    ]);
    expect(sorted(dependentsOf(index, { type: 'author', documentId: 'au2' }).pages)).toEqual([
      'article|ru:a2',
      'author|kk:au2',
      'author|ru:au2',
    ]);
  });

  it('rebuilds an event’s page, its articles and the organization pages listing it; an organization’s event pages and articles', () => {
    expect(sorted(dependentsOf(index, { type: 'event', documentId: 'ev1', locale: 'ru' }).pages)).toEqual([
      'article|ru:a1',
      'event|ru:ev1',
      'organization|ru:org1',
      'organization|ru:org2',
    ]);
    expect(sorted(dependentsOf(index, { type: 'organization', documentId: 'org2', locale: 'ru' }).pages)).toEqual([
      'article|ru:a1',
      'event|ru:ev1',
      'organization|ru:org2',
    ]);
  });

  it('treats the articles showing a replaced photo file as changed articles (their covers are on listings too)', () => {
    const { articles, pages } = dependentsOf(index, { type: 'file', id: 12 });
    expect(pages.size).toBe(0);
    expect([...articles.keys()].sort()).toEqual(['a2', 'a3']);
    expect(dependentsOf(index, { type: 'file', id: 99 }).articles.size).toBe(0);
  });

  it('finds the pages a rebuilt page shows for the first time (an organization added to an event)', () => {
    const after: BuildManifest = {
      ...manifest,
      keys: ['event|ru:ev1'],
      articles: [],
      pages: { 'event|ru:ev1': { path: '/events/ev1/', shows: ['organization|ru:org1', 'organization|ru:org3'] } },
    };
    expect(newlyShown(index, after)).toEqual(['organization|ru:org3']);
  });

  it('lists every page of the site for a settings change: every article version, entity page and standalone page', () => {
    const all = everyPage(index);
    expect([...all.articles.keys()].sort()).toEqual(['a1', 'a2', 'a3']);
    expect(all.articles.get('a1')).toEqual(new Set(['ru', 'kk']));
    expect(all.pages).toContain('organization|ru:org3');
    expect(all.pages).toContain('page|kk:search');
    expect(all.pages).toContain('home|kk');
    expect(dependentsSize(all)).toBe(4 + all.pages.size);
    // The four article versions are article changes (their listings too): each costs ARTICLE_CHANGE_COST pages.
    expect(fanOutCost(all)).toBe(4 * ARTICLE_CHANGE_COST + all.pages.size);
  });

  it('starts a fan-out with the entity’s own page and the newest articles carrying it; headOf takes that start within a budget', () => {
    const older = (day: number, over: Partial<ManifestArticle>) =>
      article(`d${day}`, 'ru', { publicationDate: `2026-10-${String(day).padStart(2, '0')}T08:00:00.000Z`, ...over });
    const dated = SiteIndex.fromManifest({
      ...manifest,
      articles: [older(3, { authors: ['au9'] }), older(17, { authors: ['au9'] }), older(9, { authors: ['au9'], publicationDate: null })],
    });
    const author = dependentsOf(dated, { type: 'author', documentId: 'au9' });
    // publicationDate, else publishedAt (2026-11-20 here): d9 is the newest.
    expect([...author.pages]).toEqual(['author|ru:au9', 'author|kk:au9', 'article|ru:d9', 'article|ru:d17', 'article|ru:d3']);
    expect([...headOf(author, 3).pages]).toEqual(['author|ru:au9', 'author|kk:au9', 'article|ru:d9']);
    expect(headOf(author, 3).articles.size).toBe(0);
    // Article changes (a photo file) cost ARTICLE_CHANGE_COST each: a budget of 5 takes two versions.
    const file = dependentsOf(dated, { type: 'file', id: 11 });
    expect(file.pages.size).toBe(0);
    const photo = dependentsOf(
      SiteIndex.fromManifest({ ...manifest, articles: [older(1, { files: [5] }), older(2, { files: [5] }), older(4, { files: [5] })] }),
      {
        type: 'file',
        id: 5,
      },
    );
    expect([...photo.articles.keys()]).toEqual(['d4', 'd2', 'd1']);
    expect([...headOf(photo, 5).articles.keys()]).toEqual(['d4', 'd2']);
    expect(articleVersionsOf(photo)).toBe(3);
    // What a background job is left with once the head went live.
    const rest = withoutHead(author, headOf(author, 3));
    expect([...rest.pages]).toEqual(['article|ru:d17', 'article|ru:d3']);
    expect([...withoutHead(photo, headOf(photo, 5)).articles.keys()]).toEqual(['d1']);
    // Every page: the home pages first.
    expect([...headOf(everyPage(index), 2).pages]).toEqual(['home|ru', 'home|kk']);
    expect(headOf(everyPage(index), 2).articles.size).toBe(0);
  });

  it('rebuilds a fan-out in the batch, in background chunks, or as a full build when it is most of the site', () => {
    const options = { chunkPages: 100, fullBuildAbove: 0.1, siteSize: 16_000 };
    expect(planFanOut(80, options)).toBe('inline');
    expect(planFanOut(1_200, options)).toBe('background');
    expect(planFanOut(15_916, options)).toBe('full');
    expect(planFanOut(15_916, { ...options, fullBuildAbove: 2 })).toBe('background');
    // A photo file on 1,350 article versions (the demo's covers at 10,000): 1,350 pages, but costlier than a full build.
    const file = { articles: new Map(Array.from({ length: 675 }, (_, i) => [`a${i}`, null] as const)), pages: new Set<string>() };
    expect(dependentsSize(file)).toBe(1_350);
    expect(planFanOut(fanOutCost(file), options)).toBe('full');
    // A tag on 572 article pages (single pages): chunks.
    const tag = { articles: new Map(), pages: new Set(Array.from({ length: 572 }, (_, i) => `article|ru:t${i}`)) };
    expect(planFanOut(fanOutCost(tag), options)).toBe('background');
    // Measured: chunks at 69 ms a page (100,000 articles) against a full build of 460 s — a tag on 5,700 pages
    // is chunks (393 s), one on 7,000 (483 s) a full build, though both are far below 10 % of the site.
    const measured = { ...options, siteSize: 160_000, chunkMsPerCost: 69, fullBuildMs: 460_000 };
    expect(planFanOut(5_700, measured)).toBe('background');
    expect(planFanOut(7_000, measured)).toBe('full');
    // Until a chunk and a full build have been measured, the share decides alone.
    expect(planFanOut(7_000, { ...measured, chunkMsPerCost: null })).toBe('background');
    expect(planFanOut(7_000, { ...measured, fullBuildMs: null })).toBe('background');
  });
});
