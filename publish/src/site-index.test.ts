import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { plannedDeletions } from './publisher.ts';
import { DELTA_FILE, fileOfPath, INDEX_FILE, SiteIndex, type BuildManifest, type ManifestArticle } from './site-index.ts';

const version = (over: Partial<ManifestArticle>): ManifestArticle => ({
  documentId: 'doc1',
  locale: 'ru',
  path: '/news/old-slug/',
  publicationDate: '2026-10-31T20:00:00.000Z',
  publishedAt: '2026-10-31T20:00:00.000Z',
  updatedAt: '2026-10-31T20:00:00.000Z',
  modified: '2026-10-31T20:00:00.000Z',
  rubric: 'rub1',
  tags: ['tag1'],
  authors: ['auth1'],
  event: null,
  credits: [],
  files: [],
  ...over,
});
const manifest = (articles: ManifestArticle[], keys: string[] | null = null, pages: BuildManifest['pages'] = {}): BuildManifest => ({
  version: 3,
  keys,
  articles,
  days: { ru: { '2026-11-01': '2026-10-31T20:00:00.000Z' } },
  pages,
});

describe('the index of the live site', () => {
  it('knows every page a previous version touched, in the locales asked for', () => {
    const index = SiteIndex.fromManifest(
      manifest([version({}), version({ locale: 'kk', path: '/kk/news/kk-slug/', rubric: 'rub1', tags: [] })]),
    );
    const ru = index.keysOf('doc1', new Set(['ru']));
    // 20:00 UTC on Oct 31 is Nov 1 in Aktau.
    expect(ru).toEqual(
      expect.arrayContaining([
        'rubric|ru:rub1',
        'tag|ru:tag1',
        'author|ru:auth1',
        'archive|ru:2026-11-01',
        'month|ru:2026-11',
        'sitemap|2026-11-01',
        'home|ru',
        'feed|ru:rub1',
      ]),
    );
    expect(ru.some((key) => key.startsWith('home|kk'))).toBe(false);
    expect(index.keysOf('doc1', null)).toContain('home|kk');
    expect(index.keysOf('unknown', null)).toEqual([]);
  });

  it('plans the removal of an unpublished version, of a renamed page, of a day and month left empty and of an emptied Google News sitemap', () => {
    const index = SiteIndex.fromManifest(manifest([version({}), version({ documentId: 'doc2', path: '/news/renamed-from/' })]));
    const after = manifest(
      [version({ documentId: 'doc2', path: '/news/renamed-to/' })],
      [
        'article|ru:doc1',
        'article|kk:doc1',
        'article|ru:doc2',
        'archive|ru:2026-11-01',
        'archive|kk:2026-11-01',
        'month|ru:2026-11',
        'month|kk:2026-11',
        'sitemap|2026-11-01',
        'sitemap|2026-11-02',
        'home|ru',
      ],
    );
    const produced = new Set([
      'news/renamed-to/index.html',
      'archive/2026/11/01/index.html',
      'archive/2026/11/index.html',
      'sitemaps/news-2026-11-01.xml',
      'index.html',
    ]);
    expect(plannedDeletions(after, index, produced).sort()).toEqual([
      'kk/archive/2026/11/01/index.html',
      'kk/archive/2026/11/index.html',
      'news/old-slug/index.html',
      'news/renamed-from/index.html',
      // Nothing recent: the build wrote no Google News sitemap, so the live one goes.
      'sitemaps/google-news.xml',
      'sitemaps/news-2026-11-02.xml',
    ]);
    expect(plannedDeletions(after, index, new Set([...produced, 'sitemaps/google-news.xml']))).not.toContain('sitemaps/google-news.xml');
  });

  it('keeps a scoped build as a small delta, the versions it rendered and only the days that changed, and replays it on load', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tilshi-index-'));
    try {
      const [early, late, newest] = ['2026-10-01T05:00:00.000Z', '2026-11-01T05:00:00.000Z', '2026-11-02T05:00:00.000Z'];
      const full: BuildManifest = {
        ...manifest([version({})]),
        days: { ru: { '2026-11-01': late, '2026-10-01': early }, kk: { '2026-11-01': late } },
      };
      await writeFile(path.join(dir, INDEX_FILE), JSON.stringify(full));
      const index = await SiteIndex.load(dir);
      const scoped: BuildManifest = {
        ...manifest([version({ documentId: 'doc2', path: '/news/b/' })], ['article|ru:doc2']),
        days: { ru: { '2026-11-01': late, '2026-11-02': newest }, kk: { '2026-11-01': late } },
      };
      await index.applyScoped(scoped, ['doc2'], dir, index.days);
      const delta: unknown = JSON.parse(await readFile(path.join(dir, DELTA_FILE), 'utf8'));
      expect(delta).toMatchObject({ changed: ['doc2'], days: { ru: { '2026-11-02': newest, '2026-10-01': null } } });
      expect(Object.keys((delta as { days: object }).days)).toEqual(['ru']);
      const reloaded = await SiteIndex.load(dir);
      expect(reloaded.days).toEqual(scoped.days);
      expect(reloaded.versionsOf('doc2').get('ru')?.path).toBe('/news/b/');
      expect(reloaded.size).toBe(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('changes only the days a build changed from those it was given: a day another build applied meanwhile keeps its entry', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tilshi-index-'));
    try {
      const [early, late, publish, chunk] = [
        '2026-10-01T05:00:00.000Z',
        '2026-11-01T05:00:00.000Z',
        '2026-11-01T09:00:00.000Z',
        '2026-10-01T09:00:00.000Z',
      ];
      await writeFile(
        path.join(dir, INDEX_FILE),
        JSON.stringify({ ...manifest([version({})]), days: { ru: { '2026-10-01': early, '2026-11-01': late } } }),
      );
      const index = await SiteIndex.load(dir);
      // A chunk starts from these days; a publish of 1 November applies first.
      const given = index.days;
      await index.applyScoped({ ...manifest([]), days: { ru: { '2026-10-01': early, '2026-11-01': publish } } }, [], dir, index.days);
      // The chunk changed 1 October and still holds the old entry of 1 November.
      await index.applyScoped({ ...manifest([]), days: { ru: { '2026-10-01': chunk, '2026-11-01': late } } }, [], dir, given);
      expect(index.days).toEqual({ ru: { '2026-10-01': chunk, '2026-11-01': publish } });
      expect((await SiteIndex.load(dir)).days).toEqual(index.days);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('removes the old page of a renamed or deleted tag, event or rubric (and the rubric’s feed), and remembers entity pages across deltas', async () => {
    const pages = {
      'tag|ru:t1': { path: '/tag/old-name/', shows: [] },
      'event|ru:e1': { path: '/events/gone/', shows: ['organization|ru:o1'] },
      'rubric|kk:r1': { path: '/kk/rubric/eski/', shows: [] },
      'author|ru:a1': { path: '/author/same/', shows: [] },
    };
    const index = SiteIndex.fromManifest(manifest([version({})], null, pages));
    const after = manifest([], ['tag|ru:t1', 'event|ru:e1', 'rubric|kk:r1', 'author|ru:a1'], {
      'tag|ru:t1': { path: '/tag/new-name/', shows: [] },
      'rubric|kk:r1': { path: '/kk/rubric/zhana/', shows: [] },
      'author|ru:a1': { path: '/author/same/', shows: [] },
    });
    expect(plannedDeletions(after, index, new Set(['tag/new-name/index.html'])).sort()).toEqual([
      'events/gone/index.html',
      'kk/rubric/eski/index.html',
      'kk/rubric/eski/rss.xml',
      'sitemaps/google-news.xml',
      'tag/old-name/index.html',
    ]);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tilshi-index-'));
    try {
      await writeFile(path.join(dir, INDEX_FILE), JSON.stringify(manifest([version({})], null, pages)));
      const loaded = await SiteIndex.load(dir);
      await loaded.applyScoped(after, [], dir, loaded.days);
      const reloaded = await SiteIndex.load(dir);
      expect(reloaded.page('tag|ru:t1')?.path).toBe('/tag/new-name/');
      expect(reloaded.page('event|ru:e1')).toBeUndefined();
      expect(reloaded.pagesShowing('organization|ru:o1')).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("names the versions that changed since an instant, with their change time (a scope's `live`)", () => {
    const index = SiteIndex.fromManifest(
      manifest([
        version({}),
        version({ documentId: 'doc2', updatedAt: '2026-12-05T09:00:10.000Z', publishedAt: '2026-12-05T09:00:05.000Z' }),
        version({ documentId: 'doc2', locale: 'kk', path: '/kk/news/d2/', publishedAt: '2026-12-05T09:00:20.000Z' }),
      ]),
    );
    expect(index.changedSince(Date.parse('2026-12-05T09:00:00.000Z'))).toEqual({
      'ru:doc2': '2026-12-05T09:00:10.000Z',
      'kk:doc2': '2026-12-05T09:00:20.000Z',
    });
    expect(index.changedSince(Date.parse('2026-12-05T09:00:15.000Z'))).toEqual({ 'kk:doc2': '2026-12-05T09:00:20.000Z' });
    expect(index.changedSince(Date.parse('2026-12-06T00:00:00.000Z'))).toEqual({});
  });

  it('maps directory-style paths to their files', () => {
    expect(fileOfPath('/')).toBe('index.html');
    expect(fileOfPath('/kk/news/x/')).toBe('kk/news/x/index.html');
    expect(fileOfPath('/rss.xml')).toBe('rss.xml');
  });
});
