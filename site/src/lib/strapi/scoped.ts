/**
 * The articles of a scoped build. A full build syncs the whole archive; a
 * scoped build (TILSHI_BUILD_SCOPE, see ../scope.ts) must cost what changed,
 * not what exists, so its loader fetches exactly what the pages of the scope
 * need, into its own small content store (the publish service gives scoped
 * builds their own cache folder):
 *
 * - the changed articles, every locale (their pages and language switches);
 * - the article pages the scope lists in `extra` (articles whose "read next"
 *   block shows a changed article), in full;
 * - the latest N of every listing in scope (home, rubric, tag, author, event,
 *   organization; 50 for home and rubric, whose feeds show that many; for
 *   home also each rubric's newest HOME_RUBRIC_DEPTH, its block), found
 *   with a light query (ids and change times only), fetched in full only
 *   when the store does not hold that version yet;
 * - every article of each archive day in scope, both locales (day archive
 *   and day sitemap), plus the other-language versions they link to — as
 *   *summaries*: the fields those pages show (title, slug, lead, dates,
 *   rubric, corrections, translations) without body, photos, tags, authors
 *   or event, a tenth of a full article to fetch and store. The newest day
 *   (where new articles go) stays in the store once loaded: the next build
 *   only checks it with one count per locale; an older day is loaded for the
 *   build that needs it and forgotten after, so the store stays the size of
 *   a day or two whatever the archive;
 * - the articles of the last 48 hours (Google News sitemap);
 * - for each article page it renders, the articles its "read next" block may
 *   list (lib/related.ts: the newest older ones of its event, tags, rubric);
 * - the other-language versions of articles that changed while the build ran
 *   (the `since` rule of the scope: those the live site does not show yet).
 *
 * Summaries are valid entries (the missing parts are empty) but never
 * rendered as more than a line of a list: an article whose page, feed item
 * or listing entry a build renders is always fetched in full first (the
 * `summaries` set in the loader's meta says which entries are summaries).
 *
 * The store stays exact: every build first re-fetches the held versions that
 * changed in the CMS since the previous scoped build, drops versions the listings prove stale
 * (a member newer than a listing's Nth that the CMS no longer lists), and
 * forgets everything the pages of this build do not need.
 */
import type { LoaderContext } from 'astro/loaders';
import {
  describeSync,
  LOCALES,
  parseScopeEntry,
  rubricEndpoint,
  type CollectionSync,
  type Locale,
  type StrapiQuery,
} from '@tilshi/shared-types';
import { z } from 'zod';
import { FEED_ITEMS, HOME_RUBRIC_DEPTH, LATEST_N, NEWS_SITEMAP_WINDOW_HOURS } from '../../config.ts';
import { zonedParts } from '../format.ts';
import {
  articleDay,
  changedDuringBuild,
  completeDays,
  readScopeFile,
  resolveScope,
  type ScopeArticle,
  type ScopeFile,
} from '../scope-rules.ts';
import { changedAt, LISTING_RULES, newerFirst as newerFirstBy, type ListingKind } from '../listing-rules.ts';
import { groupDepth, inGroup, isOlder, RELATED_GROUPS, relatedFacts, type RelatedGroup } from '../related.ts';
import { MAX_PAGE_SIZE, StrapiClient, type Parser } from '@tilshi/strapi-client';
import pLimit, { type LimitFunction } from 'p-limit';

/**
 * A sync's requests in flight at once. Strapi answers on one thread, so more would only queue there;
 * a few keep it busy while this side parses and validates (one at a time, a sync waited ~40 requests
 * of 10–40 ms each in a row: most of a scoped build's content sync).
 */
const PARALLEL_REQUESTS = 4;
/** Every scoped build re-fetches what changed this long before the previous one's newest change (clock and commit slack). */
const SYNC_MARGIN_MS = 60_000;
/** documentIds per `$in` filter: keeps URLs short. */
const ID_BATCH = 50;
/**
 * More article versions of a locale than this changed since the previous scoped build (an archive
 * imported, a bulk edit): the store is dropped rather than refreshed (phase 1), since re-fetching them
 * all in full would cost what a full sync costs, for a store that keeps a day or two.
 */
const REFRESH_LIMIT = 500;

/** What the scoped sync reads of an article (a validated entry of the articles collection). */
export type ScopedArticle = ScopeArticle & {
  id: number;
  updatedAt: string;
  localizations: ReadonlyArray<{ locale: Locale }>;
};

/** A listing of the scope: the articles of one locale matching `filters`, newest first, the first `limit` (all when null). */
export type Listing = {
  label: string;
  locale: Locale;
  filters: StrapiQuery;
  limit: number | null;
  /** Whether a stored article belongs to it (the same test as the page's). */
  member: (article: ScopedArticle) => boolean;
};

/** The archive day (`YYYY-MM-DD`) as the half-open instant range [start, end) of Aktau time. */
export function dayRange(day: string): { start: Date; end: Date } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) throw new RangeError(`not a YYYY-MM-DD day: ${day}`);
  const year = Number(match[1]);
  const index = Number(match[2]) - 1;
  const date = Number(match[3]);
  return { start: zoneMidnight(year, index, date), end: zoneMidnight(year, index, date + 1) };
}

