/**
 * Readers' accounts through the function, against a real Strapi and a real
 * SMTP server: registration with an e-mailed code, login, sessions that end
 * (logout, password change, expiry, renewal), password reset, and the
 * attacks of issue #12 — enumeration by answer and by time, one lockout for
 * everyone, Strapi's own routes and tokens used around the function.
 */
import { SignJWT } from 'jose';
import { authResponseSchema, codeSentResponseSchema, meResponseSchema } from '@tilshi/shared-types';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../src/core/limits.ts';
import {
  call,
  errorCode,
  makeHandler,
  registerReader,
  SESSION_SECRET,
  sessionTokenOf,
  setReaderFlags,
  smtp,
  strapi,
  strapiRest,
  type Answer,
  type TestReader,
} from './support.ts';

const handler = makeHandler();
let unique = 0;
const fresh = (prefix = 'r') => {
  unique += 1;
  const name = `${prefix}${Date.now().toString(36)}${unique}`;
  return { username: name, email: `${name}@example.com`, password: 'Reader-pass-1' };
};

async function signed(claims: Record<string, unknown>, secret: string, expiresAt: number, subject?: string): Promise<string> {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt().setExpirationTime(expiresAt);
  if (subject) jwt.setSubject(subject).setIssuer('tilshi-comments').setAudience('tilshi-reader');
  return jwt.sign(new TextEncoder().encode(secret));
}

const login = (identifier: string, password: string, target = handler) =>
  call(target, 'POST', '/api/auth/login', { body: { identifier, password } });
const me = (token: string, target = handler) => call(target, 'GET', '/api/auth/me', { token });

