import { describe, expect, it } from 'vitest';
import { articleQuery } from './article.ts';
import { ngoEventQuery } from './ngo-event.ts';
import { toQueryString } from './query.ts';

describe('toQueryString', () => {
  it("writes the article query in Strapi's bracket syntax", () => {
    expect(toQueryString(articleQuery).split('&')).toEqual([
      'populate[cover][populate][0]=image',
      'populate[cover][populate][1]=credit',
      'populate[gallery][populate][0]=image',
      'populate[gallery][populate][1]=credit',
      'populate[rubric]=true',
      'populate[tags]=true',
      'populate[authors]=true',
      'populate[corrections]=true',
      'populate[event][populate][0]=organizers',
      'populate[event][populate][1]=supporters',
      'populate[event][populate][2]=participants',
      'populate[event][populate][3]=keyFigures',
      'populate[event][populate][4]=proposals',
      'populate[event][populate][5]=quotes',
      'populate[localizations][fields][0]=slug',
      'populate[localizations][fields][1]=locale',
      'sort[0]=publicationDate%3Adesc',
      'sort[1]=id%3Adesc',
      'pagination[pageSize]=100',
    ]);
  });

  it('populates the event of an article exactly as the event list does', () => {
    expect(articleQuery.populate.event.populate).toBe(ngoEventQuery.populate);
  });

  it('encodes values but keeps the brackets readable', () => {
    expect(toQueryString({ filters: { slug: { $eq: 'a b&c' } }, locale: 'kk' })).toBe('filters[slug][$eq]=a%20b%26c&locale=kk');
  });

  it('lets a loader add the page and the locale to an exported query', () => {
    const query = { ...articleQuery, locale: 'kk', pagination: { ...articleQuery.pagination, page: 2 } };
    expect(toQueryString(query)).toContain('pagination[pageSize]=100&pagination[page]=2&locale=kk');
  });

  it('writes an empty query as an empty string', () => {
    expect(toQueryString({})).toBe('');
  });
});
