/**
 * The panel's moderation queue (cms/src/newsroom/moderation.ts, admin routes
 * under /tilshi-moderation) with comments posted through the real function:
 * what a moderator sees (article, reader, why it waits, newest first), and
 * decisions on several comments at once — approve, reject, ban the reader —
 * as the function and the audit list then see them.
 */
import { commentCreatedResponseSchema, commentListResponseSchema, reportedResponseSchema } from '@tilshi/shared-types';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { adminRequest, createAdminUser, type AdminAnswer } from '../../cms/tests/harness/admin.ts';
import { addBannedWord, call, createArticle, errorCode, makeHandler, moderate, registerReader, setReaderFlags, strapi, type TestReader } from './support.ts';

const handler = makeHandler({ rateLimits: { perMinute: 100, perDay: 100 } });

const admin = (method: string, path: string, body?: unknown): Promise<AdminAnswer> => adminRequest(strapi.url, strapi.adminToken, method, path, body);

const queueSchema = z.object({
  data: z.array(
    z.object({
      documentId: z.string(),
      body: z.string(),
      createdAt: z.string(),
      language: z.string(),
      status: z.string(),
      reasons: z.array(z.string()),
      note: z.string().nullable(),
      reader: z.object({ id: z.number(), username: z.string(), blocked: z.boolean(), trusted: z.boolean() }).nullable(),
      article: z.object({ documentId: z.string(), locale: z.string().nullable(), title: z.string().nullable(), published: z.boolean(), siteUrl: z.string().nullable() }).nullable(),
    }),
  ),
  meta: z.object({ view: z.literal('pending'), page: z.number(), pageSize: z.number(), total: z.number(), counts: z.object({ pending: z.number() }) }),
});
const decisionSchema = z.object({ data: z.object({ decision: z.string(), comments: z.number(), rejected: z.number(), readersBanned: z.number() }) });
const auditSchema = z.object({ data: z.array(z.object({ action: z.string(), subjectType: z.string(), subjectId: z.string(), subjectTitle: z.string().nullable(), actorName: z.string().nullable() })) });

async function queue() {
  const answer = await admin('GET', '/tilshi-moderation/queue?pageSize=100');
  expect(answer.status, JSON.stringify(answer.json)).toBe(200);
  return queueSchema.parse(answer.json);
}

async function post(reader: TestReader, articleId: string, body: string, locale: 'ru' | 'kk' = 'ru'): Promise<string> {
  const answer = await call(handler, 'POST', '/api/comments', { token: reader.token, body: { article: articleId, body, locale } });
  expect(answer.status, answer.text).toBe(201);
  return commentCreatedResponseSchema.parse(answer.json).data.id;
}

async function listedOn(articleId: string): Promise<string[]> {
  const answer = await call(handler, 'GET', `/api/comments?article=${articleId}&limit=50`);
  return commentListResponseSchema.parse(answer.json).data.map((comment) => comment.id);
}

async function decide(decision: string, comments: string[]): Promise<AdminAnswer> {
  return admin('POST', '/tilshi-moderation/decisions', { decision, comments });
}

async function auditFor(subjectId: string) {
  const answer = await admin('GET', `/tilshi-audit/entries?subjectId=${subjectId}`);
  expect(answer.status).toBe(200);
  return auditSchema.parse(answer.json).data;
}

let ferry: string;
let port: string;
let newcomer: TestReader;
let regular: TestReader;

beforeAll(async () => {
  [ferry, port] = await Promise.all([createArticle(), createArticle({ kk: true })]);
  [newcomer, regular] = await Promise.all([registerReader(handler, 'queue'), registerReader(handler, 'regular')]);
  await setReaderFlags(regular.id, { trusted: true });
  await addBannedWord('мошенник*');
});

