/**
 * Web-standard HTTP helpers of the handler: JSON answers, reading a request
 * body within a size limit, the CORS and Origin (CSRF) checks, and cookies.
 */
import { CommentsError } from './errors.ts';

/**
 * JSON with `<`, `>`, `&` and the JavaScript line separators escaped
 * (`\u003c`…): still the same JSON, but inert even if someone pastes it into
 * an HTML page or a <script> block.
 */
export function safeJsonStringify(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function jsonResponse(status: number, body: unknown, headers: HeadersInit = {}): Response {
  const response = new Response(safeJsonStringify(body), { status, headers });
  response.headers.set('Content-Type', 'application/json; charset=utf-8');
  // Browsers must never sniff the JSON into HTML.
  response.headers.set('X-Content-Type-Options', 'nosniff');
  if (!response.headers.has('Cache-Control')) response.headers.set('Cache-Control', 'no-store');
  return response;
}

/**
 * Reads a JSON request body of at most `limitBytes`: 415 unless it is JSON,
 * 413 as soon as the declared length or the bytes read pass the limit (the
 * stream is cancelled, so an endless body costs nothing), 400 invalid_json
 * when it does not parse.
 */
export async function readJsonBody(request: Request, limitBytes: number): Promise<unknown> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type)) {
    throw new CommentsError('unsupported_media_type', { details: { contentType: type.slice(0, 100) } });
  }
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limitBytes) {
    throw new CommentsError('payload_too_large', { details: { limitBytes } });
  }
  if (!request.body) throw new CommentsError('invalid_json', { details: { reason: 'empty body' } });
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch (error) {
      // The client went away mid-body (or the host failed to deliver it): a client-side failure, not ours.
      throw new CommentsError('invalid_request', { details: { reason: 'the request body could not be read' }, cause: error });
    }
    const { done, value } = chunk;
    if (done) break;
    size += value.byteLength;
    if (size > limitBytes) {
      await reader.cancel().catch(() => {});
      throw new CommentsError('payload_too_large', { details: { limitBytes } });
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw new CommentsError('invalid_json', { details: { reason: 'not UTF-8' }, cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CommentsError('invalid_json', {
      details: { reason: error instanceof Error ? error.message.slice(0, 200) : 'unparsable' },
      cause: error,
    });
  }
}

export const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * CORS for the site's own origins only: a request from one of them gets
 * `Access-Control-Allow-Origin` with credentials; any other origin gets no
 * CORS headers at all, so its browser refuses to hand it the answer.
 */
export function corsHeaders(origin: string | null, allowedOrigins: readonly string[]): Record<string, string> {
  if (!origin || !allowedOrigins.includes(origin)) return { Vary: 'Origin' };
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Credentials': 'true',
    'Access-Control-Expose-Headers': 'Retry-After, Idempotent-Replayed',
    Vary: 'Origin',
  };
}

/** Answer to a CORS preflight (OPTIONS): 204 for the site's origins, 403 forbidden_origin otherwise. */
export function preflightHeaders(origin: string | null, allowedOrigins: readonly string[]): Record<string, string> | null {
  if (!origin || !allowedOrigins.includes(origin)) return null;
  return {
    ...corsHeaders(origin, allowedOrigins),
    'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
    'Access-Control-Allow-Headers': 'Content-Type, Authorization, Idempotency-Key, Accept-Language',
    'Access-Control-Max-Age': '600',
  };
}

/**
 * The CSRF check of unsafe methods (POST, DELETE). Browsers send `Origin` on
 * every such request: it must be one of the site's origins. A request without
 * `Origin` (curl, server-to-server) may not ride on the session cookie, which
 * a browser would attach by itself; it must authenticate with a Bearer token
 * or not at all. `Sec-Fetch-Site: cross-site` is refused either way.
 */
export function checkUnsafeOrigin(request: Request, allowedOrigins: readonly string[], cookieName: string): void {
  if (!UNSAFE_METHODS.has(request.method)) return;
  const origin = request.headers.get('origin');
  if (origin !== null) {
    if (!allowedOrigins.includes(origin)) throw new CommentsError('forbidden_origin', { details: { origin: origin.slice(0, 200) } });
    return;
  }
  if (request.headers.get('sec-fetch-site') === 'cross-site') throw new CommentsError('forbidden_origin');
  const usesBearer = /^bearer\s/i.test(request.headers.get('authorization') ?? '');
  if (!usesBearer && readCookie(request, cookieName) !== undefined)
    throw new CommentsError('forbidden_origin', { details: { origin: null } });
}

export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get('cookie');
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index === -1) continue;
    if (part.slice(0, index).trim() === name) {
      const value = part.slice(index + 1).trim();
      try {
        return decodeURIComponent(value);
      } catch {
        return value;
      }
    }
  }
  return undefined;
}

export type CookieOptions = { name: string; secure: boolean; path: string };

/** The session cookie: HttpOnly (page scripts cannot read it), SameSite=Lax, Secure on https sites. */
export function sessionCookie(options: CookieOptions, token: string, maxAgeSeconds: number): string {
  return [
    `${options.name}=${encodeURIComponent(token)}`,
    `Path=${options.path}`,
    `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`,
    'HttpOnly',
    'SameSite=Lax',
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}

export function clearedSessionCookie(options: CookieOptions): string {
  return sessionCookie(options, '', 0);
}