describe('POST /api/auth/register and /api/auth/verify', () => {
  it('answers 202 with no session, e-mails a 6-digit code, and verifying it starts a session only as an HttpOnly cookie', async () => {
    const account = fresh();
    const since = smtp.messages.length;
    const answer = await call(handler, 'POST', '/api/auth/register', { body: account });
    expect(answer.status).toBe(202);
    expect(codeSentResponseSchema.parse(answer.json).data).toEqual({ next: 'verify', codeTtlMinutes: 15 });
    expect(answer.headers.getSetCookie()).toEqual([]);
    const code = await smtp.codeFor(account.email, { since });
    const verified = await call(handler, 'POST', '/api/auth/verify', { body: { email: account.email.toUpperCase(), code } });
    expect(verified.status).toBe(200);
    const { data } = authResponseSchema.parse(verified.json);
    expect(data.user).toEqual({
      id: expect.any(Number),
      username: account.username,
      trusted: false,
      phoneVerified: false,
      phoneEnding: null,
      notifyReplies: true,
    });
    // Identity mode phone: signed in, but a number comes before the first comment.
    expect(data.phoneRequired).toBe(true);
    expect(verified.text).not.toContain('token');
    expect(verified.text).not.toContain('@');
    expect(verified.headers.getSetCookie()[0]).toMatch(/^tilshi_session=[\w.-]+; Path=\/api; Max-Age=\d+; HttpOnly; SameSite=Lax; Secure$/);
    expect((await me(sessionTokenOf(verified))).status).toBe(200);
  });

  it('gives the same answer for an e-mail that already has an account, mails its owner a notice, and changes nothing', async () => {
    const reader = await registerReader(handler);
    const since = smtp.messages.length;
    const again = await call(handler, 'POST', '/api/auth/register', {
      body: { ...fresh(), email: reader.email, password: 'Other-pass-2' },
    });
    const newcomer = await call(handler, 'POST', '/api/auth/register', { body: fresh() });
    expect(again.status).toBe(newcomer.status);
    expect(again.json).toEqual(newcomer.json);
    const notice = await smtp.waitFor((mail) => mail.to.includes(reader.email), { since });
    expect(notice.subject).toBe('Вы уже зарегистрированы');
    expect(notice.text).not.toMatch(/\b\d{6}\b/);
    expect((await login(reader.email, reader.password)).status).toBe(200);
    expect((await login(reader.email, 'Other-pass-2')).status).toBe(401);
  });

  it('takes about as long for a known e-mail as for an unknown one', async () => {
    const floored = makeHandler({ authFloorMs: 1000 });
    const reader = await registerReader(handler);
    const timed = async (email: string) => {
      const started = performance.now();
      const answer = await call(floored, 'POST', '/api/auth/register', { body: { ...fresh(), email } });
      expect(answer.status).toBe(202);
      return performance.now() - started;
    };
    const known = [await timed(reader.email), await timed(reader.email), await timed(reader.email)];
    const unknown = [await timed(fresh().email), await timed(fresh().email), await timed(fresh().email)];
    for (const duration of [...known, ...unknown]) expect(duration).toBeGreaterThanOrEqual(995);
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
    expect(Math.abs(median(known) - median(unknown))).toBeLessThan(250);
  });

  it('refuses a username another account has, whatever its case, with 409 username_taken', async () => {
    const reader = await registerReader(handler);
    for (const username of [reader.username, reader.username.toUpperCase()]) {
      const answer = await call(handler, 'POST', '/api/auth/register', { body: { ...fresh(), username } });
      expect(answer.status).toBe(409);
      expect(errorCode(answer)).toBe('username_taken');
    }
  });

  it.each([
    ['weak_password', { password: 'short1' }],
    ['weak_password', { password: 'onlyletters' }],
    ['weak_password', { password: '1234567890' }],
    ['invalid_email', { email: 'not-an-email' }],
    ['invalid_username', { username: 'ab' }],
    ['invalid_username', { username: 'with space' }],
    ['invalid_username', { username: '<img src=x onerror=alert(1)>' }],
    ['invalid_username', { username: '\u202Egnp.exe' }],
    ['invalid_username', { username: 'abc\u2066def' }],
    ['spam_detected', { website: 'http://spam.example' }],
    ['invalid_request', { password: 12345678 }],
  ])('refuses bad input with 400 %s', async (code, patch) => {
    const answer = await call(handler, 'POST', '/api/auth/register', { body: { ...fresh(), ...patch } });
    expect(answer.status).toBe(400);
    expect(errorCode(answer)).toBe(code);
  });

  it('accepts a Cyrillic or Kazakh username', async () => {
    const account = { ...fresh(), username: `Айгүл_${Date.now() % 100000}`, password: 'Құпия-сөз-1' };
    const since = smtp.messages.length;
    expect((await call(handler, 'POST', '/api/auth/register', { body: account, headers: { 'Accept-Language': 'kk' } })).status).toBe(202);
    const mail = await smtp.waitFor((item) => item.to.includes(account.email), { since });
    expect(mail.subject).toMatch(/^Растау коды: \d{6}$/);
    const code = await smtp.codeFor(account.email, { since });
    const verified = await call(handler, 'POST', '/api/auth/verify', { body: { email: account.email, code } });
    expect(authResponseSchema.parse(verified.json).data.user.username).toBe(account.username);
  });

  it('answers in Kazakh when the reader reads the Kazakh site', async () => {
    const answer = await call(handler, 'POST', '/api/auth/register', {
      body: { username: 'ab', email: 'a@example.com', password: 'Reader-pass-1' },
      headers: { 'Accept-Language': 'kk-KZ,kk;q=0.9,ru;q=0.5' },
    });
    expect(answer.headers.get('content-language')).toBe('kk');
    expect(answer.text).toContain('Пайдаланушы аты');
  });

  it('refuses a wrong code, stops after five attempts, and never accepts a code twice', async () => {
    const account = fresh();
    const since = smtp.messages.length;
    await call(handler, 'POST', '/api/auth/register', { body: account });
    const code = await smtp.codeFor(account.email, { since });
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const answer = await call(handler, 'POST', '/api/auth/verify', { body: { email: account.email, code: wrong } });
      expect(errorCode(answer)).toBe('invalid_code');
    }
    expect(errorCode(await call(handler, 'POST', '/api/auth/verify', { body: { email: account.email, code } }))).toBe('invalid_code');
    // A new registration of the unconfirmed account sends a new code, which works once.
    const again = smtp.messages.length;
    await call(handler, 'POST', '/api/auth/register', { body: account });
    const second = await smtp.codeFor(account.email, { since: again });
    expect((await call(handler, 'POST', '/api/auth/verify', { body: { email: account.email, code: second } })).status).toBe(200);
    expect(errorCode(await call(handler, 'POST', '/api/auth/verify', { body: { email: account.email, code: second } }))).toBe(
      'invalid_code',
    );
  });

  it('answers a code for an unknown e-mail exactly as a wrong one', async () => {
    const answer = await call(handler, 'POST', '/api/auth/verify', { body: { email: fresh().email, code: '123456' } });
    expect(answer.status).toBe(400);
    expect(errorCode(answer)).toBe('invalid_code');
  });

  it('cannot make a reader trusted: the function never forwards the field', async () => {
    const account = { ...fresh(), trusted: true };
    const since = smtp.messages.length;
    await call(handler, 'POST', '/api/auth/register', { body: account });
    const verified = await call(handler, 'POST', '/api/auth/verify', {
      body: { email: account.email, code: await smtp.codeFor(account.email, { since }) },
    });
    expect(authResponseSchema.parse(verified.json).data.user.trusted).toBe(false);
  });
});

