/**
 * The comments function: one web-standard handler, `(Request) => Promise<Response>`,
 * independent of its host. The Astro site mounts it as an on-demand route
 * (`site/src/pages/api/[...path].ts` → `handler(context.request)`), which the
 * Node, Netlify and Vercel adapters turn into a server or a serverless
 * function; `node-server.ts` serves it on plain node:http for local runs and
 * the benchmark. It is the only public dynamic surface: it reaches Strapi
 * through a CommentsStore with a server-only token.
 *
 * Routes (under `basePath`, "/api" by default):
 *   OPTIONS *                     CORS preflight, the site's own origins only
 *   POST    /auth/register        create a reader account, start a session
 *   POST    /auth/login           start a session
 *   POST    /auth/logout          end the session (clears the cookie)
 *   GET     /auth/me              the signed-in reader
 *   GET     /comments             approved comments of an article, oldest first
 *   GET     /comments/counts      approved comments per article (cacheable)
 *   POST    /comments             post a comment (pending or approved)
 *   DELETE  /comments/:id         delete one's own comment
 * Every answer is JSON (`{ data, meta }` or `{ error: { code, message, status } }`),
 * with messages in the reader's language.
 */
import {
  loginRequestSchema,
  postCommentRequestSchema,
  registerRequestSchema,
  type Locale,
  type PublicComment,
  type Reader,
} from '@tilshi/shared-types';
import { z } from 'zod';
import { createSessionVerifier, tokenExpiry } from './auth.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { CommentsError, MODERATION_MESSAGES, errorMessage } from './errors.ts';
import {
  checkUnsafeOrigin,
  clearedSessionCookie,
  corsHeaders,
  jsonResponse,
  preflightHeaders,
  readJsonBody,
  sessionCookie,
  type CookieOptions,
} from './http.ts';
import { readerLanguage } from './language.ts';
import { bannedWordMatcher, checkBody, decideModeration, earnedTrust, isHoneypotFilled, type BannedWordMatcher } from './rules.ts';
import {
  AccountBlockedError,
  AccountExistsError,
  AuthRateLimitedError,
  DuplicateIdempotencyKeyError,
  InvalidCredentialsError,
  RegistrationRejectedError,
  StoreResponseError,
  StoreUnavailableError,
  type CommentsStore,
  type IssuedSession,
  type ReaderAccount,
  type StoredComment,
} from './store.ts';

export type CommentsHandlerOptions = {
  store: CommentsStore;
  /** users-permissions' JWT secret (the CMS's JWT_SECRET): readers' tokens are verified with it. */
  jwtSecret: string;
  /** The site's own origins, e.g. ["https://tilshi.kz"]; the first decides whether the cookie is Secure. */
  siteOrigins: readonly string[];
  /** Path prefix the routes live under; "/api" by default. */
  basePath?: string;
  /** Comments per reader, counted from the database so they hold across instances. Default 5 a minute, 50 a day. */
  rateLimits?: { perMinute: number; perDay: number };
  /** A reader without the panel's `trusted` flag is trusted after this many approved comments and none rejected; 0 = never. Default 3. */
  autoTrustAfter?: number;
  /** Largest request body accepted (413 past it). Default 32 KiB. */
  maxBodyBytes?: number;
  /** Comments per page of GET /comments (a `limit` parameter may ask for fewer or up to 50). Default 20. */
  pageSize?: number;
  /** How long the banned-word list is cached in one instance. Default 60 s. */
  bannedWordsTtlMs?: number;
  /** Name of the session cookie. Default "tilshi_session". */
  cookieName?: string;
  now?: () => Date;
  /** Called with every failure answered with a 5xx, for the host's logs. */
  onError?: (error: unknown, request: { method: string; path: string }) => void;
};

export type CommentsHandler = (request: Request) => Promise<Response>;

type Context = {
  request: Request;
  url: URL;
  /** The reader's language; a `locale` field of the JSON body may change it. */
  language: Locale;
  params: Record<string, string>;
};

type Route = { method: string; pattern: RegExp; run: (context: Context) => Promise<Response> };

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_PAGE_SIZE = 50;
const MAX_COUNT_ARTICLES = 50;
const DOCUMENT_ID = /^[a-z0-9]{1,64}$/;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;
const USERNAME = /^[\p{L}\p{N}_.-]{3,30}$/u;

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

function toPublicComment(comment: StoredComment): PublicComment {
  return {
    id: comment.documentId,
    article: comment.articleDocumentId,
    body: comment.body,
    status: comment.status,
    author: { username: comment.authorName },
    createdAt: comment.createdAt,
  };
}

/**
 * A zod schema, described by what is used of it: the request schemas come
 * from @tilshi/shared-types, which has its own copy of zod.
 */
