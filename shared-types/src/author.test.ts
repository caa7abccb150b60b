import { describe, expect, it } from 'vitest';
import authors from '../fixtures/authors.json' with { type: 'json' };
import { changed, issuePaths, REMOVE } from '../test/helpers.ts';
import { authorsResponseSchema } from './author.ts';

describe('authorsResponseSchema', () => {
  it('parses the authors Strapi returned for authorQuery, with null for an empty position and bio', () => {
    const page = authorsResponseSchema.parse(authors);
    expect(page).toEqual(authors);
    expect(page.data[1]).toMatchObject({ position: null, bio: null });
  });

  it('rejects an author without a name', () => {
    expect(issuePaths(authorsResponseSchema, changed(authors, ['data', 0, 'name'], REMOVE))).toEqual(['data.0.name']);
  });

  it('rejects a creation date that is not an ISO date-time', () => {
    expect(issuePaths(authorsResponseSchema, changed(authors, ['data', 1, 'createdAt'], 1764055257406))).toEqual(['data.1.createdAt']);
  });
});
