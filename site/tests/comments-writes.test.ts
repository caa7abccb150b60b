/**
 * Writes under /api/ (POST, DELETE, OPTIONS and the methods the function
 * refuses) answered by site/serve.mjs with the comments handler directly
 * answer exactly as the route behind the Node adapter does, Astro's origin
 * check included: one built site served twice with the same settings, once as
 * usual and once with TILSHI_API_THROUGH_ADAPTER=1 (every request through the
 * adapter and Astro), and the same requests to both must get the same status,
 * headers and body — cross-site form posts in every disguise, the function's
 * own refusals, wrong-case and encoded paths, and a reader's real comment,
 * report and deletion. Only the framing differs (the direct path sends a
 * Content-Length, the adapter chunks), which also shows which path answered.
 */
import { randomUUID } from 'node:crypto';
import { startMobizon, type MobizonStandIn } from '@tilshi/testing/mobizon';
import { startSmtp, type SmtpStandIn } from '@tilshi/testing/smtp';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FRAMING_HEADERS, moderatorOf, registerThroughSite, serveBothWays } from './harness/comments.ts';
import { rawRequest, type RawAnswer, type RunningSite } from '@tilshi/testing/site';

const site = inject('site');
const article = site.seed.documentId;
let direct: RunningSite;
let throughAdapter: RunningSite;
let smtp: SmtpStandIn;
let sms: MobizonStandIn;

/** Fields of a created comment that differ from one write to the next. */
const PER_WRITE = new Set(['id', 'documentId', 'createdAt', 'updatedAt', 'publishedAt']);

function withoutPerWrite(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPerWrite);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, PER_WRITE.has(key) ? '…' : withoutPerWrite(item)]));
}

/**
 * What the function answered, with what differs by design between the two
 * servers and the two writes replaced by a name: each server's own origin
 * (the CORS header names it), and the given per-write values (a reader's name).
 */
function answered(
  answer: RawAnswer,
  own: string,
  names: Record<string, string> = {},
): { status: number; headers: Record<string, unknown>; body: unknown } {
  const named = (text: string): string =>
    Object.entries({ [own]: '<own origin>', ...names }).reduce((result, [value, name]) => result.replaceAll(value, name), text);
  const headers = Object.fromEntries(
    Object.entries(answer.headers)
      .filter(([name]) => !FRAMING_HEADERS.has(name))
      .map(([name, value]) => [name, Array.isArray(value) ? value.map(named) : named(String(value))])
      .sort(([a], [b]) => String(a).localeCompare(String(b))),
  );
  let body: unknown = named(answer.body);
  try {
    body = withoutPerWrite(JSON.parse(named(answer.body)));
  } catch {
    // Not JSON (Astro's own refusal is plain text): compared as it is.
  }
  return { status: answer.status, headers, body };
}

type HeaderMap = Record<string, string>;

/** The same request to both servers (headers made for each server's own origin): their answers. */
async function both(
  method: string,
  target: string,
  headers: (origin: string) => HeaderMap = () => ({}),
  body?: string,
): Promise<[RawAnswer, RawAnswer]> {
  return [
    await rawRequest(direct.url, method, target, headers(direct.url), body),
    await rawRequest(throughAdapter.url, method, target, headers(throughAdapter.url), body),
  ];
}

/** Both answers are the same, and (when there is a body) the first came from the direct path: one write with its length. */
function expectSame(
  [fast, reference]: [RawAnswer, RawAnswer],
  label: string,
  names: [Record<string, string>, Record<string, string>] = [{}, {}],
): void {
  expect(answered(fast, direct.url, names[0]), label).toEqual(answered(reference, throughAdapter.url, names[1]));
  if (reference.body === '') return;
  expect(fast.headers['content-length'], label).toBe(String(Buffer.byteLength(fast.body)));
  expect(reference.headers['transfer-encoding'], label).toBe('chunked');
}

const json = { 'Content-Type': 'application/json' };

beforeAll(async () => {
  smtp = await startSmtp();
  sms = await startMobizon();
  ({ direct, throughAdapter } = await serveBothWays(site, smtp, sms));
});

afterAll(async () => {
  await direct?.stop();
  await throughAdapter?.stop();
  await smtp?.stop();
  await sms?.stop();
});

