import { describe, expect, it } from 'vitest';
import articlesRu from '../fixtures/articles.ru.json' with { type: 'json' };
import { changed, issuePaths, REMOVE } from '../test/helpers.ts';
import { imageFileSchema, mediaSchema } from './media.ts';

const cover = articlesRu.data.find((article) => article.cover !== null)?.cover?.image;

describe('mediaSchema', () => {
  it('parses an image file Strapi populated, with its four generated sizes', () => {
    const file = mediaSchema.parse(cover);
    expect(Object.keys(file.formats ?? {}).sort()).toEqual(['large', 'medium', 'small', 'thumbnail']);
    expect(file.formats?.small).toMatchObject({ width: 500, mime: 'image/jpeg' });
  });

  it('keeps keys the schema does not name (upload providers add their own)', () => {
    const file = mediaSchema.parse(changed(changed(cover, ['isUrlSigned'], false), ['blurhash'], 'LEHV6n'));
    expect(file).toMatchObject({ isUrlSigned: false, blurhash: 'LEHV6n' });
  });

  it('accepts a file that is not an image: no pixel size, no formats', () => {
    const pdf = { ...(cover ?? {}), name: 'report.pdf', ext: '.pdf', mime: 'application/pdf', width: null, height: null, formats: null };
    expect(issuePaths(mediaSchema, pdf)).toEqual([]);
  });

  it('accepts an image too small to get every generated size', () => {
    expect(issuePaths(mediaSchema, changed(cover, ['formats', 'large'], REMOVE))).toEqual([]);
  });

  it('rejects a generated size whose width is a string, naming the size', () => {
    expect(issuePaths(mediaSchema, changed(cover, ['formats', 'small', 'width'], '500'))).toEqual(['formats.small.width']);
  });

  it('rejects a file without url', () => {
    expect(issuePaths(mediaSchema, changed(cover, ['url'], REMOVE))).toEqual(['url']);
  });
});

describe('imageFileSchema', () => {
  it('rejects an image file without its pixel size', () => {
    expect(issuePaths(imageFileSchema, changed(cover, ['width'], null))).toEqual(['width']);
  });

  it('rejects a file that is not an image', () => {
    expect(issuePaths(imageFileSchema, changed(cover, ['mime'], 'application/pdf'))).toEqual(['mime']);
  });
});
