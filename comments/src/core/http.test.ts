import { describe, expect, it } from 'vitest';
import { CommentsError } from './errors.ts';
import {
  checkUnsafeOrigin,
  clearedSessionCookie,
  corsHeaders,
  jsonResponse,
  preflightHeaders,
  readCookie,
  readJsonBody,
  safeJsonStringify,
  sessionCookie,
} from './http.ts';

const ORIGINS = ['https://tilshi.kz'];

async function codeOf(run: () => Promise<unknown> | unknown): Promise<string | undefined> {
  try {
    await run();
  } catch (error) {
    if (error instanceof CommentsError) return error.code;
    throw error;
  }
  return undefined;
}

function jsonRequest(body: BodyInit, headers: Record<string, string> = {}): Request {
  return new Request('http://x/api/comments', { method: 'POST', body, headers: { 'Content-Type': 'application/json', ...headers } });
}

describe('safeJsonStringify', () => {
  it('escapes <, > and & so the JSON stays inert inside HTML, and still parses to the same value', () => {
    const value = { body: '<script>alert("x")</script> & \u2028' };
    const text = safeJsonStringify(value);
    expect(text).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('jsonResponse', () => {
  it('is JSON, never sniffed as HTML, and not cached unless told', async () => {
    const response = jsonResponse(200, { ok: true });
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(jsonResponse(200, {}, { 'Cache-Control': 'public, s-maxage=60' }).headers.get('cache-control')).toBe('public, s-maxage=60');
  });
});

describe('readJsonBody', () => {
  it('parses a JSON body', async () => {
    expect(await readJsonBody(jsonRequest('{"a":1}'), 100)).toEqual({ a: 1 });
  });

  it('accepts application/json with a charset and vendor +json types', async () => {
    expect(await readJsonBody(jsonRequest('{}', { 'Content-Type': 'application/json; charset=utf-8' }), 100)).toEqual({});
    expect(await readJsonBody(jsonRequest('{}', { 'Content-Type': 'application/merge-patch+json' }), 100)).toEqual({});
  });

  it('refuses a form post with unsupported_media_type', async () => {
    expect(await codeOf(() => readJsonBody(jsonRequest('a=1', { 'Content-Type': 'application/x-www-form-urlencoded' }), 100))).toBe(
      'unsupported_media_type',
    );
  });

  it('refuses a declared length over the limit with payload_too_large before reading', async () => {
    expect(await codeOf(() => readJsonBody(jsonRequest('{}', { 'Content-Length': '5000' }), 100))).toBe('payload_too_large');
  });

  it('refuses a streamed body that grows past the limit with payload_too_large and stops reading it', async () => {
    let pulls = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls += 1;
        controller.enqueue(new TextEncoder().encode('x'.repeat(64)));
      },
    });
    // `duplex` (required for a streamed body) is not in the DOM typings yet: pass the init as a variable.
    const init = { method: 'POST', body: endless, headers: { 'Content-Type': 'application/json' }, duplex: 'half' };
    const request = new Request('http://x/api/comments', init);
    expect(await codeOf(() => readJsonBody(request, 1000))).toBe('payload_too_large');
    expect(pulls).toBeLessThan(40);
  });

  it('treats a body that breaks off mid-stream (the client went away) as invalid_request, not a server error', async () => {
    const broken = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"body":'));
        controller.error(new Error('aborted'));
      },
    });
    const init = { method: 'POST', body: broken, headers: { 'Content-Type': 'application/json' }, duplex: 'half' };
    expect(await codeOf(() => readJsonBody(new Request('http://x/api/comments', init), 1000))).toBe('invalid_request');
  });

  it('refuses malformed JSON and non-UTF-8 bytes with invalid_json', async () => {
    expect(await codeOf(() => readJsonBody(jsonRequest('{"a":'), 100))).toBe('invalid_json');
    expect(await codeOf(() => readJsonBody(jsonRequest(new Uint8Array([0x7b, 0xff, 0x7d])), 100))).toBe('invalid_json');
  });
});

