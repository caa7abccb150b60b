import { SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createSessionVerifier, tokenExpiry, tokenOf } from './auth.ts';
import { CommentsError } from './errors.ts';

const SECRET = 'a-test-secret-of-the-users-permissions-plugin';
const verify = createSessionVerifier({ jwtSecret: SECRET, cookieName: 'sid' });

/** A token as users-permissions issues it: HS256, { id, iat, exp }. */
async function issue(claims: Record<string, unknown>, secret = SECRET, expiresIn: string | number = '30d'): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt().setExpirationTime(expiresIn).sign(new TextEncoder().encode(secret));
}

function withBearer(token: string): Request {
  return new Request('http://x/api/auth/me', { headers: { Authorization: `Bearer ${token}` } });
}

async function reasonOf(request: Request): Promise<unknown> {
  try {
    await verify(request);
  } catch (error) {
    if (error instanceof CommentsError) return { code: error.code, reason: error.details?.reason };
    throw error;
  }
  return 'accepted';
}

describe('createSessionVerifier', () => {
  it('accepts a users-permissions token from the Bearer header', async () => {
    const session = await verify(withBearer(await issue({ id: 7 })));
    expect(session).toMatchObject({ readerId: 7, source: 'bearer' });
    expect(session.expiresAt.getTime()).toBeGreaterThan(Date.now());
  });

  it('accepts the token from the session cookie', async () => {
    const token = await issue({ id: 8 });
    const session = await verify(new Request('http://x/', { headers: { Cookie: `other=1; sid=${token}` } }));
    expect(session).toMatchObject({ readerId: 8, source: 'cookie' });
  });

  it('prefers the Bearer header over the cookie', async () => {
    const request = new Request('http://x/', { headers: { Authorization: `Bearer ${await issue({ id: 1 })}`, Cookie: `sid=${await issue({ id: 2 })}` } });
    expect((await verify(request)).readerId).toBe(1);
  });

  it('refuses a request without a token', async () => {
    expect(await reasonOf(new Request('http://x/'))).toEqual({ code: 'unauthorized', reason: 'no token' });
  });

  it('refuses a token signed with another secret (forged)', async () => {
    expect(await reasonOf(withBearer(await issue({ id: 7 }, 'another-secret-entirely-0000000000')))).toMatchObject({ code: 'unauthorized' });
  });

  it('refuses an expired token', async () => {
    const expired = await issue({ id: 7 }, SECRET, Math.floor(Date.now() / 1000) - 60);
    expect(await reasonOf(withBearer(expired))).toEqual({ code: 'unauthorized', reason: 'expired' });
  });

  it('refuses an unsigned token (alg: none)', async () => {
    const unsigned = new UnsecuredJWT({ id: 7 }).setExpirationTime('1h').encode();
    expect(await reasonOf(withBearer(unsigned))).toMatchObject({ code: 'unauthorized' });
  });

  it('refuses a validly signed token without a numeric reader id or without exp', async () => {
    expect(await reasonOf(withBearer(await issue({ id: 'admin' })))).toEqual({ code: 'unauthorized', reason: 'unexpected claims' });
    const noExp = await new SignJWT({ id: 7 }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(SECRET));
    expect(await reasonOf(withBearer(noExp))).toMatchObject({ code: 'unauthorized' });
  });

  it('refuses garbage and a malformed Authorization header', async () => {
    expect(await reasonOf(withBearer('not.a.jwt'))).toMatchObject({ code: 'unauthorized' });
    expect(await reasonOf(new Request('http://x/', { headers: { Authorization: 'Basic dXNlcjpwYXNz' } }))).toEqual({
      code: 'unauthorized',
      reason: 'malformed Authorization header',
    });
  });
});

describe('tokenOf', () => {
  it('finds no token in a request without one', () => {
    expect(tokenOf(new Request('http://x/'), 'sid')).toBeNull();
  });
});

describe('tokenExpiry', () => {
  it('reads the exp claim of a token', async () => {
    const exp = Math.floor(Date.now() / 1000) + 3600;
    expect(tokenExpiry(await issue({ id: 1 }, SECRET, exp)).getTime()).toBe(exp * 1000);
  });
});
