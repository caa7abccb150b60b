/**
 * The CMS side of the comments function, on SQLite and (project cms-postgres)
 * on PostgreSQL: the raw SQL of confirmed numbers, the one-transaction write
 * path with its per-reader window under concurrent batches, reports that hide
 * a comment, the change feed, and deleting an account. Called with the
 * comments function's token, as the function calls them.
 */
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import pg from 'pg';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';

const { url, writeToken, commentsToken, database } = inject('strapi');

/** Rows straight from the database (SQLite or PostgreSQL, `?` placeholders): what each write path stored. */
async function selectRows(sql: string, params: unknown[]): Promise<Array<Record<string, unknown>>> {
  if (database.client === 'sqlite') {
    const db = new Database(database.filename, { readonly: true, fileMustExist: true });
    try {
      return db.prepare(sql).all(...params) as Array<Record<string, unknown>>;
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ host: database.host, port: database.port, user: database.user, database: database.database });
  await client.connect();
  try {
    let index = 0;
    return (
      await client.query(
        sql.replace(/\?/g, () => `$${++index}`),
        params,
      )
    ).rows as Array<Record<string, unknown>>;
  } finally {
    await client.end();
  }
}

async function call(method: string, path: string, token: string, data?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(data === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(data === undefined ? {} : { body: JSON.stringify({ data }) }),
  });
  const text = await response.text();
  return { status: response.status, json: text === '' ? null : JSON.parse(text) };
}

const outcome = (answer: { json: unknown }) => z.object({ data: z.unknown() }).parse(answer.json).data;

/** A confirmed reader, as the function's registration makes one (the code comes back to the function, which e-mails it). */
async function reader(): Promise<{ id: number; username: string; password: string }> {
  const username = `writer_${randomUUID().slice(0, 8)}`;
  const password = 'Writer-pass-1';
  const registered = z
    .object({ outcome: z.literal('code'), userId: z.number(), code: z.string() })
    .parse(
      outcome(await call('POST', '/api/reader-accounts/register', commentsToken, { username, email: `${username}@example.com`, password })),
    );
  expect(
    outcome(await call('POST', '/api/reader-accounts/verify', commentsToken, { email: `${username}@example.com`, code: registered.code })),
  ).toMatchObject({ outcome: 'ok' });
  return { id: registered.userId, username, password };
}

async function confirmNumber(userId: number, phone: string): Promise<unknown> {
  const asked = z
    .object({ outcome: z.literal('code'), code: z.string() })
    .parse(outcome(await call('POST', '/api/reader-accounts/phone', commentsToken, { userId, phone })));
  return outcome(await call('POST', '/api/reader-accounts/phone/verify', commentsToken, { userId, code: asked.code }));
}

const decision = { status: 'pending', reasons: ['new_reader'], note: 'на проверку' };
const approvedAtOnce = { status: 'approved', reasons: [], note: null };
function item(readerId: number, article: string, body: string, extra: Record<string, unknown> = {}) {
  return {
    readerId,
    sessionVersion: 0,
    requirePhone: true,
    article,
    parent: null,
    body,
    language: 'ru',
    idempotencyKey: null,
    window: { perMinute: 5, perDay: 50, now: Date.now() },
    addressLimit: null,
    autoTrustAfter: 0,
    decisions: { trusted: approvedAtOnce, untrusted: decision, premoderated: decision },
    ...extra,
  };
}

const submitted = z.array(
  z.object({ outcome: z.string(), comment: z.object({ documentId: z.string(), moderationStatus: z.string() }).optional() }),
);

let article = '';
beforeAll(async () => {
  const created = await call('POST', '/api/articles', writeToken, {
    title: `Запись комментариев ${randomUUID().slice(0, 8)}`,
    lead: 'Лид.',
  });
  article = z.object({ data: z.object({ documentId: z.string() }) }).parse(created.json).data.documentId;
});

