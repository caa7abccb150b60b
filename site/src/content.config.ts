/**
 * Every content collection of the site, each loaded from Strapi's REST API by
 * the one `strapiLoader` factory with the query and schema of shared-types.
 * Localized types are keyed `<locale>:<documentId>`, the others by documentId,
 * the site settings by locale.
 */
import { defineCollection } from 'astro:content';
import {
  STRAPI_SITE_TOKEN,
  STRAPI_URL,
  TILSHI_BUILD_SCOPE,
  TILSHI_SCOPED_REFRESH_LIMIT,
  TILSHI_STORE_FROM,
  TILSHI_STORE_READY,
} from 'astro:env/server';
import {
  LOCALES,
  articleEndpoint,
  articleMediaPaths,
  articleQuery,
  articleSchema,
  authorEndpoint,
  authorQuery,
  authorSchema,
  creditEndpoint,
  creditQuery,
  creditSchema,
  ngoEventEndpoint,
  ngoEventQuery,
  ngoEventSchema,
  organizationEndpoint,
  organizationQuery,
  organizationSchema,
  rubricEndpoint,
  rubricQuery,
  rubricSchema,
  siteSettingsEndpoint,
  siteSettingsQuery,
  siteSettingsSchema,
  tagEndpoint,
  tagQuery,
  tagSchema,
} from '@tilshi/shared-types';
import { StrapiConfigError } from '@tilshi/strapi-client';
import { strapiLoader } from './lib/strapi/loader.ts';

const client = () => {
  if (!STRAPI_SITE_TOKEN) {
    throw new StrapiConfigError('STRAPI_SITE_TOKEN is not set: the build reads the CMS with its read-only token (see site/.env.example).');
  }
  // A page of 100 populated articles answers in well under a second: 20 s without an answer means
  // Strapi is stuck, and the build should fail after its retries rather than wait a minute per try.
  return { baseUrl: STRAPI_URL, token: STRAPI_SITE_TOKEN, timeoutMs: 20_000 };
};

/** `astro check` / `astro sync` without a CMS token: collections keep their types, no data is fetched. */
const offline = !STRAPI_SITE_TOKEN && ['check', 'sync'].includes(process.argv[2] ?? '');

/** A partition of a full build that reads the lead partition's store (the build contract's `SharedStore`). */
const sharedStore = () => (TILSHI_STORE_READY && TILSHI_STORE_FROM ? { ready: TILSHI_STORE_READY, from: TILSHI_STORE_FROM } : undefined);

// A scoped build (TILSHI_BUILD_SCOPE) loads only the articles its pages need (lib/strapi/scoped.ts).
const articles = defineCollection({
  schema: articleSchema,
  loader: strapiLoader({
    collection: 'articles',
    endpoint: articleEndpoint,
    query: articleQuery,
    schema: articleSchema,
    locales: LOCALES,
    client,
    offline,
    sharedStore,
    scope: () => TILSHI_BUILD_SCOPE,
    refreshLimit: () => TILSHI_SCOPED_REFRESH_LIMIT,
    media: articleMediaPaths,
  }),
});

const rubrics = defineCollection({
  schema: rubricSchema,
  loader: strapiLoader({
    collection: 'rubrics',
    endpoint: rubricEndpoint,
    query: rubricQuery,
    schema: rubricSchema,
    locales: LOCALES,
    client,
    offline,
    sharedStore,
  }),
});

const tags = defineCollection({
  schema: tagSchema,
  loader: strapiLoader({
    collection: 'tags',
    endpoint: tagEndpoint,
    query: tagQuery,
    schema: tagSchema,
    locales: LOCALES,
    client,
    offline,
    sharedStore,
  }),
});

const authors = defineCollection({
  schema: authorSchema,
  loader: strapiLoader({
    collection: 'authors',
    endpoint: authorEndpoint,
    query: authorQuery,
    schema: authorSchema,
    locales: null,
    client,
    offline,
    sharedStore,
  }),
});

const credits = defineCollection({
  schema: creditSchema,
  loader: strapiLoader({
    collection: 'credits',
    endpoint: creditEndpoint,
    query: creditQuery,
    schema: creditSchema,
    locales: null,
    client,
    offline,
    sharedStore,
  }),
});

const organizations = defineCollection({
  schema: organizationSchema,
  loader: strapiLoader({
    collection: 'organizations',
    endpoint: organizationEndpoint,
    query: organizationQuery,
    schema: organizationSchema,
    locales: LOCALES,
    client,
    offline,
    sharedStore,
  }),
});

const events = defineCollection({
  schema: ngoEventSchema,
  loader: strapiLoader({
    collection: 'events',
    endpoint: ngoEventEndpoint,
    query: ngoEventQuery,
    schema: ngoEventSchema,
    locales: LOCALES,
    client,
    offline,
    sharedStore,
  }),
});

const settings = defineCollection({
  schema: siteSettingsSchema,
  loader: strapiLoader({
    collection: 'settings',
    endpoint: siteSettingsEndpoint,
    query: siteSettingsQuery,
    schema: siteSettingsSchema,
    locales: LOCALES,
    kind: 'single',
    client,
    offline,
    sharedStore,
  }),
});

export const collections = { articles, rubrics, tags, authors, credits, organizations, events, settings };
