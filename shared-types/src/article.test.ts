import { describe, expect, it } from 'vitest';
import articleKk from '../fixtures/article.kk.json' with { type: 'json' };
import articlesRu from '../fixtures/articles.ru.json' with { type: 'json' };
import { changed, issuePaths, REMOVE } from '../test/helpers.ts';
import { articlePopulate, articleQuery, articleResponseSchema, articleSchema, articlesResponseSchema } from './article.ts';

/** Index, in the ru fixture, of the article with everything filled (and of the bare one). */
const FULL = articlesRu.data.findIndex((article) => article.cover !== null);
const BARE = articlesRu.data.findIndex((article) => article.cover === null);

describe('articlesResponseSchema', () => {
  it('parses the ru article list Strapi returned for articleQuery, without dropping or changing anything', () => {
    expect(articlesResponseSchema.parse(articlesRu)).toEqual(articlesRu);
  });

  it('reads the fully filled article: photos with credits, rubric, tags, authors, event, corrections and the kk version', () => {
    const article = articlesResponseSchema.parse(articlesRu).data[FULL];
    expect(article?.cover?.credit.name).toBe('Айгерим Сапарова');
    expect(article?.gallery.map((photo) => photo.alt)).toEqual(['Саженцы у входа', 'Схема участка']);
    expect(article?.rubric?.slug).toBe('obshchestvo');
    expect(article?.tags).toHaveLength(2);
    expect(article?.authors).toHaveLength(2);
    expect(article?.event?.keyFigures[0]?.value).toBe(1250.5);
    expect(article?.corrections[0]?.date).toBe('2026-11-22T08:00:00.000Z');
    expect(article?.localizations).toEqual([
      { id: 4, documentId: article?.documentId, slug: 'oralda-qalany-kogaldandyru-talqylandy', locale: 'kk' },
    ]);
  });

  it('reads an article without optional data as nulls and empty lists', () => {
    const article = articlesResponseSchema.parse(articlesRu).data[BARE];
    expect(article).toMatchObject({
      body: null,
      sourceAttribution: null,
      cover: null,
      gallery: [],
      rubric: null,
      tags: [],
      authors: [],
      event: null,
      corrections: [],
      localizations: [],
    });
  });
});

describe('articleResponseSchema', () => {
  it('parses the kk article Strapi returned by documentId, which points back to its ru version', () => {
    const { data } = articleResponseSchema.parse(articleKk);
    expect(data.locale).toBe('kk');
    expect(data.localizations.map((version) => version.locale)).toEqual(['ru']);
    expect(data.event?.locale).toBe('kk');
  });
});

describe('articleSchema rejects malformed articles, naming the field', () => {
  const full = articlesRu.data[FULL];

  it('rejects a cover photo without alt text', () => {
    expect(issuePaths(articleSchema, changed(full, ['cover', 'alt'], REMOVE))).toEqual(['cover.alt']);
  });

  it('rejects a gallery photo whose alt text is blank', () => {
    expect(issuePaths(articleSchema, changed(full, ['gallery', 1, 'alt'], '   '))).toEqual(['gallery.1.alt']);
  });

  it('rejects a gallery photo without a credit', () => {
    expect(issuePaths(articleSchema, changed(full, ['gallery', 0, 'credit'], null))).toEqual(['gallery.0.credit']);
  });

  it('rejects an age rating that is not in the CMS enumeration', () => {
    expect(issuePaths(articleSchema, changed(full, ['ageRating'], '18+'))).toEqual(['ageRating']);
  });

  it('rejects a key figure of the event given as a string', () => {
    expect(issuePaths(articleSchema, changed(full, ['event', 'keyFigures', 0, 'value'], '1250.5'))).toEqual(['event.keyFigures.0.value']);
  });

  it('rejects a publication date that is not an ISO date-time', () => {
    expect(issuePaths(articleSchema, changed(full, ['publicationDate'], '21.11.2026'))).toEqual(['publicationDate']);
  });

  it('rejects a localization in a locale the site does not have', () => {
    expect(issuePaths(articleSchema, changed(full, ['localizations', 0, 'locale'], 'en'))).toEqual(['localizations.0.locale']);
  });

  it('rejects an article fetched without the populate of articleQuery', () => {
    expect(issuePaths(articleSchema, changed(full, ['rubric'], REMOVE))).toEqual(['rubric']);
  });

  it('rejects a list page item whose entry id is missing, naming its index', () => {
    expect(issuePaths(articlesResponseSchema, changed(articlesRu, ['data', FULL, 'documentId'], REMOVE))).toEqual([
      `data.${FULL}.documentId`,
    ]);
  });
});

describe('articleQuery', () => {
  it('populates every relation and component the schema requires, and nothing else', () => {
    const populated = Object.keys(articlePopulate).sort();
    const relationsAndComponents = ['authors', 'corrections', 'cover', 'event', 'gallery', 'localizations', 'rubric', 'tags'];
    expect(populated).toEqual(relationsAndComponents);
    for (const key of populated) expect(articleSchema.shape).toHaveProperty(key);
  });

  it('reduces the other locale versions to slug and locale', () => {
    expect(articleQuery.populate.localizations).toEqual({ fields: ['slug', 'locale'] });
  });
});
