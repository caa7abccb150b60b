import { describe, expect, it } from 'vitest';
import articlesRu from '../fixtures/articles.ru.json' with { type: 'json' };
import { changed, issuePaths, REMOVE } from '../test/helpers.ts';
import { photoPopulate, photoSchema } from './photo.ts';

const cover = articlesRu.data.find((article) => article.cover !== null)?.cover;

describe('photoSchema', () => {
  it('parses a populated photo: image file, alt text, caption and credit', () => {
    const photo = photoSchema.parse(cover);
    expect(photo).toMatchObject({ alt: 'Участники круглого стола', credit: { kind: 'photographer' }, image: { width: 1200 } });
  });

  it('accepts a photo without caption', () => {
    expect(issuePaths(photoSchema, changed(cover, ['caption'], null))).toEqual([]);
  });

  it('rejects a photo without alt text', () => {
    expect(issuePaths(photoSchema, changed(cover, ['alt'], REMOVE))).toEqual(['alt']);
  });

  it('rejects a photo whose image was not populated (a bare file id)', () => {
    expect(issuePaths(photoSchema, changed(cover, ['image'], 1))).toEqual(['image']);
  });

  it('is populated with its image and its credit', () => {
    expect(photoPopulate).toEqual({ populate: ['image', 'credit'] });
  });
});