/** The instant of 00:00 Aktau time on a calendar date (the date may overflow: the 32nd is the next month's 1st). */
function zoneMidnight(year: number, monthIndex: number, date: number): Date {
  const utc = Date.UTC(year, monthIndex, date);
  let instant = utc;
  // The zone's offset at that wall time; twice, in case the first guess sits across an offset change.
  for (let round = 0; round < 2; round += 1) {
    const offset = zonedParts(new Date(instant)).offset;
    const sign = offset.startsWith('-') ? -1 : 1;
    const [hours = 0, minutes = 0] = offset.slice(1).split(':').map(Number);
    instant = utc - sign * (hours * 60 + minutes) * 60_000;
  }
  return new Date(instant);
}

/** Strapi filter: articles filed under an archive day (publicationDate, or publishedAt when it is empty). */
export function dayFilter(day: string): StrapiQuery {
  const { start, end } = dayRange(day);
  const range = { $gte: start.toISOString(), $lt: end.toISOString() };
  return { $or: [{ publicationDate: range }, { publicationDate: { $null: true }, publishedAt: range }] };
}

const dateOf = (article: Pick<ScopeArticle, 'publicationDate' | 'publishedAt'>) => article.publicationDate ?? article.publishedAt;

/** The site's listing order (lib/listing-rules.ts) over stored entries, filed under publicationDate or publishedAt. */
export const newerFirst = newerFirstBy<{ id: number; publicationDate: string | null; publishedAt: string }>(dateOf);

/** The listing of an entity page (lib/listing-rules.ts: the same test and filter as the full build's page). */
function entityListing(kind: ListingKind, locale: Locale, key: string, documentId: string, limit: number): Listing {
  const rule = LISTING_RULES[kind];
  return { label: `${kind}|${key}`, locale, filters: rule.filter(documentId), limit, member: (a) => rule.member(a, documentId) };
}

/**
 * The listings a set of scope keys renders (see the pages under src/pages).
 * `rubricsOf`: the rubric documentIds of a locale, for the home page's blocks.
 */
export function listingsOf(keys: ReadonlySet<string>, now: Date, rubricsOf: (locale: Locale) => readonly string[] = () => []): Listing[] {
  const listings = new Map<string, Listing>();
  const add = (listing: Listing) => {
    const existing = listings.get(listing.label);
    if (!existing || (existing.limit !== null && (listing.limit === null || listing.limit > existing.limit)))
      listings.set(listing.label, listing);
  };
  const longest = Math.max(LATEST_N, FEED_ITEMS);
  for (const entry of keys) {
    const { kind = '', key = '' } = parseScopeEntry(entry) ?? {};
    const [localeText = '', documentId = ''] = key.split(':');
    const locale = LOCALES.find((candidate) => candidate === localeText);
    if (!locale) continue;
    switch (kind) {
      case 'home':
        add({ label: `latest|${locale}`, locale, filters: {}, limit: longest, member: () => true });
        // A block per rubric (lib/home.ts): its newest that are not in the lead or the cards.
        for (const rubric of rubricsOf(locale)) add(entityListing('rubric', locale, `${locale}:${rubric}`, rubric, HOME_RUBRIC_DEPTH));
        break;
      case 'feed':
        if (documentId) add(entityListing('rubric', locale, key, documentId, longest));
        else add({ label: `latest|${locale}`, locale, filters: {}, limit: longest, member: () => true });
        break;
      case 'rubric':
        // The rubric's page and its feed (rss.xml) share one listing: the longer of the two.
        add(entityListing('rubric', locale, key, documentId, longest));
        break;
      case 'tag':
      case 'author':
      case 'event':
      case 'organization':
        add(entityListing(kind, locale, key, documentId, LATEST_N));
        break;
      default:
        break;
    }
  }
  // The Google News sitemap is part of every build: the articles of the last 48 hours, both locales.
  const since = new Date(now.getTime() - NEWS_SITEMAP_WINDOW_HOURS * 3_600_000).toISOString();
  for (const locale of LOCALES) {
    add({
      label: `recent|${locale}`,
      locale,
      filters: { $or: [{ publicationDate: { $gte: since } }, { publicationDate: { $null: true }, publishedAt: { $gte: since } }] },
      limit: null,
      member: (a) => dateOf(a) >= since,
    });
  }
  return [...listings.values()];
}

/** The listings "read next" of `article` draws from (lib/related.ts): each group's newest older members. */
export function relatedListings(article: ScopedArticle): Listing[] {
  const facts = relatedFacts(article);
  const older = { publicationDate: { $lte: facts.date } };
  const filterOf: Record<RelatedGroup, StrapiQuery | null> = {
    event: facts.event ? { event: { documentId: { $eq: facts.event } } } : null,
    tag: facts.tags.length > 0 ? { tags: { documentId: { $in: [...facts.tags] } } } : null,
    rubric: facts.rubric ? { rubric: { documentId: { $eq: facts.rubric } } } : null,
  };
  return RELATED_GROUPS.flatMap((group): Listing[] => {
    const filters = filterOf[group];
    if (!filters) return [];
    return [
      {
        label: `related-${group}|${article.locale}:${article.documentId}`,
        locale: article.locale,
        filters: { $and: [older, filters] },
        // One more: the article itself may be listed (equal date).
        limit: groupDepth(group) + 1,
        member: (other) =>
          other.documentId !== article.documentId && inGroup(group, facts, relatedFacts(other)) && isOlder(relatedFacts(other), facts),
      },
    ];
  });
}