describe("Strapi's own reader routes are closed", () => {
  it('refuses POST :1337/api/auth/local/register with the payload username and a weak password, and creates nobody', async () => {
    const username = `<img src=x onerror=alert(1)>${Date.now()}`;
    const direct = await strapiRest('POST', '/api/auth/local/register', null, {
      username,
      email: `direct${Date.now()}@example.com`,
      password: '123456',
    });
    expect([401, 403]).toContain(direct.status);
    expect(JSON.stringify(direct.json)).not.toContain('jwt');
    const probe = await login(username, '123456');
    expect(errorCode(probe)).toBe('invalid_credentials');
  });

  it.each([
    ['POST', '/api/auth/local', { identifier: 'someone@example.com', password: 'x' }],
    ['POST', '/api/auth/forgot-password', { email: 'someone@example.com' }],
    ['POST', '/api/auth/reset-password', { code: 'x', password: 'Reader-pass-1', passwordConfirmation: 'Reader-pass-1' }],
    ['POST', '/API/AUTH/LOCAL/REGISTER', { username: 'upper', email: 'upper@example.com', password: 'Reader-pass-1' }],
    ['GET', '/api/users', undefined],
    ['GET', '/api/users/me', undefined],
  ])('refuses %s %s with 401/403', async (method, path, body) => {
    const answer = await strapiRest(method, path, null, body);
    expect([401, 403]).toContain(answer.status);
  });

  it("does not accept a users-permissions JWT signed with the CMS's secret", async () => {
    const reader = await registerReader(handler);
    const strapiToken = await signed({ id: reader.id }, strapi.jwtSecret, Math.floor(Date.now() / 1000) + 3600);
    expect((await me(strapiToken)).status).toBe(401);
    // …and Strapi does not accept the function's session: it has no reader routes to use it on.
    expect((await strapiRest('GET', '/api/users/me', reader.token)).status).toBe(401);
  });
});

describe('POST /api/auth/login', () => {
  let reader: TestReader;
  beforeAll(async () => {
    reader = await registerReader(handler);
  });

  it('logs in by e-mail and by username in any case, with the session only in the cookie', async () => {
    for (const identifier of [reader.email.toUpperCase(), reader.username, reader.username.toUpperCase()]) {
      const answer = await login(identifier, reader.password);
      expect(answer.status).toBe(200);
      const { data } = authResponseSchema.parse(answer.json);
      expect(data.user.id).toBe(reader.id);
      expect(new Date(data.expiresAt).getTime()).toBeGreaterThan(Date.now() + 24 * 3600 * 1000);
      expect(answer.text).not.toContain('token');
      expect(answer.headers.get('set-cookie')).toContain('HttpOnly');
    }
  });

  it('gives a wrong password and an unknown e-mail the same 401 answer in about the same time', async () => {
    const floored = makeHandler({ authFloorMs: 400 });
    const timed = async (identifier: string): Promise<{ answer: Answer; duration: number }> => {
      const started = performance.now();
      const answer = await login(identifier, 'Wrong-pass-1', floored);
      return { answer, duration: performance.now() - started };
    };
    const known = await timed(reader.email);
    const unknown = await timed(fresh().email);
    expect(known.answer.status).toBe(401);
    expect(unknown.answer.json).toEqual(known.answer.json);
    expect(errorCode(known.answer)).toBe('invalid_credentials');
    for (const { duration } of [known, unknown]) expect(duration).toBeGreaterThanOrEqual(395);
    expect(Math.abs(known.duration - unknown.duration)).toBeLessThan(250);
  });

  it('tells a blocked reader so only with the right password, and refuses their existing session', async () => {
    const blocked = await registerReader(handler, 'blocked');
    await setReaderFlags(blocked.id, { blocked: true });
    expect(errorCode(await login(blocked.email, 'Wrong-pass-1'))).toBe('invalid_credentials');
    const right = await login(blocked.email, blocked.password);
    expect(right.status).toBe(403);
    expect(errorCode(right)).toBe('account_blocked');
    expect(errorCode(await me(blocked.token))).toBe('account_blocked');
  });

  it('asks an account that never confirmed its e-mail to do so, with a new code', async () => {
    const account = fresh();
    await call(handler, 'POST', '/api/auth/register', { body: account });
    const since = smtp.messages.length;
    const answer = await login(account.username, account.password);
    expect(answer.status).toBe(403);
    expect(errorCode(answer)).toBe('verification_required');
    const code = await smtp.codeFor(account.email, { since });
    expect((await call(handler, 'POST', '/api/auth/verify', { body: { email: account.email, code } })).status).toBe(200);
  });
});

