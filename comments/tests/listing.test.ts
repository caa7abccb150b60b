/**
 * Reading comments through the function against a real Strapi: the list
 * (approved only, oldest first, paginated), the counts of listing pages,
 * drafts' comments never shown, deleting one's own comment, and no e-mail
 * anywhere.
 */
import { commentCountsResponseSchema, commentCreatedResponseSchema, commentListResponseSchema } from '@tilshi/shared-types';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  createArticle,
  errorCode,
  makeHandler,
  moderate,
  registerReader,
  setPublished,
  setReaderFlags,
  storedComments,
  strapi,
  strapiRest,
  type TestReader,
} from './support.ts';

const handler = makeHandler({ rateLimits: { perMinute: 1000, perDay: 1000 } });
let trusted: TestReader;
let newcomer: TestReader;

beforeAll(async () => {
  trusted = await registerReader(handler, 'lister');
  await setReaderFlags(trusted.id, { trusted: true });
  newcomer = await registerReader(handler, 'newcomer');
});

async function post(reader: TestReader, article: string, body: string): Promise<string> {
  const answer = await call(handler, 'POST', '/api/comments', { token: reader.token, body: { article, body } });
  if (answer.status !== 201) throw new Error(`posting failed: ${answer.status} ${answer.text}`);
  return commentCreatedResponseSchema.parse(answer.json).data.id;
}

async function counts(ids: string[]): Promise<Record<string, number>> {
  const answer = await call(handler, 'GET', `/api/comments/counts?articles=${ids.join(',')}`);
  expect(answer.status).toBe(200);
  return commentCountsResponseSchema.parse(answer.json).data;
}

