/**
 * The Strapi half of the articles loader, alone: every published article
 * version fetched the way the site's loader fetches on a cold build — the
 * shared `articleQuery` (full populate), one locale after the other, pages of
 * MAX_PAGE_SIZE in sequence, oldest change first — with no validation, no Astro and no
 * data store. site-build.ts runs it as a measured child process, so the
 * loaders' sync time can be split into "Strapi answering" and "the rest".
 *
 *   STRAPI_URL=… STRAPI_SITE_TOKEN=… node scripts/bench/fetch-articles.ts
 *
 * Prints the number of versions and of bytes received.
 */
import { LOCALES, articleEndpoint, articleQuery } from '@tilshi/shared-types';
import { MAX_PAGE_SIZE, StrapiClient } from '@tilshi/strapi-client';

const url = process.env.STRAPI_URL;
const token = process.env.STRAPI_SITE_TOKEN;
if (!url || !token) {
  console.error('STRAPI_URL and STRAPI_SITE_TOKEN must be set');
  process.exit(2);
}

let bytes = 0;
/** Counts the bytes of every answer on their way to the client. */
const countingFetch: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  const body = await response.arrayBuffer();
  bytes += body.byteLength;
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
};
const client = new StrapiClient({ baseUrl: url, token, fetch: countingFetch });

let versions = 0;
for (const locale of LOCALES) {
  for (let page = 1, pageCount = 1; page <= pageCount; page += 1) {
    const query = { ...articleQuery, locale, sort: ['updatedAt:asc', 'id:asc'], pagination: { page, pageSize: MAX_PAGE_SIZE } };
    const body = await client.getPage(articleEndpoint, query);
    versions += body.data.length;
    pageCount = body.meta.pagination.pageCount;
  }
}
console.log(`fetched ${versions} article versions, ${(bytes / 1024 / 1024).toFixed(1)} MiB of JSON`);