describe('confirmed numbers', () => {
  it('belong to one live account: another account that proves the number hears it is taken', async () => {
    const phone = `+7701${String(Date.now() % 10_000_000).padStart(7, '0')}`;
    const first = await reader();
    const second = await reader();
    expect(await confirmNumber(first.id, phone)).toEqual({ outcome: 'ok', phoneEnding: phone.slice(-2) });
    expect(await confirmNumber(second.id, phone)).toEqual({ outcome: 'taken' });
    const shown = z
      .object({ data: z.object({ phoneEnding: z.string().nullable() }) })
      .parse((await call('GET', `/api/comments/readers/${first.id}`, commentsToken)).json);
    expect(shown.data.phoneEnding).toBe(phone.slice(-2));
  });
});

describe('the write path', () => {
  it('refuses a reader without a confirmed number, then writes and limits them to five a minute even across simultaneous batches', async () => {
    const writer = await reader();
    expect(
      submitted.parse(
        outcome(await call('POST', '/api/comments/submit', commentsToken, { items: [item(writer.id, article, 'Без номера')] })),
      ),
    ).toEqual([{ outcome: 'phone_required' }]);
    await confirmNumber(writer.id, `+7702${String(Date.now() % 10_000_000).padStart(7, '0')}`);
    const batch = (from: number) =>
      call('POST', '/api/comments/submit', commentsToken, {
        items: Array.from({ length: 4 }, (_, index) => item(writer.id, article, `Комментарий ${from + index}`)),
      });
    const answers = await Promise.all([batch(0), batch(4)]);
    const outcomes = answers.flatMap((answer) => submitted.parse(outcome(answer)).map((entry) => entry.outcome));
    expect(outcomes.filter((entry) => entry === 'created')).toHaveLength(5);
    expect(outcomes.filter((entry) => entry === 'rate_limited')).toHaveLength(3);
    const stored = z
      .object({
        data: z.array(z.object({ moderationStatus: z.string(), moderationReasons: z.array(z.string()).nullable() })),
        meta: z.object({ pagination: z.object({ total: z.number() }) }),
      })
      .parse((await call('GET', `/api/comments?filters[authorId][$eq]=${writer.id}`, commentsToken)).json);
    expect(stored.meta.pagination.total).toBe(5);
    // The decision picked for an untrusted reader is stored with its reasons, for the moderation queue.
    expect(stored.data.map((comment) => [comment.moderationStatus, comment.moderationReasons])).toEqual(
      Array.from({ length: 5 }, () => ['pending', ['new_reader']]),
    );
  });

  it('counts every comment of a batch against its address, and the next batch sees the whole count', async () => {
    const writers = [await reader(), await reader()];
    for (const [index, writer] of writers.entries())
      await confirmNumber(writer.id, `+7704${String((Date.now() + index) % 10_000_000).padStart(7, '0')}`);
    const addressLimit = { bucket: `test-${randomUUID()}`, limit: 3, windowSeconds: 600 };
    const batch = (texts: string[]) =>
      call('POST', '/api/comments/submit', commentsToken, {
        items: texts.map((text, index) => item(writers[index % 2]?.id ?? 0, article, text, { addressLimit })),
      });
    const first = submitted.parse(outcome(await batch(['Один', 'Два', 'Три', 'Четыре', 'Пять'])));
    expect(first.map((entry) => entry.outcome)).toEqual(['created', 'created', 'created', 'rate_limited', 'rate_limited']);
    // Five attempts were counted (refused ones too): a later batch from the address is refused at once.
    const second = z
      .array(
        z.object({ outcome: z.string(), window: z.string().optional(), limit: z.number().optional(), retryAfter: z.number().optional() }),
      )
      .parse(outcome(await batch(['Шесть'])));
    expect(second).toEqual([{ outcome: 'rate_limited', window: 'address', limit: 3, retryAfter: expect.any(Number) }]);
    expect(second[0]?.retryAfter).toBeGreaterThan(590);
  });

  it('refuses a decision with a reason the moderation queue does not know, naming the field', async () => {
    const writer = await reader();
    const answer = await call('POST', '/api/comments/submit', commentsToken, {
      items: [
        item(writer.id, article, 'Неизвестная причина', {
          decisions: { trusted: approvedAtOnce, untrusted: { ...decision, reasons: ['gut_feeling'] }, premoderated: decision },
        }),
      ],
    });
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.json)).toContain('reasons');
  });

  it('answers the stored comment for a retried key and refuses a session that logout ended', async () => {
    const writer = await reader();
    await confirmNumber(writer.id, `+7705${String(Date.now() % 10_000_000).padStart(7, '0')}`);
    const key = `${writer.id}:retry-${randomUUID()}`;
    const [first] = submitted.parse(
      outcome(
        await call('POST', '/api/comments/submit', commentsToken, { items: [item(writer.id, article, 'Повтор', { idempotencyKey: key })] }),
      ),
    );
    const [again] = submitted.parse(
      outcome(
        await call('POST', '/api/comments/submit', commentsToken, { items: [item(writer.id, article, 'Повтор', { idempotencyKey: key })] }),
      ),
    );
    expect(first?.outcome).toBe('created');
    expect(again).toMatchObject({ outcome: 'replayed', comment: { documentId: first?.comment?.documentId } });
    await call('POST', '/api/reader-accounts/sessions/revoke', commentsToken, { userId: writer.id });
    expect(
      submitted.parse(
        outcome(await call('POST', '/api/comments/submit', commentsToken, { items: [item(writer.id, article, 'После выхода')] })),
      ),
    ).toEqual([{ outcome: 'unauthorized' }]);
  });
});

