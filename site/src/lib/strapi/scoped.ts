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
 *   (the `since` rule of the scope).
 *
 * Summaries are valid entries (the missing parts are empty) but never
 * rendered as more than a line of a list: an article whose page, feed item
 * or listing entry a build renders is always fetched in full first (the
 * `summaries` set in the loader's meta says which entries are summaries).
 *
 * The store stays exact: every build first re-fetches what changed in the CMS
 * since the previous scoped build, drops versions the listings prove stale
 * (a member newer than a listing's Nth that the CMS no longer lists), and
 * forgets everything the pages of this build do not need.
 */
import type { LoaderContext } from 'astro/loaders';
import { LOCALES, parseScopeEntry, rubricEndpoint, type Locale, type StrapiQuery } from '@tilshi/shared-types';
import { z } from 'zod';
import { FEED_ITEMS, HOME_RUBRIC_DEPTH, LATEST_N, NEWS_SITEMAP_WINDOW_HOURS } from '../../config.ts';
import { zonedParts } from '../format.ts';
import { articleDay, completeDays, readScopeFile, resolveScope, type ScopeArticle, type ScopeFile } from '../scope-rules.ts';
import { groupDepth, inGroup, isOlder, RELATED_GROUPS, relatedFacts, type RelatedGroup } from '../related.ts';
import { MAX_PAGE_SIZE, StrapiClient, StrapiResponseError } from './client.ts';

/** Requests of a day's summaries in flight at once (Strapi answers 100 per page). */
const PARALLEL_PAGES = 4;
/** Every scoped build re-fetches what changed this long before the previous one's newest change (clock and commit slack). */
const SYNC_MARGIN_MS = 60_000;
/** documentIds per `$in` filter: keeps URLs short. */
const ID_BATCH = 50;

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

/** The site's listing order (lib/content.ts): newest date first, then highest id. */
export function newerFirst(a: { id: number; publicationDate: string | null; publishedAt: string }, b: typeof a): number {
  const da = dateOf(a);
  const db = dateOf(b);
  return da < db ? 1 : da > db ? -1 : b.id - a.id;
}

/** When a version last changed (publishing does not always move updatedAt). */
const changedAt = (entry: { updatedAt: string; publishedAt: string }) =>
  entry.publishedAt > entry.updatedAt ? entry.publishedAt : entry.updatedAt;

const eventOrgs = (article: ScopedArticle) => (article.event ? [...article.event.organizers, ...article.event.supporters] : []);

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
    const eq = { $eq: documentId };
    switch (kind) {
      case 'home':
        add({ label: `latest|${locale}`, locale, filters: {}, limit: longest, member: () => true });
        // A block per rubric (lib/home.ts): its newest that are not in the lead or the cards.
        for (const rubric of rubricsOf(locale)) {
          add({
            label: `rubric|${locale}:${rubric}`,
            locale,
            filters: { rubric: { documentId: { $eq: rubric } } },
            limit: HOME_RUBRIC_DEPTH,
            member: (a) => a.rubric?.documentId === rubric,
          });
        }
        break;
      case 'feed':
        if (documentId)
          add({
            label: `rubric|${key}`,
            locale,
            filters: { rubric: { documentId: eq } },
            limit: longest,
            member: (a) => a.rubric?.documentId === documentId,
          });
        else add({ label: `latest|${locale}`, locale, filters: {}, limit: longest, member: () => true });
        break;
      case 'rubric':
        add({
          label: `rubric|${key}`,
          locale,
          filters: { rubric: { documentId: eq } },
          limit: longest,
          member: (a) => a.rubric?.documentId === documentId,
        });
        break;
      case 'tag':
        add({
          label: `tag|${key}`,
          locale,
          filters: { tags: { documentId: eq } },
          limit: LATEST_N,
          member: (a) => a.tags.some((t) => t.documentId === documentId),
        });
        break;
      case 'author':
        add({
          label: `author|${key}`,
          locale,
          filters: { authors: { documentId: eq } },
          limit: LATEST_N,
          member: (a) => a.authors.some((x) => x.documentId === documentId),
        });
        break;
      case 'event':
        add({
          label: `event|${key}`,
          locale,
          filters: { event: { documentId: eq } },
          limit: LATEST_N,
          member: (a) => a.event?.documentId === documentId,
        });
        break;
      case 'organization':
        add({
          label: `organization|${key}`,
          locale,
          filters: { $or: [{ event: { organizers: { documentId: eq } } }, { event: { supporters: { documentId: eq } } }] },
          limit: LATEST_N,
          member: (a) => eventOrgs(a).some((org) => org.documentId === documentId),
        });
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
};

type Stored = ScopedArticle & Record<string, unknown>;

const keyOf = (locale: Locale, documentId: string) => `${locale}:${documentId}`;

const daysMetaSchema = z.array(z.object({ day: z.string(), usedAt: z.string() }));
/** The home page's rubric blocks need each rubric's documentId (a light query). */
const RUBRICS_ENDPOINT = rubricEndpoint;
const documentIdSchema = z.looseObject({ documentId: z.string().min(1) });

/** Fetches what the scope's pages need into the store, and nothing else (see the file comment). */
// eslint-disable-next-line max-lines-per-function -- not yet split into named phases over one working set (issue #18, item 3): its numbered phases share closures over the store
export async function syncScopedArticles(options: ScopedSyncOptions, context: LoaderContext): Promise<void> {
  const { client, endpoint, query, validate } = options;
  const { store, meta, logger } = context;
  const now = options.now ?? new Date();
  const scope: ScopeFile = readScopeFile(options.file);
  const stats = { requests: 0, fetched: 0, summaries: 0 };

  // The store of an earlier query shape (populate…) cannot be reused.
  const queryDigest = String(context.generateDigest({ endpoint, query, summary: SUMMARY_QUERY, scoped: 3 }));
  if (meta.get('queryDigest') !== queryDigest) {
    store.clear();
    meta.delete('completeDays');
    meta.delete('summaries');
    for (const locale of LOCALES) meta.delete(`lastSync:${locale}`);
  }

  // The working copy: entries by `locale:documentId`; those fetched now (`fetched`) are written to the store at the end.
  const entries = new Map<string, Stored>();
  const fetched = new Set<string>();
  for (const key of store.keys()) {
    const data = store.get(key)?.data as Stored | undefined;
    if (data) entries.set(key, data);
  }
  const storedSummaries = z.array(z.string()).safeParse(JSON.parse(meta.get('summaries') ?? '[]'));
  const summaries = new Set(storedSummaries.success ? storedSummaries.data : []);
  const put = (entry: Stored, summary = false) => {
    const key = keyOf(entry.locale, entry.documentId);
    entries.set(key, entry);
    fetched.add(key);
    if (summary) summaries.add(key);
    else summaries.delete(key);
  };
  /** Whether the store holds this version in full (not stale, not a summary). */
  const haveFull = (locale: Locale, item: { documentId: string; updatedAt: string }) => {
    const key = keyOf(locale, item.documentId);
    return entries.get(key)?.updatedAt === item.updatedAt && !summaries.has(key);
  };

  const deep = async (locale: Locale, filters: StrapiQuery): Promise<Stored[]> => {
    stats.requests += 1;
    const raw = await client.getAll(endpoint, { ...query, locale, filters, sort: ['id:asc'] });
    stats.fetched += raw.length;
    return raw.map((item) => validate(item, locale));
  };
  /** Summaries (see SUMMARY_QUERY), validated like full entries; pages fetched PARALLEL_PAGES at a time. */
  const summary = async (locale: Locale, filters: StrapiQuery): Promise<Stored[]> => {
    const query = { ...SUMMARY_QUERY, locale, filters, sort: ['id:asc'] };
    const page = async (number: number) => {
      stats.requests += 1;
      const pageQuery = { ...query, pagination: { page: number, pageSize: MAX_PAGE_SIZE } };
      const body = summaryPage.safeParse(await client.getJson(endpoint, pageQuery));
      if (!body.success)
        throw new StrapiResponseError(client.url(endpoint, pageQuery), `not a page of summaries (${z.prettifyError(body.error)})`);
      return body.data;
    };
    const first = await page(1);
    const pages = [first];
    for (let next = 2; next <= first.meta.pagination.pageCount; next += PARALLEL_PAGES) {
      const numbers = Array.from({ length: Math.min(PARALLEL_PAGES, first.meta.pagination.pageCount - next + 1) }, (_, i) => next + i);
      pages.push(...(await Promise.all(numbers.map(page))));
    }
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
      stats.requests += 1;
      raw = await client.getAll(endpoint, query);
    }
    stats.summaries += raw.length;
    return raw.map((item) => validate(typeof item === 'object' && item !== null ? { ...item, ...SUMMARY_BLANKS } : item, locale));
  };
  const summariesByIds = async (locale: Locale, ids: readonly string[]): Promise<Stored[]> => {
    const out: Stored[] = [];
    for (let i = 0; i < ids.length; i += ID_BATCH)
      out.push(...(await summary(locale, { documentId: { $in: ids.slice(i, i + ID_BATCH) } })));
    return out;
  };
  const deepByIds = async (locale: Locale, ids: readonly string[]): Promise<Stored[]> => {
    const out: Stored[] = [];
    for (let i = 0; i < ids.length; i += ID_BATCH) out.push(...(await deep(locale, { documentId: { $in: ids.slice(i, i + ID_BATCH) } })));
    return out;
  };
  /** The newest `limit` members (by publicationDate, then id; undated ones are added by the caller). */
  const lightTop = async (locale: Locale, filters: StrapiQuery, limit: number): Promise<LightEntry[]> => {
    stats.requests += 1;
    const pageQuery = {
      locale,
      fields: LIGHT_FIELDS,
      filters: { ...filters, publicationDate: { $notNull: true } },
      sort: ['publicationDate:desc', 'id:desc'],
      // No total: counting a locale's articles costs more than finding its newest.
      pagination: { page: 1, pageSize: limit, withCount: false },
    };
    const body = lightPage.safeParse(await client.getJson(endpoint, pageQuery));
    if (!body.success)
      throw new StrapiResponseError(client.url(endpoint, pageQuery), `not a light listing (${z.prettifyError(body.error)})`);
    return body.data.data;
  };
  const lightCount = async (locale: Locale, filters: StrapiQuery): Promise<number> => {
    stats.requests += 1;
    const pageQuery = { locale, fields: ['updatedAt'], filters, pagination: { page: 1, pageSize: 1 } };
    const body = countPage.safeParse(await client.getJson(endpoint, pageQuery));
    if (!body.success)
      throw new StrapiResponseError(client.url(endpoint, pageQuery), `not a light listing (${z.prettifyError(body.error)})`);
    return body.data.meta.pagination.total;
  };
  const lightAll = async (locale: Locale, filters: StrapiQuery): Promise<LightEntry[]> => {
    stats.requests += 1;
    return (await client.getAll(endpoint, { locale, fields: LIGHT_FIELDS, filters, sort: ['id:asc'] })).map((raw) => lightEntry.parse(raw));
  };

  // 1. Freshness: whatever changed in the CMS since the previous scoped build (usually just this build's own changes).
  let newest: string | undefined;
  const seen = (entry: { updatedAt: string; publishedAt: string }) => {
    const at = changedAt(entry);
    if (newest === undefined || at > newest) newest = at;
  };
  for (const locale of LOCALES) {
    const marker = meta.get(`lastSync:${locale}`);
    if (!marker || entries.size === 0) continue;
    const from = new Date(Date.parse(marker) - SYNC_MARGIN_MS).toISOString();
    for (const entry of await deep(locale, { $or: [{ updatedAt: { $gte: from } }, { publishedAt: { $gte: from } }] })) {
      put(entry);
      seen(entry);
    }
  }

  // 2. The changed articles, every locale; a version the CMS no longer serves leaves the store.
  const changedIds = scope.articles.map((change) => change.documentId);
  const changed: Stored[] = [];
  for (const locale of LOCALES) {
    const found = changedIds.length > 0 ? await deepByIds(locale, changedIds) : [];
    const present = new Set(found.map((entry) => entry.documentId));
    for (const documentId of changedIds) if (!present.has(documentId)) entries.delete(keyOf(locale, documentId));
    for (const entry of found) {
      put(entry);
      seen(entry);
      changed.push(entry);
    }
  }
  // The scope as the pages will resolve it (same function, same changed versions).
  const keys = resolveScope(scope, changed);
  const needed = new Set<string>(changed.map((entry) => keyOf(entry.locale, entry.documentId)));

  // 2b. Article pages the scope lists without a change (the publish service's "read next" dependents,
  //     lib/related.ts): in full, every locale (their language switch); a version the CMS no longer serves goes.
  const listedIds = [
    ...new Set(scope.extra.filter((entry) => entry.kind === 'article').map((entry) => entry.key.slice(entry.key.indexOf(':') + 1))),
  ].filter((documentId) => documentId !== '' && !changedIds.includes(documentId));
  for (const locale of LOCALES) {
    const stale = listedIds.filter((documentId) => summaries.has(keyOf(locale, documentId)) || !entries.has(keyOf(locale, documentId)));
    const found = await deepByIds(locale, stale);
    const present = new Set(found.map((entry) => entry.documentId));
    for (const documentId of stale) if (!present.has(documentId)) entries.delete(keyOf(locale, documentId));
    for (const entry of found) {
      put(entry);
      seen(entry);
    }
    for (const documentId of listedIds) needed.add(keyOf(locale, documentId));
  }

  // 3. Days in scope: complete in both locales, cached between builds and checked with one count each.
  const days = completeDays(keys);
  const kept = daysMetaSchema.safeParse(JSON.parse(meta.get('completeDays') ?? '[]'));
  const complete = new Map((kept.success ? kept.data : []).map((item) => [item.day, item.usedAt]));
  const inDay = (locale: Locale, day: string) => [...entries.values()].filter((e) => e.locale === locale && articleDay(e) === day);
  for (const day of days) {
    for (const locale of LOCALES) {
      const filters = dayFilter(day);
      if (complete.has(day)) {
        if ((await lightCount(locale, filters)) === inDay(locale, day).length) continue;
        // Something left the day without this store seeing it: reconcile with the full light listing.
        const items = await lightAll(locale, filters);
        const listed = new Map(items.map((item) => [item.documentId, item]));
        for (const entry of inDay(locale, day)) if (!listed.has(entry.documentId)) entries.delete(keyOf(locale, entry.documentId));
        const missing = items.filter((item) => entries.get(keyOf(locale, item.documentId))?.updatedAt !== item.updatedAt);
        for (const entry of await summariesByIds(
          locale,
          missing.map((item) => item.documentId),
        ))
          put(entry, true);
      } else {
        // Versions already held in full (e.g. the changed article) stay; the rest of the day comes as summaries.
        const full = new Map(
          inDay(locale, day)
            .filter((e) => !summaries.has(keyOf(locale, e.documentId)))
            .map((e) => [e.documentId, e]),
        );
        for (const entry of inDay(locale, day)) entries.delete(keyOf(locale, entry.documentId));
        for (const entry of await summary(locale, filters)) {
          const held = full.get(entry.documentId);
          if (held && held.updatedAt === entry.updatedAt) entries.set(keyOf(locale, entry.documentId), held);
          else put(entry, true);
        }
      }
    }
    complete.set(day, now.toISOString());
  }

  // 4. Listings: exact membership from light queries; fetch in full only what the store lacks.
  const rubricIds = new Map<Locale, string[]>();
  for (const locale of LOCALES) {
    if (!keys.has(`home|${locale}`)) continue;
    stats.requests += 1;
    const rubrics = await client.getAll(RUBRICS_ENDPOINT, { locale, fields: ['slug'], sort: ['id:asc'] });
    rubricIds.set(
      locale,
      rubrics.map((raw) => documentIdSchema.parse(raw).documentId),
    );
  }
  const undatedCount = new Map<Locale, number>();
  const loadListing = async (listing: Listing) => {
    let members: LightEntry[];
    if (listing.limit === null) {
      members = await lightAll(listing.locale, listing.filters);
    } else {
      members = await lightTop(listing.locale, listing.filters, listing.limit);
      // Articles without publicationDate (dated by publishedAt) are rare: one count per locale says whether to look for them.
      let undated = undatedCount.get(listing.locale);
      if (undated === undefined) {
        undated = await lightCount(listing.locale, { publicationDate: { $null: true } });
        undatedCount.set(listing.locale, undated);
      }
      if (undated > 0) {
        const extra = await lightAll(listing.locale, { ...listing.filters, publicationDate: { $null: true } });
        members = [...members, ...extra].sort(newerFirst).slice(0, listing.limit);
      }
    }
    const missing = members.filter((item) => !haveFull(listing.locale, item));
    for (const entry of await deepByIds(
      listing.locale,
      missing.map((item) => item.documentId),
    ))
      put(entry);
    const memberIds = new Set(members.map((item) => item.documentId));
    for (const item of members) needed.add(keyOf(listing.locale, item.documentId));
    // A stored version that claims to belong here, newer than the last member, but is not listed: stale.
    const last = listing.limit !== null && members.length >= listing.limit ? members[members.length - 1] : undefined;
    for (const entry of [...entries.values()]) {
      if (entry.locale !== listing.locale || memberIds.has(entry.documentId) || !listing.member(entry)) continue;
      if (last === undefined || newerFirst(entry, last) < 0) {
        entries.delete(keyOf(entry.locale, entry.documentId));
        complete.delete(articleDay(entry));
      }
    }
  };
  for (const listing of listingsOf(keys, now, (locale) => rubricIds.get(locale) ?? [])) await loadListing(listing);

  // 5. Articles changed during the build render their own page (the `since` rule): in full. The other-language
  //    versions of the day's articles (hreflang in the day sitemap) and of those: summaries suffice (a path).
  const since = scope.since ? Date.parse(scope.since) : Number.POSITIVE_INFINITY;
  const recentSummaries = new Map<Locale, string[]>(LOCALES.map((locale) => [locale, []]));
  for (const [key, entry] of entries)
    if (summaries.has(key) && Date.parse(changedAt(entry)) >= since) recentSummaries.get(entry.locale)?.push(entry.documentId);
  for (const [locale, ids] of recentSummaries) for (const entry of await deepByIds(locale, ids)) put(entry);
  const wanted = new Map<Locale, Set<string>>(LOCALES.map((locale) => [locale, new Set<string>()]));
  for (const entry of entries.values()) {
    if (!days.has(articleDay(entry)) && Date.parse(changedAt(entry)) < since) continue;
    for (const other of entry.localizations) {
      if (!entries.has(keyOf(other.locale, entry.documentId))) wanted.get(other.locale)?.add(entry.documentId);
      needed.add(keyOf(other.locale, entry.documentId));
    }
  }
  for (const [locale, ids] of wanted) for (const entry of await summariesByIds(locale, [...ids])) put(entry, true);

  // 5b. "Read next" of every article page this build renders (lib/related.ts): the newest older members of its
  //     event, tags and rubric, so the block is the one a full build renders.
  for (const entry of [...entries.values()]) {
    const key = keyOf(entry.locale, entry.documentId);
    const renders = keys.has(`article|${key}`) || Date.parse(changedAt(entry)) >= since;
    if (!renders || summaries.has(key)) continue;
    for (const listing of relatedListings(entry)) await loadListing(listing);
  }

  // 6. Keep what this build needs, its days and the newest day; forget the rest.
  const newestDay = [...complete.keys()].sort().at(-1);
  const keepDays = new Set([...days, ...(newestDay ? [newestDay] : [])].filter((day) => complete.has(day)));
  for (const day of complete.keys()) if (!keepDays.has(day)) complete.delete(day);
  for (const [key, entry] of entries) {
    if (needed.has(key) || keepDays.has(articleDay(entry)) || Date.parse(changedAt(entry)) >= since) continue;
    entries.delete(key);
  }

  // 7. Write: the store is touched only now, after every request succeeded.
  let updated = 0;
  let removed = 0;
  for (const key of store.keys()) {
    if (!entries.has(key)) {
      store.delete(key);
      removed += 1;
    }
  }
  for (const [key, data] of entries) {
    if (!fetched.has(key)) continue; // still the stored version
    const digest = context.generateDigest(data);
    if (store.get(key)?.digest === digest) continue;
    const parsed = await context.parseData({ id: key, data });
    if (store.set({ id: key, data: parsed, digest })) updated += 1;
  }
  if (newest) for (const locale of LOCALES) meta.set(`lastSync:${locale}`, newest);
  meta.set('summaries', JSON.stringify([...summaries].filter((key) => entries.has(key))));
  meta.set('completeDays', JSON.stringify([...complete.entries()].map(([day, usedAt]) => ({ day, usedAt }))));
  meta.set('queryDigest', queryDigest);
  logger.info(
    `articles: scoped sync, ${scope.articles.length} changed document(s), ${days.size} day(s) in scope, ${stats.requests} request(s), ${stats.fetched} fetched in full, ${stats.summaries} as summaries, ${updated} updated, ${removed} removed, ${store.keys().length} in store`,
  );
}
