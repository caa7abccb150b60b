/**
 * Readers' sessions. A session is the JWT users-permissions issues at
 * register/login (HS256, signed with the CMS's JWT_SECRET, payload
 * `{ id, iat, exp }`); the function verifies it itself with jose, without a
 * round trip to Strapi.
 *
 * Where the token travels (decided here, documented in comments/README.md):
 * - the login and register routes set it as an HttpOnly, SameSite=Lax cookie
 *   (Secure on https): the browser island never touches it, so an injected
 *   script cannot steal a session; unsafe requests riding on the cookie must
 *   come from the site's own Origin (http.ts, checkUnsafeOrigin);
 * - `Authorization: Bearer <token>` is accepted too, for non-browser clients
 *   and tests; it wins over the cookie when both are present.
 * A forged, expired, malformed or missing token is a 401 `unauthorized`.
 */
import { errors as joseErrors, jwtVerify, decodeJwt } from 'jose';
import { z } from 'zod';
import { CommentsError } from './errors.ts';
import { readCookie } from './http.ts';

export type TokenSource = 'bearer' | 'cookie';
export type VerifiedSession = { readerId: number; expiresAt: Date; source: TokenSource };

/** The claims users-permissions puts in a reader's JWT (legacy-support mode, Strapi's default). */
const readerClaimsSchema = z.object({
  id: z.number().int().positive(),
  exp: z.number().int().positive(),
});

/** The token of a request and where it came from; null when there is none. */
export function tokenOf(request: Request, cookieName: string): { token: string; source: TokenSource } | null {
  const authorization = request.headers.get('authorization');
  if (authorization !== null) {
    const match = /^bearer\s+(\S+)\s*$/i.exec(authorization);
    // A malformed Authorization header is a client error, never a fall-back to the cookie.
    if (!match?.[1]) throw new CommentsError('unauthorized', { details: { reason: 'malformed Authorization header' } });
    return { token: match[1], source: 'bearer' };
  }
  const cookie = readCookie(request, cookieName);
  return cookie ? { token: cookie, source: 'cookie' } : null;
}

export type SessionVerifier = (request: Request) => Promise<VerifiedSession>;

/** Builds the verifier of readers' JWTs for one secret (the CMS's JWT_SECRET). */
export function createSessionVerifier(options: { jwtSecret: string; cookieName: string; now?: () => Date }): SessionVerifier {
  const key = new TextEncoder().encode(options.jwtSecret);
  return async (request) => {
    const found = tokenOf(request, options.cookieName);
    if (!found) throw new CommentsError('unauthorized', { details: { reason: 'no token' } });
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(found.token, key, {
        algorithms: ['HS256'],
        requiredClaims: ['exp'],
        ...(options.now ? { currentDate: options.now() } : {}),
      }));
    } catch (error) {
      const reason = error instanceof joseErrors.JWTExpired ? 'expired' : error instanceof joseErrors.JOSEError ? error.code : 'invalid';
      throw new CommentsError('unauthorized', { details: { reason }, cause: error });
    }
    const claims = readerClaimsSchema.safeParse(payload);
    if (!claims.success) throw new CommentsError('unauthorized', { details: { reason: 'unexpected claims' } });
    return { readerId: claims.data.id, expiresAt: new Date(claims.data.exp * 1000), source: found.source };
  };
}

/** When a token Strapi just issued expires (read, not verified: it comes straight from Strapi). */
export function tokenExpiry(token: string): Date {
  const exp = z.number().int().positive().safeParse(decodeJwt(token).exp);
  if (!exp.success) throw new Error('the JWT users-permissions issued has no numeric exp claim');
  return new Date(exp.data * 1000);
}
