/**
 * Serialises the exported REST queries (`articleQuery`, …) into Strapi's
 * bracket syntax: `populate[cover][populate][0]=image&sort[0]=publicationDate%3Adesc`.
 * Uses `qs`, as Strapi's documentation does.
 */
import qs from 'qs';

/** A Strapi REST query: populate, fields, filters, sort, pagination, locale… */
export type StrapiQuery = { readonly [key: string]: unknown };

export function toQueryString(query: StrapiQuery): string {
  return qs.stringify(query, { encodeValuesOnly: true });
}
