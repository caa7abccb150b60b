/**
 * Readers' accounts through the function, against a real Strapi:
 * register, log in, the session (cookie and Bearer), /auth/me, and every
 * way a token is refused.
 */
import { SignJWT } from 'jose';
import { authResponseSchema, meResponseSchema } from '@tilshi/shared-types';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, errorCode, makeHandler, registerReader, setReaderFlags, strapi, strapiRest, type TestReader } from './support.ts';

const handler = makeHandler();

async function signed(claims: Record<string, unknown>, secret: string, expiresAt: number): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt().setExpirationTime(expiresAt).sign(new TextEncoder().encode(secret));
}

describe('POST /api/auth/register', () => {
  it('creates a reader, answers 201 with the user (no e-mail) and sets an HttpOnly session cookie', async () => {
    const username = `newreader_${Date.now()}`;
    const answer = await call(handler, 'POST', '/api/auth/register', { body: { username, email: `${username}@example.com`, password: 'Reader-pass-1' } });
    expect(answer.status).toBe(201);
    const { data } = authResponseSchema.parse(answer.json);
    expect(data.user).toEqual({ id: expect.any(Number), username, trusted: false });
    expect(answer.text).not.toContain('@');
    const cookie = answer.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^tilshi_session=[\w.-]+; Path=\/api; Max-Age=\d+; HttpOnly; SameSite=Lax; Secure$/);
  });

  it('refuses an e-mail or username that is taken with 409 account_exists', async () => {
    const reader = await registerReader(handler);
    const sameEmail = await call(handler, 'POST', '/api/auth/register', { body: { username: `other_${Date.now()}`, email: reader.email, password: 'Reader-pass-1' } });
    expect(sameEmail.status).toBe(409);
    expect(errorCode(sameEmail)).toBe('account_exists');
    const sameName = await call(handler, 'POST', '/api/auth/register', { body: { username: reader.username, email: `x${Date.now()}@example.com`, password: 'Reader-pass-1' } });
    expect(errorCode(sameName)).toBe('account_exists');
  });

  it.each([
    ['weak_password', { password: 'short1' }],
    ['weak_password', { password: 'onlyletters' }],
    ['weak_password', { password: '1234567890' }],
    ['invalid_email', { email: 'not-an-email' }],
    ['invalid_username', { username: 'ab' }],
    ['invalid_username', { username: 'with space' }],
    ['invalid_username', { username: '<script>' }],
    ['spam_detected', { website: 'http://spam.example' }],
    ['invalid_request', { password: 12345678 }],
  ])('refuses bad input with 400 %s', async (code, patch) => {
    const unique = `r${Date.now()}${Math.floor(Math.random() * 1000)}`;
    const body = { username: unique, email: `${unique}@example.com`, password: 'Reader-pass-1', ...patch };
    const answer = await call(handler, 'POST', '/api/auth/register', { body });
    expect(answer.status).toBe(400);
    expect(errorCode(answer)).toBe(code);
  });

  it('accepts a Cyrillic or Kazakh username', async () => {
    const username = `Айгүл_${Date.now() % 100000}`;
    const answer = await call(handler, 'POST', '/api/auth/register', { body: { username, email: `aigul${Date.now()}@example.com`, password: 'Құпия-сөз-1' } });
    expect(answer.status).toBe(201);
    expect(authResponseSchema.parse(answer.json).data.user.username).toBe(username);
  });

  it('cannot make a reader trusted: Strapi refuses the field, and the function never forwards it', async () => {
    const direct = await strapiRest('POST', '/api/auth/local/register', null, {
      username: `sneaky${Date.now()}`,
      email: `sneaky${Date.now()}@example.com`,
      password: 'Reader-pass-1',
      trusted: true,
    });
    expect(direct.status).toBe(400);
    const name = `sneaky2_${Date.now()}`;
    const viaFunction = await call(handler, 'POST', '/api/auth/register', { body: { username: name, email: `${name}@example.com`, password: 'Reader-pass-1', trusted: true } });
    expect(viaFunction.status).toBe(201);
    expect(authResponseSchema.parse(viaFunction.json).data.user.trusted).toBe(false);
  });

  it('answers in Kazakh when the reader reads the Kazakh site', async () => {
    const answer = await call(handler, 'POST', '/api/auth/register', {
      body: { username: 'ab', email: 'a@example.com', password: 'Reader-pass-1' },
      headers: { 'Accept-Language': 'kk-KZ,kk;q=0.9,ru;q=0.5' },
    });
    expect(answer.headers.get('content-language')).toBe('kk');
    expect(answer.text).toContain('Пайдаланушы аты');
  });
});