describe('writes under /api/ answered by the site server directly', () => {
  it('refuses a cross-site form post in every disguise with Astro’s own 403, before the function runs', async () => {
    const evil = { Origin: 'https://evil.example' };
    const cases: Array<[string, string, (origin: string) => HeaderMap, string?]> = [
      ['POST', '/api/auth/login/', () => ({ ...evil, 'Content-Type': 'text/plain' }), 'identifier=a'],
      ['POST', '/api/comments/', () => ({ ...evil, 'Content-Type': 'application/x-www-form-urlencoded' }), 'body=x'],
      ['POST', '/api/comments/', () => ({ ...evil, 'Content-Type': 'multipart/form-data; boundary=x' }), '--x--'],
      ['POST', '/api/comments/', () => ({ ...evil, 'Content-Type': 'TEXT/PLAIN; charset=utf-8' }), 'x'],
      ['POST', '/api/comments/', () => ({ Origin: 'null', 'Content-Type': 'text/plain' }), 'x'],
      ['POST', '/api/comments/', () => ({}), '{}'],
      ['DELETE', '/api/comments/1/', () => ({ Authorization: 'Bearer x.y.z' })],
      ['DELETE', '/api/auth/account/', () => evil],
      ['PUT', '/api/comments/', () => ({ ...evil, 'Content-Type': 'text/plain' }), 'x'],
      // An Origin that differs from the server's own only by case or a trailing slash is another origin.
      ['POST', '/api/comments/', (origin) => ({ Origin: origin.toUpperCase(), 'Content-Type': 'text/plain' }), 'x'],
      ['POST', '/api/comments/', (origin) => ({ Origin: `${origin}/`, 'Content-Type': 'text/plain' }), 'x'],
    ];
    for (const [method, target, headers, body] of cases) {
      const label = `${method} ${target} ${JSON.stringify(headers('ORIGIN'))}`;
      const pair = await both(method, target, headers, body);
      expectSame(pair, label);
      expect(pair[0].status, label).toBe(403);
      expect(pair[0].body, label).toBe(`Cross-site ${method} form submissions are forbidden`);
    }
  });

  it('passes the site’s own form-like post and a cross-origin JSON post to the function, which refuses them its own way', async () => {
    const own = await both('POST', '/api/auth/login/', (origin) => ({ Origin: origin, 'Content-Type': 'text/plain' }), 'identifier=a');
    expectSame(own, 'own text/plain');
    expect(own[0].status).toBe(415);
    const foreign = await both(
      'POST',
      '/api/auth/login/',
      () => ({ Origin: 'https://evil.example', ...json }),
      '{"identifier":"a","password":"b"}',
    );
    expectSame(foreign, 'foreign JSON');
    expect(foreign[0].status).toBe(403);
    expect(JSON.parse(foreign[0].body).error.code).toBe('forbidden_origin');
  });

  it('answers the function’s refusals, preflights and unknown methods and paths like the route', async () => {
    const own =
      (extra: HeaderMap = {}) =>
      (origin: string) => ({ Origin: origin, ...json, ...extra });
    const cases: Array<[string, string, (origin: string) => HeaderMap, string?]> = [
      ['POST', '/api/comments/', own(), JSON.stringify({ article, body: 'Без входа' })],
      ['POST', '/api/comments', own(), JSON.stringify({ article, body: 'Без косой черты' })],
      ['POST', '/api/auth/login/', own(), '{"identifier":'],
      ['POST', '/api/auth/login/', own(), JSON.stringify({ identifier: 'nobody@example.com', password: 'Wrong-pass-1', locale: 'kk' })],
      ['POST', '/api/auth/login/', own(), JSON.stringify({ identifier: 'x', password: 'y'.repeat(64 * 1024) })],
      ['POST', '/api/auth/register/', own(), JSON.stringify({ username: 'a', email: 'not-an-email', password: 'short' })],
      ['POST', '/api/comments/1/reports/', own({ Authorization: 'Bearer x.y.z' }), JSON.stringify({ reason: 'spam' })],
      ['DELETE', '/api/comments/1/', own({ Cookie: 'tilshi_session=forged' })],
      ['POST', '/api/internal/changes/', own({ Authorization: 'Bearer forged' }), '{}'],
      ['POST', '/api/nothing-here/', own(), '{}'],
      ['POST', '/api/%63omments/', own(), '{}'],
      ['POST', '/api/Comments/', own(), '{}'],
      ['POST', '/api//comments/', own(), '{}'],
      ['PATCH', '/api/comments/', own(), '{}'],
      ['PROPFIND', '/api/comments/', own()],
      ['OPTIONS', '/api/comments/', (origin) => ({ Origin: origin, 'Access-Control-Request-Method': 'POST' })],
      ['OPTIONS', '/api/comments/', () => ({ Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' })],
      [
        'POST',
        '/api/notifications/unsubscribe/?token=forged',
        () => ({ 'Content-Type': 'application/x-www-form-urlencoded' }),
        'List-Unsubscribe=One-Click',
      ],
    ];
    for (const [method, target, headers, body] of cases) {
      expectSame(await both(method, target, headers, body), `${method} ${target} ${body?.slice(0, 40) ?? ''}`);
    }
    // Dot segments, plain or encoded: the server leaves these to the adapter on both, and they answer alike.
    for (const [method, target] of [
      ['POST', '/news/%2e%2e/api/comments/'],
      ['POST', '/api/comments/x/../'],
      ['DELETE', '/api/comments/1/%2e%2e/'],
    ] as const) {
      const [fast, reference] = await both(method, target, own(), method === 'POST' ? '{}' : undefined);
      expect(answered(fast, direct.url), `${method} ${target}`).toEqual(answered(reference, throughAdapter.url));
    }
  });

  it('posts, reports and deletes a reader’s comment like the route', async () => {
    const names = ['writer_a', 'writer_b', 'reporter'].map((prefix) => `${prefix}_${randomUUID().slice(0, 8)}`);
    const readers = await Promise.all(
      names.map((username) =>
        registerThroughSite(direct, smtp, sms, { username, email: `${username}@example.com`, password: 'Reader-pass-1' }),
      ),
    );
    const [writerA, writerB, reporter] = readers as [string, string, string];
    const writers: [Record<string, string>, Record<string, string>] = [{ [names[0]!]: '<writer>' }, { [names[1]!]: '<writer>' }];
    const text = `Один и тот же комментарий ${randomUUID().slice(0, 8)}`;
    const signed =
      (token: string, extra: HeaderMap = {}) =>
      (origin: string) => ({ Origin: origin, ...json, Authorization: `Bearer ${token}`, ...extra });
    const posted: [RawAnswer, RawAnswer] = [
      await rawRequest(direct.url, 'POST', '/api/comments/', signed(writerA)(direct.url), JSON.stringify({ article, body: text })),
      await rawRequest(
        throughAdapter.url,
        'POST',
        '/api/comments/',
        signed(writerB)(throughAdapter.url),
        JSON.stringify({ article, body: text }),
      ),
    ];
    expectSame(posted, 'POST a comment', writers);
    expect(posted[0].status).toBe(201);
    const ids = posted.map((answer) => String(JSON.parse(answer.body).data.id)) as [string, string];
    expect(ids[0]).not.toBe(ids[1]);

    // The same Idempotency-Key twice: the second answer is the first comment again, on either path.
    const key = randomUUID();
    const replayText = `${text} (повтор)`;
    const first = await rawRequest(
      direct.url,
      'POST',
      '/api/comments/',
      signed(writerA, { 'Idempotency-Key': key })(direct.url),
      JSON.stringify({ article, body: replayText }),
    );
    const again = await rawRequest(
      throughAdapter.url,
      'POST',
      '/api/comments/',
      signed(writerA, { 'Idempotency-Key': key })(throughAdapter.url),
      JSON.stringify({ article, body: replayText }),
    );
    expect(JSON.parse(again.body).data.id).toBe(JSON.parse(first.body).data.id);

    // Readers report what is published: a moderator approves both comments first.
    const moderator = moderatorOf(site);
    for (const comment of await moderator.findComments(text)) await moderator.moderate(comment.documentId, 'approved');
    const reports: [RawAnswer, RawAnswer] = [
      await rawRequest(
        direct.url,
        'POST',
        `/api/comments/${ids[0]}/reports/`,
        signed(reporter)(direct.url),
        JSON.stringify({ reason: 'spam' }),
      ),
      await rawRequest(
        throughAdapter.url,
        'POST',
        `/api/comments/${ids[1]}/reports/`,
        signed(reporter)(throughAdapter.url),
        JSON.stringify({ reason: 'spam' }),
      ),
    ];
    expectSame(reports, 'report');
    expect(reports[0].status).toBe(202);
    const reportedTwice = await both('POST', `/api/comments/${ids[0]}/reports/`, signed(reporter), JSON.stringify({ reason: 'spam' }));
    expectSame(reportedTwice, 'report again');
    expect(reportedTwice[0].status).toBe(409);

    // Someone else's comment is not found; the writer's own is deleted, on either path.
    const notOwn = await both('DELETE', `/api/comments/${ids[0]}/`, signed(reporter));
    expectSame(notOwn, 'delete another reader’s comment');
    expect(notOwn[0].status).toBe(404);
    const deleted: [RawAnswer, RawAnswer] = [
      await rawRequest(direct.url, 'DELETE', `/api/comments/${ids[0]}/`, signed(writerA)(direct.url)),
      await rawRequest(throughAdapter.url, 'DELETE', `/api/comments/${ids[1]}/`, signed(writerB)(throughAdapter.url)),
    ];
    expectSame(deleted, 'delete one’s own comment');
    expect(deleted[0].status).toBe(204);
  });
});
