/**
 * The comments function: one web-standard handler,
 * `(Request, { clientAddress }) => Promise<Response>`, independent of its host.
 * The Astro site mounts it as an on-demand route
 * (`site/src/pages/api/[...path].ts` → `handler(context.request, …)`), which
 * the Node, Netlify and Vercel adapters turn into a server or a serverless
 * function; `node-server.ts` serves it on plain node:http for local runs and
 * the benchmark. It is the only public dynamic surface: it reaches Strapi
 * through a CommentsStore with a server-only token.
 *
 * Routes (under `basePath`, "/api" by default), each documented where it is
 * declared:
 *   OPTIONS *                             CORS preflight, the site's own origins only
 *   routes/auth.ts      POST /auth/register, /auth/verify, /auth/login, /auth/logout,
 *                       /auth/password, /auth/password-reset, /auth/password-reset/confirm,
 *                       /auth/phone, /auth/phone/verify, /auth/notifications;
 *                       GET /auth/me; DELETE /auth/account
 *   routes/comments.ts  GET /comments, /comments/counts; POST /comments, /comments/:id/reports;
 *                       DELETE /comments/:id
 *   routes/notifications.ts  POST /notifications/unsubscribe (token), /internal/changes (the CMS's hook)
 * Every answer is JSON (`{ data, meta }` or `{ error: { code, message, status } }`),
 * with messages in the reader's language.
 */
import { type AddressTrust, readerAddress } from './client-address.ts';
import { CommentsError, errorMessage } from './errors.ts';
import { checkUnsafeOrigin, corsHeaders, jsonResponse, preflightHeaders } from './http.ts';
import type { IdentityMode } from '@tilshi/shared-types';
import type { CountryCode } from 'libphonenumber-js';
import { readerLanguage } from './language.ts';
import { createBucketNamer, createLimiter, DEFAULT_LIMITS, type Limits } from './limits.ts';
import { MailDeliveryError, type Mailer } from './mail.ts';
import { createKit, type Context, type Route } from './route.ts';
import { authRoutes } from './routes/auth.ts';
import { createReplyNotifier } from './notices.ts';
import { createReadCache } from './read-cache.ts';
import { commentRoutes, MAX_PAGE_SIZE } from './routes/comments.ts';
import { notificationRoutes } from './routes/notifications.ts';
import { createSessions } from './sessions.ts';
import { SmsDeliveryError, type SmsSender } from './sms.ts';
import { createOptOutTokens } from './tokens.ts';
import { StoreResponseError, StoreUnavailableError, type CommentsStore } from './store.ts';

export type CommentsHandlerOptions = {
  store: CommentsStore;
  /** The function's own secret (≥ 32 characters): signs readers' sessions and keys rate-limit buckets. */
  sessionSecret: string;
  /** Sends one-time codes, notices and reply notifications to readers (mail.ts). */
  mailer: Mailer;
  /** Sends the SMS codes that confirm mobile numbers (sms.ts). */
  sms: SmsSender;
  /** `phone` (default): commenting needs a mobile number confirmed by SMS; `email`: the e-mail account alone. */
  identity?: IdentityMode;
  /** Countries whose mobile numbers are accepted. Default ["KZ"]. */
  phoneCountries?: readonly CountryCode[];
  /** Reports since the last moderator decision that hide an approved comment. Default 3. */
  reportsToHide?: number;
  /**
   * The comments token's secret (STRAPI_COMMENTS_TOKEN): the CMS's hook (POST /internal/changes) carries a
   * value derived from it. Without it the hook answers 404 and the cache relies on the feed alone.
   */
  hookSecret?: string;
  /** How old the read cache's last look at the change feed may be (read-cache.ts). Default 1000 ms. */
  cacheCheckMs?: number;
  /** The site's own origins, e.g. ["https://tilshi.kz"]; the first decides whether the cookie is Secure and names the site in e-mails. */
  siteOrigins: readonly string[];
  /** Path prefix the routes live under; "/api" by default. */
  basePath?: string;
  /** Where the reader's address comes from (client-address.ts). Default: the socket peer the host reports. */
  addressTrust?: AddressTrust;
  /** Comments per reader, counted from the database so they hold across instances. Default 5 a minute, 50 a day. */
  rateLimits?: { perMinute: number; perDay: number };
  /** Address, account and e-mail limits (limits.ts), each overridable. */
  limits?: Partial<Limits>;
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
  /** Session lifetime, renewal age and longest time from sign-in (sessions.ts). */
  session?: { lifetimeSeconds?: number; renewAfterSeconds?: number; maxAgeSeconds?: number };
  /**
   * Answers that must not tell known from unknown e-mails (register, verify, login, password reset) take
   * at least this long; it must exceed the time of the slowest of them, sending a mail included. Default 1 s.
   */
  authFloorMs?: number;
  now?: () => Date;
  /** Called with every failure answered with a 5xx, for the host's logs. */
  onError?: (error: unknown, request: { method: string; path: string }) => void;
};

/** What the host knows of the connection: the peer's address (Astro's `clientAddress`, node:http's `socket.remoteAddress`). */
export type ConnectionInfo = { clientAddress?: string };

export type CommentsHandler = (request: Request, connection?: ConnectionInfo) => Promise<Response>;

