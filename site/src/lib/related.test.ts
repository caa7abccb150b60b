/**
 * "Read next": only older articles of the same language, event before tags
 * before rubric, stable when newer articles appear, and the articles that
 * may list a changed one found without scanning the archive.
 */
import { describe, expect, it } from 'vitest';
import { isOlder, possibleListers, relatedArticles, relatedIndex, type RelatedFacts } from './related.ts';

let nextId = 1;
const art = (documentId: string, date: string, facts: Partial<RelatedFacts> = {}): RelatedFacts => ({
  documentId,
  locale: 'ru',
  date: `2026-11-${date}T10:00:00.000Z`,
  id: nextId++,
  rubric: 'society',
  tags: [],
  event: null,
  ...facts,
});

describe('relatedArticles', () => {
  const article = art('A', '20', { tags: ['npo'], event: 'forum' });
  const archive = [
    art('rubric-old', '01'),
    art('rubric-new', '19'),
    art('tag', '10', { rubric: 'politics', tags: ['npo'] }),
    art('event', '05', { rubric: 'politics', event: 'forum' }),
    art('newer-same-event', '25', { event: 'forum' }),
    art('kazakh', '18', { locale: 'kk', event: 'forum' }),
    art('unrelated', '19', { rubric: 'sport' }),
  ];

  it('lists the same event first, then shared tags, then the rubric, each newest first, only older ones of the same language', () => {
    expect(relatedArticles(article, archive, 4).map((a) => a.documentId)).toEqual(['event', 'tag', 'rubric-new', 'rubric-old']);
    expect(relatedArticles(article, archive, 2).map((a) => a.documentId)).toEqual(['event', 'tag']);
  });

  it('does not change when newer articles are published', () => {
    const before = relatedArticles(article, archive).map((a) => a.documentId);
    const later = [...archive, art('brand-new', '30', { event: 'forum', tags: ['npo'] }), art('A2', '21')];
    expect(relatedArticles(article, later).map((a) => a.documentId)).toEqual(before);
  });

  it('breaks ties of equal dates by Strapi id, as listings do', () => {
    const first = art('first', '15');
    const second = art('second', '15');
    expect(isOlder(first, second)).toBe(true);
    expect(isOlder(second, first)).toBe(false);
    expect(relatedArticles(second, [first]).map((a) => a.documentId)).toEqual(['first']);
    expect(relatedArticles(first, [second])).toEqual([]);
  });
});

describe('possibleListers', () => {
  it('finds every article whose block lists the changed one among the nearest newer members of its groups', () => {
    const archive: RelatedFacts[] = [];
    const rubrics = ['society', 'politics', 'sport'];
    const tags = ['npo', 'roads', 'sea', 'youth'];
    for (let day = 0; day < 120; day += 1) {
      const date = new Date(Date.UTC(2026, 0, 1) + day * 7 * 3_600_000).toISOString();
      archive.push({
        documentId: `d${day}`,
        locale: day % 5 === 0 ? 'kk' : 'ru',
        date,
        id: day + 1,
        rubric: rubrics[day % 3] ?? null,
        tags: tags.filter((_, i) => (day + i) % 4 === 0 || (day * i) % 7 === 1),
        event: day % 9 === 0 ? 'forum' : day % 11 === 0 ? 'fair' : null,
      });
    }
    for (const changed of archive) {
      const listers = new Set(possibleListers(changed, archive).map((a) => a.documentId));
      const actual = archive.filter((other) => relatedArticles(other, archive).some((r) => r.documentId === changed.documentId));
      for (const lister of actual) expect(listers.has(lister.documentId), `${lister.documentId} lists ${changed.documentId}`).toBe(true);
      expect(listers.size).toBeLessThanOrEqual(4 * (2 + changed.tags.length));
    }
  });
});

describe('possibleListers over a large archive', () => {
  it('keeps per group the same nearest newer members, in the same order, as sorting every newer article would', () => {
    // The rule written the obvious way: every newer article sorted nearest first, then each group's first n.
    const byNearness = (a: RelatedFacts, b: RelatedFacts) => (a.date < b.date ? -1 : a.date > b.date ? 1 : (a.id ?? 0) - (b.id ?? 0));
    const reference = (changed: RelatedFacts, articles: RelatedFacts[], n: number) => {
      const newer = articles
        .filter((o) => o.locale === changed.locale && o.documentId !== changed.documentId && isOlder(changed, o))
        .sort(byNearness);
      const groups = [
        ...(changed.event ? [(o: RelatedFacts) => o.event === changed.event] : []),
        ...changed.tags.map((tag) => (o: RelatedFacts) => o.tags.includes(tag)),
        ...(changed.rubric ? [(o: RelatedFacts) => o.rubric === changed.rubric] : []),
      ];
      const found = new Map<string, RelatedFacts>();
      for (const member of groups) for (const o of newer.filter(member).slice(0, n)) found.set(o.documentId, o);
      return [...found.values()].map((o) => o.documentId);
    };
    const archive: RelatedFacts[] = [];
    for (let i = 0; i < 2_000; i += 1) {
      archive.push({
        documentId: `a${i}`,
        locale: i % 3 === 0 ? 'kk' : 'ru',
        // Many articles share a minute (ties by id), some have no id (ties kept in archive order).
        date: new Date(Date.UTC(2025, 0, 1) + Math.floor((i * 7919) % 1_500) * 60_000).toISOString(),
        id: i % 17 === 0 ? null : i + 1,
        rubric: `r${i % 5}`,
        tags: [`t${i % 7}`, ...(i % 4 === 0 ? [`t${(i * 3) % 11}`] : [])],
        event: i % 13 === 0 ? `e${i % 2}` : null,
      });
    }
    for (const changed of archive.filter((_, i) => i % 41 === 0)) {
      for (const n of [1, 4]) {
        expect(
          possibleListers(changed, archive, n).map((o) => o.documentId),
          `${changed.documentId}, n=${n}`,
        ).toEqual(reference(changed, archive, n));
      }
    }
    // An iterable is enough (the publish service passes its index's versions as they come).
    const changed = archive[100]!;
    expect(possibleListers(changed, new Set(archive)).length).toBe(possibleListers(changed, archive).length);
    expect(possibleListers(changed, archive, 0)).toEqual([]);
  });
});

describe('relatedIndex', () => {
  it('gives the same related articles as the rule, for every article of an archive', () => {
    const archive: RelatedFacts[] = [];
    for (let i = 0; i < 300; i += 1) {
      archive.push({
        documentId: `d${i}`,
        locale: i % 4 === 0 ? 'kk' : 'ru',
        // Some equal dates, so ties are broken by id.
        date: new Date(Date.UTC(2026, 0, 1) + Math.floor(i / 3) * 3_600_000).toISOString(),
        id: 1000 - i,
        rubric: ['a', 'b', 'c', 'd'][i % 4] ?? null,
        tags: ['t1', 't2', 't3', 't4', 't5'].filter((_, t) => (i * (t + 3)) % 11 < 2),
        event: i % 13 === 0 ? 'e1' : i % 17 === 0 ? 'e2' : null,
      });
    }
    const newestFirst = [...archive].sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : (b.id ?? 0) - (a.id ?? 0)));
    for (const locale of ['ru', 'kk']) {
      const ofLocale = newestFirst.filter((a) => a.locale === locale);
      const index = relatedIndex(ofLocale);
      for (const article of ofLocale)
        expect(
          index.of(article).map((a) => a.documentId),
          article.documentId,
        ).toEqual(relatedArticles(article, ofLocale).map((a) => a.documentId));
    }
  });
});