type SafeParser<T> = {
  safeParse(input: unknown): { success: true; data: T } | { success: false; error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey> }> } };
};

/** zod issues of a request body → field paths, for `details` (never the values: they may be passwords). */
function issuePaths(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey> }>): string[] {
  return issues.map((issue) => issue.path.map(String).join('.') || '(root)');
}

export function createCommentsHandler(options: CommentsHandlerOptions): CommentsHandler {
  const { store } = options;
  const basePath = (options.basePath ?? '/api').replace(/\/+$/, '');
  const origins = options.siteOrigins;
  const limits = options.rateLimits ?? { perMinute: 5, perDay: 50 };
  const autoTrustAfter = options.autoTrustAfter ?? 3;
  const maxBodyBytes = options.maxBodyBytes ?? 32 * 1024;
  const pageSize = Math.min(options.pageSize ?? 20, MAX_PAGE_SIZE);
  const bannedWordsTtlMs = options.bannedWordsTtlMs ?? 60_000;
  const now = options.now ?? (() => new Date());
  const cookie: CookieOptions = {
    name: options.cookieName ?? 'tilshi_session',
    path: basePath || '/',
    secure: (origins[0] ?? '').startsWith('https://'),
  };
  const verifySession = createSessionVerifier({ jwtSecret: options.jwtSecret, cookieName: cookie.name, now });

  /** The banned-word matcher, cached per instance; concurrent requests share one fetch. */
  let bannedCache: { matcher: Promise<BannedWordMatcher>; fetchedAt: number } | undefined;
  function bannedWords(): Promise<BannedWordMatcher> {
    const at = now().getTime();
    if (bannedCache && at - bannedCache.fetchedAt < bannedWordsTtlMs) return bannedCache.matcher;
    const matcher = store.bannedWords().then(bannedWordMatcher);
    const entry = { matcher, fetchedAt: at };
    bannedCache = entry;
    // A failed fetch is not cached: the next request tries again.
    matcher.catch(() => {
      if (bannedCache === entry) bannedCache = undefined;
    });
    return matcher;
  }

  /** Whether a reader's comments are published at once: the panel's flag, or trust earned by approved comments. */
  function isTrusted(account: ReaderAccount): boolean {
    return account.trusted || earnedTrust({ approved: account.approvedComments, rejected: account.rejectedComments }, autoTrustAfter);
  }

  function toReader(account: ReaderAccount): Reader {
    return { id: account.id, username: account.username, trusted: isTrusted(account) };
  }

  /** The signed-in reader: a valid JWT (401 otherwise) of an account that still exists and is not blocked. */
  async function requireReader(context: Context): Promise<ReaderAccount> {
    const session = await verifySession(context.request);
    const account = await store.getUser(session.readerId);
    if (!account) throw new CommentsError('unauthorized', { details: { reason: 'unknown reader' } });
    if (account.blocked) throw new CommentsError('account_blocked');
    return account;
  }

  /** Parses a JSON body against a schema (400 invalid_request naming the fields) and adopts its `locale`. */
  async function parseBody<T>(context: Context, schema: SafeParser<T>): Promise<T> {
    const raw = await readJsonBody(context.request, maxBodyBytes);
    // Adopt a valid `locale` before validating the rest, so the errors of this very body are in that language.
    if (typeof raw === 'object' && raw !== null && 'locale' in raw) context.language = readerLanguage(context.request, raw.locale);
    const parsed = schema.safeParse(raw);
    if (!parsed.success) throw new CommentsError('invalid_request', { details: { fields: issuePaths(parsed.error.issues) } });
    return parsed.data;
  }

  async function sessionResponse(status: number, issued: IssuedSession): Promise<Response> {
    const account = await store.getUser(issued.userId);
    if (!account) throw new StoreResponseError(`users-permissions issued a session for reader ${issued.userId}, who cannot be read back`, { operation: 'getUser', status: null });
    const expiresAt = tokenExpiry(issued.jwt);
    const response = jsonResponse(status, { data: { user: toReader(account), token: issued.jwt, expiresAt: expiresAt.toISOString() } });
    response.headers.append('Set-Cookie', sessionCookie(cookie, issued.jwt, (expiresAt.getTime() - now().getTime()) / 1000));
    return response;
  }

  function createdResponse(comment: StoredComment, language: Locale, replayed: boolean): Response {
    const response = jsonResponse(201, {
      data: toPublicComment(comment),
      meta: { moderation: { status: comment.status, message: MODERATION_MESSAGES[comment.status][language] } },
    });
    if (replayed) response.headers.set('Idempotent-Replayed', 'true');
    return response;
  }

  const routes: Route[] = [
    /**
     * POST /auth/register — public. JSON { username, email, password, website?, locale? }
     * (`website` is the honeypot). 201 { data: { user, token, expiresAt } } + session cookie.
     * username, email and password are unsanitised input, forwarded to users-permissions only.
     */
    {
      method: 'POST',
      pattern: /^\/auth\/register$/,
      run: async (context) => {
        const input = await parseBody(context, registerRequestSchema);
        if (isHoneypotFilled(input.website)) throw new CommentsError('spam_detected');
        const username = input.username.normalize('NFC').trim();
        const email = input.email.trim().toLowerCase();
        if (!USERNAME.test(username)) throw new CommentsError('invalid_username');
        if (email.length > 254 || !z.email().safeParse(email).success) throw new CommentsError('invalid_email');
        const password = input.password;
        const weak =
          password.length < 8 ||
          password.length > 64 ||
          !/\p{L}/u.test(password) ||
          !/\p{N}/u.test(password) ||
          password.toLowerCase() === username.toLowerCase() ||
          password.toLowerCase() === email;
        if (weak) throw new CommentsError('weak_password');
        return sessionResponse(201, await store.register({ username, email, password }));
      },
    },
    /**
     * POST /auth/login — public. JSON { identifier (e-mail or username), password, locale? }.
     * 200 { data: { user, token, expiresAt } } + session cookie. Both fields are unsanitised input.
     */
    {
      method: 'POST',
      pattern: /^\/auth\/login$/,
      run: async (context) => {
        const input = await parseBody(context, loginRequestSchema);
        const identifier = input.identifier.trim();
        if (identifier === '' || identifier.length > 254 || input.password === '' || input.password.length > 200) {
          throw new CommentsError('invalid_credentials');
        }
        return sessionResponse(200, await store.login({ identifier, password: input.password }));
      },
    },
    /** POST /auth/logout — no auth needed (it only clears the cookie). 204. */
    {
      method: 'POST',
      pattern: /^\/auth\/logout$/,
      run: async () => {
        const response = new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } });
        response.headers.append('Set-Cookie', clearedSessionCookie(cookie));
        return response;
      },
    },
    /** GET /auth/me — authenticated (cookie or Bearer). 200 { data: { user: { id, username, trusted } } }. */
    {
      method: 'GET',
      pattern: /^\/auth\/me$/,
      run: async (context) => {
        const account = await requireReader(context);
        return jsonResponse(200, { data: { user: toReader(account) } });
      },
    },
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
        const counts = await store.countApproved(ids);
        return jsonResponse(200, { data: counts }, COUNTS_CACHE);
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
        const limit = limitParam === null ? pageSize : Number(limitParam);
        if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
          throw new CommentsError('invalid_request', { details: { parameter: 'limit', min: 1, max: MAX_PAGE_SIZE } });
        }
        const [published, comments] = await Promise.all([store.findArticle(article), store.listApproved(article, { afterId, limit: limit + 1 })]);
        if (!published) throw new CommentsError('article_not_found');
        const page = comments.slice(0, limit);
        const last = page.at(-1);
        const nextCursor = comments.length > limit && last ? encodeCursor(last.id) : null;
        return jsonResponse(200, { data: page.map(toPublicComment), meta: { nextCursor } }, LIST_CACHE);
      },
    },
    /**
     * POST /comments — authenticated; Origin-checked. JSON { article, body, website?, locale? },
     * optional header Idempotency-Key. 201 { data: PublicComment, meta: { moderation } }; a retry with
     * the same key answers the stored comment again (Idempotent-Replayed: true), never a second one.
     * `body` is unsanitised reader input, stored as plain text.
     */
    {
      method: 'POST',
      pattern: /^\/comments$/,
      run: async (context) => {
        const account = await requireReader(context);
        const input = await parseBody(context, postCommentRequestSchema);
        if (isHoneypotFilled(input.website)) throw new CommentsError('spam_detected');
        if (!DOCUMENT_ID.test(input.article)) throw new CommentsError('invalid_article_id', { details: { parameter: 'article' } });
        const body = checkBody(input.body);
        const key = context.request.headers.get('idempotency-key');
        if (key !== null && !IDEMPOTENCY_KEY.test(key)) throw new CommentsError('invalid_idempotency_key');

        const at = now().getTime();
        const [existing, article, recent, matcher] = await Promise.all([
          key === null ? null : store.findByIdempotencyKey(account.id, key),
          store.findArticle(input.article),
          store.recentByAuthor(account.id, { since: new Date(at - DAY_MS), take: limits.perMinute }),
          bannedWords(),
        ]);

        const replay = (stored: StoredComment): Response => {
          if (stored.articleDocumentId !== input.article || stored.body !== body) throw new CommentsError('idempotency_key_reused');
          return createdResponse(stored, context.language, true);
        };
        if (existing) return replay(existing);
        if (!article) throw new CommentsError('article_not_found');
        if (recent.total >= limits.perDay) {
          throw new CommentsError('rate_limited', { details: { window: 'day', limit: limits.perDay }, headers: { 'Retry-After': '3600' } });
        }
        // The minute is full when the perMinute-th newest comment of the day is less than a minute old.
        const oldestInMinute = recent.newest[limits.perMinute - 1];
        if (oldestInMinute && at - oldestInMinute.getTime() < 60_000) {
          const retryAfter = Math.max(1, Math.ceil((oldestInMinute.getTime() + 60_000 - at) / 1000));
          throw new CommentsError('rate_limited', { details: { window: 'minute', limit: limits.perMinute }, headers: { 'Retry-After': String(retryAfter) } });
        }

        const decision = decideModeration({ trusted: isTrusted(account), bannedWords: matcher(body) });
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
    /** DELETE /comments/:id — authenticated; Origin-checked; only one's own comment. 204; 404 comment_not_found otherwise. */
    {
      method: 'DELETE',
      pattern: /^\/comments\/(?<id>[^/]+)$/,
      run: async (context) => {
        const account = await requireReader(context);
        const id = context.params.id ?? '';
        if (!DOCUMENT_ID.test(id) || !(await store.deleteOwnComment(id, account.id))) throw new CommentsError('comment_not_found');
        return new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } });
      },
    },
  ];

  function toCommentsError(error: unknown): CommentsError {
    if (error instanceof CommentsError) return error;
    if (error instanceof StoreUnavailableError) return new CommentsError('cms_unavailable', { headers: { 'Retry-After': '30' }, cause: error });
    if (error instanceof StoreResponseError) return new CommentsError('cms_error', { cause: error });
    if (error instanceof AccountExistsError) return new CommentsError('account_exists', { cause: error });
    if (error instanceof InvalidCredentialsError) return new CommentsError('invalid_credentials', { cause: error });
    if (error instanceof AccountBlockedError) return new CommentsError('account_blocked', { cause: error });
    if (error instanceof AuthRateLimitedError) return new CommentsError('rate_limited', { headers: { 'Retry-After': '60' }, cause: error });
    if (error instanceof RegistrationRejectedError) {
      const code = error.field === 'email' ? 'invalid_email' : error.field === 'username' ? 'invalid_username' : error.field === 'password' ? 'weak_password' : 'invalid_request';
      return new CommentsError(code, { cause: error });
    }
    return new CommentsError('internal_error', { cause: error });
  }

  function errorResponse(error: CommentsError, language: Locale): Response {
    return jsonResponse(
      error.status,
      { error: { code: error.code, message: errorMessage(error.code, language), status: error.status, ...(error.details ? { details: error.details } : {}) } },
      error.headers,
    );
  }

  async function route(context: Context): Promise<Response> {
    const { request } = context;
    const origin = request.headers.get('origin');
    if (request.method === 'OPTIONS') {
      const headers = preflightHeaders(origin, origins);
      if (!headers) throw new CommentsError('forbidden_origin');
      return new Response(null, { status: 204, headers });
    }
    const path = context.url.pathname.startsWith(`${basePath}/`) ? context.url.pathname.slice(basePath.length).replace(/\/+$/, '') : null;
    if (path === null) throw new CommentsError('not_found');
    const matching = routes.filter((candidate) => candidate.pattern.test(path));
    // /comments/counts also matches DELETE /comments/:id's pattern: prefer a route of the request's method.
    const chosen = matching.find((candidate) => candidate.method === request.method);
    if (!chosen) {
      if (matching.length === 0) throw new CommentsError('not_found');
      throw new CommentsError('method_not_allowed', { headers: { Allow: [...new Set(matching.map((candidate) => candidate.method)), 'OPTIONS'].join(', ') } });
    }
    checkUnsafeOrigin(request, origins, cookie.name);
    context.params = { ...chosen.pattern.exec(path)?.groups };
    return chosen.run(context);
  }

  return async (request) => {
    const url = new URL(request.url);
    const context: Context = { request, url, language: readerLanguage(request), params: {} };
    let response: Response;
    try {
      response = await route(context);
    } catch (caught) {
      const error = toCommentsError(caught);
      if (error.status >= 500) options.onError?.(caught, { method: request.method, path: url.pathname });
      response = errorResponse(error, context.language);
    }
    for (const [name, value] of Object.entries(corsHeaders(request.headers.get('origin'), origins))) {
      if (name === 'Vary') response.headers.append('Vary', value);
      else response.headers.set(name, value);
    }
    response.headers.set('Content-Language', context.language);
    return response;
  };
}