describe('CORS', () => {
  it('allows only the site’s own origin, with credentials', () => {
    expect(corsHeaders('https://tilshi.kz', ORIGINS)['Access-Control-Allow-Origin']).toBe('https://tilshi.kz');
    expect(corsHeaders('https://tilshi.kz', ORIGINS)['Access-Control-Allow-Credentials']).toBe('true');
    expect(corsHeaders('https://evil.example', ORIGINS)['Access-Control-Allow-Origin']).toBeUndefined();
    expect(corsHeaders(null, ORIGINS)).toEqual({ Vary: 'Origin' });
  });

  it('answers a preflight only for the site’s origin', () => {
    expect(preflightHeaders('https://tilshi.kz', ORIGINS)?.['Access-Control-Allow-Headers']).toContain('Idempotency-Key');
    expect(preflightHeaders('https://evil.example', ORIGINS)).toBeNull();
  });
});

describe('checkUnsafeOrigin (CSRF)', () => {
  const post = (headers: Record<string, string>) => new Request('http://x/api/comments', { method: 'POST', headers });

  it('lets safe methods through whatever their origin', async () => {
    expect(
      await codeOf(() =>
        checkUnsafeOrigin(new Request('http://x/api/comments', { headers: { Origin: 'https://evil.example' } }), ORIGINS, 'sid'),
      ),
    ).toBeUndefined();
  });

  it('accepts a POST from the site’s origin', async () => {
    expect(await codeOf(() => checkUnsafeOrigin(post({ Origin: 'https://tilshi.kz', Cookie: 'sid=abc' }), ORIGINS, 'sid'))).toBeUndefined();
  });

  it('refuses a POST from another origin with forbidden_origin', async () => {
    expect(await codeOf(() => checkUnsafeOrigin(post({ Origin: 'https://evil.example' }), ORIGINS, 'sid'))).toBe('forbidden_origin');
  });

  it('refuses a POST without Origin that rides on the session cookie', async () => {
    expect(await codeOf(() => checkUnsafeOrigin(post({ Cookie: 'sid=abc' }), ORIGINS, 'sid'))).toBe('forbidden_origin');
  });

  it('accepts a POST without Origin that authenticates with a Bearer token, or not at all', async () => {
    expect(await codeOf(() => checkUnsafeOrigin(post({ Authorization: 'Bearer x', Cookie: 'sid=abc' }), ORIGINS, 'sid'))).toBeUndefined();
    expect(await codeOf(() => checkUnsafeOrigin(post({}), ORIGINS, 'sid'))).toBeUndefined();
  });

  it('refuses a cross-site POST without Origin', async () => {
    expect(await codeOf(() => checkUnsafeOrigin(post({ 'Sec-Fetch-Site': 'cross-site' }), ORIGINS, 'sid'))).toBe('forbidden_origin');
  });
});

describe('cookies', () => {
  it('reads one cookie among several', () => {
    const request = new Request('http://x/', { headers: { Cookie: 'a=1; sid=tok%2Fen; b=2' } });
    expect(readCookie(request, 'sid')).toBe('tok/en');
    expect(readCookie(request, 'missing')).toBeUndefined();
  });

  it('sets the session cookie HttpOnly and SameSite=Lax, Secure only for https sites', () => {
    const secure = sessionCookie({ name: 'sid', path: '/api', secure: true }, 'abc', 3600.7);
    expect(secure).toBe('sid=abc; Path=/api; Max-Age=3600; HttpOnly; SameSite=Lax; Secure');
    expect(sessionCookie({ name: 'sid', path: '/api', secure: false }, 'abc', 10)).not.toContain('Secure');
  });

  it('clears the session cookie with Max-Age=0', () => {
    expect(clearedSessionCookie({ name: 'sid', path: '/api', secure: false })).toContain('Max-Age=0');
  });
});
