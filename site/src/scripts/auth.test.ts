import { authResponseSchema, codeSentResponseSchema } from '@tilshi/shared-types';
import { describe, expect, it } from 'vitest';
import { isAuth, isCodeSent, safeReturnPath } from './auth.ts';

const origin = 'https://tilshi.example';

describe('safeReturnPath', () => {
  it('keeps a path of the site with its query and hash', () => {
    expect(safeReturnPath('/news/x/#comments', origin, '/')).toBe('/news/x/#comments');
    expect(safeReturnPath('/kk/news/x/?a=1', origin, '/kk/')).toBe('/kk/news/x/?a=1');
  });

  it.each([
    ['another site', 'https://evil.example/news/'],
    ['a protocol-relative URL', '//evil.example/'],
    ['a backslash trick', '/\\evil.example/'],
    ['a tab that the URL parser drops', '/\t/evil.example/'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['the API', '/api/auth/logout/'],
    ['nothing', null],
    ['an empty value', ''],
  ])('falls back instead of following %s', (_, raw) => {
    expect(safeReturnPath(raw, origin, '/kk/')).toBe('/kk/');
  });
});

describe('isAuth and isCodeSent', () => {
  it('accept the contract’s session answer (the session itself is only a cookie) and reject one without its expiry', () => {
    const answer = authResponseSchema.parse({
      data: {
        user: { id: 1, username: 'a', trusted: false, phoneVerified: false, phoneEnding: null, notifyReplies: true },
        expiresAt: '2026-12-01T00:00:00.000Z',
        phoneRequired: true,
      },
    });
    expect(isAuth(answer)).toBe(true);
    expect(isAuth({ data: { user: answer.data.user } })).toBe(false);
  });

  it('tell the "code sent" answer from a session', () => {
    const sent = codeSentResponseSchema.parse({ data: { next: 'verify', codeTtlMinutes: 15 } });
    expect(isCodeSent(sent)).toBe(true);
    expect(isCodeSent({ data: { next: 'elsewhere' } })).toBe(false);
    expect(isAuth(sent)).toBe(false);
  });
});
