/**
 * GETs under /api/ answered by site/serve.mjs with the comments handler
 * directly (src/lib/comments-host.ts) answer exactly as the route behind the
 * Node adapter does: one built site served twice with the same settings, once
 * as usual and once with TILSHI_API_THROUGH_ADAPTER=1 (every request through
 * the adapter and Astro, as before the direct path), and the same requests to
 * both must get the same status, headers and body — a normal read, a 304, a
 * read with a session, wrong-case, encoded and dot-segment paths, and hostile
 * targets and headers. Only the framing differs (the direct path sends a
 * Content-Length, the adapter chunks), which also shows which path answered.
 */
import { randomUUID } from 'node:crypto';
import { startMobizon, type MobizonStandIn } from '@tilshi/testing/mobizon';
import { startSmtp, type SmtpStandIn } from '@tilshi/testing/smtp';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FRAMING_HEADERS, registerThroughSite, serveBothWays } from './harness/comments.ts';
import { rawRequest, type RawAnswer, type RunningSite } from '@tilshi/testing/site';

const site = inject('site');
const article = site.seed.documentId;
let direct: RunningSite;
let throughAdapter: RunningSite;
let smtp: SmtpStandIn;
let sms: MobizonStandIn;

function answered(answer: RawAnswer): { status: number; headers: Record<string, unknown>; body: string } {
  const headers = Object.fromEntries(
    Object.entries(answer.headers)
      .filter(([name]) => !FRAMING_HEADERS.has(name))
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  return { status: answer.status, headers, body: answer.body };
}

/** The same GET to both servers: their answers. */
async function both(target: string, headers: Record<string, string> = {}): Promise<[RawAnswer, RawAnswer]> {
  return [await rawRequest(direct.url, 'GET', target, headers), await rawRequest(throughAdapter.url, 'GET', target, headers)];
}

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

describe('GETs under /api/ answered by the site server directly', () => {
  it('answers a list and counts like the route, from the direct path', async () => {
    for (const target of [
      `/api/comments/?article=${article}`,
      `/api/comments?article=${article}&limit=3`,
      `/api/comments/counts/?articles=${article},zzz`,
    ]) {
      const [fast, reference] = await both(target);
      expect(answered(fast), target).toEqual(answered(reference));
      expect(fast.status, target).toBe(200);
      expect(fast.headers['content-length'], target).toBe(String(Buffer.byteLength(fast.body)));
      expect(reference.headers['transfer-encoding'], target).toBe('chunked');
    }
  });

  it('answers a revalidation with the same 304, and a foreign or own Origin with the same CORS headers', async () => {
    const [first] = await both(`/api/comments/?article=${article}`);
    const etag = String(first.headers.etag);
    const variants: Array<Record<string, string>> = [
      { 'If-None-Match': etag },
      { 'If-None-Match': `W/${etag}, "other"`, Origin: direct.url },
      { 'If-None-Match': '"stale"', Origin: 'https://evil.example', 'Accept-Language': 'kk' },
    ];
    for (const headers of variants) {
      const [fast, reference] = await both(`/api/comments/?article=${article}`, headers);
      expect(answered(fast), JSON.stringify(headers)).toEqual(answered(reference));
    }
    const [notModified] = await both(`/api/comments/?article=${article}`, { 'If-None-Match': etag });
    expect(notModified.status).toBe(304);
    expect(notModified.body).toBe('');
  });

  it('answers a reader’s own account read like the route, with a session and with a forged one', async () => {
    const username = `reads_${randomUUID().slice(0, 8)}`;
    const token = await registerThroughSite(direct, smtp, sms, { username, email: `${username}@example.com`, password: 'Reader-pass-1' });
    const variants: Array<Record<string, string>> = [
      { Authorization: `Bearer ${token}` },
      { Cookie: `tilshi_session=${encodeURIComponent(token)}` },
      { Cookie: 'tilshi_session=forged' },
      { Authorization: 'Bearer x.y.z' },
    ];
    for (const headers of variants) {
      const [fast, reference] = await both('/api/auth/me/', headers);
      expect(answered(fast), JSON.stringify(headers)).toEqual(answered(reference));
    }
  });

  it('answers wrong-case, encoded and dot-segment paths like the adapter and the route', async () => {
    for (const target of [
      `/API/comments/?article=${article}`,
      `/api/Comments/?article=${article}`,
      `/api/%63omments/?article=${article}`,
      `/api/comments%2F?article=${article}`,
      `/api//comments/?article=${article}`,
      `/news/%2e%2e/api/comments/?article=${article}`,
      `/news/..%2F..%2Fapi/comments/?article=${article}`,
      `/api/comments/.?article=${article}`,
      `/api/comments/x/..?article=${article}`,
      '/api/comments/%2e%2e/auth/me/',
      `http://elsewhere.example/api/comments/?article=${article}`,
      '/api/',
      '/api',
      '/api/nothing-here/',
      '/api/internal/changes/',
    ]) {
      const [fast, reference] = await both(target);
      expect(answered(fast), target).toEqual(answered(reference));
    }
  });

  it('answers hostile targets and headers like the adapter and the route', async () => {
    for (const [target, headers] of [
      [`/api/comments/?article=%E0%A4%A`, {}],
      [`/api/comments/?article=${article}&cursor=%00%ff`, {}],
      ['/api/comments/?article=<script>', {}],
      [`/api/comments/?article=${article}&q="<>'`, {}],
      [`/api/comments/?article=${'a'.repeat(5000)}`, {}],
      [`/api/comments/?article=${article}`, { Host: 'a b' }],
      [`/api/comments/?article=${article}`, { Host: 'evil.example:1', 'X-Forwarded-Host': 'x', 'X-Forwarded-For': '1.2.3.4' }],
      [`/api/comments/?article=${article}`, { Cookie: 'tilshi_session=%E0%A4%A', 'Accept-Language': '*;q=x' }],
      [`/api/comments/counts/?articles=${Array.from({ length: 60 }, (_, index) => `a${index}`).join(',')}`, {}],
    ] as const) {
      const [fast, reference] = await both(target, headers);
      expect(answered(fast), `${target} ${JSON.stringify(headers)}`).toEqual(answered(reference));
    }
  });
});
