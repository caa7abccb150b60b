import { describe, expect, it } from 'vitest';
import credits from '../fixtures/credits.json' with { type: 'json' };
import { changed, issuePaths } from '../test/helpers.ts';
import { creditsResponseSchema } from './credit.ts';

describe('creditsResponseSchema', () => {
  it('parses the credits Strapi returned for creditQuery, which carry no locale', () => {
    const page = creditsResponseSchema.parse(credits);
    expect(page).toEqual(credits);
    expect(page.data.map((credit) => credit.kind)).toEqual(['photographer', 'organization']);
  });

  it('rejects a credit kind that is not in the CMS enumeration', () => {
    expect(issuePaths(creditsResponseSchema, changed(credits, ['data', 0, 'kind'], 'photo'))).toEqual(['data.0.kind']);
  });

  it('rejects a credit url that is not an http(s) address', () => {
    expect(issuePaths(creditsResponseSchema, changed(credits, ['data', 0, 'url'], 'example.kz'))).toEqual(['data.0.url']);
  });
});
