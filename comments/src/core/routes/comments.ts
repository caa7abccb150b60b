/**
 * Comments: the approved list of an article and counts for listings (both
 * served from the read cache, read-cache.ts, with ETags), posting comments
 * and replies (with the rules of rules.ts, idempotency and rate limits),
 * reporting a comment, and deleting one's own comment. An approved reply
 * e-mails the author of the comment it answers (notices.ts).
 */
import {
  postCommentRequestSchema,
  REPORT_NOTE_MAX,
  REPORT_REASONS,
  reportRequestSchema,
  type Locale,
  type PublicComment,
  type ReportReason,
} from '@tilshi/shared-types';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import { CommentsError, MODERATION_MESSAGES } from '../errors.ts';
import { jsonResponse, safeJsonStringify } from '../http.ts';
import { etagOf } from '../read-cache.ts';
import { createSubmitter } from '../submitter.ts';
import type { Kit, Route } from '../route.ts';
import {
  bannedWordMatcher,
  checkBody,
  countLinks,
  decideModeration,
  isHoneypotFilled,
  stripBidiControls,
  type BannedWordMatcher,
} from '../rules.ts';
import type { StoredComment, SubmitOutcome } from '../store.ts';

export const MAX_PAGE_SIZE = 50;
const MAX_COUNT_ARTICLES = 50;
const DOCUMENT_ID = /^[a-z0-9]{1,64}$/;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

/**
 * Public GETs carry an ETag (a revalidation answers 304 from the read cache)
 * and are briefly cacheable by the host's CDN: `s-maxage` in Cache-Control
 * (Vercel honours it) and the same lifetime in CDN-Cache-Control (RFC 9213;
 * Netlify caches function responses only with this or its own header). The
 * function's own cache follows moderation at once, so the CDN's copy is kept
 * short: 5 s for a list (browsers revalidate every time), 30 s for counts.
 */
const LIST_CACHE = { 'Cache-Control': 'public, max-age=0, s-maxage=5, must-revalidate', 'CDN-Cache-Control': 'public, max-age=5' };
const COUNTS_CACHE = { 'Cache-Control': 'public, max-age=30, s-maxage=30', 'CDN-Cache-Control': 'public, max-age=30' };

export type CommentRouteOptions = {
  /** Comments per reader, counted from the database so they hold across instances. */
  rateLimits: { perMinute: number; perDay: number };
  /** Comments per page of GET /comments (a `limit` parameter may ask for fewer or up to 50). */
  pageSize: number;
  /** How long the banned-word list is cached in one instance. */
  bannedWordsTtlMs: number;
  /** Reports since the last moderator decision that hide an approved comment. */
  reportsToHide: number;
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
    parent: comment.parentDocumentId,
  };
}

/** The JSON of a cached body, with its ETag; 304 when the reader already has it. */
function cachedResponse(context: { request: Request }, cached: { body: string; etag: string }, headers: Record<string, string>): Response {
  const match = context.request.headers.get('if-none-match');
  if (match !== null && match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === cached.etag)) {
    return new Response(null, { status: 304, headers: { ETag: cached.etag, ...headers } });
  }
  return new Response(cached.body, {
    status: 200,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'X-Content-Type-Options': 'nosniff', ETag: cached.etag, ...headers },
  });
}

/** The answer to a comment the CMS refused. */
function refusalOf(outcome: Exclude<SubmitOutcome, { comment: StoredComment }>): CommentsError {
  switch (outcome.outcome) {
    case 'unauthorized':
      return new CommentsError('unauthorized', { details: { reason: 'session ended' } });
    case 'blocked':
      return new CommentsError('account_blocked');
    case 'phone_required':
      return new CommentsError('phone_required');
    case 'article_not_found':
      return new CommentsError('article_not_found');
    case 'parent_not_found':
      return new CommentsError('comment_not_found', { details: { parameter: 'replyTo' } });
    case 'rate_limited': {
      const details =
        outcome.window === 'address'
          ? { limit: 'commentsPerAddress', max: outcome.limit }
          : { window: outcome.window, limit: outcome.limit };
      return new CommentsError('rate_limited', { details, headers: { 'Retry-After': String(outcome.retryAfter) } });
    }
  }
}