function toCommentsError(error: unknown): CommentsError {
  if (error instanceof CommentsError) return error;
  if (error instanceof StoreUnavailableError)
    return new CommentsError('cms_unavailable', { headers: { 'Retry-After': '30' }, cause: error });
  if (error instanceof StoreResponseError) return new CommentsError('cms_error', { cause: error });
  if (error instanceof MailDeliveryError) return new CommentsError('mail_unavailable', { headers: { 'Retry-After': '60' }, cause: error });
  if (error instanceof SmsDeliveryError) return new CommentsError('sms_unavailable', { headers: { 'Retry-After': '60' }, cause: error });
  return new CommentsError('internal_error', { cause: error });
}

function errorResponse(error: CommentsError, language: Context['language']): Response {
  return jsonResponse(
    error.status,
    {
      error: {
        code: error.code,
        message: errorMessage(error.code, language),
        status: error.status,
        ...(error.details ? { details: error.details } : {}),
      },
    },
    error.headers,
  );
}

/** The CMS hook's Bearer value: HMAC-SHA256 of a fixed label keyed with the comments token's secret (cms/src/api/comment/changes.ts). */
async function hookValue(commentsToken: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(commentsToken), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode('tilshi-comments-hook'));
  return Array.from(new Uint8Array(mac), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export function createCommentsHandler(options: CommentsHandlerOptions): CommentsHandler {
  const basePath = (options.basePath ?? '/api').replace(/\/+$/, '');
  const origins = options.siteOrigins;
  const now = options.now ?? (() => new Date());
  const addressTrust = options.addressTrust ?? { kind: 'socket' };
  const cookie = { name: options.cookieName ?? 'tilshi_session', path: basePath || '/', secure: (origins[0] ?? '').startsWith('https://') };
  const reportError = (error: unknown, what: string) => options.onError?.(error, { method: 'internal', path: what });
  const cache = createReadCache({
    store: options.store,
    now,
    ...(options.cacheCheckMs === undefined ? {} : { checkEveryMs: options.cacheCheckMs }),
    onError: (error) => reportError(error, 'change feed'),
  });
  const tokens = createOptOutTokens(options.sessionSecret);
  const siteOrigin = origins[0] ?? '';
  const siteName = origins[0] ? new URL(origins[0]).host : 'tilshi';
  const sendReplyNotices = createReplyNotifier({
    store: options.store,
    mailer: options.mailer,
    tokens,
    siteOrigin,
    siteName,
    basePath,
    onError: (error) => reportError(error, 'reply notices'),
  });
  const kit = createKit({
    store: options.store,
    sessions: createSessions({ secret: options.sessionSecret, cookieName: cookie.name, now, ...options.session }),
    limit: createLimiter({
      store: options.store,
      secret: options.sessionSecret,
      now,
      ...(options.limits ? { limits: options.limits } : {}),
    }),
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    bucketOf: createBucketNamer(options.sessionSecret),
    mailer: options.mailer,
    sms: options.sms,
    identity: options.identity ?? 'phone',
    phoneCountries: options.phoneCountries ?? ['KZ'],
    siteOrigin,
    tokens,
    cache,
    sendReplyNotices,
    hookSecret: options.hookSecret ? hookValue(options.hookSecret) : Promise.resolve(''),
    cookie,
    maxBodyBytes: options.maxBodyBytes ?? 32 * 1024,
    autoTrustAfter: options.autoTrustAfter ?? 3,
    siteName,
    authFloorMs: options.authFloorMs ?? 1000,
    now,
  });
  const routes: Route[] = [
    ...authRoutes(kit),
    ...commentRoutes(kit, {
      rateLimits: options.rateLimits ?? { perMinute: 5, perDay: 50 },
      pageSize: Math.min(options.pageSize ?? 20, MAX_PAGE_SIZE),
      bannedWordsTtlMs: options.bannedWordsTtlMs ?? 60_000,
      reportsToHide: options.reportsToHide ?? 3,
    }),
    ...notificationRoutes(kit),
  ];

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
      throw new CommentsError('method_not_allowed', {
        headers: { Allow: [...new Set(matching.map((candidate) => candidate.method)), 'OPTIONS'].join(', ') },
      });
    }
    if (!chosen.anyOrigin) checkUnsafeOrigin(request, origins, cookie.name);
    context.params = { ...chosen.pattern.exec(path)?.groups };
    return chosen.run(context);
  }

  return async (request, connection = {}) => {
    const url = new URL(request.url);
    const context: Context = {
      request,
      url,
      language: readerLanguage(request),
      params: {},
      address: readerAddress(request, connection.clientAddress, addressTrust),
      extraHeaders: new Headers(),
    };
    let response: Response;
    try {
      response = await route(context);
    } catch (caught) {
      const error = toCommentsError(caught);
      if (error.status >= 500) options.onError?.(caught, { method: request.method, path: url.pathname });
      response = errorResponse(error, context.language);
    }
    for (const cookieLine of context.extraHeaders.getSetCookie()) response.headers.append('Set-Cookie', cookieLine);
    for (const [name, value] of Object.entries(corsHeaders(request.headers.get('origin'), origins))) {
      if (name === 'Vary') response.headers.append('Vary', value);
      else response.headers.set(name, value);
    }
    response.headers.set('Content-Language', context.language);
    return response;
  };
}