describe('limits that stop attackers, not readers', () => {
  const limited = makeHandler({ limits: DEFAULT_LIMITS });
  const from = (address: string) => ({ clientAddress: address });

  it('slows one account after ten bad logins while another reader signs in from the same address', async () => {
    const victim = await registerReader(handler, 'victim');
    const other = await registerReader(handler, 'other');
    const attempt = (identifier: string, password: string) =>
      limited(
        new Request('https://tilshi.example/api/auth/login', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Origin: 'https://tilshi.example' },
          body: JSON.stringify({ identifier, password }),
        }),
        from('203.0.113.7'),
      );
    for (let index = 0; index < DEFAULT_LIMITS.loginPerAccount.limit; index += 1)
      expect((await attempt(victim.email, `Wrong-${index}-pass`)).status).toBe(401);
    const locked = await attempt(victim.email, victim.password);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    // The same account from another address is slowed too (the limit is the account's, not the address's)…
    expect(
      (
        await limited(
          new Request('https://tilshi.example/api/auth/login', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Origin: 'https://tilshi.example' },
            body: JSON.stringify({ identifier: victim.email.toUpperCase(), password: victim.password }),
          }),
          from('198.51.100.9'),
        )
      ).status,
    ).toBe(429);
    // …but everybody else signs in, from the very address the attack came from.
    expect((await attempt(other.email, other.password)).status).toBe(200);
  });

  it('stops one address from creating accounts in bulk, and only that address', async () => {
    const register = (address: string) =>
      limited(
        new Request('https://tilshi.example/api/auth/register', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Origin: 'https://tilshi.example' },
          body: JSON.stringify(fresh('bulk')),
        }),
        from(address),
      );
    for (let index = 0; index < DEFAULT_LIMITS.registerPerAddress.limit; index += 1)
      expect((await register('192.0.2.44')).status).toBe(202);
    const refused = await register('192.0.2.44');
    expect(refused.status).toBe(429);
    expect(errorCode({ status: 429, headers: refused.headers, text: '', json: await refused.json() })).toBe('rate_limited');
    expect((await register('192.0.2.45')).status).toBe(202);
  });

  it('counts an IPv6 reader by the /64 and an IPv4-mapped address as IPv4', async () => {
    const reset = (address: string) =>
      limited(
        new Request('https://tilshi.example/api/auth/password-reset', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Origin: 'https://tilshi.example' },
          body: JSON.stringify({ email: fresh('v6').email }),
        }),
        from(address),
      );
    for (let index = 0; index < DEFAULT_LIMITS.resetPerAddress.limit; index += 1)
      expect((await reset(`2001:db8:aa:bb::${index + 1}`)).status).toBe(202);
    expect((await reset('2001:db8:aa:bb:ffff::1')).status).toBe(429);
    expect((await reset('::ffff:192.0.2.80')).status).toBe(202);
    expect((await reset('2001:db8:aa:bc::1')).status).toBe(202);
  });
});

