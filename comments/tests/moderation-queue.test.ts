/**
 * The panel's moderation queue (cms/src/newsroom/moderation.ts, admin routes
 * under /tilshi-moderation) with comments posted through the real function:
 * what a moderator sees (article, reader, why it waits, newest first; the
 * reports of comments still on the site, with their count and reasons), and
 * decisions on several comments at once — approve, keep despite reports,
 * reject, ban the reader, keep the reader on pre-moderation — as the function
 * and the audit list then see them.
 */
import { commentCreatedResponseSchema, commentListResponseSchema, reportedResponseSchema } from '@tilshi/shared-types';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { strapiCall, createAdminUser, type StrapiAnswer } from '@tilshi/testing/admin';
import {
  addBannedWord,
  call,
  createArticle,
  errorCode,
  makeHandler,
  moderate,
  registerReader,
  setReaderFlags,
  strapi,
  type TestReader,
} from './support.ts';

const handler = makeHandler({ rateLimits: { perMinute: 100, perDay: 100 } });

const admin = (method: string, path: string, body?: unknown): Promise<StrapiAnswer> =>
  strapiCall(strapi.url, strapi.adminToken, method, path, body);

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
      reader: z
        .object({ id: z.number(), username: z.string(), blocked: z.boolean(), trusted: z.boolean(), premoderated: z.boolean() })
        .nullable(),
      reports: z.object({
        count: z.number(),
        reasons: z.array(z.object({ reason: z.string(), count: z.number() })),
        lastAt: z.string().nullable(),
        latest: z.array(z.object({ reason: z.string(), note: z.string().nullable(), createdAt: z.string() })),
      }),
      article: z
        .object({
          documentId: z.string(),
          locale: z.string().nullable(),
          title: z.string().nullable(),
          published: z.boolean(),
          siteUrl: z.string().nullable(),
        })
        .nullable(),
    }),
  ),
  meta: z.object({
    view: z.enum(['pending', 'reported']),
    page: z.number(),
    pageSize: z.number(),
    total: z.number(),
    counts: z.object({ pending: z.number(), reported: z.number() }),
  }),
});
const decisionSchema = z.object({
  data: z.object({
    decision: z.string(),
    comments: z.number(),
    rejected: z.number(),
    readersBanned: z.number(),
    readersPremoderated: z.number(),
  }),
});
const auditSchema = z.object({
  data: z.array(
    z.object({
      action: z.string(),
      subjectType: z.string(),
      subjectId: z.string(),
      subjectTitle: z.string().nullable(),
      actorName: z.string().nullable(),
    }),
  ),
});

