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
 *                       /auth/password, /auth/password-reset, /auth/password-reset/confirm;
 *                       GET /auth/me
 *   routes/comments.ts  GET /comments, /comments/counts; POST /comments; DELETE /comments/:id
 * Every answer is JSON (`{ data, meta }` or `{ error: { code, message, status } }`),
 * with messages in the reader's language.
 */
import { type AddressTrust, readerAddress } from './client-address.ts';
import { CommentsError, errorMessage } from './errors.ts';
import { checkUnsafeOrigin, corsHeaders, jsonResponse, preflightHeaders } from './http.ts';
import { readerLanguage } from './language.ts';
import { createLimiter, type Limits } from './limits.ts';
import { MailDeliveryError, type Mailer } from './mail.ts';
import { createKit, type Context, type Route } from './route.ts';
import { authRoutes } from './routes/auth.ts';
import { commentRoutes, MAX_PAGE_SIZE } from './routes/comments.ts';
import { createSessions } from './sessions.ts';
import { StoreResponseError, StoreUnavailableError, type CommentsStore } from './store.ts';

export type CommentsHandlerOptions = {
  store: CommentsStore;
  /** The function's own secret (≥ 32 characters): signs readers' sessions and keys rate-limit buckets. */
  sessionSecret: string;
  /** Sends one-time codes and notices to readers (mail.ts). */
  mailer: Mailer;
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
  if (error instanceof StoreUnavailableError) return new CommentsError('cms_unavailable', { headers: { 'Retry-After': '30' }, cause: error });
  if (error instanceof StoreResponseError) return new CommentsError('cms_error', { cause: error });
  if (error instanceof MailDeliveryError) return new CommentsError('mail_unavailable', { headers: { 'Retry-After': '60' }, cause: error });
  return new CommentsError('internal_error', { cause: error });
}

function errorResponse(error: CommentsError, language: Context['language']): Response {
  return jsonResponse(
    error.status,
    { error: { code: error.code, message: errorMessage(error.code, language), status: error.status, ...(error.details ? { details: error.details } : {}) } },
    error.headers,
  );
}

export function createCommentsHandler(options: CommentsHandlerOptions): CommentsHandler {
  const basePath = (options.basePath ?? '/api').replace(/\/+$/, '');
  const origins = options.siteOrigins;
  const now = options.now ?? (() => new Date());
  const addressTrust = options.addressTrust ?? { kind: 'socket' };
  const cookie = { name: options.cookieName ?? 'tilshi_session', path: basePath || '/', secure: (origins[0] ?? '').startsWith('https://') };
  const kit = createKit({
    store: options.store,
    sessions: createSessions({ secret: options.sessionSecret, cookieName: cookie.name, now, ...options.session }),
    limit: createLimiter({ store: options.store, secret: options.sessionSecret, now, ...(options.limits ? { limits: options.limits } : {}) }),
    mailer: options.mailer,
    cookie,
    maxBodyBytes: options.maxBodyBytes ?? 32 * 1024,
    autoTrustAfter: options.autoTrustAfter ?? 3,
    siteName: origins[0] ? new URL(origins[0]).host : 'tilshi',
    authFloorMs: options.authFloorMs ?? 1000,
    now,
  });
  const routes: Route[] = [
    ...authRoutes(kit),
    ...commentRoutes(kit, {
      rateLimits: options.rateLimits ?? { perMinute: 5, perDay: 50 },
      pageSize: Math.min(options.pageSize ?? 20, MAX_PAGE_SIZE),
      bannedWordsTtlMs: options.bannedWordsTtlMs ?? 60_000,
    }),
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
      throw new CommentsError('method_not_allowed', { headers: { Allow: [...new Set(matching.map((candidate) => candidate.method)), 'OPTIONS'].join(', ') } });
    }
    checkUnsafeOrigin(request, origins, cookie.name);
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
