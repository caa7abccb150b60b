/**
 * Replies (one level), e-mails about replies at a real SMTP server (with an
 * opt-out that needs no sign-in), readers' reports that hide a comment until
 * a moderator decides, and the read cache that never serves what a change
 * removed: after a moderator's decision, a report that hides, a deletion.
 */
import { commentCreatedResponseSchema, commentListResponseSchema, reportedResponseSchema, type PublicComment } from '@tilshi/shared-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, type RunningServer } from '../src/node-server.ts';
import {
  adminCall,
  call,
  createArticle,
  errorCode,
  makeHandler,
  moderate,
  registerReader,
  setReaderFlags,
  smtp,
  storedComments,
  strapi,
  type TestReader,
} from './support.ts';

/** The authors here write more than the default five comments a minute. */
const RELAXED_RATE = { rateLimits: { perMinute: 1000, perDay: 10_000 } };
const handler = makeHandler(RELAXED_RATE);
let article: string;
let author: TestReader;
let replier: TestReader;

async function post(reader: TestReader, body: string, extra: Record<string, unknown> = {}, on = handler) {
  return call(on, 'POST', '/api/comments', { token: reader.token, body: { article, body, ...extra } });
}

async function listed(on = handler, articleId = article): Promise<PublicComment[]> {
  const answer = await call(on, 'GET', `/api/comments?article=${articleId}&limit=50`);
  return commentListResponseSchema.parse(answer.json).data;
}

beforeAll(async () => {
  article = await createArticle();
  author = await registerReader(handler, 'author');
  replier = await registerReader(handler, 'replier');
  await setReaderFlags(author.id, { trusted: true });
  await setReaderFlags(replier.id, { trusted: true });
});

