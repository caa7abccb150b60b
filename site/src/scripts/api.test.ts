import {
  commentCountsResponseSchema,
  commentCreatedResponseSchema,
  commentListResponseSchema,
  meResponseSchema,
  type PublicComment,
} from '@tilshi/shared-types';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isCommentList, isCounts, isCreated, isMe, request } from './api.ts';

const comment: PublicComment = {
  id: 'c0mment1d',
  article: 'art1c1e1d',
  body: '<b>текст</b>',
  status: 'approved',
  author: { username: 'aigerim' },
  createdAt: '2026-11-25T08:00:00.000Z',
  parent: null,
};
const reader = { id: 7, username: 'aigerim', trusted: false, phoneVerified: true, phoneEnding: '67', notifyReplies: true };

describe('the island’s guards of the function’s answers', () => {
  it('accept what the shared zod contract accepts', () => {
    const list = commentListResponseSchema.parse({ data: [comment], meta: { nextCursor: null } });
    expect(isCommentList(list)).toBe(true);
    const created = commentCreatedResponseSchema.parse({
      data: { ...comment, status: 'pending' },
      meta: { moderation: { status: 'pending', message: 'Спасибо!' } },
    });
    expect(isCreated(created)).toBe(true);
    expect(isMe(meResponseSchema.parse({ data: { user: reader, expiresAt: '2026-12-09T00:00:00.000Z', phoneRequired: false } }))).toBe(
      true,
    );
    expect(isCounts(commentCountsResponseSchema.parse({ data: { art1c1e1d: 3 } }))).toBe(true);
  });

  it('reject answers that break the contract', () => {
    expect(isCommentList({ data: [{ ...comment, author: 'aigerim' }], meta: { nextCursor: null } })).toBe(false);
    expect(isCommentList({ data: [{ ...comment, status: 'published' }], meta: { nextCursor: null } })).toBe(false);
    expect(isCommentList({ data: [comment] })).toBe(false);
    expect(isCreated({ data: comment, meta: {} })).toBe(false);
    expect(isMe({ data: { user: { ...reader, id: '7' }, expiresAt: '2026-12-09T00:00:00.000Z', phoneRequired: false } })).toBe(false);
    expect(isMe({ data: { user: reader, expiresAt: '2026-12-09T00:00:00.000Z' } })).toBe(false);
    expect(isMe({ data: { user: { ...reader, phoneVerified: 'yes' }, expiresAt: '2026-12-09T00:00:00.000Z', phoneRequired: false } })).toBe(
      false,
    );
    expect(isCounts({ data: { a: '3' } })).toBe(false);
    expect(isCommentList('<html>')).toBe(false);
  });
});

describe('request', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  const messages = { offline: 'нет связи', failed: 'что-то не так' };
  const origin = 'https://tilshi.example';

  function stubFetch(answer: () => Promise<Response>): Array<{ url: string; init: RequestInit | undefined }> {
    const calls: Array<{ url: string; init: RequestInit | undefined }> = [];
    vi.stubGlobal('location', { origin });
    vi.stubGlobal('fetch', (url: URL, init?: RequestInit) => {
      calls.push({ url: url.href, init });
      return answer();
    });
    return calls;
  }

  it('sends a same-origin JSON POST under /api/ with the reader’s language, revalidating instead of using a cached copy', async () => {
    const calls = stubFetch(async () =>
      Response.json({ data: { user: reader, expiresAt: '2026-12-09T00:00:00.000Z', phoneRequired: false } }),
    );
    const answer = await request('POST', '/comments/', isMe, {
      locale: 'kk',
      messages,
      body: { article: 'x', body: 'y' },
      headers: { 'Idempotency-Key': 'key-12345' },
    });
    expect(answer.ok).toBe(true);
    expect(calls[0]?.url).toBe(`${origin}/api/comments/?locale=kk`);
    expect(calls[0]?.init).toMatchObject({
      method: 'POST',
      credentials: 'same-origin',
      cache: 'no-cache',
      body: '{"article":"x","body":"y"}',
    });
    expect(calls[0]?.init?.headers).toMatchObject({ 'Content-Type': 'application/json', 'Idempotency-Key': 'key-12345' });
  });

  it('passes on the function’s error code and its message in the reader’s language', async () => {
    stubFetch(async () =>
      Response.json({ error: { code: 'weak_password', message: 'Құпиясөз тым қарапайым', status: 400 } }, { status: 400 }),
    );
    expect(await request('POST', '/auth/register/', isMe, { locale: 'kk', messages })).toEqual({
      ok: false,
      status: 400,
      code: 'weak_password',
      message: 'Құпиясөз тым қарапайым',
    });
  });

  it('turns a network failure into status 0 with the offline message, and a non-JSON answer into the generic one', async () => {
    stubFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    expect(await request('GET', '/auth/me/', isMe, { locale: 'ru', messages })).toMatchObject({
      ok: false,
      status: 0,
      message: 'нет связи',
    });
    stubFetch(async () => new Response('<html>Bad gateway</html>', { status: 502 }));
    expect(await request('GET', '/auth/me/', isMe, { locale: 'ru', messages })).toMatchObject({
      ok: false,
      status: 502,
      code: 'unexpected_answer',
      message: 'что-то не так',
    });
    stubFetch(async () => Response.json({ unexpected: true }));
    expect(await request('GET', '/auth/me/', isMe, { locale: 'ru', messages })).toMatchObject({
      ok: false,
      status: 200,
      message: 'что-то не так',
    });
  });
});
