import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import notFound from '../fixtures/error-not-found.json' with { type: 'json' };
import invalidQuery from '../fixtures/error-validation.json' with { type: 'json' };
import rubrics from '../fixtures/rubrics.json' with { type: 'json' };
import siteSettings from '../fixtures/site-settings.json' with { type: 'json' };
import { changed, issuePaths, REMOVE } from '../test/helpers.ts';
import { collectionResponse, singleResponse, strapiErrorSchema } from './envelope.ts';

const item = z.object({ id: z.number() });

describe('collectionResponse', () => {
  it('accepts a page of entries with its page-based pagination meta', () => {
    const page = collectionResponse(item).parse(rubrics);
    expect(page.meta.pagination).toEqual({ page: 1, pageSize: 100, pageCount: 1, total: 1 });
  });

  it('rejects a page without pagination meta, naming meta.pagination', () => {
    expect(issuePaths(collectionResponse(item), changed(rubrics, ['meta', 'pagination'], REMOVE))).toEqual(['meta.pagination']);
  });

  it('rejects a pagination whose total is a string, naming the field', () => {
    expect(issuePaths(collectionResponse(item), changed(rubrics, ['meta', 'pagination', 'total'], '1'))).toEqual(['meta.pagination.total']);
  });

  it('rejects an error body instead of reading it as an empty page', () => {
    expect(issuePaths(collectionResponse(item), notFound)).toEqual(['data', 'meta']);
  });

  it('validates every entry of the page with the item schema', () => {
    expect(issuePaths(collectionResponse(item), changed(rubrics, ['data', 0, 'id'], 'one'))).toEqual(['data.0.id']);
  });
});

describe('singleResponse', () => {
  it('accepts one entry with an empty meta', () => {
    expect(singleResponse(item).parse(siteSettings).data.id).toBe(1);
  });

  it('rejects a list where one entry belongs', () => {
    expect(issuePaths(singleResponse(item), rubrics)).toEqual(['data']);
  });
});

describe('strapiErrorSchema', () => {
  it("accepts Strapi's 404 body", () => {
    expect(strapiErrorSchema.parse(notFound).error).toMatchObject({ status: 404, name: 'NotFoundError' });
  });

  it("accepts Strapi's 400 body of an invalid query, with its details", () => {
    const body = strapiErrorSchema.parse(invalidQuery);
    expect(body.error.name).toBe('ValidationError');
    expect(body.error.details).toMatchObject({ key: 'nope', param: 'populate' });
  });

  it('rejects a successful response', () => {
    expect(issuePaths(strapiErrorSchema, rubrics)).toEqual(['data', 'error']);
  });
});
