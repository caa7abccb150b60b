/**
 * Posting comments through the function against a real Strapi: moderation
 * states, the trusted flag, banned words, rate limits, idempotent retries and
 * XSS payloads.
 */
import { commentCreatedResponseSchema, commentListResponseSchema } from '@tilshi/shared-types';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  addBannedWord,
  call,
  createArticle,
  errorCode,
  makeHandler,
  moderate,
  registerReader,
  setReaderFlags,
  storedComments,
  type TestReader,
} from './support.ts';

const handler = makeHandler();
let article: string;

beforeAll(async () => {
  article = await createArticle({ kk: true });
});

async function post(reader: TestReader, body: string, options: { key?: string; articleId?: string; handlerToUse?: typeof handler } = {}) {
  return call(options.handlerToUse ?? handler, 'POST', '/api/comments', {
    token: reader.token,
    body: { article: options.articleId ?? article, body },
    headers: options.key ? { 'Idempotency-Key': options.key } : {},
  });
}

async function listed(articleId: string): Promise<string[]> {
  const answer = await call(handler, 'GET', `/api/comments?article=${articleId}&limit=50`);
  return commentListResponseSchema.parse(answer.json).data.map((comment) => comment.body);
}

describe('a new reader', () => {
  let reader: TestReader;
  beforeAll(async () => {
    reader = await registerReader(handler, 'newbie');
  });

  it('gets 201 with the stored comment, pending moderation, and a message saying so', async () => {
    const answer = await post(reader, '  Спасибо за новость!  ');
    expect(answer.status).toBe(201);
    const created = commentCreatedResponseSchema.parse(answer.json);
    expect(created.data).toMatchObject({ article, body: 'Спасибо за новость!', status: 'pending', author: { username: reader.username } });
    expect(created.meta.moderation).toEqual({ status: 'pending', message: 'Спасибо! Комментарий появится после проверки модератором.' });
    const [stored] = await storedComments(`filters[documentId][$eq]=${created.data.id}`);
    expect(stored).toMatchObject({ moderationStatus: 'pending', authorId: reader.id, articleDocumentId: article });
    expect(stored?.moderationNote).toContain('не доверенный');
    expect(stored?.moderationReasons).toEqual(['new_reader']);
  });

  it('does not see the pending comment listed until a moderator approves it in the panel', async () => {
    const body = `Ждёт модерации ${Date.now()}`;
    const created = commentCreatedResponseSchema.parse((await post(reader, body)).json);
    expect(await listed(article)).not.toContain(body);
    await moderate(created.data.id, 'approved');
    expect(await listed(article)).toContain(body);
  });

  it('gets the moderation message in Kazakh when posting from the Kazakh site', async () => {
    const answer = await call(handler, 'POST', '/api/comments', {
      token: reader.token,
      body: { article, body: 'Рахмет, жақсы жаңалық!', locale: 'kk' },
    });
    expect(commentCreatedResponseSchema.parse(answer.json).meta.moderation.message).toBe(
      'Рахмет! Пікір модератор тексергеннен кейін жарияланады.',
    );
  });
});

