import { describe, expect, it } from 'vitest';
import rubrics from '../fixtures/rubrics.json' with { type: 'json' };
import { changed, issuePaths } from '../test/helpers.ts';
import { rubricsResponseSchema } from './rubric.ts';

describe('rubricsResponseSchema', () => {
  it('parses the rubrics Strapi returned for rubricQuery', () => {
    expect(rubricsResponseSchema.parse(rubrics)).toEqual(rubrics);
  });

  it('accepts a rubric without description or position', () => {
    const bare = changed(changed(rubrics, ['data', 0, 'description'], null), ['data', 0, 'position'], null);
    expect(issuePaths(rubricsResponseSchema, bare)).toEqual([]);
  });

  it('rejects a position given as a string', () => {
    expect(issuePaths(rubricsResponseSchema, changed(rubrics, ['data', 0, 'position'], '10'))).toEqual(['data.0.position']);
  });

  it('rejects a slug that is not a Strapi uid', () => {
    expect(issuePaths(rubricsResponseSchema, changed(rubrics, ['data', 0, 'slug'], 'общество'))).toEqual(['data.0.slug']);
  });
});
