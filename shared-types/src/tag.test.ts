import { describe, expect, it } from 'vitest';
import tagsKk from '../fixtures/tags.kk.json' with { type: 'json' };
import { changed, issuePaths, REMOVE } from '../test/helpers.ts';
import { tagsResponseSchema } from './tag.ts';

describe('tagsResponseSchema', () => {
  it('parses the kk tags Strapi returned for tagQuery', () => {
    expect(tagsResponseSchema.parse(tagsKk).data[0]).toMatchObject({ name: 'ҮЕҰ', locale: 'kk' });
  });

  it('rejects a tag of a localized type without its locale', () => {
    expect(issuePaths(tagsResponseSchema, changed(tagsKk, ['data', 0, 'locale'], REMOVE))).toEqual(['data.0.locale']);
  });

  it('rejects a tag in a locale the site does not have', () => {
    expect(issuePaths(tagsResponseSchema, changed(tagsKk, ['data', 0, 'locale'], 'en'))).toEqual(['data.0.locale']);
  });

  it('rejects a tag whose name is empty', () => {
    expect(issuePaths(tagsResponseSchema, changed(tagsKk, ['data', 0, 'name'], ''))).toEqual(['data.0.name']);
  });
});