describe('a trusted reader', () => {
  let reader: TestReader;
  beforeAll(async () => {
    reader = await registerReader(handler, 'trusted');
    await setReaderFlags(reader.id, { trusted: true });
  });

  it('is published at once: approved in the answer and listed right away', async () => {
    const body = `Доверенный читатель ${Date.now()}`;
    const answer = await post(reader, body);
    expect(answer.status).toBe(201);
    expect(commentCreatedResponseSchema.parse(answer.json).meta.moderation).toEqual({
      status: 'approved',
      message: 'Комментарий опубликован.',
    });
    expect(await listed(article)).toContain(body);
  });

  it('is still held for moderation when the comment has a banned word (whole words, any case)', async () => {
    await addBannedWord('негодя*');
    const fresh = makeHandler();
    const answer = await post(reader, 'Какие НЕГОДЯИ это устроили!', { handlerToUse: fresh });
    const created = commentCreatedResponseSchema.parse(answer.json);
    expect(created.data.status).toBe('pending');
    const [stored] = await storedComments(`filters[documentId][$eq]=${created.data.id}`);
    expect(stored?.moderationNote).toContain('негодя*');
    expect(stored?.moderationReasons).toEqual(['banned_words']);
    const clean = await post(reader, 'Негодования не было, все довольны.', { handlerToUse: fresh });
    expect(commentCreatedResponseSchema.parse(clean.json).data.status).toBe('approved');
  });

  it('is held for moderation when the comment has a link, with the reason stored for the queue', async () => {
    const answer = await post(reader, 'Подробнее на сайте акимата: mangystau.gov.kz');
    const created = commentCreatedResponseSchema.parse(answer.json);
    expect(created.data.status).toBe('pending');
    const [stored] = await storedComments(`filters[documentId][$eq]=${created.data.id}`);
    expect(stored?.moderationReasons).toEqual(['links']);
    expect(stored?.moderationNote).toContain('ссылки');
  });
});

describe('earned trust', () => {
  it('publishes at once after enough approved comments, and pre-moderates again after a rejection', async () => {
    const earning = makeHandler({ autoTrustAfter: 2 });
    const reader = await registerReader(earning, 'earning');
    const ids: string[] = [];
    for (const body of ['Первый комментарий', 'Второй комментарий']) {
      const created = commentCreatedResponseSchema.parse((await post(reader, body, { handlerToUse: earning })).json);
      expect(created.data.status).toBe('pending');
      ids.push(created.data.id);
    }
    for (const id of ids) await moderate(id, 'approved');
    const third = commentCreatedResponseSchema.parse((await post(reader, 'Третий комментарий', { handlerToUse: earning })).json);
    expect(third.data.status).toBe('approved');
    await moderate(third.data.id, 'rejected');
    const fourth = commentCreatedResponseSchema.parse((await post(reader, 'Четвёртый комментарий', { handlerToUse: earning })).json);
    expect(fourth.data.status).toBe('pending');
  });
});

describe('rate limits, counted in the database', () => {
  it('answers 429 rate_limited with Retry-After after 5 comments in a minute', async () => {
    const reader = await registerReader(handler, 'fast');
    for (let index = 1; index <= 5; index += 1) {
      expect((await post(reader, `Комментарий номер ${index}`)).status).toBe(201);
    }
    const sixth = await post(reader, 'Шестой за минуту');
    expect(sixth.status).toBe(429);
    expect(errorCode(sixth)).toBe('rate_limited');
    const retryAfter = Number(sixth.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await storedComments(`filters[authorId][$eq]=${reader.id}`)).toHaveLength(5);
  });

  it('holds across instances: a second handler sees the comments the first one stored', async () => {
    const reader = await registerReader(handler, 'twoinstances');
    const [first, second] = [
      makeHandler({ rateLimits: { perMinute: 2, perDay: 50 } }),
      makeHandler({ rateLimits: { perMinute: 2, perDay: 50 } }),
    ];
    expect((await post(reader, 'Через первый экземпляр', { handlerToUse: first })).status).toBe(201);
    expect((await post(reader, 'Через второй экземпляр', { handlerToUse: second })).status).toBe(201);
    expect((await post(reader, 'Снова через первый', { handlerToUse: first })).status).toBe(429);
  });

  it('does not race: ten comments of one reader at once, through two instances, store exactly five', async () => {
    const reader = await registerReader(handler, 'racer');
    const other = makeHandler();
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        post(reader, `Одновременно ${index}`, { key: `race-${Date.now()}-${index}`, handlerToUse: index % 2 === 0 ? handler : other }),
      ),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429, 429, 429, 429, 429]);
    expect(await storedComments(`filters[authorId][$eq]=${reader.id}`)).toHaveLength(5);
  });

  it('has a daily limit too', async () => {
    const daily = makeHandler({ rateLimits: { perMinute: 100, perDay: 3 } });
    const reader = await registerReader(daily, 'daily');
    for (let index = 1; index <= 3; index += 1) expect((await post(reader, `За день ${index}`, { handlerToUse: daily })).status).toBe(201);
    const fourth = await post(reader, 'Четвёртый за день', { handlerToUse: daily });
    expect(fourth.status).toBe(429);
    expect(JSON.stringify(fourth.json)).toContain('"window":"day"');
  });
});

