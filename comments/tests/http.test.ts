/**
 * The function as a web endpoint, against a real Strapi: CORS and the Origin
 * (CSRF) check, the session cookie over real HTTP through the node:http host,
 * the request size limit on a streamed body, and a CMS that is down or
 * refuses the token.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { commentCountsResponseSchema, commentCreatedResponseSchema } from '@tilshi/shared-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStrapiStore } from '../src/core/strapi-store.ts';
import { listen, type RunningServer } from '../src/node-server.ts';
import { call, createArticle, errorCode, makeHandler, registerReader, SITE, strapi, type TestReader } from './support.ts';

const handler = makeHandler();
let article: string;
let reader: TestReader;

beforeAll(async () => {
  article = await createArticle();
  reader = await registerReader(handler, 'http');
});

describe('CORS', () => {
  it("answers the site's own origin with Access-Control-Allow-Origin and credentials", async () => {
    const answer = await call(handler, 'GET', `/api/comments/counts?articles=${article}`, { origin: SITE });
    expect(answer.headers.get('access-control-allow-origin')).toBe(SITE);
    expect(answer.headers.get('access-control-allow-credentials')).toBe('true');
    expect(answer.headers.get('vary')).toContain('Origin');
  });

  it('gives any other origin no CORS headers', async () => {
    const answer = await call(handler, 'GET', `/api/comments/counts?articles=${article}`, { origin: 'https://evil.example' });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  });

  it("answers a preflight from the site's origin with 204 and the allowed headers, another origin with 403", async () => {
    const ok = await call(handler, 'OPTIONS', '/api/comments', { origin: SITE, headers: { 'Access-Control-Request-Method': 'POST' } });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-methods')).toContain('POST');
    expect(ok.headers.get('access-control-allow-headers')).toContain('Idempotency-Key');
    const evil = await call(handler, 'OPTIONS', '/api/comments', { origin: 'https://evil.example' });
    expect(evil.status).toBe(403);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('the Origin check of POST and DELETE (CSRF)', () => {
  it('refuses a post from another origin with 403 forbidden_origin, even with a valid session', async () => {
    const answer = await call(handler, 'POST', '/api/comments', {
      origin: 'https://evil.example',
      token: reader.token,
      body: { article, body: 'С чужого сайта' },
    });
    expect(answer.status).toBe(403);
    expect(errorCode(answer)).toBe('forbidden_origin');
  });

  it('refuses a cookie-authenticated post without an Origin header', async () => {
    const answer = await call(handler, 'POST', '/api/comments', {
      origin: null,
      headers: { Cookie: `tilshi_session=${reader.token}` },
      body: { article, body: 'Без Origin' },
    });
    expect(answer.status).toBe(403);
    expect(errorCode(answer)).toBe('forbidden_origin');
  });

  it('accepts a cookie-authenticated post from the site', async () => {
    const answer = await call(handler, 'POST', '/api/comments', {
      origin: SITE,
      headers: { Cookie: `tilshi_session=${reader.token}` },
      body: { article, body: 'С сайта, по cookie' },
    });
    expect(answer.status).toBe(201);
  });
});

describe('over real HTTP (the node:http host)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await listen(handler);
  });
  afterAll(async () => {
    await server.close();
  });

  it('logs in, keeps the session in the HttpOnly cookie and posts with it', async () => {
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: SITE },
      body: JSON.stringify({ identifier: reader.username, password: reader.password }),
    });
    expect(login.status).toBe(200);
    const [cookie] = login.headers.getSetCookie();
    expect(cookie).toContain('HttpOnly');
    const session = cookie?.split(';')[0] ?? '';
    const posted = await fetch(`${server.url}/api/comments`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: SITE, Cookie: session },
      body: JSON.stringify({ article, body: 'Через настоящий HTTP' }),
    });
    expect(posted.status).toBe(201);
    expect(commentCreatedResponseSchema.parse(await posted.json()).data.body).toBe('Через настоящий HTTP');
  });

  it('answers 413 to a streamed body that grows past the limit, without reading all of it', async () => {
    const chunk = new TextEncoder().encode(`{"article":"${article}","body":"${'x'.repeat(1000)}`);
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += chunk.byteLength;
        if (sent > 50 * 1024 * 1024) controller.close();
        else controller.enqueue(chunk);
      },
    });
    // `duplex` (required for a streamed body) is not in the DOM typings yet: pass the init as a variable.
    const init = {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: SITE, Authorization: `Bearer ${reader.token}` },
      body: endless,
      duplex: 'half',
    };
    const answer = await fetch(`${server.url}/api/comments`, init).catch((error: unknown) => error);
    // The server answers 413 and closes; depending on timing the client sees the answer or a reset.
    if (answer instanceof Response) {
      expect(answer.status).toBe(413);
      expect(errorCode({ status: 413, headers: answer.headers, text: '', json: await answer.json() })).toBe('payload_too_large');
    } else {
      expect(answer).toBeInstanceOf(Error);
    }
    expect(sent).toBeLessThan(50 * 1024 * 1024);
  });

  it('answers 413 at once to a declared Content-Length over the limit', async () => {
    const answer = await fetch(`${server.url}/api/comments`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: SITE, Authorization: `Bearer ${reader.token}` },
      body: JSON.stringify({ article, body: 'ы'.repeat(100_000) }),
    });
    expect(answer.status).toBe(413);
  });
});

describe('when Strapi is unreachable or refuses the token', () => {
  let silent: Server;
  let silentPort = 0;
  const sockets = new Set<Socket>();
  beforeAll(async () => {
    // Accepts connections and never answers: a hung CMS.
    silent = createServer((socket) => {
      sockets.add(socket);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    const address = silent.address();
    silentPort = typeof address === 'object' && address ? address.port : 0;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  function handlerFor(url: string, token = strapi.commentsToken, timeoutMs = 300) {
    return makeHandler({ store: createStrapiStore({ url, token, timeoutMs }) });
  }

  it('answers 503 cms_unavailable with Retry-After when nothing listens, in the reader’s language', async () => {
    const closedPort = silentPort + 1 === 65536 ? silentPort - 1 : silentPort + 1;
    const down = handlerFor(`http://127.0.0.1:${closedPort}`);
    const answer = await call(down, 'GET', `/api/comments/counts?articles=${article}`, { headers: { 'Accept-Language': 'kk' } });
    expect(answer.status).toBe(503);
    expect(errorCode(answer)).toBe('cms_unavailable');
    expect(answer.headers.get('retry-after')).toBe('30');
    expect(answer.text).toContain('уақытша қолжетімсіз');
    const posting = await call(down, 'POST', '/api/comments', { token: reader.token, body: { article, body: 'CMS лежит' } });
    expect(posting.status).toBe(503);
  });

  it('answers 503 cms_unavailable when Strapi does not answer in time', async () => {
    const hung = handlerFor(`http://127.0.0.1:${silentPort}`);
    const started = Date.now();
    const answer = await call(hung, 'GET', `/api/comments?article=${article}`);
    expect(answer.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('answers 502 cms_error when Strapi refuses the comments token', async () => {
    const wrongToken = handlerFor(strapi.url, 'f'.repeat(64), 5000);
    const answer = await call(wrongToken, 'GET', `/api/comments/counts?articles=${article}`);
    expect(answer.status).toBe(502);
    expect(errorCode(answer)).toBe('cms_error');
    expect(answer.text).not.toContain('f'.repeat(64));
  });

  it('works again with the real Strapi', async () => {
    const answer = await call(handler, 'GET', `/api/comments/counts?articles=${article}`);
    expect(commentCountsResponseSchema.parse(answer.json).data[article]).toBeGreaterThanOrEqual(0);
  });
});
