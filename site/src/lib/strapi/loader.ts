/**
 * `strapiLoader()`: one Astro content-layer loader factory for every Strapi
 * type. It fetches through StrapiClient (all pages, each locale), validates
 * each entry against the shared-types schema (a bad entry fails the build with
 * a message naming it), and keeps the store in sync incrementally:
 *
 * - meta `lastSync:<locale>` holds the newest updatedAt/publishedAt seen; the
 *   next build asks only for entries changed since then;
 * - every build also lists the documentIds that exist now (one light, paged
 *   request) and deletes store entries that were unpublished or deleted;
 * - meta `queryDigest` forces a full reload when the query (populate…) changes.
 *
 * Nothing is written to the store until every page of every locale has been
 * fetched and validated, so a failed build leaves the previous data intact.
 *
 * A scoped build (option `scope`, TILSHI_BUILD_SCOPE) does not sync the
 * archive: the articles loader fetches only what the scope's pages need
 * (./scoped.ts), into the scoped build's own cache folder.
 *
 * The first loader to start marks the start of the content sync, and each
 * collection's counts go to the build result (../build-result.ts) as well as
 * to its summary log line, which is for people: nothing parses it.
 */
import type { Loader, LoaderContext } from 'astro/loaders';
import {
  describeSync,
  localeSchema,
  passBuildGate,
  type CollectionSync,
  type Locale,
  type SharedStore,
  type StrapiQuery,
} from '@tilshi/shared-types';
import { z } from 'zod';
import { markPhase, recordSync } from '../build-result.ts';
import { StrapiClient, StrapiResponseError, validateEntry, type StrapiClientOptions } from '@tilshi/strapi-client';
import { syncScopedArticles } from './scoped.ts';
import { deferLoad } from './deferred-sync.ts';
import { sharedStoreReady } from './shared-store.ts';
import { changedAt } from '../listing-rules.ts';

export type StrapiLoaderOptions<S extends z.ZodType> = {
  /** Name used in messages and errors, e.g. "articles" (the collection's name). */
  collection: string;
  /** REST path, e.g. "/api/articles" or "/api/site-setting" for a single type. */
  endpoint: string;
  /** The REST query (populate, sort…) from shared-types; the loader adds locale, filters and pagination. */
  query: StrapiQuery;
  /** The shared-types schema every entry must satisfy. */
  schema: S;
  /**
   * Locales to fetch; entries are keyed `<locale>:<documentId>`. `null` for a
   * type that is not localized: entries are keyed by documentId alone.
   */
  locales: readonly Locale[] | null;
  /** `single` for a single type (one entry per locale, keyed by the locale). Default `collection`. */
  kind?: 'collection' | 'single';
  /** How to reach Strapi; a function so the environment is read when the loader runs. */
  client: () => StrapiClientOptions;
  /**
   * When true, load() leaves the store as it is and only says so: for
   * `astro check` / `astro sync` on a machine without a CMS (types come from
   * the schemas, not from data). Never set for builds.
   */
  offline?: boolean;
  /**
   * The scope file of a scoped build (TILSHI_BUILD_SCOPE), or undefined for a
   * full build. Only the articles collection sets it: the other collections
   * are small and sync as usual.
   */
  scope?: () => string | undefined;
  /** The scoped sync's refresh limit (TILSHI_SCOPED_REFRESH_LIMIT; ./scoped.ts REFRESH_LIMIT when unset). */
  refreshLimit?: () => number | undefined;
  /**
   * A full build's content sync shared by its partitions (TILSHI_STORE_READY, TILSHI_STORE_FROM; the build
   * contract's `SharedStore`): with `from`, this partition fetches nothing and its own store stays empty;
   * its pages read the lead partition's store once the lead has announced it (./shared-store.ts).
   */
  sharedStore?: () => SharedStore | undefined;
  /**
   * Paths to the media-library files an entry embeds (`[['cover', 'image'], ['gallery', 'image']]`
   * for articles). A file replaced in the media library changes no entry's `updatedAt`: "changed
   * since" also asks for entries whose files changed, and the sync marker counts their times.
   */
  media?: ReadonlyArray<readonly string[]>;
};