/** The light listing answer: who is in a listing and which version. */
const lightEntry = z.object({
  id: z.number().int(),
  documentId: z.string().min(1),
  publicationDate: z.string().nullable(),
  publishedAt: z.string(),
  updatedAt: z.string(),
});
type LightEntry = z.infer<typeof lightEntry>;
const lightPage = z.object({ data: z.array(lightEntry) });
const countedLightPage = z.object({
  data: z.array(lightEntry),
  meta: z.object({ pagination: z.object({ total: z.number().int(), pageCount: z.number().int() }) }),
});
const countPage = z.object({ meta: z.object({ pagination: z.object({ total: z.number().int() }) }) });
const summaryPage = z.object({
  data: z.array(z.unknown()),
  meta: z.object({ pagination: z.object({ total: z.number().int(), pageCount: z.number().int() }) }),
});
const LIGHT_FIELDS = ['publicationDate', 'publishedAt', 'updatedAt'];

/** What a summary is fetched with: what day archives and day sitemaps show. */
export const SUMMARY_QUERY = {
  fields: ['title', 'slug', 'lead', 'publicationDate', 'sourceAttribution', 'ageRating', 'createdAt', 'updatedAt', 'publishedAt', 'locale'],
  populate: { rubric: true, corrections: true, localizations: { fields: ['slug', 'locale'] } },
} as const;
/** The parts a summary leaves out, empty, so that it is a valid article entry. */
const SUMMARY_BLANKS = { body: null, cover: null, gallery: [], tags: [], authors: [], event: null };

export type ScopedSyncOptions = {
  file: string;
  client: StrapiClient;
  endpoint: string;
  query: StrapiQuery;
  /** Validates one raw entry (the collection's schema); throws a named error. */
  validate: (raw: unknown, locale: Locale) => ScopedArticle & Record<string, unknown>;
  now?: Date;
  /** REFRESH_LIMIT unless set (TILSHI_SCOPED_REFRESH_LIMIT). */
  refreshLimit?: number;
};

type Stored = ScopedArticle & Record<string, unknown>;

const keyOf = (locale: Locale, documentId: string) => `${locale}:${documentId}`;

/** documentIds in groups of ID_BATCH (one `$in` filter each). */
function batches(ids: readonly string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < ids.length; i += ID_BATCH) out.push(ids.slice(i, i + ID_BATCH));
  return out;
}

/** One result per locale, asked for at once (each locale's requests are independent). */
async function perLocale<T>(ask: (locale: Locale) => Promise<T>): Promise<Array<[Locale, T]>> {
  return Promise.all(LOCALES.map(async (locale): Promise<[Locale, T]> => [locale, await ask(locale)]));
}

const daysMetaSchema = z.array(z.object({ day: z.string(), usedAt: z.string() }));
/** The home page's rubric blocks need each rubric's documentId (a light query). */
const RUBRICS_ENDPOINT = rubricEndpoint;
const documentIdSchema = z.looseObject({ documentId: z.string().min(1) });

/**
 * The Strapi requests of a scoped sync, every one counted in `stats` for the sync's counts (summarize)
 * (requests made, entries fetched in full, entries fetched as summaries).
 */
class ScopedRequests {
  readonly stats = { requests: 0, fetched: 0, summaries: 0 };
  readonly #client: StrapiClient;
  readonly #endpoint: string;
  readonly #query: StrapiQuery;
  readonly #validate: ScopedSyncOptions['validate'];
  /** Every request goes through it, and only requests do: a limited call never waits for another. */
  readonly #limit: LimitFunction = pLimit(PARALLEL_REQUESTS);

  constructor(options: ScopedSyncOptions) {
    this.#client = options.client;
    this.#endpoint = options.endpoint;
    this.#query = options.query;
    this.#validate = options.validate;
  }