describe('Idempotency-Key', () => {
  it('answers a retried post with the same comment and stores it once', async () => {
    const reader = await registerReader(handler, 'retry');
    const key = `retry-${Date.now()}`;
    const first = await post(reader, 'Отправлено дважды', { key });
    const second = await post(reader, 'Отправлено дважды', { key });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(commentCreatedResponseSchema.parse(second.json).data.id).toBe(commentCreatedResponseSchema.parse(first.json).data.id);
    expect(await storedComments(`filters[authorId][$eq]=${reader.id}`)).toHaveLength(1);
  });

  it('stores one comment when the same post arrives several times at once', async () => {
    const reader = await registerReader(handler, 'burst');
    const key = `burst-${Date.now()}`;
    const answers = await Promise.all(Array.from({ length: 4 }, () => post(reader, 'Нажал кнопку четыре раза', { key })));
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201, 201]);
    const ids = new Set(answers.map((answer) => commentCreatedResponseSchema.parse(answer.json).data.id));
    expect(ids.size).toBe(1);
    expect(await storedComments(`filters[authorId][$eq]=${reader.id}`)).toHaveLength(1);
  });

  it('keeps keys per reader: another reader may use the same key', async () => {
    const key = `shared-${Date.now()}`;
    const [one, two] = [await registerReader(handler, 'keyone'), await registerReader(handler, 'keytwo')];
    const first = commentCreatedResponseSchema.parse((await post(one, 'Один ключ', { key })).json);
    const second = commentCreatedResponseSchema.parse((await post(two, 'Один ключ', { key })).json);
    expect(second.data.id).not.toBe(first.data.id);
  });

  it('refuses the same key with a different text with 422 idempotency_key_reused', async () => {
    const reader = await registerReader(handler, 'reuse');
    const key = `reuse-${Date.now()}`;
    await post(reader, 'Первый текст', { key });
    const other = await post(reader, 'Совсем другой текст', { key });
    expect(other.status).toBe(422);
    expect(errorCode(other)).toBe('idempotency_key_reused');
  });
});

describe('XSS payloads', () => {
  const PAYLOADS = [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '"><svg onload=alert(document.cookie)>',
    "';alert(String.fromCharCode(88,83,83))//",
    '<a href="javascript:alert(1)">нажми</a>',
    '{{constructor.constructor("alert(1)")()}} ${alert(1)}',
    '</script><script>alert(1)</script>',
  ];

  it('are stored as the exact text, listed back unchanged, and never appear as markup in the JSON', async () => {
    const reader = await registerReader(handler, 'xss');
    await setReaderFlags(reader.id, { trusted: true });
    const xssArticle = await createArticle();
    const relaxed = makeHandler({ rateLimits: { perMinute: 100, perDay: 100 } });
    for (const payload of PAYLOADS) {
      const answer = await post(reader, payload, { articleId: xssArticle, handlerToUse: relaxed });
      expect(answer.status).toBe(201);
      expect(answer.text).not.toMatch(/[<>]/);
    }
    const stored = await storedComments(`filters[articleDocumentId][$eq]=${xssArticle}&sort[0]=id:asc`);
    expect(stored.map((comment) => comment.body)).toEqual(PAYLOADS);

    const list = await call(handler, 'GET', `/api/comments?article=${xssArticle}`);
    expect(list.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(list.headers.get('x-content-type-options')).toBe('nosniff');
    expect(list.text).not.toMatch(/[<>]/);
    expect(commentListResponseSchema.parse(list.json).data.map((comment) => comment.body)).toEqual(PAYLOADS);
  });
});