describe('sessions that end', () => {
  it('ends the session on the server at logout: the same token no longer answers /api/auth/me', async () => {
    const reader = await registerReader(handler);
    const laptop = sessionTokenOf(await login(reader.email, reader.password));
    expect((await me(reader.token)).status).toBe(200);
    const out = await call(handler, 'POST', '/api/auth/logout', { token: reader.token });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^tilshi_session=; Path=\/api; Max-Age=0; HttpOnly/);
    for (const token of [reader.token, laptop]) {
      const after = await me(token);
      expect(after.status).toBe(401);
      expect(errorCode(after)).toBe('unauthorized');
    }
    expect((await login(reader.email, reader.password)).status).toBe(200);
  });

  it('ends every other session when the password changes, and only the new password works', async () => {
    const reader = await registerReader(handler);
    const phone = sessionTokenOf(await login(reader.email, reader.password));
    const wrong = await call(handler, 'POST', '/api/auth/password', {
      token: reader.token,
      body: { currentPassword: 'Not-mine-1', password: 'Brand-new-pass-2' },
    });
    expect(errorCode(wrong)).toBe('invalid_credentials');
    const changed = await call(handler, 'POST', '/api/auth/password', {
      token: reader.token,
      body: { currentPassword: reader.password, password: 'Brand-new-pass-2' },
    });
    expect(changed.status).toBe(200);
    expect((await me(sessionTokenOf(changed))).status).toBe(200);
    expect((await me(phone)).status).toBe(401);
    expect((await me(reader.token)).status).toBe(401);
    expect((await login(reader.email, reader.password)).status).toBe(401);
    expect((await login(reader.email, 'Brand-new-pass-2')).status).toBe(200);
  });

  it('renews a day-old session and ends one past its lifetime or past 60 days since sign-in', async () => {
    const reader = await registerReader(handler);
    const start = Date.now();
    const later = (days: number) => makeHandler({ now: () => new Date(start + days * 24 * 3600 * 1000) });
    const renewed = await me(reader.token, later(2));
    expect(renewed.status).toBe(200);
    const next = sessionTokenOf(renewed);
    expect(new Date(meResponseSchema.parse(renewed.json).data.expiresAt).getTime()).toBeGreaterThan(start + 8 * 24 * 3600 * 1000);
    expect((await me(reader.token, later(8))).status).toBe(401);
    expect((await me(next, later(8))).status).toBe(200);
    expect((await me(next, later(61))).status).toBe(401);
  });

  it('refuses forged, expired, foreign and ghost tokens with 401', async () => {
    const reader = await registerReader(handler);
    const inOneHour = Math.floor(Date.now() / 1000) + 3600;
    const tokens = [
      await signed({ sv: 0, at: 1 }, 'not-the-function-secret-but-long-enough-x', inOneHour, String(reader.id)),
      await signed({ sv: 0, at: 1 }, SESSION_SECRET, Math.floor(Date.now() / 1000) - 10, String(reader.id)),
      await signed({ sv: 0, at: 1 }, SESSION_SECRET, inOneHour, '987654'),
      await signed({ id: reader.id }, SESSION_SECRET, inOneHour),
      'not.a.jwt',
    ];
    for (const token of tokens) expect((await me(token)).status).toBe(401);
  });

  it('answers 401 unauthorized without a token, and clears the cookie at logout even then', async () => {
    expect(errorCode(await call(handler, 'GET', '/api/auth/me'))).toBe('unauthorized');
    const out = await call(handler, 'POST', '/api/auth/logout');
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
  });

  it('shows the trusted flag a moderator set in the panel', async () => {
    const trusted = await registerReader(handler, 'trusted');
    await setReaderFlags(trusted.id, { trusted: true });
    expect(meResponseSchema.parse((await me(trusted.token)).json).data.user.trusted).toBe(true);
  });
});

describe('password reset', () => {
  it('answers the same for known and unknown e-mails, and the code sets a new password and ends old sessions', async () => {
    const reader = await registerReader(handler);
    const since = smtp.messages.length;
    const known = await call(handler, 'POST', '/api/auth/password-reset', { body: { email: reader.email } });
    const unknown = await call(handler, 'POST', '/api/auth/password-reset', { body: { email: fresh().email } });
    expect(known.status).toBe(202);
    expect(unknown.json).toEqual(known.json);
    const code = await smtp.codeFor(reader.email, { since });
    expect(smtp.messages.slice(since).filter((mail) => !mail.to.includes(reader.email))).toEqual([]);
    const weak = await call(handler, 'POST', '/api/auth/password-reset/confirm', {
      body: { email: reader.email, code, password: 'short' },
    });
    expect(errorCode(weak)).toBe('weak_password');
    const done = await call(handler, 'POST', '/api/auth/password-reset/confirm', {
      body: { email: reader.email, code, password: 'Reset-pass-3' },
    });
    expect(done.status).toBe(200);
    expect((await me(reader.token)).status).toBe(401);
    expect((await login(reader.email, 'Reset-pass-3')).status).toBe(200);
    expect(
      errorCode(
        await call(handler, 'POST', '/api/auth/password-reset/confirm', { body: { email: reader.email, code, password: 'Reset-pass-4' } }),
      ),
    ).toBe('invalid_code');
  });
});