/** What the scoped sync reads of a validated article; the rest of the entry passes through. */
const ref = z.looseObject({ documentId: z.string() });
const scopedArticleShape = z.looseObject({
  id: z.number().int(),
  documentId: z.string(),
  locale: localeSchema,
  publicationDate: z.string().nullable(),
  publishedAt: z.string(),
  updatedAt: z.string(),
  rubric: ref.nullable(),
  tags: z.array(ref),
  authors: z.array(ref),
  event: z.looseObject({ documentId: z.string(), organizers: z.array(ref), supporters: z.array(ref) }).nullable(),
  localizations: z.array(z.looseObject({ locale: localeSchema })),
});

/** Store key of an entry: `ru:abc123` for localized types, `abc123` otherwise. */
export function entryKey(locale: Locale | null, documentId: string): string {
  return locale ? `${locale}:${documentId}` : documentId;
}

/** Fields of every entry that the sync logic reads. */
type Stamped = { documentId: string; updatedAt: string; publishedAt?: string | null };

/**
 * The Strapi filter for "changed since": updatedAt or publishedAt at/after the marker, or a file at
 * one of the `media` paths updated since (re-fetching the boundary entry is harmless).
 */
export function changedSinceFilter(marker: string, media: ReadonlyArray<readonly string[]> = []): StrapiQuery {
  const since = { $gte: marker };
  const files = media.map((segments) => segments.reduceRight<StrapiQuery>((inner, key) => ({ [key]: inner }), { updatedAt: since }));
  return { $or: [{ updatedAt: since }, { publishedAt: since }, ...files] };
}

/** When an entry last changed, its embedded files included (`media` paths; a list, like a gallery, is walked). */
export function entryChangedAt(entry: Record<string, unknown>, media: ReadonlyArray<readonly string[]> = []): string {
  let newest = changedAt(entry);
  for (const segments of media) {
    let values: unknown[] = [entry];
    for (const key of segments) {
      values = values.flatMap((value) => {
        const next = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
        return Array.isArray(next) ? next : [next];
      });
    }
    for (const file of values) {
      const at = file && typeof file === 'object' ? (file as { updatedAt?: unknown }).updatedAt : undefined;
      if (typeof at === 'string' && at > newest) newest = at;
    }
  }
  return newest;
}

export function strapiLoader<S extends z.ZodType<Stamped & Record<string, unknown>>>(options: StrapiLoaderOptions<S>): Loader {
  return {
    name: `strapi-${options.collection}`,
    load: async (context) => {
      if (options.offline) {
        context.logger.warn(`${options.collection}: not fetched (no CMS configured; fine for type checks, not for builds)`);
        return;
      }
      // A primed build (the publish service's warm worker) syncs after its Vite bundle, when it is asked
      // for (./deferred-sync.ts): what it reads from the scope file and the CMS is what holds then.
      if (deferLoad()) return;
      await passBuildGate();
      markPhase('contentSync');
      const shared = options.sharedStore?.();
      if (shared?.from) {
        const { at } = await sharedStoreReady(shared.ready, shared.from);
        context.store.clear();
        context.logger.info(
          `${options.collection}: not fetched; the pages read the lead partition's store (complete ${new Date(at).toISOString()})`,
        );
        return;
      }
      const client = new StrapiClient({
        ...options.client(),
        onRetry: ({ url, attempt, reason, delayMs }) =>
          context.logger.warn(`retry ${attempt} in ${delayMs} ms for ${url.replace(/\?.*/, '')}: ${reason}`),
      });
      const scopeFile = options.scope?.();
      if (scopeFile) {
        const counts = await syncScopedArticles(
          {
            file: scopeFile,
            client,
            endpoint: options.endpoint,
            query: options.query,
            validate: (raw, locale) =>
              scopedArticleShape.parse(validateEntry(options.schema, raw, { collection: options.collection, locale })),
            refreshLimit: options.refreshLimit?.(),
          },
          context,
        );
        recordSync(options.collection, counts);
      } else if (options.kind === 'single') await loadSingle(options, context, client);
      else recordSync(options.collection, await loadCollection(options, context, client));
    },
  };
}

async function loadSingle<S extends z.ZodType<Stamped & Record<string, unknown>>>(
  options: StrapiLoaderOptions<S>,
  context: LoaderContext,
  client: StrapiClient,
): Promise<void> {
  const locales = options.locales ?? [null];
  const fetched: Array<{ id: string; data: Stamped & Record<string, unknown> }> = [];
  for (const locale of locales) {
    const raw = await client.getSingle(options.endpoint, { ...options.query, ...(locale ? { locale } : {}) });
    if (raw === null) continue;
    const data = validateEntry(options.schema, raw, { collection: options.collection, locale });
    fetched.push({ id: locale ?? 'default', data });
  }
  const keep = new Set(fetched.map((entry) => entry.id));
  for (const key of context.store.keys()) if (!keep.has(key)) context.store.delete(key);
  for (const { id, data } of fetched) storeEntry(context, id, data);
  context.logger.info(`${options.collection}: ${fetched.length} of ${locales.length} locale(s) loaded`);
}