describe('what the write path stores', () => {
  /** A comment's row (without what differs by nature: ids, text, times) and its panel relations' target rows. */
  async function storedRows(documentId: string) {
    const [row] = await selectRows('SELECT * FROM comments WHERE document_id = ?', [documentId]);
    if (!row) throw new Error(`no comment ${documentId}`);
    const {
      id,
      document_id: _documentId,
      body: _body,
      created_at: createdAt,
      updated_at: updatedAt,
      published_at: publishedAt,
      ...rest
    } = row;
    const articles = await selectRows('SELECT article_id FROM comments_article_lnk WHERE comment_id = ? ORDER BY id', [id]);
    const authors = await selectRows('SELECT user_id FROM comments_author_lnk WHERE comment_id = ? ORDER BY id', [id]);
    return {
      rest,
      times: [createdAt, updatedAt, publishedAt].map((value) => value !== null && value !== undefined),
      articles: articles.map((link) => Number(link.article_id)),
      authors: authors.map((link) => Number(link.user_id)),
    };
  }

  it('writes the rows the Document Service writes (the panel relations to the reader and to both article rows), and only an approved comment goes to the feed', async () => {
    const writer = await reader();
    await confirmNumber(writer.id, `+7703${String(Date.now() % 10_000_000).padStart(7, '0')}`);
    const fields = { moderationStatus: 'pending', moderationNote: 'на проверку', moderationReasons: ['new_reader'] };
    const viaDocuments = await call('POST', '/api/comments', commentsToken, {
      articleDocumentId: article,
      body: 'Через Document Service',
      authorId: writer.id,
      authorName: writer.username,
      language: 'ru',
      ...fields,
    });
    expect(viaDocuments.status, JSON.stringify(viaDocuments.json)).toBe(201);
    const reference = z.object({ data: z.object({ documentId: z.string() }) }).parse(viaDocuments.json).data.documentId;
    const feedBefore = z.object({ seq: z.number() }).parse(outcome(await call('GET', '/api/comments/changes?after=0', commentsToken))).seq;
    const [pending] = submitted.parse(
      outcome(await call('POST', '/api/comments/submit', commentsToken, { items: [item(writer.id, article, 'Через путь функции')] })),
    );
    expect(pending?.outcome).toBe('created');
    const written = await storedRows(pending?.comment?.documentId ?? '');
    expect(written).toEqual(await storedRows(reference));
    // The article's draft and published row, as the panel shows the relation; the reader's row.
    const articleRows = await selectRows('SELECT id FROM articles WHERE document_id = ? AND locale = ? ORDER BY published_at IS NOT NULL', [
      article,
      'ru',
    ]);
    expect(written.articles).toEqual(articleRows.map((row) => Number(row.id)));
    expect(written.articles).toHaveLength(2);
    expect(written.authors).toEqual([writer.id]);
    expect(written.times).toEqual([true, true, true]);
    // A comment waiting for moderation changes no cached read: no feed row. An approved one does, naming its article.
    const afterPending = z
      .object({ seq: z.number() })
      .parse(outcome(await call('GET', `/api/comments/changes?after=${feedBefore}`, commentsToken)));
    expect(afterPending.seq).toBe(feedBefore);
    const [approved] = submitted.parse(
      outcome(
        await call('POST', '/api/comments/submit', commentsToken, {
          items: [
            item(writer.id, article, 'Одобрен сразу', {
              decisions: { trusted: approvedAtOnce, untrusted: approvedAtOnce, premoderated: decision },
            }),
          ],
        }),
      ),
    );
    expect(approved?.comment?.moderationStatus).toBe('approved');
    const feed = z
      .object({ seq: z.number(), articles: z.array(z.string()) })
      .parse(outcome(await call('GET', `/api/comments/changes?after=${feedBefore}`, commentsToken)));
    expect(feed.articles).toEqual([article]);
  });
});