describe('POST /api/auth/login', () => {
  let reader: TestReader;
  beforeAll(async () => {
    reader = await registerReader(handler);
  });

  it('logs in by e-mail (any case) and by username, answering the session and setting the cookie', async () => {
    for (const identifier of [reader.email.toUpperCase(), reader.username]) {
      const answer = await call(handler, 'POST', '/api/auth/login', { body: { identifier, password: reader.password } });
      expect(answer.status).toBe(200);
      const { data } = authResponseSchema.parse(answer.json);
      expect(data.user.id).toBe(reader.id);
      expect(new Date(data.expiresAt).getTime()).toBeGreaterThan(Date.now() + 24 * 3600 * 1000);
      expect(answer.headers.get('set-cookie')).toContain('HttpOnly');
    }
  });

  it('refuses a wrong password with 401 invalid_credentials', async () => {
    const answer = await call(handler, 'POST', '/api/auth/login', { body: { identifier: reader.email, password: 'Wrong-pass-1' } });
    expect(answer.status).toBe(401);
    expect(errorCode(answer)).toBe('invalid_credentials');
  });

  it('refuses a blocked reader with 403 account_blocked, at login and with an existing token', async () => {
    const blocked = await registerReader(handler, 'blocked');
    await setReaderFlags(blocked.id, { blocked: true });
    const login = await call(handler, 'POST', '/api/auth/login', { body: { identifier: blocked.email, password: blocked.password } });
    expect(login.status).toBe(403);
    expect(errorCode(login)).toBe('account_blocked');
    const me = await call(handler, 'GET', '/api/auth/me', { token: blocked.token });
    expect(me.status).toBe(403);
    expect(errorCode(me)).toBe('account_blocked');
  });
});

describe('GET /api/auth/me', () => {
  let reader: TestReader;
  beforeAll(async () => {
    reader = await registerReader(handler);
  });

  it('answers the reader for a Bearer token and for the session cookie', async () => {
    const bearer = await call(handler, 'GET', '/api/auth/me', { token: reader.token });
    expect(bearer.status).toBe(200);
    expect(meResponseSchema.parse(bearer.json).data.user).toEqual({ id: reader.id, username: reader.username, trusted: false });
    const cookie = await call(handler, 'GET', '/api/auth/me', { headers: { Cookie: `tilshi_session=${reader.token}` } });
    expect(meResponseSchema.parse(cookie.json).data.user.id).toBe(reader.id);
    expect(cookie.headers.get('cache-control')).toBe('no-store');
  });

  it('shows the trusted flag a moderator set in the panel', async () => {
    const trusted = await registerReader(handler, 'trusted');
    await setReaderFlags(trusted.id, { trusted: true });
    const answer = await call(handler, 'GET', '/api/auth/me', { token: trusted.token });
    expect(meResponseSchema.parse(answer.json).data.user.trusted).toBe(true);
  });

  it('answers 401 unauthorized without a token', async () => {
    const answer = await call(handler, 'GET', '/api/auth/me');
    expect(answer.status).toBe(401);
    expect(errorCode(answer)).toBe('unauthorized');
  });

  it('answers 401 to a token forged with another secret, even for a real reader id', async () => {
    const forged = await signed({ id: reader.id }, 'not-the-cms-secret-but-long-enough', Math.floor(Date.now() / 1000) + 3600);
    const answer = await call(handler, 'GET', '/api/auth/me', { token: forged });
    expect(answer.status).toBe(401);
    expect(errorCode(answer)).toBe('unauthorized');
  });

  it('answers 401 to an expired token signed with the real secret', async () => {
    const expired = await signed({ id: reader.id }, strapi.jwtSecret, Math.floor(Date.now() / 1000) - 10);
    const answer = await call(handler, 'GET', '/api/auth/me', { token: expired });
    expect(answer.status).toBe(401);
  });

  it('answers 401 to a valid token of a reader who no longer exists', async () => {
    const ghost = await signed({ id: 987654 }, strapi.jwtSecret, Math.floor(Date.now() / 1000) + 3600);
    const answer = await call(handler, 'GET', '/api/auth/me', { token: ghost });
    expect(answer.status).toBe(401);
  });
});

describe('POST /api/auth/logout', () => {
  it('clears the session cookie', async () => {
    const answer = await call(handler, 'POST', '/api/auth/logout');
    expect(answer.status).toBe(204);
    expect(answer.headers.get('set-cookie')).toMatch(/^tilshi_session=; Path=\/api; Max-Age=0; HttpOnly/);
  });
});
