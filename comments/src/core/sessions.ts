/**
 * Readers' sessions, issued and checked by the function itself.
 *
 * A session is an HS256 JWT signed with the function's own secret
 * (`COMMENTS_SESSION_SECRET`, not the CMS's users-permissions secret, so
 * Strapi never accepts it and the function never accepts Strapi's):
 * `{ sub: <reader id>, sv: <session version>, at: <time of sign-in>, iat, exp }`.
 *
 * - It travels only as the HttpOnly, SameSite=Lax cookie (Secure on https);
 *   answers never carry it in their body, so page scripts cannot read it.
 *   `Authorization: Bearer` is accepted too, for non-browser clients.
 * - It ends: `exp` is at most `lifetimeSeconds` (7 days) after it was issued,
 *   and a signed-in request renews it once it is older than
 *   `renewAfterSeconds` (a day) — up to `maxAgeSeconds` (60 days) after the
 *   reader signed in, when they must sign in again.
 * - It can be revoked: `sv` must equal the account's session version, which
 *   logout and a password change move on (the CMS keeps it), so every session
 *   of that reader ends at once on every device.
 * A forged, expired, malformed, revoked or missing token is a 401 `unauthorized`.
 */
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { CommentsError } from './errors.ts';
import { readCookie } from './http.ts';

export type TokenSource = 'bearer' | 'cookie';
export type VerifiedSession = {
  readerId: number;
  sessionVersion: number;
  /** When the reader signed in (seconds since the epoch); renewals keep it. */
  authTime: number;
  issuedAt: number;
  expiresAt: Date;
  source: TokenSource;
};
export type IssuedToken = { token: string; expiresAt: Date };

export type SessionOptions = {
  /** The function's own signing secret (≥ 32 characters). */
  secret: string;
  cookieName: string;
  lifetimeSeconds?: number;
  renewAfterSeconds?: number;
  maxAgeSeconds?: number;
  now?: () => Date;
};

const ISSUER = 'tilshi-comments';
const AUDIENCE = 'tilshi-reader';

const claimsSchema = z.object({
  sub: z.string().regex(/^[1-9]\d{0,15}$/),
  sv: z.number().int().nonnegative(),
  at: z.number().int().positive(),
  iat: z.number().int().positive(),
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

export type Sessions = ReturnType<typeof createSessions>;

export function createSessions(options: SessionOptions) {
  const key = new TextEncoder().encode(options.secret);
  const lifetime = options.lifetimeSeconds ?? 7 * 24 * 3600;
  const renewAfter = options.renewAfterSeconds ?? 24 * 3600;
  const maxAge = options.maxAgeSeconds ?? 60 * 24 * 3600;
  const nowSeconds = () => Math.floor((options.now?.() ?? new Date()).getTime() / 1000);

  return {
    /** A new session token; `authTime` (seconds) carries over when a session is renewed. */
    async issue(grant: { userId: number; sessionVersion: number }, authTime?: number): Promise<IssuedToken> {
      const now = nowSeconds();
      const signedIn = authTime ?? now;
      const exp = Math.min(now + lifetime, signedIn + maxAge);
      const token = await new SignJWT({ sv: grant.sessionVersion, at: signedIn })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(String(grant.userId))
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt(now)
        .setExpirationTime(exp)
        .sign(key);
      return { token, expiresAt: new Date(exp * 1000) };
    },

    /** The request's session, checked cryptographically (the session version is checked against the account by the caller). */
    async verify(request: Request): Promise<VerifiedSession> {
      const found = tokenOf(request, options.cookieName);
      if (!found) throw new CommentsError('unauthorized', { details: { reason: 'no token' } });
      let payload: unknown;
      try {
        ({ payload } = await jwtVerify(found.token, key, {
          algorithms: ['HS256'],
          issuer: ISSUER,
          audience: AUDIENCE,
          requiredClaims: ['exp', 'iat', 'sub'],
          currentDate: new Date(nowSeconds() * 1000),
        }));
      } catch (error) {
        const reason = error instanceof joseErrors.JWTExpired ? 'expired' : error instanceof joseErrors.JOSEError ? error.code : 'invalid';
        throw new CommentsError('unauthorized', { details: { reason }, cause: error });
      }
      const claims = claimsSchema.safeParse(payload);
      if (!claims.success) throw new CommentsError('unauthorized', { details: { reason: 'unexpected claims' } });
      const { sub, sv, at, iat, exp } = claims.data;
      return {
        readerId: Number(sub),
        sessionVersion: sv,
        authTime: at,
        issuedAt: iat,
        expiresAt: new Date(exp * 1000),
        source: found.source,
      };
    },

    /** Whether a valid session should be replaced by a fresh one (old enough, and the sign-in not too old). */
    needsRenewal(session: VerifiedSession): boolean {
      const now = nowSeconds();
      return now - session.issuedAt >= renewAfter && session.authTime + maxAge > now + renewAfter;
    },
  };
}