describe('replies', () => {
  it('answer an approved top-level comment, are listed with their parent, and e-mail its author with an opt-out link', async () => {
    const parent = commentCreatedResponseSchema.parse((await post(author, 'Вопрос к редакции: когда откроют школу?')).json).data;
    const since = smtp.messages.length;
    const reply = commentCreatedResponseSchema.parse((await post(replier, 'Обещали к сентябрю.', { replyTo: parent.id })).json).data;
    expect(reply).toMatchObject({ parent: parent.id, status: 'approved' });
    expect((await listed()).find((comment) => comment.id === reply.id)).toMatchObject({ parent: parent.id, body: 'Обещали к сентябрю.' });

    const mail = await smtp.waitFor((item) => item.to.includes(author.email), { since });
    expect(mail.subject).toBe(`${replier.username} ответил(а) на ваш комментарий`);
    expect(mail.text).toContain('«Обещали к сентябрю.»');
    expect(mail.text).toContain(`#comment-${reply.id}`);
    expect(mail.text).toMatch(/https:\/\/tilshi\.example\/unsubscribe\/\?token=\d+\.[0-9a-f]{32}/);
    expect(mail.headers['list-unsubscribe']).toMatch(
      /^<https:\/\/tilshi\.example\/api\/notifications\/unsubscribe\/\?token=\d+\.[0-9a-f]{32}>$/,
    );
    expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
  });

  it('are one level deep: a reply to a reply, to a pending comment or to another article is refused with 404', async () => {
    const parent = commentCreatedResponseSchema.parse((await post(author, 'Ещё один вопрос.')).json).data;
    const reply = commentCreatedResponseSchema.parse((await post(replier, 'Ответ.', { replyTo: parent.id })).json).data;
    const stranger = await registerReader(handler, 'stranger');
    const pending = commentCreatedResponseSchema.parse((await post(stranger, 'Ждёт модерации.')).json).data;
    const otherArticle = await createArticle();
    const elsewhere = commentCreatedResponseSchema.parse((await post(author, 'В другой новости.', { article: otherArticle })).json).data;
    for (const replyTo of [reply.id, pending.id, elsewhere.id, 'nosuchcomment', '../x']) {
      const answer = await post(replier, 'Не дойдёт.', { replyTo });
      expect(answer.status, replyTo).toBe(404);
      expect(errorCode(answer)).toBe('comment_not_found');
    }
  });

  it('e-mail nobody about one’s own reply, and a pending reply only once a moderator approves it (the CMS calls the function)', async () => {
    const server = await listen(handler, { port: strapi.hookPort });
    try {
      const parent = commentCreatedResponseSchema.parse((await post(author, 'Свой ответ себе.')).json).data;
      const since = smtp.messages.length;
      await post(author, 'Дополню сам.', { replyTo: parent.id });
      const newcomer = await registerReader(handler, 'newreply');
      const pending = commentCreatedResponseSchema.parse((await post(newcomer, 'Новичок отвечает.', { replyTo: parent.id })).json).data;
      expect(pending.status).toBe('pending');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(smtp.messages.slice(since).filter((mail) => mail.to.includes(author.email))).toEqual([]);
      await moderate(pending.id, 'approved');
      const mail = await smtp.waitFor((item) => item.to.includes(author.email), { since });
      expect(mail.subject).toBe(`${newcomer.username} ответил(а) на ваш комментарий`);
      // Claimed once: no second e-mail however often the function looks again.
      await moderate(pending.id, 'approved');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(smtp.messages.slice(since).filter((mail) => mail.to.includes(author.email))).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('stop e-mailing a reader who follows the opt-out link, without signing in; a forged token changes nothing', async () => {
    const reader = await registerReader(handler, 'optout');
    await setReaderFlags(reader.id, { trusted: true });
    const parent = commentCreatedResponseSchema.parse((await post(reader, 'Подпишусь на ответы.')).json).data;
    let since = smtp.messages.length;
    await post(replier, 'Первый ответ.', { replyTo: parent.id });
    const mail = await smtp.waitFor((item) => item.to.includes(reader.email), { since });
    const token = /token=(\d+\.[0-9a-f]{32})/.exec(mail.text)?.[1] ?? '';

    const forged = await call(handler, 'POST', '/api/notifications/unsubscribe', {
      origin: null,
      body: { token: `${reader.id}.${'0'.repeat(32)}` },
    });
    expect(forged.status).toBe(400);
    expect(errorCode(forged)).toBe('invalid_token');
    const other = await call(handler, 'POST', '/api/notifications/unsubscribe', {
      origin: null,
      body: { token: token.replace(/^\d+/, String(author.id)) },
    });
    expect(errorCode(other)).toBe('invalid_token');

    // A mail program's one-click unsubscribe: a form POST with no Origin and no session (RFC 8058).
    const oneClick = await call(handler, 'POST', `/api/notifications/unsubscribe/?token=${token}`, {
      origin: null,
      rawBody: 'List-Unsubscribe=One-Click',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(oneClick.status).toBe(200);
    expect(oneClick.json).toEqual({ data: { notifyReplies: false } });
    const me = await call(handler, 'GET', '/api/auth/me', { token: reader.token });
    expect(me.json).toMatchObject({ data: { user: { notifyReplies: false } } });

    since = smtp.messages.length;
    await post(replier, 'Второй ответ.', { replyTo: parent.id });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smtp.messages.slice(since).filter((item) => item.to.includes(reader.email))).toEqual([]);

    // And back on from the account page.
    const on = await call(handler, 'POST', '/api/auth/notifications', { token: reader.token, body: { notifyReplies: true } });
    expect(on.json).toMatchObject({ data: { user: { notifyReplies: true } } });
  });
});

describe('reports', () => {
  it('hide a comment after three readers report it, until a moderator decides; the queue sees the count and the reasons', async () => {
    const body = `Спорный комментарий ${Date.now()}`;
    const target = commentCreatedResponseSchema.parse((await post(author, body)).json).data;
    const reporters = [await registerReader(handler, 'rep'), await registerReader(handler, 'rep'), await registerReader(handler, 'rep')];
    const report = (reader: TestReader, reason: string, note?: string) =>
      call(handler, 'POST', `/api/comments/${target.id}/reports`, { token: reader.token, body: { reason, ...(note ? { note } : {}) } });

    expect(errorCode(await report(author, 'spam'))).toBe('own_comment');
    const bad = await report(reporters[0] as TestReader, 'boring');
    expect(bad.status).toBe(400);
    expect(errorCode(bad)).toBe('invalid_request');

    expect(reportedResponseSchema.parse((await report(reporters[0] as TestReader, 'insult', '<b>грубо</b>')).json).data.hidden).toBe(false);
    expect(errorCode(await report(reporters[0] as TestReader, 'insult'))).toBe('already_reported');
    expect((await listed()).map((comment) => comment.body)).toContain(body);
    expect(reportedResponseSchema.parse((await report(reporters[1] as TestReader, 'spam')).json).data.hidden).toBe(false);
    const third = reportedResponseSchema.parse((await report(reporters[2] as TestReader, 'insult')).json);
    expect(third.data.hidden).toBe(true);

    expect((await listed()).map((comment) => comment.body)).not.toContain(body);
    const queued = await adminCall('GET', `/content-manager/collection-types/api::comment.comment?filters[documentId][$eq]=${target.id}`);
    expect(queued).toMatchObject({ results: [{ moderationStatus: 'pending', reportCount: 3, reportReasons: ['insult', 'spam'] }] });
    const [stored] = await storedComments(`filters[documentId][$eq]=${target.id}`);
    expect(stored?.moderationNote).toContain('Скрыт после 3 жалоб читателей (оскорбления, спам)');
    expect(stored?.moderationReasons).toEqual(['reader_reports']);

    // A moderator keeps it: it is back, the count starts again, and the same readers cannot hide it again.
    await moderate(target.id, 'approved');
    expect((await listed()).map((comment) => comment.body)).toContain(body);
    expect(
      await adminCall('GET', `/content-manager/collection-types/api::comment.comment?filters[documentId][$eq]=${target.id}`),
    ).toMatchObject({
      results: [{ moderationStatus: 'approved', reportCount: 0, reportReasons: null }],
    });
    expect(errorCode(await report(reporters[2] as TestReader, 'spam'))).toBe('already_reported');
  });

  it('cannot be made about a comment that is not approved, nor by a reader without a confirmed number', async () => {
    const stranger = await registerReader(handler, 'pendingauthor');
    const pending = commentCreatedResponseSchema.parse((await post(stranger, 'Ещё не одобрен.')).json).data;
    expect(
      errorCode(await call(handler, 'POST', `/api/comments/${pending.id}/reports`, { token: replier.token, body: { reason: 'spam' } })),
    ).toBe('comment_not_found');
    const anonymous = await registerReader(handler, 'nophone', { phone: false });
    const approved = commentCreatedResponseSchema.parse((await post(author, 'Одобренный.')).json).data;
    expect(
      errorCode(await call(handler, 'POST', `/api/comments/${approved.id}/reports`, { token: anonymous.token, body: { reason: 'spam' } })),
    ).toBe('phone_required');
    expect((await call(handler, 'POST', `/api/comments/${approved.id}/reports`, { body: { reason: 'spam' } })).status).toBe(401);
  });
});

describe('the read cache', () => {
  let server: RunningServer;
  /** An instance that looks at the change feed only every minute: only the CMS's hook can make it look sooner. */
  const cached = makeHandler({ ...RELAXED_RATE, cacheCheckMs: 60_000 });

  beforeAll(async () => {
    server = await listen(cached, { port: strapi.hookPort });
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers 304 to a revalidation with the ETag, and a new ETag once the list changed', async () => {
    await post(author, `Первый ${Date.now()}`);
    const first = await call(cached, 'GET', `/api/comments?article=${article}`);
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const again = await call(cached, 'GET', `/api/comments?article=${article}`, { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    await post(author, `Второй ${Date.now()}`);
    const changed = await call(cached, 'GET', `/api/comments?article=${article}`, { headers: { 'If-None-Match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });

  it('never serves a comment after a moderator rejected it, a report hid it or its author deleted it (other instances wrote)', async () => {
    const writer = makeHandler(RELAXED_RATE);
    const bodies = { rejected: `Отклонят ${Date.now()}`, reported: `Пожалуются ${Date.now()}`, deleted: `Удалят ${Date.now()}` };
    const created = {
      rejected: commentCreatedResponseSchema.parse((await post(author, bodies.rejected, {}, writer)).json).data,
      reported: commentCreatedResponseSchema.parse((await post(author, bodies.reported, {}, writer)).json).data,
      deleted: commentCreatedResponseSchema.parse((await post(author, bodies.deleted, {}, writer)).json).data,
    };
    const bodiesListed = async () => (await listed(cached)).map((comment) => comment.body);
    expect(await bodiesListed()).toEqual(expect.arrayContaining(Object.values(bodies)));
    // Served from the cache now: a second read costs the CMS nothing.
    expect(await bodiesListed()).toEqual(expect.arrayContaining(Object.values(bodies)));

    await moderate(created.rejected.id, 'rejected');
    expect(await bodiesListed()).not.toContain(bodies.rejected);

    for (const prefix of ['r1', 'r2', 'r3']) {
      const reporter = await registerReader(writer, prefix);
      await call(writer, 'POST', `/api/comments/${created.reported.id}/reports`, { token: reporter.token, body: { reason: 'spam' } });
    }
    expect(await bodiesListed()).not.toContain(bodies.reported);

    expect((await call(writer, 'DELETE', `/api/comments/${created.deleted.id}`, { token: author.token })).status).toBe(204);
    expect(await bodiesListed()).not.toContain(bodies.deleted);
  });

  it('keeps counts right: an approval by a moderator shows in the next counts answer', async () => {
    const other = await createArticle();
    const newcomer = await registerReader(handler, 'counted');
    const counts = async () => (await call(cached, 'GET', `/api/comments/counts?articles=${other}`)).json;
    expect(await counts()).toEqual({ data: { [other]: 0 } });
    const pending = commentCreatedResponseSchema.parse((await post(newcomer, 'Посчитают после одобрения.', { article: other })).json).data;
    expect(await counts()).toEqual({ data: { [other]: 0 } });
    await moderate(pending.id, 'approved');
    expect(await counts()).toEqual({ data: { [other]: 1 } });
  });
});