describe('the moderation queue', () => {
  it('lists every waiting comment across articles, newest first, with the article, the reader and why it waits — never an e-mail', async () => {
    const first = await post(newcomer, ferry, 'Когда следующий рейс?');
    const second = await post(regular, port, 'Расписание тут: aktau-port.kz', 'kk');
    const third = await post(regular, ferry, 'Эти мошенники опять подняли цены');
    const answer = await queue();
    const ours = answer.data.filter((item) => [first, second, third].includes(item.documentId));
    expect(ours.map((item) => item.documentId)).toEqual([third, second, first]);
    const [banned, linked, fresh] = ours;
    expect(fresh).toMatchObject({ body: 'Когда следующий рейс?', status: 'pending', reasons: ['new_reader'], reader: { id: newcomer.id, username: newcomer.username, blocked: false }, article: { documentId: ferry, locale: 'ru', published: true } });
    expect(fresh?.article?.title).toMatch(/^Новость для комментариев/);
    expect(linked).toMatchObject({ reasons: ['links'], language: 'kk', reader: { username: regular.username, trusted: true }, article: { documentId: port, locale: 'kk' } });
    expect(linked?.article?.title).toMatch(/^Пікірлерге арналған жаңалық/);
    expect(banned?.reasons).toEqual(['banned_words']);
    expect(banned?.note).toContain('мошенник*');
    expect(answer.meta.counts.pending).toBe(answer.meta.total);
    const counts = z.object({ data: z.object({ pending: z.number() }) }).parse((await admin('GET', '/tilshi-moderation/counts')).json).data;
    expect(counts.pending).toBe(answer.meta.total);
    const text = JSON.stringify(answer);
    for (const reader of [newcomer, regular]) expect(text).not.toContain(reader.email);
  });

  it('approves several comments in one decision: they are on the site at once, out of the queue, and in the audit list', async () => {
    const ids = [await post(newcomer, ferry, 'Спасибо за новость'), await post(newcomer, ferry, 'И за фото спасибо')];
    const pendingBefore = (await queue()).meta.counts.pending;
    const answer = await decide('approve', ids);
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    expect(decisionSchema.parse(answer.json).data).toEqual({ decision: 'approve', comments: 2, rejected: 0, readersBanned: 0 });
    expect(await listedOn(ferry)).toEqual(expect.arrayContaining(ids));
    const after = await queue();
    expect(after.data.map((item) => item.documentId)).not.toEqual(expect.arrayContaining([ids[0]]));
    expect(after.meta.counts.pending).toBe(pendingBefore - 2);
    for (const id of ids) expect(await auditFor(id)).toEqual([expect.objectContaining({ action: 'comment_approve', subjectType: 'comment', actorName: 'Admin Tilshi' })]);
  });

  it('rejects: the comment never reaches the site', async () => {
    const id = await post(newcomer, ferry, 'Отклоните меня');
    expect(decisionSchema.parse((await decide('reject', [id])).json).data).toMatchObject({ comments: 1, rejected: 1 });
    expect(await listedOn(ferry)).not.toContain(id);
    expect((await auditFor(id))[0]).toMatchObject({ action: 'comment_reject', subjectTitle: 'Отклоните меня' });
  });

  it('bans a reader: the account is blocked, everything of theirs still waiting is rejected, and the ban is recorded', async () => {
    const troll = await registerReader(handler, 'troll');
    const ids = [await post(troll, ferry, 'Спам номер один'), await post(troll, port, 'Спам номер два')];
    const answer = decisionSchema.parse((await decide('ban', [ids[0] ?? ''])).json).data;
    expect(answer).toEqual({ decision: 'ban', comments: 1, rejected: 2, readersBanned: 1 });
    expect((await queue()).data.map((item) => item.documentId)).not.toEqual(expect.arrayContaining([ids[1]]));
    const again = await call(handler, 'POST', '/api/comments', { token: troll.token, body: { article: ferry, body: 'А теперь?' } });
    expect(again.status).toBe(403);
    expect(errorCode(again)).toBe('account_blocked');
    expect((await auditFor(String(troll.id)))[0]).toMatchObject({ action: 'reader_ban', subjectType: 'reader', subjectTitle: troll.username, actorName: 'Admin Tilshi' });
  });

  it('lists a comment that readers’ reports hid, saying so; approving it puts it back on the site with the count cleared', async () => {
    const id = await post(regular, ferry, 'Доверенный читатель пишет без ссылок');
    expect(await listedOn(ferry)).toContain(id);
    // Three reports hide a comment (COMMENTS_REPORTS_TO_HIDE's default).
    const reporters = [...(await Promise.all([registerReader(handler, 'rq'), registerReader(handler, 'rq')])), newcomer];
    const hidden: boolean[] = [];
    for (const reporter of reporters) {
      const answer = await call(handler, 'POST', `/api/comments/${id}/reports`, { token: reporter.token, body: { reason: 'insult' } });
      expect(answer.status, answer.text).toBe(202);
      hidden.push(reportedResponseSchema.parse(answer.json).data.hidden);
    }
    expect(hidden).toEqual([false, false, true]);
    expect(await listedOn(ferry)).not.toContain(id);
    const waiting = (await queue()).data.find((item) => item.documentId === id);
    expect(waiting).toMatchObject({ status: 'pending', reasons: ['reader_reports'], reader: { id: regular.id } });
    expect(waiting?.note).toContain('жалоб читателей');

    expect(decisionSchema.parse((await decide('approve', [id])).json).data).toMatchObject({ comments: 1, rejected: 0 });
    expect(await listedOn(ferry)).toContain(id);
    expect((await queue()).data.map((item) => item.documentId)).not.toContain(id);
  });

  it('lists the comments of a reader kept on pre-moderation with that reason, trusted or not', async () => {
    const kept = await registerReader(handler, 'kept');
    await setReaderFlags(kept.id, { trusted: true, premoderated: true });
    const id = await post(kept, ferry, 'Меня проверяют всегда');
    expect((await queue()).data.find((item) => item.documentId === id)).toMatchObject({ status: 'pending', reasons: ['premoderated_reader'] });
  });

  it('changes nothing when any comment of a batch is unknown', async () => {
    const id = await post(newcomer, ferry, 'Останусь в очереди');
    const answer = await decide('approve', [id, 'nosuchcomment0000000000000']);
    expect(answer.status).toBe(404);
    expect(JSON.stringify(answer.json)).toContain('nosuchcomment0000000000000');
    expect((await queue()).data.find((item) => item.documentId === id)?.status).toBe('pending');
  });

  it('refuses a malformed decision, naming what is wrong', async () => {
    const cases: Array<[unknown, string]> = [
      [{ decision: 'publish', comments: ['abc'] }, '«decision»'],
      [{ decision: 'approve', comments: [] }, '«comments»'],
      [{ decision: 'approve', comments: ['<script>'] }, '«comments[0]»'],
      [{ decision: 'approve', comments: ['abc'], note: 42 }, '«note»'],
    ];
    for (const [body, field] of cases) {
      const answer = await admin('POST', '/tilshi-moderation/decisions', body);
      expect(answer.status).toBe(400);
      expect(JSON.stringify(answer.json)).toContain(field);
    }
    expect((await admin('GET', '/tilshi-moderation/queue?view=reported')).status).toBe(400);
    expect((await admin('GET', '/tilshi-moderation/queue?page=0')).status).toBe(400);
  });

  it('answers moderators only: not readers, not API tokens, not reporters', async () => {
    const anonymous = await fetch(`${strapi.url}/tilshi-moderation/queue`);
    expect(anonymous.status).toBe(401);
    for (const token of [strapi.commentsToken, strapi.writeToken, newcomer.token]) {
      const answer = await fetch(`${strapi.url}/tilshi-moderation/decisions`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: '{"decision":"approve","comments":["abc"]}' });
      expect(answer.status).toBe(401);
    }
    const reporter = await createAdminUser(strapi.url, strapi.adminToken, 'tilshi-reporter', { firstname: 'Асель', lastname: 'Корреспондент' });
    expect((await adminRequest(strapi.url, reporter.token, 'GET', '/tilshi-moderation/queue')).status).toBe(403);
  });

  it('records a decision made in the Content Manager’s comment form as well', async () => {
    const id = await post(newcomer, ferry, 'Решим в форме комментария');
    await moderate(id, 'rejected');
    expect((await auditFor(id))[0]).toMatchObject({ action: 'comment_reject', actorName: 'Admin Tilshi' });
  });
});