describe('GET /api/comments', () => {
  let article: string;
  const bodies = Array.from({ length: 7 }, (_, index) => `Комментарий ${index + 1}`);

  beforeAll(async () => {
    article = await createArticle({ kk: true });
    for (const body of bodies) await post(trusted, article, body);
    await post(newcomer, article, 'Ещё не проверен');
  });

  it('lists approved comments only, oldest first, with the author by username only', async () => {
    const answer = await call(handler, 'GET', `/api/comments?article=${article}`);
    expect(answer.status).toBe(200);
    const page = commentListResponseSchema.parse(answer.json);
    expect(page.data.map((comment) => comment.body)).toEqual(bodies);
    expect(page.data.every((comment) => comment.status === 'approved' && comment.author.username === trusted.username)).toBe(true);
    expect(page.meta.nextCursor).toBeNull();
    expect(answer.text).not.toContain('@');
    expect(answer.text).not.toContain(trusted.email);
  });

  it('pages with an opaque cursor until the last page', async () => {
    const seen: string[] = [];
    let cursor: string | null = '';
    let pages = 0;
    while (cursor !== null) {
      const answer = await call(handler, 'GET', `/api/comments?article=${article}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      const page = commentListResponseSchema.parse(answer.json);
      seen.push(...page.data.map((comment) => comment.body));
      cursor = page.meta.nextCursor;
      pages += 1;
    }
    expect(seen).toEqual(bodies);
    expect(pages).toBe(3);
  });

  it('can be cached briefly by a CDN', async () => {
    const answer = await call(handler, 'GET', `/api/comments?article=${article}`);
    expect(answer.headers.get('cache-control')).toMatch(/public.*s-maxage=\d+/);
  });

  it.each([
    ['invalid_article_id', 'article=NOT%20AN%20ID'],
    ['invalid_article_id', ''],
    ['invalid_cursor', 'article=abc&cursor=bm90LWEtY3Vyc29y'],
    ['invalid_request', 'article=abc&limit=500'],
  ])('refuses a bad query with 400 %s', async (code, query) => {
    const answer = await call(handler, 'GET', `/api/comments?${query}`);
    expect(answer.status).toBe(400);
    expect(errorCode(answer)).toBe(code);
  });
});

describe('GET /api/comments/counts', () => {
  it('counts approved comments per article, 0 for an article without any, and is cacheable with s-maxage', async () => {
    const [busy, quiet] = [await createArticle(), await createArticle()];
    await post(trusted, busy, 'Раз');
    await post(trusted, busy, 'Два');
    await post(newcomer, busy, 'Ожидает проверки');
    await post(newcomer, quiet, 'Тоже ожидает');
    const answer = await call(handler, 'GET', `/api/comments/counts?articles=${busy},${quiet}`);
    expect(commentCountsResponseSchema.parse(answer.json).data).toEqual({ [busy]: 2, [quiet]: 0 });
    expect(answer.headers.get('cache-control')).toMatch(/^public, max-age=\d+, s-maxage=\d+/);
    expect(answer.headers.get('cdn-cache-control')).toMatch(/^public, max-age=\d+/);
  });

  it.each([
    ['invalid_request', ''],
    ['invalid_article_id', 'articles=ok1,BAD!'],
    ['invalid_request', `articles=${Array.from({ length: 51 }, (_, index) => `a${index}`).join(',')}`],
  ])('refuses a bad query with 400 %s', async (code, query) => {
    const answer = await call(handler, 'GET', `/api/comments/counts?${query}`);
    expect(answer.status).toBe(400);
    expect(errorCode(answer)).toBe(code);
  });
});

describe("drafts' comments", () => {
  it('are never listed or counted: unpublishing an article hides its approved comments, republishing shows them again', async () => {
    const article = await createArticle({ kk: true });
    await post(trusted, article, 'Виден, пока материал опубликован');
    expect(await counts([article])).toEqual({ [article]: 1 });

    await setPublished(article, 'ru', false);
    // Still published in Kazakh: the discussion is shared by both language versions.
    expect(await counts([article])).toEqual({ [article]: 1 });

    await setPublished(article, 'kk', false);
    const list = await call(handler, 'GET', `/api/comments?article=${article}`);
    expect(list.status).toBe(404);
    expect(errorCode(list)).toBe('article_not_found');
    expect(list.text).not.toContain('Виден');
    expect(await counts([article])).toEqual({ [article]: 0 });
    const refused = await call(handler, 'POST', '/api/comments', { token: trusted.token, body: { article, body: 'К снятому материалу' } });
    expect(refused.status).toBe(404);

    await setPublished(article, 'ru', true);
    expect(await counts([article])).toEqual({ [article]: 1 });
  });

  it('are hidden even when an approved comment on a draft is written to Strapi directly', async () => {
    const draft = await createArticle({ draft: true });
    const direct = await strapiRest('POST', '/api/comments', strapi.commentsToken, {
      data: {
        body: 'Обход функции',
        moderationStatus: 'approved',
        articleDocumentId: draft,
        authorId: trusted.id,
        authorName: trusted.username,
        language: 'ru',
      },
    });
    expect(direct.status).toBe(201);
    expect((await call(handler, 'GET', `/api/comments?article=${draft}`)).status).toBe(404);
    expect(await counts([draft])).toEqual({ [draft]: 0 });
  });
});

describe('DELETE /api/comments/:id', () => {
  it("deletes the reader's own comment (204), after which it is neither listed nor stored", async () => {
    const article = await createArticle();
    const id = await post(trusted, article, 'Передумал');
    const answer = await call(handler, 'DELETE', `/api/comments/${id}`, { token: trusted.token });
    expect(answer.status).toBe(204);
    expect(await storedComments(`filters[documentId][$eq]=${id}`)).toEqual([]);
    expect(commentListResponseSchema.parse((await call(handler, 'GET', `/api/comments?article=${article}`)).json).data).toEqual([]);
  });

  it("refuses another reader's comment with 404 comment_not_found and keeps it", async () => {
    const article = await createArticle();
    const id = await post(trusted, article, 'Чужой комментарий');
    const answer = await call(handler, 'DELETE', `/api/comments/${id}`, { token: newcomer.token });
    expect(answer.status).toBe(404);
    expect(errorCode(answer)).toBe('comment_not_found');
    expect(await storedComments(`filters[documentId][$eq]=${id}`)).toHaveLength(1);
  });

  it('answers 401 without a session', async () => {
    const answer = await call(handler, 'DELETE', '/api/comments/abc123');
    expect(answer.status).toBe(401);
  });
});

describe('moderation in the panel', () => {
  it('a rejected comment disappears from the list and the counts', async () => {
    const article = await createArticle();
    const id = await post(trusted, article, 'Будет отклонён');
    expect(await counts([article])).toEqual({ [article]: 1 });
    await moderate(id, 'rejected');
    expect(await counts([article])).toEqual({ [article]: 0 });
  });
});
