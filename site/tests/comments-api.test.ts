/**
 * The comments function as the site deploys it: through the BUILT Astro site
 * (src/pages/api/[...path].ts, on-demand behind the Node adapter's server),
 * against the real seeded Strapi. Register, log in, post, moderate, list and
 * count end to end; the cookie, the body size limit, CORS and the Origin
 * checks survive the adapter; Astro's own rule in front of the route (its
 * origin check of form posts) is pinned down, and site/serve.mjs hands every
 * method to the function, with or without the trailing slash; and a
 * server without the function's settings still serves pages and answers
 * 503 not_configured.
 */
import { randomUUID } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import {
  authResponseSchema,
  codeSentResponseSchema,
  commentCountsResponseSchema,
  commentCreatedResponseSchema,
  commentErrorResponseSchema,
  commentListResponseSchema,
  meResponseSchema,
  type CommentErrorCode,
} from '@tilshi/shared-types';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startMobizon, type MobizonStandIn } from '@tilshi/testing/mobizon';
import { startSmtp, type SmtpStandIn } from '@tilshi/testing/smtp';
import { approveComment, newPhone, registerThroughSite, serveWithComments } from './harness/comments.ts';
import { rawRequest, serveSite, type RunningSite } from '@tilshi/testing/site';

const site = inject('site');
const article = site.seed.documentId;
let server: RunningSite;
let smtp: SmtpStandIn;
let sms: MobizonStandIn;

type Answer = { status: number; headers: Headers; text: string; json: unknown };

async function send(
  method: string,
  path: string,
  init: { body?: unknown; rawBody?: BodyInit; headers?: Record<string, string>; redirect?: RequestRedirect } = {},
): Promise<Answer> {
  const headers = new Headers(init.headers);
  let body: BodyInit | undefined = init.rawBody;
  if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    headers.set('Content-Type', 'application/json');
  }
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers,
    redirect: init.redirect ?? 'manual',
    ...(body === undefined ? {} : { body, duplex: 'half' }),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? null : JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/**
 * A POST whose JSON body is streamed (chunked, no Content-Length) on a
 * connection of its own, up to `totalBytes` or until the answer arrives;
 * what the server answers, even if it closes the connection mid-body.
 */