  /** The articles of a locale matching `filters`, in full (the collection's query). */
  async deep(locale: Locale, filters: StrapiQuery): Promise<Stored[]> {
    this.stats.requests += 1;
    const raw = await this.#limit(() => this.#client.getAll(this.#endpoint, { ...this.#query, locale, filters, sort: ['id:asc'] }));
    this.stats.fetched += raw.length;
    return raw.map((item) => this.#validate(item, locale));
  }

  /** Summaries (see SUMMARY_QUERY), validated like full entries; the pages after the first in parallel. */
  async summary(locale: Locale, filters: StrapiQuery): Promise<Stored[]> {
    const client = this.#client;
    const endpoint = this.#endpoint;
    const query = { ...SUMMARY_QUERY, locale, filters, sort: ['id:asc'] };
    const page = async (number: number) => {
      this.stats.requests += 1;
      const pageQuery = { ...query, pagination: { page: number, pageSize: MAX_PAGE_SIZE } };
      const body = await this.#limit(() => client.getJson(endpoint, pageQuery));
      return client.parse(summaryPage, body, { path: client.pathOf(endpoint, pageQuery) });
    };
    const first = await page(1);
    const rest = Array.from({ length: Math.max(0, first.meta.pagination.pageCount - 1) }, (_, i) => i + 2);
    const pages = [first, ...(await Promise.all(rest.map(page)))];
    let raw: unknown[] = pages.flatMap((each) => each.data);
    const ids = new Set(
      raw.map((item) => (typeof item === 'object' && item !== null && 'documentId' in item ? String(item.documentId) : '')),
    );
    // The set changed while it was paged (an entry moved between pages): read it again in one sequential walk.
    if (
      pages.some((each) => each.meta.pagination.total !== first.meta.pagination.total) ||
      ids.size !== raw.length ||
      raw.length !== first.meta.pagination.total
    ) {
      this.stats.requests += 1;
      raw = await this.#limit(() => client.getAll(endpoint, query));
    }
    this.stats.summaries += raw.length;
    return raw.map((item) => this.#validate(typeof item === 'object' && item !== null ? { ...item, ...SUMMARY_BLANKS } : item, locale));
  }

  /** The summaries of these documents in a locale, ID_BATCH per request (none for no ids). */
  async summariesByIds(locale: Locale, ids: readonly string[]): Promise<Stored[]> {
    return (await Promise.all(batches(ids).map((batch) => this.summary(locale, { documentId: { $in: batch } })))).flat();
  }

  /** These documents in a locale, in full, ID_BATCH per request (none for no ids). */
  async deepByIds(locale: Locale, ids: readonly string[]): Promise<Stored[]> {
    return (await Promise.all(batches(ids).map((batch) => this.deep(locale, { documentId: { $in: batch } })))).flat();
  }

  /** One GET of the articles endpoint, its answer validated by `schema`. */
  async #get<T>(schema: Parser<T>, query: StrapiQuery): Promise<T> {
    const body = await this.#limit(() => this.#client.getJson(this.#endpoint, query));
    return this.#client.parse(schema, body, { path: this.#client.pathOf(this.#endpoint, query) });
  }

  /** The newest `limit` members (by publicationDate, then id; undated ones are added by the caller). */
  async lightTop(locale: Locale, filters: StrapiQuery, limit: number): Promise<LightEntry[]> {
    this.stats.requests += 1;
    const pageQuery = {
      locale,
      fields: LIGHT_FIELDS,
      filters: { ...filters, publicationDate: { $notNull: true } },
      sort: ['publicationDate:desc', 'id:desc'],
      // No total: counting a locale's articles costs more than finding its newest.
      pagination: { page: 1, pageSize: limit, withCount: false },
    };
    return (await this.#get(lightPage, pageQuery)).data;
  }

  /** How many articles of a locale match `filters` (one request of one light entry). */
  async lightCount(locale: Locale, filters: StrapiQuery): Promise<number> {
    this.stats.requests += 1;
    const pageQuery = { locale, fields: ['updatedAt'], filters, pagination: { page: 1, pageSize: 1 } };
    return (await this.#get(countPage, pageQuery)).meta.pagination.total;
  }

  /** Every article of a locale matching `filters`, light (ids and change times only). */
  async lightAll(locale: Locale, filters: StrapiQuery): Promise<LightEntry[]> {
    this.stats.requests += 1;
    const raw = await this.#limit(() => this.#client.getAll(this.#endpoint, { locale, fields: LIGHT_FIELDS, filters, sort: ['id:asc'] }));
    return raw.map((item) => lightEntry.parse(item));
  }

  /**
   * Like `lightAll`, unless more than `limit` articles match: then null, known from the first page's total
   * (the one request `lightAll` makes when at most a page matches, as it usually does).
   */
  async lightUnlessMore(locale: Locale, filters: StrapiQuery, limit: number): Promise<LightEntry[] | null> {
    this.stats.requests += 1;
    const pageQuery = { locale, fields: LIGHT_FIELDS, filters, sort: ['id:asc'], pagination: { page: 1, pageSize: MAX_PAGE_SIZE } };
    const first = await this.#get(countedLightPage, pageQuery);
    if (first.meta.pagination.total > limit) return null;
    if (first.meta.pagination.pageCount > 1 || first.data.length !== first.meta.pagination.total) return this.lightAll(locale, filters);
    return first.data;
  }

  /** The documentIds of a locale's rubrics (the home page's blocks, see listingsOf). */
  async rubricIds(locale: Locale): Promise<string[]> {
    this.stats.requests += 1;
    const rubrics = await this.#limit(() => this.#client.getAll(RUBRICS_ENDPOINT, { locale, fields: ['slug'], sort: ['id:asc'] }));
    return rubrics.map((raw) => documentIdSchema.parse(raw).documentId);
  }
}

/** What the working set starts from (openScopedSync). */
type ScopedSyncStart = {
  context: LoaderContext;
  requests: ScopedRequests;
  scope: ScopeFile;
  now: Date;
  queryDigest: string;
  refreshLimit: number;
};

/**
 * The working set of one scoped sync, shared by its phases (see syncScopedArticles): a working copy of the
 * store's entries, by `locale:documentId`, and what the phases learn on the way. The store itself is
 * touched only by the last phases, after every request succeeded.
 */
class ScopedSync {
  readonly context: LoaderContext;
  readonly requests: ScopedRequests;
  readonly scope: ScopeFile;
  readonly now: Date;
  /** The query shape the store is filled with (recorded in the meta; a store of another shape is dropped). */
  readonly queryDigest: string;
  /** More changed versions of a locale than this since the previous build drop the store (REFRESH_LIMIT). */
  readonly refreshLimit: number;
  /** The documentIds the scope names as changed. */
  readonly changedIds: string[];
  /** The working copy of the store: entries by `locale:documentId`. */
  readonly entries = new Map<string, Stored>();
  /** The keys of the entries fetched now: only those are written to the store. */
  readonly fetched = new Set<string>();
  /** The keys of the entries held as summaries (recorded in the meta for the pages and the next sync). */
  readonly summaries: Set<string>;
  /** The keys of the entries the pages of this build need, whatever their day. */
  readonly needed = new Set<string>();
  /** The newest change this sync saw in the CMS: the next sync's `lastSync` marker. */
  newest: string | undefined;
  /** The scope as the pages will resolve it (scope entries). */
  keys: ReadonlySet<string> = new Set();
  /** The archive days in scope, loaded completely in every locale. */
  days: ReadonlySet<string> = new Set();
  /** The complete days the store holds, with when a build last used each (recorded in the meta). */
  complete = new Map<string, string>();
  /** Per locale, how many articles have no publicationDate (asked once, when a listing needs it). */
  readonly undatedCount = new Map<Locale, Promise<number>>();
  /** Store entries written and removed (the sync's counts, see summarize). */
  updated = 0;
  removed = 0;
  /** Why the store was dropped in phase 1 (too much changed to refresh it), if it was. */
  dropped: string | undefined;

  constructor(start: ScopedSyncStart) {
    this.context = start.context;
    this.requests = start.requests;
    this.scope = start.scope;
    this.now = start.now;
    this.queryDigest = start.queryDigest;
    this.refreshLimit = start.refreshLimit;
    this.changedIds = start.scope.articles.map((change) => change.documentId);
    const { store, meta } = start.context;
    for (const key of store.keys()) {
      const data = store.get(key)?.data as Stored | undefined;
      if (data) this.entries.set(key, data);
    }
    const storedSummaries = z.array(z.string()).safeParse(JSON.parse(meta.get('summaries') ?? '[]'));
    this.summaries = new Set(storedSummaries.success ? storedSummaries.data : []);
  }

  /** Empties the working copy: the store then keeps nothing of the previous builds (see REFRESH_LIMIT). */
  drop(reason: string): void {
    this.dropped = reason;
    this.entries.clear();
    this.fetched.clear();
    this.summaries.clear();
  }

  /** Takes a fetched version into the working copy (to be written to the store), in full or as a summary. */
  put(entry: Stored, summary = false): void {
    const key = keyOf(entry.locale, entry.documentId);
    this.entries.set(key, entry);
    this.fetched.add(key);
    if (summary) this.summaries.add(key);
    else this.summaries.delete(key);
  }

  /** Whether the store holds this version in full (not stale, not a summary). */
  haveFull(locale: Locale, item: { documentId: string; updatedAt: string }): boolean {
    const key = keyOf(locale, item.documentId);
    return this.entries.get(key)?.updatedAt === item.updatedAt && !this.summaries.has(key);
  }

  /** The scope's `since` rule (../scope-rules.ts): this version renders its own pages in this build. */
  changedDuringBuild(entry: Stored): boolean {
    return changedDuringBuild(this.scope, entry);
  }

  /** Notes a version's change time: the newest one becomes the next sync's `lastSync`. */
  seen(entry: { updatedAt: string; publishedAt: string }): void {
    const at = changedAt(entry);
    if (this.newest === undefined || at > this.newest) this.newest = at;
  }

  /**
   * Takes the full versions fetched for `asked` (documentIds) in a locale: a document the CMS no
   * longer serves in that locale leaves the working copy.
   */
  replaceFull(locale: Locale, asked: readonly string[], found: readonly Stored[]): void {
    const present = new Set(found.map((entry) => entry.documentId));
    for (const documentId of asked) if (!present.has(documentId)) this.entries.delete(keyOf(locale, documentId));
    for (const entry of found) {
      this.put(entry);
      this.seen(entry);
    }
  }

  /** The held entries of a locale filed under an archive day. */
  inDay(locale: Locale, day: string): Stored[] {
    return [...this.entries.values()].filter((e) => e.locale === locale && articleDay(e) === day);
  }
}

/**
 * Opening: reads the scope file, drops a store filled with another query shape (populate…: its entries
 * cannot be reused) together with the meta that describes it, and takes the working copy of the store.
 */
function openScopedSync(options: ScopedSyncOptions, context: LoaderContext): ScopedSync {
  const { store, meta } = context;
  const now = options.now ?? new Date();
  const scope: ScopeFile = readScopeFile(options.file);
  const queryDigest = String(
    context.generateDigest({ endpoint: options.endpoint, query: options.query, summary: SUMMARY_QUERY, scoped: 3 }),
  );
  if (meta.get('queryDigest') !== queryDigest) {
    store.clear();
    meta.delete('completeDays');
    meta.delete('summaries');
    for (const locale of LOCALES) meta.delete(`lastSync:${locale}`);
  }
  const refreshLimit = options.refreshLimit ?? REFRESH_LIMIT;
  return new ScopedSync({ context, requests: new ScopedRequests(options), scope, now, queryDigest, refreshLimit });
}

/**
 * Phase 1, freshness: lists (light) what changed in the CMS since the previous scoped build (usually just
 * this build's own changes), from SYNC_MARGIN_MS before its newest change, and re-fetches in full only the
 * held versions that are no longer current, so that no held version is stale. The scope's changed
 * articles are phase 2's; a version not held is fetched by the phase that needs it. Nothing to do for an
 * empty store or without a marker (the first sync).
 */
async function refreshSinceLastSync(sync: ScopedSync): Promise<void> {
  if (sync.entries.size === 0) return;
  const refreshed = await perLocale(async (locale) => {
    const marker = sync.context.meta.get(`lastSync:${locale}`);
    if (!marker) return { from: '', listed: [], stale: [], found: [] };
    const from = new Date(Date.parse(marker) - SYNC_MARGIN_MS).toISOString();
    const filters = { $or: [{ updatedAt: { $gte: from } }, { publishedAt: { $gte: from } }] };
    const listed = await sync.requests.lightUnlessMore(locale, filters, sync.refreshLimit);
    const stale = (listed ?? [])
      .filter((item) => {
        const held = sync.entries.get(keyOf(locale, item.documentId));
        return held !== undefined && changedAt(held) !== changedAt(item) && !sync.changedIds.includes(item.documentId);
      })
      .map((item) => item.documentId);
    return { from, listed, stale, found: await sync.requests.deepByIds(locale, stale) };
  });
  for (const [locale, { from, listed }] of refreshed) {
    if (listed !== null) continue;
    sync.drop(`more than ${sync.refreshLimit} ${locale} article versions changed since ${from}: the scoped store starts over`);
    sync.context.logger.info(`articles: ${sync.dropped}`);
    return;
  }
  for (const [locale, { listed, stale, found }] of refreshed) {
    for (const item of listed ?? []) sync.seen(item);
    sync.replaceFull(locale, stale, found);
  }
}

/**
 * Phase 2, the changed articles: in full, every locale (their pages and language switches); a version
 * the CMS no longer serves leaves the store. Then resolves the scope as the pages will (the same
 * function over the same changed versions): `keys`, which every later phase reads.
 */
async function fetchChangedArticles(sync: ScopedSync): Promise<void> {
  const changed: Stored[] = [];
  for (const [locale, found] of await perLocale((locale) => sync.requests.deepByIds(locale, sync.changedIds))) {
    sync.replaceFull(locale, sync.changedIds, found);
    changed.push(...found);
  }
  sync.keys = resolveScope(sync.scope, changed);
  for (const entry of changed) sync.needed.add(keyOf(entry.locale, entry.documentId));
}

/**
 * Phase 3, the article pages the scope lists without a change (`extra`: the publish service's "read
 * next" dependents, lib/related.ts): in full, every locale (their language switch), fetched only when the
 * store holds none or a summary; a version the CMS no longer serves goes.
 */
async function fetchListedArticles(sync: ScopedSync): Promise<void> {
  const listedIds = [
    ...new Set(sync.scope.extra.filter((entry) => entry.kind === 'article').map((entry) => entry.key.slice(entry.key.indexOf(':') + 1))),
  ].filter((documentId) => documentId !== '' && !sync.changedIds.includes(documentId));
  const fetched = await perLocale(async (locale) => {
    const stale = listedIds.filter(
      (documentId) => sync.summaries.has(keyOf(locale, documentId)) || !sync.entries.has(keyOf(locale, documentId)),
    );
    return { stale, found: await sync.requests.deepByIds(locale, stale) };
  });
  for (const [locale, { stale, found }] of fetched) {
    sync.replaceFull(locale, stale, found);
    for (const documentId of listedIds) sync.needed.add(keyOf(locale, documentId));
  }
}

/**
 * Phase 4, the archive days in scope: complete in both locales (day archive and day sitemap). A day the
 * store already holds complete (kept between builds, see forgetUnneeded) is checked with one count per
 * locale; any other is loaded as summaries. Records when each was used. Every day and locale at once:
 * each touches only the entries filed under it.
 */
async function loadScopeDays(sync: ScopedSync): Promise<void> {
  sync.days = completeDays(sync.keys);
  const kept = daysMetaSchema.safeParse(JSON.parse(sync.context.meta.get('completeDays') ?? '[]'));
  // A dropped store holds no day complete.
  sync.complete = new Map((kept.success && !sync.dropped ? kept.data : []).map((item) => [item.day, item.usedAt]));
  const held = new Set(sync.complete.keys());
  await Promise.all(
    [...sync.days].flatMap((day) =>
      LOCALES.map((locale) => (held.has(day) ? recheckCompleteDay(sync, locale, day) : loadDay(sync, locale, day))),
    ),
  );
  for (const day of sync.days) sync.complete.set(day, sync.now.toISOString());
}

/**
 * A complete day the store holds, in one locale: one count says whether it is still exact. If not,
 * something left the day without this store seeing it: the day's light listing reconciles it (what is no
 * longer listed goes, versions the store lacks come as summaries).
 */
async function recheckCompleteDay(sync: ScopedSync, locale: Locale, day: string): Promise<void> {
  const filters = dayFilter(day);
  if ((await sync.requests.lightCount(locale, filters)) === sync.inDay(locale, day).length) return;
  const items = await sync.requests.lightAll(locale, filters);
  const listed = new Map(items.map((item) => [item.documentId, item]));
  for (const entry of sync.inDay(locale, day)) if (!listed.has(entry.documentId)) sync.entries.delete(keyOf(locale, entry.documentId));
  const missing = items.filter((item) => sync.entries.get(keyOf(locale, item.documentId))?.updatedAt !== item.updatedAt);
  for (const entry of await sync.requests.summariesByIds(
    locale,
    missing.map((item) => item.documentId),
  ))
    sync.put(entry, true);
}

/**
 * A day the store does not hold complete, in one locale: every article of it as a summary, except the
 * versions already held in full (e.g. the changed article), which stay.
 */
async function loadDay(sync: ScopedSync, locale: Locale, day: string): Promise<void> {
  const filters = dayFilter(day);
  const full = new Map(
    sync
      .inDay(locale, day)
      .filter((e) => !sync.summaries.has(keyOf(locale, e.documentId)))
      .map((e) => [e.documentId, e]),
  );
  for (const entry of sync.inDay(locale, day)) sync.entries.delete(keyOf(locale, entry.documentId));
  for (const entry of await sync.requests.summary(locale, filters)) {
    const held = full.get(entry.documentId);
    if (held && held.updatedAt === entry.updatedAt) sync.entries.set(keyOf(locale, entry.documentId), held);
    else sync.put(entry, true);
  }
}

/**
 * Phase 5, the listings in scope (listingsOf: home and its rubric blocks, rubric, tag, author, event,
 * organization, feeds, the Google News sitemap's last 48 hours). The home page's rubric blocks first
 * need the rubrics of its locale.
 */
async function loadScopeListings(sync: ScopedSync): Promise<void> {
  const homes = LOCALES.filter((locale) => sync.keys.has(`home|${locale}`));
  const rubricIds = new Map(await Promise.all(homes.map(async (locale) => [locale, await sync.requests.rubricIds(locale)] as const)));
  await loadListings(
    sync,
    listingsOf(sync.keys, sync.now, (locale) => rubricIds.get(locale) ?? []),
  );
}

/**
 * Loads listings: their exact membership from light queries (all asked for at once), then in full, in
 * one go per locale, the members the store lacks; their members are needed. A stored version that claims
 * to belong to a listing, newer than its last member, but is not listed is stale: it goes, and its day is
 * no longer complete. A member of one listing that another's check took out is fetched again, so every
 * member is held in full at the end.
 */
async function loadListings(sync: ScopedSync, listings: readonly Listing[]): Promise<void> {
  const members = await Promise.all(listings.map((listing) => listingMembers(sync, listing)));
  await fetchMissingMembers(sync, listings, members);
  for (const [index, listing] of listings.entries()) dropStaleClaims(sync, listing, members[index] ?? []);
  await fetchMissingMembers(sync, listings, members);
}

/** Fetches in full the listings' members the store does not hold in that version, each once. */
async function fetchMissingMembers(sync: ScopedSync, listings: readonly Listing[], members: readonly LightEntry[][]): Promise<void> {
  const missing = new Map<Locale, Set<string>>(LOCALES.map((locale) => [locale, new Set<string>()]));
  for (const [index, listing] of listings.entries()) {
    for (const item of members[index] ?? []) if (!sync.haveFull(listing.locale, item)) missing.get(listing.locale)?.add(item.documentId);
  }
  for (const [, found] of await perLocale((locale) => sync.requests.deepByIds(locale, [...(missing.get(locale) ?? [])])))
    for (const entry of found) sync.put(entry);
}

/** A listing's members are needed; the stored versions that claim to belong to it but are not listed go (see loadListings). */
function dropStaleClaims(sync: ScopedSync, listing: Listing, members: readonly LightEntry[]): void {
  const memberIds = new Set(members.map((item) => item.documentId));
  for (const item of members) sync.needed.add(keyOf(listing.locale, item.documentId));
  const last = listing.limit !== null && members.length >= listing.limit ? members[members.length - 1] : undefined;
  for (const entry of [...sync.entries.values()]) {
    if (entry.locale !== listing.locale || memberIds.has(entry.documentId) || !listing.member(entry)) continue;
    if (last === undefined || newerFirst(entry, last) < 0) {
      sync.entries.delete(keyOf(entry.locale, entry.documentId));
      sync.complete.delete(articleDay(entry));
    }
  }
}

/**
 * The members of a listing, newest first (light entries): all of them, or its newest `limit` by
 * publicationDate, merged with the undated ones (dated by publishedAt) when the locale has some — those are
 * rare, so one count per locale (asked once, whatever the listings) says whether to look for them.
 */
async function listingMembers(sync: ScopedSync, listing: Listing): Promise<LightEntry[]> {
  if (listing.limit === null) return await sync.requests.lightAll(listing.locale, listing.filters);
  let undatedCount = sync.undatedCount.get(listing.locale);
  if (undatedCount === undefined) {
    undatedCount = sync.requests.lightCount(listing.locale, { publicationDate: { $null: true } });
    sync.undatedCount.set(listing.locale, undatedCount);
  }
  const [members, undated] = await Promise.all([sync.requests.lightTop(listing.locale, listing.filters, listing.limit), undatedCount]);
  if (!(undated > 0)) return members;
  const extra = await sync.requests.lightAll(listing.locale, { ...listing.filters, publicationDate: { $null: true } });
  return [...members, ...extra].sort(newerFirst).slice(0, listing.limit);
}

/**
 * Phase 6, the `since` rule: an article changed during the build renders its own page, so one held
 * as a summary is fetched in full.
 */
async function fetchChangedDuringBuild(sync: ScopedSync): Promise<void> {
  const recentSummaries = new Map<Locale, string[]>(LOCALES.map((locale) => [locale, []]));
  for (const [key, entry] of sync.entries)
    if (sync.summaries.has(key) && sync.changedDuringBuild(entry)) recentSummaries.get(entry.locale)?.push(entry.documentId);
  for (const [, found] of await perLocale((locale) => sync.requests.deepByIds(locale, recentSummaries.get(locale) ?? [])))
    for (const entry of found) sync.put(entry);
}

/**
 * Phase 7, the other-language versions of the days' articles (hreflang in the day sitemap) and of the
 * articles changed during the build: a summary suffices (a path); they are needed.
 */
async function fetchOtherLanguageVersions(sync: ScopedSync): Promise<void> {
  const wanted = new Map<Locale, Set<string>>(LOCALES.map((locale) => [locale, new Set<string>()]));
  for (const entry of sync.entries.values()) {
    if (!sync.days.has(articleDay(entry)) && !sync.changedDuringBuild(entry)) continue;
    for (const other of entry.localizations) {
      if (!sync.entries.has(keyOf(other.locale, entry.documentId))) wanted.get(other.locale)?.add(entry.documentId);
      sync.needed.add(keyOf(other.locale, entry.documentId));
    }
  }
  for (const [, found] of await perLocale((locale) => sync.requests.summariesByIds(locale, [...(wanted.get(locale) ?? [])])))
    for (const entry of found) sync.put(entry, true);
}

/**
 * Phase 8, "read next" of every article page this build renders (lib/related.ts): the newest older
 * members of its event, tags and rubric, loaded as listings, so the block is the one a full build renders.
 */
async function loadReadNext(sync: ScopedSync): Promise<void> {
  const listings: Listing[] = [];
  for (const entry of sync.entries.values()) {
    const key = keyOf(entry.locale, entry.documentId);
    const renders = sync.keys.has(`article|${key}`) || sync.changedDuringBuild(entry);
    if (renders && !sync.summaries.has(key)) listings.push(...relatedListings(entry));
  }
  await loadListings(sync, listings);
}

/**
 * Phase 9, forgetting: keeps what this build needs, its days and the newest day (where new articles go:
 * the next build only checks it), and the articles changed during the build; the rest leaves the working
 * copy, so the store stays the size of a day or two whatever the archive.
 */
function forgetUnneeded(sync: ScopedSync): void {
  const newestDay = [...sync.complete.keys()].sort().at(-1);
  const keepDays = new Set([...sync.days, ...(newestDay ? [newestDay] : [])].filter((day) => sync.complete.has(day)));
  for (const day of sync.complete.keys()) if (!keepDays.has(day)) sync.complete.delete(day);
  for (const [key, entry] of sync.entries) {
    if (sync.needed.has(key) || keepDays.has(articleDay(entry)) || sync.changedDuringBuild(entry)) continue;
    sync.entries.delete(key);
  }
}

/**
 * Phase 10, writing: the store is touched only now, after every request succeeded. What left the
 * working copy leaves the store; what was fetched now is written unless the store holds the same digest.
 */
function writeStore(sync: ScopedSync): void {
  const { store } = sync.context;
  for (const key of store.keys()) {
    if (!sync.entries.has(key)) {
      store.delete(key);
      sync.removed += 1;
    }
  }
  for (const [key, data] of sync.entries) {
    if (!sync.fetched.has(key)) continue; // still the stored version
    const digest = sync.context.generateDigest(data);
    if (store.get(key)?.digest === digest) continue;
    // Validated with the collection's schema when fetched: not parsed a second time (loader.ts, storeEntry).
    if (store.set({ id: key, data, digest })) sync.updated += 1;
  }
}

/**
 * Phase 11, the meta the next sync and the pages read: the `lastSync` marker, which entries are
 * summaries, the complete days held, and the query shape of the store.
 */
function recordMeta(sync: ScopedSync): void {
  const { meta } = sync.context;
  // After a drop, what the store holds was fetched during this build: the next one refreshes from its start
  // (or from the newest change it saw, if that is earlier), whatever the changes that caused the drop.
  const marker = sync.dropped ? [sync.now.toISOString(), ...(sync.newest ? [sync.newest] : [])].sort()[0] : sync.newest;
  if (marker) for (const locale of LOCALES) meta.set(`lastSync:${locale}`, marker);
  meta.set('summaries', JSON.stringify([...sync.summaries].filter((key) => sync.entries.has(key))));
  meta.set('completeDays', JSON.stringify([...sync.complete.entries()].map(([day, usedAt]) => ({ day, usedAt }))));
  meta.set('queryDigest', sync.queryDigest);
}

/** What the sync did (the build result's counts, lib/build-result.ts), and its summary log line for people. */
function summarize(sync: ScopedSync): CollectionSync {
  const { stats } = sync.requests;
  const counts: CollectionSync = {
    mode: 'scoped',
    changedDocuments: sync.scope.articles.length,
    daysInScope: sync.days.size,
    requests: stats.requests,
    fetchedInFull: stats.fetched,
    fetchedAsSummaries: stats.summaries,
    updated: sync.updated,
    removed: sync.removed,
    inStore: sync.context.store.keys().length,
  };
  sync.context.logger.info(`articles: ${describeSync(counts)}`);
  return counts;
}

/**
 * Fetches what the scope's pages need into the store, and nothing else (see the file comment): named
 * phases, in this order, over one working set (ScopedSync); each phase's comment says what it does.
 */
export async function syncScopedArticles(options: ScopedSyncOptions, context: LoaderContext): Promise<CollectionSync> {
  const sync = openScopedSync(options, context);
  await refreshSinceLastSync(sync);
  await fetchChangedArticles(sync);
  await fetchListedArticles(sync);
  await loadScopeDays(sync);
  await loadScopeListings(sync);
  await fetchChangedDuringBuild(sync);
  await fetchOtherLanguageVersions(sync);
  await loadReadNext(sync);
  forgetUnneeded(sync);
  writeStore(sync);
  recordMeta(sync);
  return summarize(sync);
}
