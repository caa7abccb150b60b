/**
 * Comments: the approved list of an article, counts for listings, posting
 * (with the rules of rules.ts, idempotency and rate limits) and deleting
 * one's own comment.
 */
import { postCommentRequestSchema, type Locale, type PublicComment } from '@tilshi/shared-types';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import { CommentsError, MODERATION_MESSAGES } from '../errors.ts';
import { jsonResponse } from '../http.ts';
import type { Kit, Route } from '../route.ts';
import { bannedWordMatcher, checkBody, countLinks, decideModeration, isHoneypotFilled, stripBidiControls, type BannedWordMatcher } from '../rules.ts';
import { DuplicateIdempotencyKeyError, StoreResponseError, type StoredComment } from '../store.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
export const MAX_PAGE_SIZE = 50;
const MAX_COUNT_ARTICLES = 50;
const DOCUMENT_ID = /^[a-z0-9]{1,64}$/;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

/**
 * Public GETs are cacheable by the host's CDN: `s-maxage` in Cache-Control
 * (Vercel honours it) and the same lifetime in CDN-Cache-Control (RFC 9213;
 * Netlify caches function responses only with this or its own header; both
 * CDNs strip it before the browser). The list is fresh for 30 s, the counts
 * of listing pages for 5 minutes (a browser may reuse them for a minute).
 */
const LIST_CACHE = { 'Cache-Control': 'public, max-age=0, s-maxage=30, stale-while-revalidate=60', 'CDN-Cache-Control': 'public, max-age=30, stale-while-revalidate=60' };
const COUNTS_CACHE = {
  'Cache-Control': 'public, max-age=60, s-maxage=300, stale-while-revalidate=600',
  'CDN-Cache-Control': 'public, max-age=300, stale-while-revalidate=600',
};

export type CommentRouteOptions = {
  /** Comments per reader, counted from the database so they hold across instances. */
  rateLimits: { perMinute: number; perDay: number };
  /** Comments per page of GET /comments (a `limit` parameter may ask for fewer or up to 50). */
  pageSize: number;
  /** How long the banned-word list is cached in one instance. */
  bannedWordsTtlMs: number;
};

function toPublicComment(comment: StoredComment): PublicComment {
  return {
    id: comment.documentId,
    article: comment.articleDocumentId,
    body: comment.body,
    status: comment.status,
    // Accounts made before the function's rules held everywhere may carry bidi controls in their names.
    author: { username: stripBidiControls(comment.authorName) || '—' },
    createdAt: comment.createdAt,
  };
}

function createdResponse(comment: StoredComment, language: Locale, replayed: boolean): Response {
  const response = jsonResponse(201, {
    data: toPublicComment(comment),
    meta: { moderation: { status: comment.status, message: MODERATION_MESSAGES[comment.status][language] } },
  });
  if (replayed) response.headers.set('Idempotent-Replayed', 'true');
  return response;
}