async function loadCollection<S extends z.ZodType<Stamped & Record<string, unknown>>>(
  options: StrapiLoaderOptions<S>,
  context: LoaderContext,
  client: StrapiClient,
): Promise<CollectionSync> {
  const { meta, store, logger } = context;
  const queryDigest = String(context.generateDigest({ endpoint: options.endpoint, query: options.query }));
  const fullReload = meta.get('queryDigest') !== queryDigest || store.keys().length === 0;
  const locales = options.locales ?? [null];

  // 1. Fetch and validate everything first; the store is untouched until all of it succeeded. The locales
  // are fetched side by side: Strapi answers one while this process parses and validates the other's pages.
  const plan = await Promise.all(
    locales.map(async (locale) => {
      const markerKey = `lastSync:${locale ?? 'all'}`;
      const previous = fullReload ? undefined : meta.get(markerKey);
      const localeQuery = locale ? { locale } : {};
      // Oldest change first, by a cursor (strapi-client getAllInChangeOrder): entries that change while we
      // page are read again at the end, in their new version, instead of shifting the pages we still read.
      const changed = await client.getAllInChangeOrder(
        options.endpoint,
        {
          ...options.query,
          ...localeQuery,
          ...(previous ? { filters: changedSinceFilter(previous, options.media) } : {}),
        },
        (raw) => validateEntry(options.schema, raw, { collection: options.collection, locale }),
      );
      // Which entries exist right now: a light listing that reveals deletions and unpublished entries (paged
      // by row id: 640 offset pages at 100,000 articles took most of an incremental sync's 136 s).
      const existing = previous
        ? new Set(
            (await client.getAllByRowId(options.endpoint, { ...localeQuery, fields: ['updatedAt'] })).map((raw) =>
              documentIdOfListing(raw, options.endpoint),
            ),
          )
        : new Set(changed.map((entry) => entry.documentId));
      let marker = previous;
      for (const entry of changed) {
        const at = entryChangedAt(entry, options.media);
        if (marker === undefined || at > marker) marker = at;
      }
      return { locale, changed, existing, marker };
    }),
  );

  // 2. Apply: a full reload replaces everything, an incremental one patches.
  if (fullReload) store.clear();
  let updated = 0;
  let removed = 0;
  for (const { locale, changed, existing, marker } of plan) {
    for (const entry of changed) {
      if (storeEntry(context, entryKey(locale, entry.documentId), entry)) updated += 1;
    }
    const prefix = locale ? `${locale}:` : '';
    for (const key of store.keys()) {
      if (locale && !key.startsWith(prefix)) continue;
      if (!existing.has(key.slice(prefix.length))) {
        store.delete(key);
        removed += 1;
      }
    }
    if (marker) meta.set(`lastSync:${locale ?? 'all'}`, marker);
  }
  meta.set('queryDigest', queryDigest);
  const counts: CollectionSync = { mode: fullReload ? 'full' : 'incremental', updated, removed, inStore: store.keys().length };
  logger.info(`${options.collection}: ${describeSync(counts)}`);
  return counts;
}

/** The documentId of an entry of the light existence listing; a listing without one is a broken response. */
function documentIdOfListing(raw: unknown, endpoint: string): string {
  if (typeof raw === 'object' && raw !== null && 'documentId' in raw && typeof raw.documentId === 'string') return raw.documentId;
  throw new StrapiResponseError({
    path: endpoint,
    url: endpoint,
    message: 'the listing of existing entries returned an entry without documentId',
  });
}

/**
 * Stores one validated entry; returns whether it changed. Not through Astro's `parseData`: that
 * would parse the entry again with the collection's schema, the same shared-types schema
 * `validateEntry` has just applied (no transforms, so a second parse changes nothing), which cost
 * ~13 s of a 100,000-article sync (BENCHMARKS.md). The collection keeps the schema for its types.
 */
function storeEntry(context: LoaderContext, id: string, data: Stamped & Record<string, unknown>): boolean {
  const digest = context.generateDigest(data);
  const existing = context.store.get(id);
  if (existing?.digest === digest) return false;
  return context.store.set({ id, data, digest });
}
