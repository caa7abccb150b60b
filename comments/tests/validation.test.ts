/**
 * What the function refuses, against a real Strapi: every kind of bad input
 * with its stable code, missing or forged tokens, drafts, and nothing of a
 * refused request is stored.
 */
import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, createArticle, errorCode, makeHandler, registerReader, storedComments, strapi, type TestReader } from './support.ts';

const handler = makeHandler({ rateLimits: { perMinute: 1000, perDay: 1000 } });
let article: string;
let reader: TestReader;

beforeAll(async () => {
  article = await createArticle();
  reader = await registerReader(handler, 'validation');
});

describe('POST /api/comments refuses bad input with 400 and a stable code', () => {
  const cases: Array<[string, () => Record<string, unknown>]> = [
    ['body_too_short', () => ({ article, body: ' я ' })],
    ['body_too_short', () => ({ article, body: '   \n\t  ' })],
    ['body_too_long', () => ({ article, body: 'ы'.repeat(2001) })],
    ['too_many_links', () => ({ article, body: 'https://a.kz, www.b.com и c.ru — смотрите' })],
    ['spam_detected', () => ({ article, body: 'Обычный текст', website: 'https://spam.example' })],
    ['invalid_article_id', () => ({ article: '../../admin', body: 'Обычный текст' })],
    ['invalid_request', () => ({ article, body: 42 })],
    ['invalid_request', () => ({ body: 'Без материала' })],
    ['invalid_request', () => ({ article, body: 'Текст', locale: 'en' })],
  ];

  it.each(cases)('%s', async (code, body) => {
    const answer = await call(handler, 'POST', '/api/comments', { token: reader.token, body: body() });
    expect(answer.status).toBe(400);
    expect(errorCode(answer)).toBe(code);
  });

  it('invalid_json for a body that does not parse', async () => {
    const answer = await call(handler, 'POST', '/api/comments', {
      token: reader.token,
      rawBody: '{"article": "x", "body": ',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(answer.status).toBe(400);
    expect(errorCode(answer)).toBe('invalid_json');
  });

  it('invalid_idempotency_key for a key that is too short or has odd characters', async () => {
    for (const key of ['short', 'has spaces in it', 'semi;colon;and,comma']) {
      const answer = await call(handler, 'POST', '/api/comments', {
        token: reader.token,
        body: { article, body: 'Текст' },
        headers: { 'Idempotency-Key': key },
      });
      expect(answer.status).toBe(400);
      expect(errorCode(answer)).toBe('invalid_idempotency_key');
    }
  });

  it('415 unsupported_media_type for a form post', async () => {
    const answer = await call(handler, 'POST', '/api/comments', {
      token: reader.token,
      rawBody: `article=${article}&body=text`,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(answer.status).toBe(415);
    expect(errorCode(answer)).toBe('unsupported_media_type');
  });

  it('413 payload_too_large for a body over the limit', async () => {
    const answer = await call(handler, 'POST', '/api/comments', { token: reader.token, body: { article, body: 'ж'.repeat(40_000) } });
    expect(answer.status).toBe(413);
    expect(errorCode(answer)).toBe('payload_too_large');
  });

  it('gives each error a message in Russian by default and in Kazakh on request', async () => {
    const ru = await call(handler, 'POST', '/api/comments', { token: reader.token, body: { article, body: 'я' } });
    expect(ru.json).toMatchObject({ error: { code: 'body_too_short', status: 400, message: expect.stringContaining('слишком короткий') } });
    const kk = await call(handler, 'POST', '/api/comments', { token: reader.token, body: { article, body: 'я', locale: 'kk' } });
    expect(kk.json).toMatchObject({ error: { code: 'body_too_short', message: expect.stringContaining('тым қысқа') } });
    const kkInvalid = await call(handler, 'POST', '/api/comments', { token: reader.token, body: { article, body: 42, locale: 'kk' } });
    expect(kkInvalid.json).toMatchObject({ error: { code: 'invalid_request', message: 'Сұраныс дұрыс толтырылмаған.' } });
  });

  it('stored none of the refused comments', async () => {
    expect(await storedComments(`filters[authorId][$eq]=${reader.id}`)).toEqual([]);
  });
});

describe('POST /api/comments without a valid session', () => {
  it('answers 401 without a token', async () => {
    const answer = await call(handler, 'POST', '/api/comments', { body: { article, body: 'Аноним' } });
    expect(answer.status).toBe(401);
    expect(errorCode(answer)).toBe('unauthorized');
  });

  it('answers 401 with a forged token', async () => {
    const forged = await new SignJWT({ id: reader.id })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('guessed-secret-guessed-secret-000'));
    const answer = await call(handler, 'POST', '/api/comments', { token: forged, body: { article, body: 'Подделка' } });
    expect(answer.status).toBe(401);
  });

  it('answers 401 with a token whose signature was tampered with', async () => {
    const [header, , signature] = reader.token.split('.');
    const payload = Buffer.from(JSON.stringify({ id: 1, iat: 1, exp: 4_000_000_000 })).toString('base64url');
    const answer = await call(handler, 'POST', '/api/comments', {
      token: `${header}.${payload}.${signature}`,
      body: { article, body: 'Подмена' },
    });
    expect(answer.status).toBe(401);
  });

  it('answers 401 with a Strapi API token instead of a reader session', async () => {
    const answer = await call(handler, 'POST', '/api/comments', { token: strapi.commentsToken, body: { article, body: 'Токен CMS' } });
    expect(answer.status).toBe(401);
  });
});

describe('articles that are not published', () => {
  it('refuse comments with 404 article_not_found for a draft', async () => {
    const draft = await createArticle({ draft: true });
    const answer = await call(handler, 'POST', '/api/comments', { token: reader.token, body: { article: draft, body: 'К черновику' } });
    expect(answer.status).toBe(404);
    expect(errorCode(answer)).toBe('article_not_found');
    expect(await storedComments(`filters[articleDocumentId][$eq]=${draft}`)).toEqual([]);
  });

  it('refuse comments with 404 article_not_found for an id that does not exist', async () => {
    const answer = await call(handler, 'POST', '/api/comments', {
      token: reader.token,
      body: { article: 'abcdefghijklmnopqrstuvwx', body: 'В пустоту' },
    });
    expect(answer.status).toBe(404);
  });
});

describe('routing', () => {
  it('answers 404 not_found for an unknown path and 405 with Allow for a wrong method', async () => {
    const unknown = await call(handler, 'GET', '/api/nothing-here');
    expect(unknown.status).toBe(404);
    expect(errorCode(unknown)).toBe('not_found');
    const wrong = await call(handler, 'PUT', '/api/comments', { body: {} });
    expect(wrong.status).toBe(405);
    expect(errorCode(wrong)).toBe('method_not_allowed');
    expect(wrong.headers.get('allow')).toBe('GET, POST, OPTIONS');
  });
});
