/**
 * The CMS side of comments, against a real Strapi: who may reach the comment
 * and banned-word APIs (only the function's token; readers never talk to
 * Strapi directly), what that token may not do, and the moderators' panel.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { adminCall, makeHandler, registerReader, strapi, strapiRest, type TestReader } from './support.ts';

const handler = makeHandler();
let reader: TestReader;

beforeAll(async () => {
  reader = await registerReader(handler, 'cms');
});

const COMMENT = {
  data: { body: 'Напрямую в Strapi', moderationStatus: 'approved', articleDocumentId: 'abc', authorId: 1, authorName: 'x', language: 'ru' },
};

describe('readers and other tokens cannot reach comments in Strapi', () => {
  it.each([
    ['anonymous', () => null],
    ["a reader's session", () => reader.token],
    ['the write token of the seed', () => strapi.writeToken],
    ['a forged token', () => 'f'.repeat(64)],
  ])('%s gets 401/403 on every comment route', async (_who, token) => {
    for (const [method, path, body] of [
      ['GET', '/api/comments', undefined],
      ['POST', '/api/comments', COMMENT],
      ['GET', '/api/comments/counts?articles=abc', undefined],
      ['GET', `/api/comments/readers/${reader.id}`, undefined],
      ['POST', '/api/comments/submit', { data: { items: [] } }],
      ['GET', '/api/banned-words', undefined],
    ] as const) {
      const answer = await strapiRest(method, path, token(), body);
      expect([401, 403], `${method} ${path}`).toContain(answer.status);
    }
    // The same routes spelt otherwise: another case, encoded slashes, a dot segment, a relation filter.
    for (const [method, path, body] of [
      ['GET', `/api/Comments/Readers/${reader.id}`, undefined],
      ['GET', `/api/comments%2Freaders%2F${reader.id}`, undefined],
      ['GET', `/api/comments/x/../readers/${reader.id}`, undefined],
      ['GET', `/api/comments?filters[author][email][$eq]=${encodeURIComponent(reader.email)}`, undefined],
      ['POST', '/api/Comments/Submit', { data: { items: [] } }],
      ['POST', '/api/comments%2Fsubmit', { data: { items: [] } }],
    ] as const) {
      const answer = await strapiRest(method, path, token(), body);
      expect(answer.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
      expect(JSON.stringify(answer.json), `${method} ${path}`).not.toContain(reader.username);
    }
  });
});

describe('reader accounts and rate limits in Strapi', () => {
  it.each([
    ['anonymous', () => null],
    ["a reader's session", () => reader.token],
    ['the write token of the seed', () => strapi.writeToken],
    ['the site token', () => strapi.siteToken],
  ])('are closed to %s', async (_who, token) => {
    for (const [path, data] of [
      ['/api/reader-accounts/register', { username: 'sneaky', email: 'sneaky@example.com', password: 'Reader-pass-1' }],
      ['/api/reader-accounts/login', { identifier: reader.email, password: reader.password }],
      ['/api/reader-accounts/sessions/revoke', { userId: reader.id }],
      ['/api/reader-accounts/password-reset', { email: reader.email }],
      ['/api/rate-limits', { hits: [{ bucket: 'x', windowSeconds: 60 }] }],
    ] as const) {
      const answer = await strapiRest('POST', path, token(), { data });
      expect([401, 403], path).toContain(answer.status);
      expect(JSON.stringify(answer.json)).not.toMatch(/\b\d{6}\b|sessionVersion/);
    }
  });

  it('answer the comments token, refusing a malformed body with 400 naming the fields', async () => {
    const answer = await strapiRest('POST', '/api/reader-accounts/login', strapi.commentsToken, { data: { identifier: 42 } });
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.json)).toContain('identifier');
  });

  it('count simultaneous hits of one window without losing any', async () => {
    const bucket = `test:${Date.now()}`;
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        strapiRest('POST', '/api/rate-limits', strapi.commentsToken, { data: { hits: [{ bucket, windowSeconds: 60 }] } }),
      ),
    );
    const hits = answers
      .map((answer) => z.object({ data: z.array(z.object({ hits: z.number() })) }).parse(answer.json).data[0]?.hits)
      .sort((a, b) => (a ?? 0) - (b ?? 0));
    expect(hits).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
  });
});

describe("the comments function's token", () => {
  it('reads a reader through its own route, with the counts earned trust needs and without the e-mail or the number', async () => {
    const answer = await strapiRest('GET', `/api/comments/readers/${reader.id}`, strapi.commentsToken);
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      data: {
        id: reader.id,
        username: reader.username,
        trusted: false,
        blocked: false,
        sessionVersion: 0,
        approvedComments: 0,
        rejectedComments: 0,
        premoderated: false,
        phoneEnding: reader.phone?.slice(-2) ?? null,
        notifyReplies: true,
      },
    });
    expect(answer.json).not.toHaveProperty('data.email');
    expect(JSON.stringify(answer.json)).not.toContain(reader.phone?.slice(2) ?? 'no phone');
  });

  it('answers 404 for a reader that does not exist and 400 for an id that is not one', async () => {
    expect((await strapiRest('GET', '/api/comments/readers/999999', strapi.commentsToken)).status).toBe(404);
    expect((await strapiRest('GET', '/api/comments/readers/abc', strapi.commentsToken)).status).toBe(400);
  });

  it('cannot read users (their e-mails) through users-permissions', async () => {
    for (const path of ['/api/users', `/api/users/${reader.id}`, '/api/users/me']) {
      const answer = await strapiRest('GET', path, strapi.commentsToken);
      expect([401, 403], path).toContain(answer.status);
      expect(JSON.stringify(answer.json)).not.toContain(reader.email);
    }
  });

  it('cannot update comments (moderation happens in the panel only) nor write articles or banned words', async () => {
    const update = await strapiRest('PUT', '/api/comments/abc', strapi.commentsToken, { data: { moderationStatus: 'approved' } });
    expect([401, 403]).toContain(update.status);
    const article = await strapiRest('POST', '/api/articles', strapi.commentsToken, { data: { title: 'Взлом', lead: 'Лид' } });
    expect([401, 403]).toContain(article.status);
    const word = await strapiRest('POST', '/api/banned-words', strapi.commentsToken, { data: { word: 'слово', language: 'ru' } });
    expect([401, 403]).toContain(word.status);
  });

  it('refuses a bad articles list on the counts route with 400', async () => {
    const answer = await strapiRest('GET', `/api/comments/counts?articles=${encodeURIComponent("a' OR 1=1")}`, strapi.commentsToken);
    expect(answer.status).toBe(400);
  });
});

describe("the moderators' panel", () => {
  const configurationSchema = z.object({
    data: z.object({
      contentType: z.object({
        settings: z.object({ defaultSortBy: z.string(), defaultSortOrder: z.string(), mainField: z.string() }),
        metadatas: z.record(
          z.string(),
          z.object({
            edit: z.object({ description: z.string().optional(), editable: z.boolean().optional(), visible: z.boolean().optional() }),
          }),
        ),
        layouts: z.object({ list: z.array(z.string()), edit: z.array(z.array(z.object({ name: z.string() }))) }),
      }),
    }),
  });

  async function configuration(uid: string) {
    return configurationSchema.parse(await adminCall('GET', `/content-manager/content-types/${uid}/configuration`)).data.contentType;
  }

  it('lists comments newest first with body, article, author, moderation status and date, in Russian', async () => {
    const comment = await configuration('api::comment.comment');
    expect(comment.layouts.list).toEqual(['body', 'article', 'author', 'moderationStatus', 'createdAt']);
    expect(comment.settings).toMatchObject({ defaultSortBy: 'createdAt', defaultSortOrder: 'DESC', mainField: 'body' });
    expect(comment.metadatas.moderationStatus?.edit.description).toContain('«Ждёт проверки»'); // the values as the panel shows them
  });

  it('shows the reader’s text read-only in the comment form, hides the function’s columns, and lets moderators decide', async () => {
    const comment = await configuration('api::comment.comment');
    const shown = comment.layouts.edit.flat().map((field) => field.name);
    for (const field of ['articleDocumentId', 'authorId', 'idempotencyKey', 'moderationReasons']) {
      expect(shown, field).not.toContain(field);
      expect(comment.metadatas[field]?.edit.visible, field).toBe(false);
    }
    for (const field of ['body', 'authorName', 'language']) {
      expect(shown, field).toContain(field);
      expect(comment.metadatas[field]?.edit.editable, field).toBe(false);
    }
    for (const field of ['moderationStatus', 'moderationNote']) {
      expect(shown, field).toContain(field);
      expect(comment.metadatas[field]?.edit.editable, field).not.toBe(false);
    }
  });

  it('describes the trusted flag of readers', async () => {
    const user = await configuration('plugin::users-permissions.user');
    expect(user.metadatas.trusted?.edit.description).toContain('Доверенный читатель');
  });
});
