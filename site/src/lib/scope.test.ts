import { describe, expect, it } from 'vitest';
import { BuildScopeError, isInScope, parseScopeFile, resolveScope, scopeEntry, type ScopeArticle } from './scope.ts';
import { changedDuringBuild, inPartition, parsePartition } from './scope-rules.ts';

const article = (over: Partial<ScopeArticle> = {}): ScopeArticle => ({
  documentId: 'doc1',
  locale: 'ru',
  publicationDate: '2022-11-05T11:03:00.000Z',
  publishedAt: '2022-11-05T11:03:00.000Z',
  rubric: { documentId: 'rub1' },
  tags: [{ documentId: 'tag1' }, { documentId: 'tag2' }],
  authors: [{ documentId: 'auth1' }],
  event: { documentId: 'ev1', organizers: [{ documentId: 'org1' }], supporters: [{ documentId: 'org2' }] },
  ...over,
});

describe('build scope', () => {
  it('puts everything in scope when there is no scope file', () => {
    expect(isInScope(null, 'article', 'ru:anything')).toBe(true);
    expect(isInScope(null, 'page', 'kk:search')).toBe(true);
  });

  it('expands a changed Russian article into its bounded set of pages', () => {
    const scope = resolveScope(parseScopeFile('{"articles":[{"documentId":"doc1","locales":["ru"]}]}'), [
      article(),
      article({ locale: 'kk' }),
    ]);
    expect([...scope].sort()).toEqual(
      [
        scopeEntry('article', 'ru:doc1'),
        scopeEntry('article', 'kk:doc1'),
        scopeEntry('home', 'ru'),
        scopeEntry('feed', 'ru'),
        scopeEntry('feed', 'ru:rub1'),
        scopeEntry('archive', 'ru:2022-11-05'),
        scopeEntry('archive', 'kk:2022-11-05'),
        scopeEntry('month', 'ru:2022-11'),
        scopeEntry('month', 'kk:2022-11'),
        scopeEntry('sitemap', '2022-11-05'),
        scopeEntry('rubric', 'ru:rub1'),
        scopeEntry('tag', 'ru:tag1'),
        scopeEntry('tag', 'ru:tag2'),
        scopeEntry('author', 'ru:auth1'),
        scopeEntry('event', 'ru:ev1'),
        scopeEntry('organization', 'ru:org1'),
        scopeEntry('organization', 'ru:org2'),
      ].sort(),
    );
    expect(isInScope(scope, 'home', 'kk')).toBe(false);
    expect(isInScope(scope, 'archive', 'ru:2022-11-04')).toBe(false);
    expect(isInScope(scope, 'month', 'ru:2022-10')).toBe(false);
    expect(isInScope(scope, 'page', 'ru:search')).toBe(false);
  });

  it('renders the pages of versions changed since `since`, unless the live site shows that version already', () => {
    const recent = (documentId: string, locale: 'ru' | 'kk', updatedAt: string) =>
      article({ documentId, locale, publishedAt: '2026-12-05T08:00:00.000Z', updatedAt });
    const articles = [
      recent('old', 'ru', '2026-12-05T08:00:00.000Z'), // before `since`
      recent('shown', 'ru', '2026-12-05T09:00:05.000Z'), // the live version
      recent('edited', 'ru', '2026-12-05T09:00:30.000Z'), // newer than the live one
      recent('edited', 'kk', '2026-12-05T09:00:31.000Z'), // not live at all
    ];
    const file = parseScopeFile(
      JSON.stringify({
        articles: [],
        since: '2026-12-05T09:00:00.000Z',
        live: { 'ru:shown': '2026-12-05T09:00:05.000Z', 'ru:edited': '2026-12-05T09:00:10.000Z' },
      }),
    );
    expect([...resolveScope(file, articles)].sort()).toEqual([scopeEntry('article', 'kk:edited'), scopeEntry('article', 'ru:edited')]);
    expect(articles.map((each) => changedDuringBuild(file, each))).toEqual([false, false, true, true]);
    // The same instant written another way is the same version; without `live` every recent version renders.
    expect(changedDuringBuild({ ...file, live: { 'ru:shown': '2026-12-05T09:00:05Z' } }, articles[1]!)).toBe(false);
    expect(articles.map((each) => changedDuringBuild({ since: file.since }, each))).toEqual([false, true, true, true]);
    expect(articles.map((each) => changedDuringBuild({}, each))).toEqual([false, false, false, false]);
  });

  it('files the archive day and month by the publication date in Aktau, not UTC', () => {
    const late = article({ publicationDate: '2022-11-30T20:00:00.000Z' });
    const scope = resolveScope(parseScopeFile('{"articles":[{"documentId":"doc1"}]}'), [late]);
    expect(isInScope(scope, 'archive', 'ru:2022-12-01')).toBe(true);
    expect(isInScope(scope, 'month', 'ru:2022-12')).toBe(true);
    expect(isInScope(scope, 'sitemap', '2022-12-01')).toBe(true);
    expect(isInScope(scope, 'archive', 'ru:2022-11-30')).toBe(false);
  });

  it('rejects live archive days that are not YYYY-MM-DD, naming the key', () => {
    expect(() => parseScopeFile('{"articles":[],"days":{"ru":{"2022-11":"2022-11-05T11:03:00.000Z"}}}', '/tmp/scope.json')).toThrow(
      /Invalid key in record[\s\S]*days\.ru\[.*2022-11/,
    );
    expect(parseScopeFile('{"articles":[],"days":{"ru":{"2022-11-05":"2022-11-05T11:03:00.000Z"}}}').days).toEqual({
      ru: { '2022-11-05': '2022-11-05T11:03:00.000Z' },
    });
  });

  it('keeps the pages an unpublished article leaves behind through the extra keys', () => {
    const scope = resolveScope(
      parseScopeFile(
        '{"articles":[{"documentId":"gone"}],"extra":[{"kind":"rubric","key":"ru:rub9"},{"kind":"archive","key":"ru:2021-01-15"}]}',
      ),
      [],
    );
    expect(isInScope(scope, 'article', 'ru:gone')).toBe(true);
    expect(isInScope(scope, 'home', 'kk')).toBe(true);
    expect(isInScope(scope, 'rubric', 'ru:rub9')).toBe(true);
    expect(isInScope(scope, 'archive', 'ru:2021-01-15')).toBe(true);
  });

  it('rejects a malformed scope file with a message naming the file', () => {
    expect(() => parseScopeFile('{"articles":[{"id":"x"}]}', '/tmp/scope.json')).toThrow(BuildScopeError);
    expect(() => parseScopeFile('not json', '/tmp/scope.json')).toThrow(/\/tmp\/scope\.json/);
  });
});

describe('partitions of a full build', () => {
  it('render every page in exactly one partition, spread over all of them', () => {
    const keys = Array.from({ length: 2000 }, (_, i) => [i % 3 === 0 ? 'tag' : 'article', `${i % 2 ? 'ru' : 'kk'}:doc${i}`] as const);
    for (const count of [2, 3]) {
      const partitions = Array.from({ length: count }, (_, index) => ({ index, count }));
      const owners = keys.map(([kind, key]) => partitions.filter((p) => inPartition(p, kind, key)).length);
      expect(owners.every((n) => n === 1)).toBe(true);
      for (const p of partitions) {
        const share = keys.filter(([kind, key]) => inPartition(p, kind, key)).length / keys.length;
        expect(share).toBeGreaterThan(0.8 / count);
      }
    }
    expect(inPartition(null, 'home', 'ru')).toBe(true);
  });

  it('reads TILSHI_BUILD_PARTITION as index/count and refuses anything else', () => {
    expect(parsePartition('1/2')).toEqual({ index: 1, count: 2 });
    expect(parsePartition(undefined)).toBeNull();
    for (const bad of ['2/2', 'one/2', '1', '0/0']) expect(() => parsePartition(bad)).toThrow(BuildScopeError);
  });
});