async function queue(view: 'pending' | 'reported' = 'pending') {
  const answer = await admin('GET', `/tilshi-moderation/queue?view=${view}&pageSize=100`);
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

async function decide(decision: string, comments: string[]): Promise<StrapiAnswer> {
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
    expect(fresh).toMatchObject({
      body: 'Когда следующий рейс?',
      status: 'pending',
      reasons: ['new_reader'],
      reader: { id: newcomer.id, username: newcomer.username, blocked: false },
      article: { documentId: ferry, locale: 'ru', published: true },
    });
    expect(fresh?.article?.title).toMatch(/^Новость для комментариев/);
    expect(linked).toMatchObject({
      reasons: ['links'],
      language: 'kk',
      reader: { username: regular.username, trusted: true },
      article: { documentId: port, locale: 'kk' },
    });
    expect(linked?.article?.title).toMatch(/^Пікірлерге арналған жаңалық/);
    expect(banned?.reasons).toEqual(['banned_words']);
    expect(banned?.note).toContain('мошенник*');
    expect(answer.meta.counts.pending).toBe(answer.meta.total);
    expect(fresh?.reports).toEqual({ count: 0, reasons: [], lastAt: null, latest: [] });
    const counts = z
      .object({ data: z.object({ pending: z.number(), reported: z.number() }) })
      .parse((await admin('GET', '/tilshi-moderation/counts')).json).data;
    expect(counts.pending).toBe(answer.meta.total);
    const text = JSON.stringify(answer);
    for (const reader of [newcomer, regular]) expect(text).not.toContain(reader.email);
  });

  it('approves several comments in one decision: they are on the site at once, out of the queue, and in the audit list', async () => {
    const ids = [await post(newcomer, ferry, 'Спасибо за новость'), await post(newcomer, ferry, 'И за фото спасибо')];
    const pendingBefore = (await queue()).meta.counts.pending;
    const answer = await decide('approve', ids);
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    expect(decisionSchema.parse(answer.json).data).toEqual({
      decision: 'approve',
      comments: 2,
      rejected: 0,
      readersBanned: 0,
      readersPremoderated: 0,
    });
    expect(await listedOn(ferry)).toEqual(expect.arrayContaining(ids));
    const after = await queue();
    expect(after.data.map((item) => item.documentId)).not.toEqual(expect.arrayContaining([ids[0]]));
    expect(after.meta.counts.pending).toBe(pendingBefore - 2);
    for (const id of ids)
      expect(await auditFor(id)).toEqual([
        expect.objectContaining({ action: 'comment_approve', subjectType: 'comment', actorName: 'Admin Tilshi' }),
      ]);
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
    expect(answer).toEqual({ decision: 'ban', comments: 1, rejected: 2, readersBanned: 1, readersPremoderated: 0 });
    expect((await queue()).data.map((item) => item.documentId)).not.toEqual(expect.arrayContaining([ids[1]]));
    const again = await call(handler, 'POST', '/api/comments', { token: troll.token, body: { article: ferry, body: 'А теперь?' } });
    expect(again.status).toBe(403);
    expect(errorCode(again)).toBe('account_blocked');
    expect((await auditFor(String(troll.id)))[0]).toMatchObject({
      action: 'reader_ban',
      subjectType: 'reader',
      subjectTitle: troll.username,
      actorName: 'Admin Tilshi',
    });
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
    expect(waiting?.reports).toMatchObject({ count: 3, reasons: [{ reason: 'insult', count: 3 }] });
    expect((await queue('reported')).data.map((item) => item.documentId)).not.toContain(id);

    expect(decisionSchema.parse((await decide('approve', [id])).json).data).toMatchObject({ comments: 1, rejected: 0 });
    expect(await listedOn(ferry)).toContain(id);
    expect((await queue()).data.map((item) => item.documentId)).not.toContain(id);
  });

  it('lists comments readers reported that are still on the site, with the count, the reasons and the notes; keeping them dismisses the reports and leaves them on the site', async () => {
    const [rude, loud] = [await post(regular, ferry, 'Мнение, которое не всем нравится'), await post(regular, port, 'Громкое мнение')];
    const [first, second, third] = await Promise.all([
      registerReader(handler, 'rep'),
      registerReader(handler, 'rep'),
      registerReader(handler, 'rep'),
    ]);
    const report = async (reporter: TestReader | undefined, id: string | undefined, reason: string, note?: string) => {
      const answer = await call(handler, 'POST', `/api/comments/${id}/reports`, {
        token: reporter?.token ?? '',
        body: note === undefined ? { reason } : { reason, note },
      });
      expect(answer.status, answer.text).toBe(202);
      expect(reportedResponseSchema.parse(answer.json).data.hidden).toBe(false);
    };
    await report(first, rude, 'insult', 'Переходит на личности');
    await report(second, rude, 'spam');
    await report(third, loud, 'off_topic');
    expect(await listedOn(ferry)).toContain(rude);
    expect(await listedOn(port)).toContain(loud);

    const reported = await queue('reported');
    const [loudItem, rudeItem] = reported.data.filter((item) => item.documentId === rude || item.documentId === loud);
    expect(loudItem?.documentId).toBe(loud); // most recently reported first
    expect(rudeItem).toMatchObject({
      status: 'approved',
      body: 'Мнение, которое не всем нравится',
      reader: { id: regular.id },
      article: { documentId: ferry },
    });
    expect(rudeItem?.reports.count).toBe(2);
    expect(rudeItem?.reports.reasons).toEqual(
      expect.arrayContaining([
        { reason: 'insult', count: 1 },
        { reason: 'spam', count: 1 },
      ]),
    );
    expect(rudeItem?.reports.latest).toEqual([
      expect.objectContaining({ reason: 'spam', note: null }),
      expect.objectContaining({ reason: 'insult', note: 'Переходит на личности' }),
    ]);
    expect(loudItem?.reports).toMatchObject({ count: 1, reasons: [{ reason: 'off_topic', count: 1 }] });
    expect(reported.meta.counts.reported).toBe(reported.meta.total);
    expect(reported.meta.total).toBeGreaterThanOrEqual(2);
    expect((await queue('pending')).data.map((item) => item.documentId)).not.toEqual(expect.arrayContaining([rude]));
    // Reporters stay anonymous to moderators.
    const text = JSON.stringify(reported);
    for (const reporter of [first, second, third]) {
      expect(text).not.toContain(reporter.email);
      expect(text).not.toContain(reporter.username);
    }

    const kept = decisionSchema.parse((await decide('keep', [rude, loud])).json).data;
    expect(kept).toEqual({ decision: 'keep', comments: 2, rejected: 0, readersBanned: 0, readersPremoderated: 0 });
    expect(await listedOn(ferry)).toContain(rude);
    expect(await listedOn(port)).toContain(loud);
    const after = await queue('reported');
    expect(after.data.map((item) => item.documentId)).not.toEqual(expect.arrayContaining([rude]));
    expect(after.data.map((item) => item.documentId)).not.toEqual(expect.arrayContaining([loud]));
    expect(after.meta.counts.reported).toBe(reported.meta.counts.reported - 2);
    expect((await auditFor(rude))[0]).toMatchObject({ action: 'comment_keep', subjectType: 'comment', actorName: 'Admin Tilshi' });

    // A new report after the decision counts from zero: only it is shown.
    await report(third, rude, 'illegal', 'Призыв к нарушению');
    const again = (await queue('reported')).data.find((item) => item.documentId === rude);
    expect(again?.reports).toMatchObject({
      count: 1,
      reasons: [{ reason: 'illegal', count: 1 }],
      latest: [{ reason: 'illegal', note: 'Призыв к нарушению' }],
    });
  });

  it('rejects a reported comment still on the site: it leaves the site and the queue', async () => {
    const id = await post(regular, ferry, 'Это уберут после жалобы');
    const reporter = await registerReader(handler, 'rej');
    expect((await call(handler, 'POST', `/api/comments/${id}/reports`, { token: reporter.token, body: { reason: 'insult' } })).status).toBe(
      202,
    );
    expect((await queue('reported')).data.find((item) => item.documentId === id)?.reports.count).toBe(1);
    expect(decisionSchema.parse((await decide('reject', [id])).json).data).toMatchObject({ decision: 'reject', comments: 1, rejected: 1 });
    expect(await listedOn(ferry)).not.toContain(id);
    for (const view of ['pending', 'reported'] as const) expect((await queue(view)).data.map((item) => item.documentId)).not.toContain(id);
    expect((await auditFor(id))[0]).toMatchObject({ action: 'comment_reject' });
  });

  it('keeps a reader always on pre-moderation from the queue: the comment stays, their next one waits even though they are trusted, and it is recorded', async () => {
    const loudmouth = await registerReader(handler, 'premod');
    await setReaderFlags(loudmouth.id, { trusted: true });
    const id = await post(loudmouth, ferry, 'Пишу сразу на сайт');
    expect(await listedOn(ferry)).toContain(id);
    const answer = decisionSchema.parse((await decide('premoderate', [id])).json).data;
    expect(answer).toEqual({ decision: 'premoderate', comments: 1, rejected: 0, readersBanned: 0, readersPremoderated: 1 });
    expect(await listedOn(ferry)).toContain(id);
    const next = await post(loudmouth, ferry, 'А теперь меня проверят');
    expect(await listedOn(ferry)).not.toContain(next);
    expect((await queue()).data.find((item) => item.documentId === next)).toMatchObject({
      reasons: ['premoderated_reader'],
      reader: { id: loudmouth.id, premoderated: true, trusted: true },
    });
    expect((await auditFor(String(loudmouth.id)))[0]).toMatchObject({
      action: 'reader_premoderate',
      subjectType: 'reader',
      subjectTitle: loudmouth.username,
      actorName: 'Admin Tilshi',
    });
    // Deciding it again changes nothing more.
    expect(decisionSchema.parse((await decide('premoderate', [next])).json).data.readersPremoderated).toBe(0);
  });

  it('lists the comments of a reader kept on pre-moderation with that reason, trusted or not', async () => {
    const kept = await registerReader(handler, 'kept');
    await setReaderFlags(kept.id, { trusted: true, premoderated: true });
    const id = await post(kept, ferry, 'Меня проверяют всегда');
    expect((await queue()).data.find((item) => item.documentId === id)).toMatchObject({
      status: 'pending',
      reasons: ['premoderated_reader'],
    });
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
    expect((await admin('GET', '/tilshi-moderation/queue?view=all')).status).toBe(400);
    expect((await admin('GET', '/tilshi-moderation/queue?page=0')).status).toBe(400);
  });

  it('answers moderators only: not readers, not API tokens, not reporters', async () => {
    const anonymous = await fetch(`${strapi.url}/tilshi-moderation/queue`);
    expect(anonymous.status).toBe(401);
    for (const token of [strapi.commentsToken, strapi.writeToken, newcomer.token]) {
      const answer = await fetch(`${strapi.url}/tilshi-moderation/decisions`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: '{"decision":"approve","comments":["abc"]}',
      });
      expect(answer.status).toBe(401);
    }
    const reporter = await createAdminUser(strapi.url, strapi.adminToken, 'tilshi-reporter', {
      firstname: 'Асель',
      lastname: 'Корреспондент',
    });
    expect((await strapiCall(strapi.url, reporter.token, 'GET', '/tilshi-moderation/queue')).status).toBe(403);
  });

  it('records a decision made in the Content Manager’s comment form as well', async () => {
    const id = await post(newcomer, ferry, 'Решим в форме комментария');
    await moderate(id, 'rejected');
    expect((await auditFor(id))[0]).toMatchObject({ action: 'comment_reject', actorName: 'Admin Tilshi' });
  });
});
