import { describe, expect, it } from 'vitest';
import organizations from '../fixtures/organizations.json' with { type: 'json' };
import { changed, issuePaths } from '../test/helpers.ts';
import { organizationsResponseSchema } from './organization.ts';

describe('organizationsResponseSchema', () => {
  it('parses the organizations Strapi returned for organizationQuery', () => {
    const page = organizationsResponseSchema.parse(organizations);
    expect(page).toEqual(organizations);
    expect(page.data.map((organization) => organization.legalForm)).toEqual(['public_fund', 'state_body']);
  });

  it('rejects a legal form that is not in the CMS enumeration', () => {
    expect(issuePaths(organizationsResponseSchema, changed(organizations, ['data', 1, 'legalForm'], 'ТОО'))).toEqual(['data.1.legalForm']);
  });

  it('rejects an organization url that is not an http(s) address', () => {
    expect(issuePaths(organizationsResponseSchema, changed(organizations, ['data', 0, 'url'], 'ftp://green.example.kz'))).toEqual([
      'data.0.url',
    ]);
  });
});