export function commentRoutes(kit: Kit, options: CommentRouteOptions): Route[] {
  const { store, now, limit } = kit;
  const { rateLimits, pageSize } = options;

  /** The banned-word matcher, cached per instance; concurrent requests share one fetch. */
  let bannedCache: { matcher: Promise<BannedWordMatcher>; fetchedAt: number } | undefined;
  function bannedWords(): Promise<BannedWordMatcher> {
    const at = now().getTime();
    if (bannedCache && at - bannedCache.fetchedAt < options.bannedWordsTtlMs) return bannedCache.matcher;
    const matcher = store.bannedWords().then(bannedWordMatcher);
    const entry = { matcher, fetchedAt: at };
    bannedCache = entry;
    // A failed fetch is not cached: the next request tries again.
    matcher.catch(() => {
      if (bannedCache === entry) bannedCache = undefined;
    });
    return matcher;
  }

  /** 429 rate_limited when a reader's comments of the day (or of the last minute) reach the limits. */
  function checkReaderWindow(recent: { total: number; newest: Date[] }, at: number): void {
    if (recent.total >= rateLimits.perDay) {
      throw new CommentsError('rate_limited', { details: { window: 'day', limit: rateLimits.perDay }, headers: { 'Retry-After': '3600' } });
    }
    // The minute is full when the perMinute-th newest comment of the day is less than a minute old.
    const oldestInMinute = recent.newest[rateLimits.perMinute - 1];
    if (oldestInMinute && at - oldestInMinute.getTime() < 60_000) {
      const retryAfter = Math.max(1, Math.ceil((oldestInMinute.getTime() + 60_000 - at) / 1000));
      throw new CommentsError('rate_limited', { details: { window: 'minute', limit: rateLimits.perMinute }, headers: { 'Retry-After': String(retryAfter) } });
    }
  }

  return [
    /**
     * GET /comments/counts?articles=a,b,c — public, cacheable by CDNs (s-maxage).
     * 200 { data: { a: 3, b: 0, c: 0 } }: approved comments; 0 for drafts and unknown ids.
     */
    {
      method: 'GET',
      pattern: /^\/comments\/counts$/,
      run: async (context) => {
        const raw = context.url.searchParams.get('articles') ?? '';
        const ids = [...new Set(raw.split(',').map((id) => id.trim()).filter(Boolean))];
        if (ids.length === 0 || ids.length > MAX_COUNT_ARTICLES) {
          throw new CommentsError('invalid_request', { details: { parameter: 'articles', max: MAX_COUNT_ARTICLES } });
        }
        if (!ids.every((id) => DOCUMENT_ID.test(id))) throw new CommentsError('invalid_article_id', { details: { parameter: 'articles' } });
        return jsonResponse(200, { data: await store.countApproved(ids) }, COUNTS_CACHE);
      },
    },
    /**
     * GET /comments?article=<documentId>&cursor=<nextCursor>&limit=<1..50> — public, briefly cacheable.
     * 200 { data: PublicComment[], meta: { nextCursor } }: approved comments, oldest first;
     * 404 article_not_found when the article has no published version (drafts' comments are never listed).
     */
    {
      method: 'GET',
      pattern: /^\/comments$/,
      run: async (context) => {
        const article = context.url.searchParams.get('article') ?? '';
        if (!DOCUMENT_ID.test(article)) throw new CommentsError('invalid_article_id', { details: { parameter: 'article' } });
        const afterId = decodeCursor(context.url.searchParams.get('cursor'));
        const limitParam = context.url.searchParams.get('limit');
        const count = limitParam === null ? pageSize : Number(limitParam);
        if (!Number.isInteger(count) || count < 1 || count > MAX_PAGE_SIZE) {
          throw new CommentsError('invalid_request', { details: { parameter: 'limit', min: 1, max: MAX_PAGE_SIZE } });
        }
        const [published, comments] = await Promise.all([store.findArticle(article), store.listApproved(article, { afterId, limit: count + 1 })]);
        if (!published) throw new CommentsError('article_not_found');
        const page = comments.slice(0, count);
        const last = page.at(-1);
        const nextCursor = comments.length > count && last ? encodeCursor(last.id) : null;
        return jsonResponse(200, { data: page.map(toPublicComment), meta: { nextCursor } }, LIST_CACHE);
      },
    },
    /**
     * POST /comments — signed in; Origin-checked. JSON { article, body, website?, locale? },
     * optional header Idempotency-Key. 201 { data: PublicComment, meta: { moderation } }; a retry with
     * the same key answers the stored comment again (Idempotent-Replayed: true), never a second one.
     * Limited per reader (minute, day) and per address. `body` is unsanitised reader input, stored as plain text.
     */
    {
      method: 'POST',
      pattern: /^\/comments$/,
      run: async (context) => {
        const { account } = await kit.requireReader(context);
        const input = await kit.parseBody(context, postCommentRequestSchema);
        if (isHoneypotFilled(input.website)) throw new CommentsError('spam_detected');
        if (!DOCUMENT_ID.test(input.article)) throw new CommentsError('invalid_article_id', { details: { parameter: 'article' } });
        const body = checkBody(input.body);
        const key = context.request.headers.get('idempotency-key');
        if (key !== null && !IDEMPOTENCY_KEY.test(key)) throw new CommentsError('invalid_idempotency_key');

        const at = now().getTime();
        const [existing, article, recent, matcher] = await Promise.all([
          key === null ? null : store.findByIdempotencyKey(account.id, key),
          store.findArticle(input.article),
          store.recentByAuthor(account.id, { since: new Date(at - DAY_MS), take: rateLimits.perMinute }),
          bannedWords(),
        ]);

        const replay = (stored: StoredComment): Response => {
          if (stored.articleDocumentId !== input.article || stored.body !== body) throw new CommentsError('idempotency_key_reused');
          return createdResponse(stored, context.language, true);
        };
        if (existing) return replay(existing);
        if (!article) throw new CommentsError('article_not_found');
        checkReaderWindow(recent, at);
        await limit([{ name: 'commentsPerAddress', key: context.address }]);

        const decision = decideModeration({ trusted: kit.isTrusted(account), bannedWords: matcher(body), links: countLinks(body) });
        try {
          const stored = await store.createComment({
            articleDocumentId: article.documentId,
            body,
            status: decision.status,
            authorId: account.id,
            authorName: account.username,
            language: context.language,
            idempotencyKey: key,
            moderationNote: decision.note,
            moderationReasons: decision.reasons,
          });
          return createdResponse(stored, context.language, false);
        } catch (error) {
          // A concurrent retry stored the same key first: answer with its comment.
          if (!(error instanceof DuplicateIdempotencyKeyError) || key === null) throw error;
          const winner = await store.findByIdempotencyKey(account.id, key);
          if (!winner) throw new StoreResponseError('creating the comment failed and no comment holds its idempotency key', { operation: 'createComment', status: null, cause: error });
          return replay(winner);
        }
      },
    },
    /** DELETE /comments/:id — signed in; Origin-checked; only one's own comment. 204; 404 comment_not_found otherwise. */
    {
      method: 'DELETE',
      pattern: /^\/comments\/(?<id>[^/]+)$/,
      run: async (context) => {
        const { account } = await kit.requireReader(context);
        const id = context.params.id ?? '';
        if (!DOCUMENT_ID.test(id) || !(await store.deleteOwnComment(id, account.id))) throw new CommentsError('comment_not_found');
        return new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } });
      },
    },
  ];
}
