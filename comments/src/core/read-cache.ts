/**
 * The read cache of the comments function: the answers of the two public GETs
 * (an article's pages of approved comments, and per-article counts), kept in
 * the instance's memory so that a read costs no request to the CMS, and kept
 * correct by the CMS's change feed (cms/src/api/comment/changes.ts):
 *
 * - the CMS numbers every change of a comment (created, moderated, hidden by
 *   reports, deleted, its author's account deleted) and every publish or
 *   unpublish of an article, naming the article;
 * - before it answers from the cache, an instance asks for the changes after
 *   the last number it saw when its last look is older than `checkEveryMs`
 *   (one small request a second per instance at most, however many readers),
 *   and forgets what it cached for the articles named;
 * - the CMS also calls the hook of each instance it knows
 *   (POST /api/internal/changes, `COMMENTS_HOOK_URLS` in the CMS) right after
 *   a change commits and waits for it: the instance looks at once, so a
 *   moderator's decision is in force on it before the panel says "saved".
 *
 * An instance the hook does not reach (serverless hosts) serves what it
 * cached for at most `checkEveryMs` after a change. Every instance keeps its
 * own copy: the feed is what is shared across instances, so any number of
 * them stays correct without a shared store. Entries are bounded
 * (`maxArticles`, least recently used first out).
 *
 * A fill that raced an invalidation is not stored: every invalidation bumps
 * an epoch, and a fill stores its result only if the epoch it started in is
 * still current (invalidations are rare next to reads, so being this cautious
 * costs little). Concurrent misses of one key share one fetch.
 */
import type { CommentsStore, PublishedArticle } from './store.ts';

export type CachedBody = { body: string; etag: string };

type ArticleEntry = {
  published?: PublishedArticle | null;
  count?: number;
  pages: Map<string, CachedBody>;
  inflight: Map<string, Promise<CachedBody>>;
};

export type ReadCacheOptions = {
  store: CommentsStore;
  now: () => Date;
  /** How old the last look at the change feed may be before a cached answer is served. Default 1000 ms; 0 = look every time. */
  checkEveryMs?: number;
  /** Articles kept at most (least recently read first out). Default 5000. */
  maxArticles?: number;
  /** Failures of the feed (the cache then stays empty and every read goes to the CMS until it answers again). */
  onError?: (error: unknown) => void;
};

/** A strong ETag of a body: SHA-256 (Web Crypto), 16 bytes in hex. */
export async function etagOf(body: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(body));
  return `"${Array.from(new Uint8Array(digest).slice(0, 16), (byte) => byte.toString(16).padStart(2, '0')).join('')}"`;
}

export function createReadCache(options: ReadCacheOptions) {
  const checkEveryMs = options.checkEveryMs ?? 1000;
  const maxArticles = options.maxArticles ?? 5000;
  const articles = new Map<string, ArticleEntry>();
  /** The last feed number seen; null until the first look (nothing may be cached before it). */
  let seq: number | null = null;
  let lastLook = Number.NEGATIVE_INFINITY;
  let looking: Promise<boolean> | null = null;
  /** Bumped by every invalidation: a fill started in an older epoch does not store. */
  let epoch = 0;

  function entry(article: string): ArticleEntry {
    let found = articles.get(article);
    if (found) {
      // Most recently used last: Map keeps insertion order.
      articles.delete(article);
      articles.set(article, found);
      return found;
    }
    found = { pages: new Map(), inflight: new Map() };
    articles.set(article, found);
    while (articles.size > maxArticles) {
      const oldest = articles.keys().next().value;
      if (oldest === undefined) break;
      articles.delete(oldest);
    }
    return found;
  }

  function invalidate(ids: Iterable<string>): void {
    for (const id of ids) articles.delete(id);
    epoch += 1;
  }

  function clear(): void {
    articles.clear();
    epoch += 1;
  }

  /** Reads the feed after the last number; true when the cache may be used. */
  async function look(): Promise<boolean> {
    const startedAt = options.now().getTime();
    try {
      const page = await options.store.changesAfter(seq ?? 0);
      if (seq === null || page.reset) clear();
      else invalidate(page.articles);
      seq = page.seq;
      lastLook = startedAt;
      return true;
    } catch (error) {
      // Without the feed nothing cached can be trusted: forget it, and answer from the CMS.
      clear();
      seq = null;
      options.onError?.(error);
      return false;
    }
  }

  /** Looks at the feed if the last look is too old (concurrent callers share one look); true when the cache may be used. */
  async function ready(): Promise<boolean> {
    if (seq !== null && options.now().getTime() - lastLook < checkEveryMs) return true;
    looking ??= look().finally(() => {
      looking = null;
    });
    return looking;
  }

  /** The cached value of `key` for an article, or `fill()`'s result, stored unless an invalidation came in between. */
  async function cachedPage(article: string, key: string, fill: () => Promise<string>): Promise<CachedBody> {
    if (!(await ready())) {
      const body = await fill();
      return { body, etag: await etagOf(body) };
    }
    const found = entry(article);
    const hit = found.pages.get(key);
    if (hit) return hit;
    const pending = found.inflight.get(key);
    if (pending) return pending;
    const startEpoch = epoch;
    const filling = (async () => {
      const body = await fill();
      const value = { body, etag: await etagOf(body) };
      // Stored only if no invalidation touched this article (or everything) since the fill started.
      if (articles.get(article) === found && epoch === startEpoch) found.pages.set(key, value);
      return value;
    })().finally(() => found.inflight.delete(key));
    found.inflight.set(key, filling);
    return filling;
  }

  return {
    ready,
    /** Forget what is cached for these articles now (this instance's own writes; the feed tells the others). */
    invalidate,
    /** Look at the feed now (the CMS's hook). */
    async refresh(): Promise<void> {
      // A look already under way may have read the feed before the change that calls for this one.
      if (looking) await looking;
      looking ??= look().finally(() => {
        looking = null;
      });
      await looking;
    },
    /** A page of an article's comments, or whether it is published: keyed within the article. */
    page: cachedPage,
    /**
     * Whether an article is published (null when not), cached like its pages.
     * `lookup` is the CMS's answer.
     */
    async published(article: string, lookup: () => Promise<PublishedArticle | null>): Promise<PublishedArticle | null> {
      if (!(await ready())) return lookup();
      const found = entry(article);
      if (found.published !== undefined) return found.published;
      const startEpoch = epoch;
      const value = await lookup();
      if (articles.get(article) === found && epoch === startEpoch) found.published = value;
      return value;
    },
    /** Approved-comment counts of articles: cached ones, the rest from `lookup` in one request. */
    async counts(ids: string[], lookup: (missing: string[]) => Promise<Record<string, number>>): Promise<Record<string, number>> {
      if (!(await ready())) return lookup(ids);
      const result: Record<string, number> = {};
      const missing: string[] = [];
      for (const id of ids) {
        const count = entry(id).count;
        if (count === undefined) missing.push(id);
        else result[id] = count;
      }
      if (missing.length > 0) {
        const startEpoch = epoch;
        const entries = missing.map((id) => [id, entry(id)] as const);
        const fetched = await lookup(missing);
        for (const [id, found] of entries) {
          const count = fetched[id] ?? 0;
          result[id] = count;
          if (articles.get(id) === found && epoch === startEpoch) found.count = count;
        }
      }
      return result;
    },
    /** For tests and the benchmark: how many articles are cached and the last feed number. */
    stats(): { articles: number; seq: number | null } {
      return { articles: articles.size, seq };
    },
  };
}

export type ReadCache = ReturnType<typeof createReadCache>;