function streamOversizedPost(path: string, headers: Record<string, string>, totalBytes: number): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(server.url);
  const chunk = Buffer.alloc(16 * 1024, 'x');
  return new Promise((resolve, reject) => {
    let answered = false;
    // A keep-alive connection of its own: with `Connection: close` the server would close it right after the answer, under the body still being written.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const req = httpRequest({ host: hostname, port, method: 'POST', path, agent, headers });
    req.once('close', () => agent.destroy());
    req.setTimeout(15_000, () => req.destroy(new Error(`POST ${path}: no answer in 15 s`)));
    // After the answer, the server closing the connection under the rest of the body is expected.
    req.on('error', (error) => answered || reject(error));
    req.once('response', (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (text: string) => (body += text));
      res.once('end', () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    let sent = 0;
    const pump = (): void => {
      while (!answered && !req.destroyed && sent < totalBytes) {
        sent += chunk.byteLength;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      if (!answered && !req.destroyed) req.end();
    };
    pump();
  });
}

const errorCode = (answer: Answer): CommentErrorCode => commentErrorResponseSchema.parse(answer.json).error.code;
/** The headers a browser on the site sends with a JSON POST. */
const fromSite = (): Record<string, string> => ({ Origin: server.url });

beforeAll(async () => {
  smtp = await startSmtp();
  sms = await startMobizon();
  server = await serveWithComments(site, smtp, sms);
});

afterAll(async () => {
  await server?.stop();
  await smtp?.stop();
  await sms?.stop();
});

describe('the comments function behind the built site', () => {
  it('answers GET /api/comments/ of the seed article with the contract’s JSON, nosniff and CDN cache headers', async () => {
    const answer = await send('GET', `/api/comments/?article=${article}`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('cdn-cache-control')).toMatch(/max-age=\d+/);
    expect(commentListResponseSchema.parse(answer.json).meta.nextCursor).toBeNull();
  });

  it('registers a reader with the e-mailed code, logs in with a session cookie, posts, and counts the comment only once a moderator approved it', async () => {
    const username = `site_${randomUUID().slice(0, 8)}`;
    const password = 'Reader-pass-1';
    const since = smtp.messages.length;
    const registered = await send('POST', '/api/auth/register/', {
      headers: fromSite(),
      body: { username, email: `${username}@example.com`, password, locale: 'kk' },
    });
    expect(registered.status).toBe(202);
    expect(codeSentResponseSchema.parse(registered.json).data.next).toBe('verify');
    const mail = await smtp.waitFor((item) => item.to.includes(`${username}@example.com`), { since });
    expect(mail.subject).toMatch(/^Растау коды: \d{6}$/);
    const verified = await send('POST', '/api/auth/verify/', {
      headers: fromSite(),
      body: { email: `${username}@example.com`, code: await smtp.codeFor(`${username}@example.com`, { since }) },
    });
    expect(verified.status).toBe(200);
    expect(authResponseSchema.parse(verified.json).data.user).toMatchObject({ username, trusted: false });
    expect(verified.text).not.toContain('token');

    const login = await send('POST', '/api/auth/login/', {
      headers: fromSite(),
      body: { identifier: `${username}@example.com`, password },
    });
    expect(login.status).toBe(200);
    const [cookie] = login.headers.getSetCookie();
    expect(cookie).toMatch(/^tilshi_session=[^;]+; Path=\/api; Max-Age=\d+; HttpOnly; SameSite=Lax$/);
    const session = (cookie ?? '').split(';')[0] ?? '';
    expect(authResponseSchema.parse(login.json).data.phoneRequired).toBe(true);

    // Before the first comment, a mobile number confirmed by the SMS the gateway delivered.
    const refused = await send('POST', '/api/comments/', {
      headers: { ...fromSite(), Cookie: session },
      body: { article, body: 'Без номера' },
    });
    expect(refused.status).toBe(403);
    const phone = newPhone();
    expect((await send('POST', '/api/auth/phone/', { headers: { ...fromSite(), Cookie: session }, body: { phone } })).status).toBe(202);
    const confirmed = await send('POST', '/api/auth/phone/verify/', {
      headers: { ...fromSite(), Cookie: session },
      body: { code: sms.codeFor(phone) },
    });
    expect(authResponseSchema.parse(confirmed.json).data).toMatchObject({
      phoneRequired: false,
      user: { phoneVerified: true, phoneEnding: phone.slice(-2) },
    });
    expect(confirmed.text).not.toContain(phone.slice(2));

    const me = await send('GET', '/api/auth/me/', { headers: { Cookie: session } });
    expect(me.status).toBe(200);
    expect(meResponseSchema.parse(me.json).data.user.username).toBe(username);

    const text = `Комментарий через сайт ${randomUUID()}`;
    const posted = await send('POST', '/api/comments/', { headers: { ...fromSite(), Cookie: session }, body: { article, body: text } });
    expect(posted.status).toBe(201);
    expect(commentCreatedResponseSchema.parse(posted.json).meta.moderation).toMatchObject({
      status: 'pending',
      message: expect.stringContaining('модератор'),
    });

    const listed = async () =>
      commentListResponseSchema.parse((await send('GET', `/api/comments/?article=${article}`)).json).data.map((comment) => comment.body);
    const counted = async () =>
      commentCountsResponseSchema.parse((await send('GET', `/api/comments/counts/?articles=${article}`)).json).data[article];
    const countBefore = await counted();
    expect(await listed()).not.toContain(text);

    await approveComment(site, text);
    expect(await listed()).toContain(text);
    expect(await counted()).toBe((countBefore ?? 0) + 1);

    // Logging out ends the session on the server: the cookie a thief copied is worthless.
    const out = await send('POST', '/api/auth/logout/', { headers: { ...fromSite(), Cookie: session } });
    expect(out.status).toBe(204);
    expect((await send('GET', '/api/auth/me/', { headers: { Cookie: session } })).status).toBe(401);
  });

  it('answers a wrong password with 401 invalid_credentials in the language the body asks for', async () => {
    const answer = await send('POST', '/api/auth/login/', {
      headers: fromSite(),
      body: { identifier: 'nobody@example.com', password: 'Wrong-pass-1', locale: 'kk' },
    });
    expect(answer.status).toBe(401);
    expect(errorCode(answer)).toBe('invalid_credentials');
    expect(commentErrorResponseSchema.parse(answer.json).error.message).toBe('Пайдаланушы аты, e-mail немесе құпиясөз қате.');
  });

  it('refuses a body over the limit with 413, whether declared or streamed without a length', async () => {
    const big = JSON.stringify({ identifier: 'x', password: 'y'.repeat(64 * 1024) });
    const declared = await send('POST', '/api/auth/login/', {
      headers: { ...fromSite(), 'Content-Type': 'application/json' },
      rawBody: big,
    });
    expect(declared.status).toBe(413);
    expect(errorCode(declared)).toBe('payload_too_large');
    // The streamed body goes on a connection of its own: the server answers while the body is
    // still coming (and drops the rest), and a pooled connection shared with the next test's
    // requests could be closed under them.
    const streamed = await streamOversizedPost('/api/auth/login/', { ...fromSite(), 'Content-Type': 'application/json' }, 4 * 1024 * 1024);
    expect(streamed.status).toBe(413);
    expect(commentErrorResponseSchema.parse(JSON.parse(streamed.body)).error.code).toBe('payload_too_large');
  });

  it('gives the site’s own origin CORS headers and a preflight, and another origin neither', async () => {
    const own = await send('GET', `/api/comments/counts/?articles=${article}`, { headers: { Origin: server.url } });
    expect(own.headers.get('access-control-allow-origin')).toBe(server.url);
    expect(own.headers.get('access-control-allow-credentials')).toBe('true');
    const preflight = await send('OPTIONS', '/api/comments/', { headers: { Origin: server.url, 'Access-Control-Request-Method': 'POST' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    const foreign = await send('GET', `/api/comments/counts/?articles=${article}`, { headers: { Origin: 'https://evil.example' } });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    const foreignPreflight = await send('OPTIONS', '/api/comments/', {
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
    });
    expect(foreignPreflight.status).toBe(403);
  });

  it('refuses a JSON post from another origin with the function’s 403 forbidden_origin', async () => {
    const answer = await send('POST', '/api/auth/login/', {
      headers: { Origin: 'https://evil.example' },
      body: { identifier: 'a', password: 'b' },
    });
    expect(answer.status).toBe(403);
    expect(errorCode(answer)).toBe('forbidden_origin');
  });

  it('lets Astro’s own origin check refuse a cross-site form post before the function runs (security.checkOrigin stays on)', async () => {
    const answer = await send('POST', '/api/auth/login/', {
      headers: { Origin: 'https://evil.example', 'Content-Type': 'text/plain' },
      rawBody: 'identifier=a',
    });
    expect(answer.status).toBe(403);
    expect(answer.text).toContain('Cross-site POST form submissions are forbidden');
    // The same post from the site reaches the function, which wants JSON.
    const own = await send('POST', '/api/auth/login/', {
      headers: { ...fromSite(), 'Content-Type': 'text/plain' },
      rawBody: 'identifier=a',
    });
    expect(own.status).toBe(415);
    expect(errorCode(own)).toBe('unsupported_media_type');
  });

  it('deletes a reader’s own comment for a Bearer client without Origin when it declares JSON', async () => {
    const username = `bearer_${randomUUID().slice(0, 8)}`;
    const token = await registerThroughSite(server, smtp, sms, { username, email: `${username}@example.com`, password: 'Reader-pass-1' });
    const posted = await send('POST', '/api/comments/', {
      headers: { Authorization: `Bearer ${token}` },
      body: { article, body: 'Удалю через API' },
    });
    const { id } = commentCreatedResponseSchema.parse(posted.json).data;
    // Without a Content-Type nor an Origin, Astro's origin check takes the DELETE for a cross-site form.
    const bare = await send('DELETE', `/api/comments/${id}/`, { headers: { Authorization: `Bearer ${token}` } });
    expect(bare.status).toBe(403);
    const deleted = await send('DELETE', `/api/comments/${id}/`, {
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    });
    expect(deleted.status).toBe(204);
  });

  it('lets every method reach the function at a slash-less path, as API clients send it: no 301, a POST stays a POST', async () => {
    // The request of the report: POST /api/comments answered 301, which clients re-sent as a GET (→ 405).
    const post = await send('POST', '/api/comments', { headers: fromSite(), body: { article, body: 'Без косой черты в конце адреса' } });
    expect(post.status).toBe(401);
    expect(errorCode(post)).toBe('unauthorized');
    const list = await send('GET', `/api/comments?article=${article}`);
    expect(list.status).toBe(200);
    expect(commentListResponseSchema.parse(list.json).meta.nextCursor).toBeNull();
    const counts = await send('GET', `/api/comments/counts?articles=${article}`);
    expect(commentCountsResponseSchema.parse(counts.json).data[article]).toBeGreaterThanOrEqual(0);
    const remove = await send('DELETE', '/api/comments/no-such-comment', {
      headers: { ...fromSite(), 'Content-Type': 'application/json' },
    });
    expect(remove.status).toBe(401);
    expect(errorCode(remove)).toBe('unauthorized');
    const preflight = await send('OPTIONS', '/api/comments', { headers: { Origin: server.url, 'Access-Control-Request-Method': 'POST' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    const propfind = await send('PROPFIND', '/api/comments', { headers: fromSite() });
    expect(propfind.status).toBe(405);
    expect(errorCode(propfind)).toBe('method_not_allowed');
    expect(propfind.headers.get('allow')).toBe('GET, POST, OPTIONS');
    for (const answer of [post, list, counts, remove, preflight, propfind]) expect(answer.headers.get('location')).toBeNull();
  });

  it('answers TRACE to /api/ with the function’s 405 method_not_allowed and Allow, never 500 and never an echo', async () => {
    // A web-standard Request cannot carry TRACE (nor CONNECT): serve.mjs answers as the function would.
    for (const [method, target] of [
      ['TRACE', '/api/comments/'],
      ['TRACE', '/api/comments'],
      ['TRACE', '/api/auth/me/'],
      ['TRACE', '/api/'],
    ] as const) {
      const answer = await rawRequest(server.url, method, target, { Origin: server.url, Cookie: 'tilshi_session=secret-cookie-value' });
      expect(answer.status, `${method} ${target}`).toBe(405);
      expect(answer.headers.allow).toBe('GET, POST, DELETE, OPTIONS');
      expect(commentErrorResponseSchema.parse(JSON.parse(answer.body)).error).toMatchObject({ code: 'method_not_allowed', status: 405 });
      expect(answer.body).not.toContain('secret-cookie-value');
    }
  });

  it('answers an unknown /api/ path with the function’s JSON 404, not the site’s 404 page', async () => {
    const answer = await send('GET', '/api/nothing-here/');
    expect(answer.status).toBe(404);
    expect(errorCode(answer)).toBe('not_found');
  });
});

describe('a site server without the comments function’s settings', () => {
  let bare: RunningSite;
  beforeAll(async () => {
    bare = await serveSite(site.outDir, {
      env: () => ({ STRAPI_COMMENTS_TOKEN: '', COMMENTS_SESSION_SECRET: '', COMMENTS_MAIL_URL: '', SITE_ORIGIN: '' }),
    });
  });
  afterAll(async () => {
    await bare?.stop();
  });

  it('still serves the article page, answers /api/ with 503 not_configured naming the variables, and logs why once', async () => {
    const page = await fetch(`${bare.url}/news/${site.seed.slugs.ru}/`);
    expect(page.status).toBe(200);
    for (let i = 0; i < 2; i += 1) {
      const response = await fetch(`${bare.url}/api/comments/?article=${article}`, { headers: { 'Accept-Language': 'kk' } });
      expect(response.status).toBe(503);
      const body = commentErrorResponseSchema.parse(await response.json());
      expect(body.error.code).toBe('not_configured');
      expect(body.error.message).toContain('Пікірлер');
      expect(body.error.details?.variables).toEqual(['STRAPI_COMMENTS_TOKEN', 'COMMENTS_SESSION_SECRET', 'COMMENTS_MAIL_URL']);
    }
    expect(bare.output().match(/misconfigured/g)).toHaveLength(1);
  });
});