function isReportReason(value: string): value is ReportReason {
  return REPORT_REASONS.some((reason) => reason === value);
}

function createdResponse(comment: StoredComment, language: Locale, replayed: boolean): Response {
  const response = jsonResponse(201, {
    data: toPublicComment(comment),
    meta: { moderation: { status: comment.status, message: MODERATION_MESSAGES[comment.status][language] } },
  });
  if (replayed) response.headers.set('Idempotent-Replayed', 'true');
  return response;
}

// eslint-disable-next-line max-lines-per-function -- the comments route table: one short handler per route, each under its method/path/auth comment
export function commentRoutes(kit: Kit, options: CommentRouteOptions): Route[] {
  const { store, now, limit, cache } = kit;
  const { rateLimits, pageSize } = options;
  const submit = createSubmitter(store);

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
        const ids = [
          ...new Set(
            raw
              .split(',')
              .map((id) => id.trim())
              .filter(Boolean),
          ),
        ];
        if (ids.length === 0 || ids.length > MAX_COUNT_ARTICLES) {
          throw new CommentsError('invalid_request', { details: { parameter: 'articles', max: MAX_COUNT_ARTICLES } });
        }
        if (!ids.every((id) => DOCUMENT_ID.test(id))) throw new CommentsError('invalid_article_id', { details: { parameter: 'articles' } });
        const counts = await cache.counts(ids, (missing) => store.countApproved(missing));
        const body = safeJsonStringify({ data: Object.fromEntries(ids.map((id) => [id, counts[id] ?? 0])) });
        return cachedResponse(context, { body, etag: await etagOf(body) }, COUNTS_CACHE);
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
        const [published, cached] = await Promise.all([
          cache.published(article, () => store.findArticle(article)),
          cache.page(article, `${afterId ?? ''}:${count}`, async () => {
            const comments = await store.listApproved(article, { afterId, limit: count + 1 });
            const page = comments.slice(0, count);
            const last = page.at(-1);
            const nextCursor = comments.length > count && last ? encodeCursor(last.id) : null;
            return safeJsonStringify({ data: page.map(toPublicComment), meta: { nextCursor } });
          }),
        ]);
        if (!published) throw new CommentsError('article_not_found');
        return cachedResponse(context, cached, LIST_CACHE);
      },
    },
    /**
     * POST /comments — signed in (and, in identity mode `phone`, a confirmed number: 403 phone_required);
     * Origin-checked. JSON { article, body, replyTo?, website?, locale? }, optional header Idempotency-Key.
     * `replyTo`: an approved top-level comment of the same article (replies are one level deep; 404
     * comment_not_found otherwise). 201 { data: PublicComment, meta: { moderation } }; a retry with
     * the same key answers the stored comment again (Idempotent-Replayed: true), never a second one.
     * Limited per reader (minute, day) and per address. `body` is unsanitised reader input, stored as plain text.
     */
    {
      method: 'POST',
      pattern: /^\/comments$/,
      run: async (context) => {
        // The session's signature only: the CMS checks the account (exists, not blocked, the session's
        // version, a confirmed number) in the same transaction that writes the comment.
        const session = await kit.requireSession(context);
        const input = await kit.parseBody(context, postCommentRequestSchema);
        if (isHoneypotFilled(input.website)) throw new CommentsError('spam_detected');
        if (!DOCUMENT_ID.test(input.article)) throw new CommentsError('invalid_article_id', { details: { parameter: 'article' } });
        const body = checkBody(input.body);
        const key = context.request.headers.get('idempotency-key');
        if (key !== null && !IDEMPOTENCY_KEY.test(key)) throw new CommentsError('invalid_idempotency_key');
        const replyTo = input.replyTo ?? null;
        if (replyTo !== null && !DOCUMENT_ID.test(replyTo))
          throw new CommentsError('comment_not_found', { details: { parameter: 'replyTo' } });

        const matched = (await bannedWords())(body);
        const links = countLinks(body);
        const decide = (trusted: boolean, premoderated: boolean) =>
          decideModeration({ trusted, premoderated, bannedWords: matched, links });
        const rule = kit.limits.commentsPerAddress;
        const outcome = await submit({
          readerId: session.readerId,
          sessionVersion: session.sessionVersion,
          requirePhone: kit.identity === 'phone',
          article: input.article,
          parent: replyTo,
          body,
          language: context.language,
          idempotencyKey: key === null ? null : `${session.readerId}:${key}`,
          window: { perMinute: rateLimits.perMinute, perDay: rateLimits.perDay, now: now().getTime() },
          addressLimit: {
            bucket: await kit.bucketOf({ name: 'commentsPerAddress', key: context.address }),
            limit: rule.limit,
            windowSeconds: rule.windowSeconds,
          },
          autoTrustAfter: kit.autoTrustAfter,
          decisions: { trusted: decide(true, false), untrusted: decide(false, false), premoderated: decide(false, true) },
        });

        if (!('comment' in outcome)) {
          // A renewed cookie must not ride on the refusal of a session that has ended.
          if (outcome.outcome === 'unauthorized') context.extraHeaders.delete('Set-Cookie');
          throw refusalOf(outcome);
        }
        const stored = outcome.comment;
        if (outcome.outcome === 'replayed') {
          if (stored.articleDocumentId !== input.article || stored.body !== body || stored.parentDocumentId !== replyTo)
            throw new CommentsError('idempotency_key_reused');
          return createdResponse(stored, context.language, true);
        }
        if (stored.status === 'approved') {
          cache.invalidate([stored.articleDocumentId]);
          if (stored.parentDocumentId !== null) await kit.sendReplyNotices();
        }
        return createdResponse(stored, context.language, false);
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
        await cache.refresh();
        return new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } });
      },
    },
    /**
     * POST /comments/:id/reports — signed in (a confirmed number in identity mode `phone`); Origin-checked.
     * JSON { reason: spam | insult | off_topic | illegal | other, note?, locale? }. 202 { data: { reported,
     * hidden } }: recorded once per reader; `reportsToHide` reports since the last moderator decision hide the
     * comment until a moderator decides. 404 comment_not_found (not an approved comment), 400 own_comment,
     * 409 already_reported. Limited per reader and per address. `note` is unsanitised input for moderators.
     */
    {
      method: 'POST',
      pattern: /^\/comments\/(?<id>[^/]+)\/reports$/,
      run: async (context) => {
        const { account } = await kit.requireCommenter(context);
        const input = await kit.parseBody(context, reportRequestSchema);
        const id = context.params.id ?? '';
        if (!DOCUMENT_ID.test(id)) throw new CommentsError('comment_not_found');
        if (!isReportReason(input.reason))
          throw new CommentsError('invalid_request', { details: { fields: ['reason'], allowed: REPORT_REASONS } });
        const note =
          input.note === undefined ? null : stripBidiControls(input.note.normalize('NFC')).trim().slice(0, REPORT_NOTE_MAX) || null;
        await limit([
          { name: 'reportsPerAddress', key: context.address },
          { name: 'reportsPerAccount', key: String(account.id) },
        ]);
        const outcome = await store.reportComment({
          commentDocumentId: id,
          readerId: account.id,
          reason: input.reason,
          note,
          hideAt: options.reportsToHide,
        });
        if (outcome.outcome === 'not_found') throw new CommentsError('comment_not_found');
        if (outcome.outcome === 'own') throw new CommentsError('own_comment');
        if (outcome.outcome === 'already') throw new CommentsError('already_reported');
        if (outcome.hidden) await cache.refresh();
        return jsonResponse(202, { data: { reported: true, hidden: outcome.hidden } });
      },
    },
  ];
}