describe('reports and the change feed', () => {
  it('hide an approved comment at the threshold and name its article in the feed; deleting the account removes its comments', async () => {
    const author = await reader();
    await confirmNumber(author.id, `+7707${String(Date.now() % 10_000_000).padStart(7, '0')}`);
    const feedBefore = z.object({ seq: z.number() }).parse(outcome(await call('GET', '/api/comments/changes?after=0', commentsToken))).seq;
    const [created] = submitted.parse(
      outcome(
        await call('POST', '/api/comments/submit', commentsToken, {
          items: [
            item(author.id, article, 'Одобрят сразу', {
              decisions: { trusted: approvedAtOnce, untrusted: approvedAtOnce, premoderated: decision },
            }),
          ],
        }),
      ),
    );
    const id = created?.comment?.documentId ?? '';
    const [one, two] = [await reader(), await reader()];
    expect(
      outcome(
        await call('POST', `/api/comments/${id}/reports`, commentsToken, { readerId: one.id, reason: 'spam', note: null, hideAt: 2 }),
      ),
    ).toEqual({ outcome: 'reported', hidden: false });
    expect(
      outcome(
        await call('POST', `/api/comments/${id}/reports`, commentsToken, { readerId: one.id, reason: 'spam', note: null, hideAt: 2 }),
      ),
    ).toEqual({ outcome: 'already' });
    expect(
      outcome(
        await call('POST', `/api/comments/${id}/reports`, commentsToken, { readerId: two.id, reason: 'insult', note: 'грубо', hideAt: 2 }),
      ),
    ).toEqual({ outcome: 'reported', hidden: true });
    const hidden = z
      .object({ data: z.array(z.object({ moderationStatus: z.string(), reportCount: z.number() })) })
      .parse(
        (await call('GET', `/api/comments?filters[documentId][$eq]=${id}&fields[0]=moderationStatus&fields[1]=reportCount`, commentsToken))
          .json,
      );
    expect(hidden.data[0]).toEqual(expect.objectContaining({ moderationStatus: 'pending', reportCount: 2 }));
    const feed = z
      .object({ seq: z.number(), articles: z.array(z.string()), reset: z.boolean() })
      .parse(outcome(await call('GET', `/api/comments/changes?after=${feedBefore}`, commentsToken)));
    expect(feed.articles).toContain(article);
    expect(feed.seq).toBeGreaterThan(feedBefore);

    expect(
      outcome(await call('POST', '/api/reader-accounts/delete', commentsToken, { userId: author.id, password: 'wrong-password-1' })),
    ).toEqual({ outcome: 'invalid' });
    expect(
      outcome(await call('POST', '/api/reader-accounts/delete', commentsToken, { userId: author.id, password: author.password })),
    ).toEqual({ outcome: 'ok', articles: [article] });
    expect((await call('GET', `/api/comments/readers/${author.id}`, commentsToken)).status).toBe(404);
    const left = z
      .object({ data: z.array(z.unknown()) })
      .parse((await call('GET', `/api/comments?filters[authorId][$eq]=${author.id}`, commentsToken)).json);
    expect(left.data).toEqual([]);
  });
});
