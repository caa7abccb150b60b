/**
 * Drafts never leave the CMS through its REST API (issue #12), against a real
 * seeded Strapi: every request a hostile reader tried — wrong case, encoded
 * paths, HEAD, `status`, `populate`, `filters`, `fields` and `sort` through the
 * relations of authors, rubrics, tags and NGO events — with the site's
 * read-only token (the most a leaked build secret gives) and anonymously.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { strapiCall, type StrapiAnswer } from '@tilshi/testing/admin';

const { url, siteToken, writeToken } = inject('strapi');

const stamp = Date.now().toString(36);
const DRAFT_TITLE = `Секретное расследование ${stamp}`;
const DRAFT_LEAD = `Лид черновика ${stamp}`;
const SECRET_WORD = `расследование ${stamp}`;

const idSchema = z.object({ data: z.array(z.object({ documentId: z.string() })).min(1) });
let draftId = '';

const request = (method: string, path: string, token?: string, body?: unknown): Promise<StrapiAnswer> =>
  strapiCall(url, token ?? null, method, path, body);

async function firstId(collection: string): Promise<string> {
  const answer = await request('GET', `/api/${collection}?pagination[pageSize]=1&locale=ru`, writeToken);
  return idSchema.parse(JSON.parse(answer.text)).data[0]?.documentId ?? '';
}

beforeAll(async () => {
  const [author, rubric, tag, event] = await Promise.all([firstId('authors'), firstId('rubrics'), firstId('tags'), firstId('ngo-events')]);
  const created = await request('POST', '/api/articles?status=draft&locale=ru', writeToken, {
    data: { title: DRAFT_TITLE, lead: DRAFT_LEAD, authors: [author], rubric, tags: [tag], event },
  });
  expect(created.status).toBe(201);
  draftId = z.object({ data: z.object({ documentId: z.string() }) }).parse(JSON.parse(created.text)).data.documentId;
});

/** Whatever the answer, it must not carry the draft. */
function expectNoDraft(answer: { status: number; text: string }, what: string): void {
  expect(answer.text, what).not.toContain(stamp);
  expect(answer.status, what).not.toBe(500);
}

describe('the requests of the attack report', () => {
  it.each([
    '/API/articles?status=draft&locale=*',
    '/API/rubrics?populate=articles&status=draft',
    '/API/authors?populate=articles&status=draft',
    '/Api/Tags?populate=articles&status=draft&locale=*',
    '/API/ngo-events?populate=articles&status=draft&locale=*',
  ])('GET %s reveals no draft to the site token or anyone', async (path) => {
    for (const token of [siteToken, undefined])
      expectNoDraft(await request('GET', path, token), `${path} ${token ? 'site token' : 'anonymous'}`);
  });

  it('answers anonymous readers nothing at all: the public role has no permission', async () => {
    for (const path of [
      '/api/articles',
      '/API/articles?status=draft',
      '/api/rubrics',
      '/api/authors',
      '/api/tags',
      '/api/ngo-events',
      '/api/organizations',
      '/api/credits',
      '/api/site-setting',
    ]) {
      expect([401, 403], path).toContain((await request('GET', path)).status);
    }
  });
});

describe('every other spelling, method and parameter', () => {
  it.each([
    ['GET', `/api/%61rticles?status=draft&locale=ru`],
    ['GET', `/api/articles/${'DRAFT'}?status=draft&locale=ru`],
    ['GET', `/api/articles?filters[title][$contains]=${encodeURIComponent(SECRET_WORD)}&status=draft&locale=ru`],
    ['GET', `/api/articles?fields[0]=title&fields[1]=lead&status=draft&locale=*`],
    ['GET', `/api/articles?sort[0]=title:asc&status=draft&publicationState=preview&locale=*`],
    ['GET', `/api/articles?status[$ne]=published&locale=*`],
    ['GET', `/api/articles?hasPublishedVersion=false&status=draft&locale=*`],
    ['GET', `/api/tags?populate[articles][filters][title][$contains]=${encodeURIComponent(SECRET_WORD)}&status=draft&locale=*`],
    ['GET', `/api/authors?populate[articles][fields][0]=title&status=draft`],
    ['GET', `/api/rubrics?populate=*&status=draft&locale=*`],
    ['GET', `/api/authors?sort=articles.title:asc`],
    ['HEAD', `/API/articles?status=draft&locale=*`],
  ])('%s %s reveals no draft', async (method, raw) => {
    const path = raw.replace('DRAFT', draftId);
    expectNoDraft(await request(method, path, siteToken), `${method} ${path}`);
  });

  it.each(['authors', 'rubrics', 'tags', 'ngo-events'])(
    'a filter of %s through articles is no oracle for a draft title, letter by letter',
    async (collection) => {
      const answers = [];
      for (const fragment of [SECRET_WORD, `нет-такого-${stamp}x`, DRAFT_TITLE.slice(0, 3)]) {
        const answer = await request(
          'GET',
          `/api/${collection}?filters[articles][title][$contains]=${encodeURIComponent(fragment)}&locale=*`,
          siteToken,
        );
        expectNoDraft(answer, collection);
        answers.push(answer);
      }
      expect(answers[0]).toEqual(answers[1]);
      expect(answers[1]).toEqual(answers[2]);
    },
  );

  it('keeps the published articles of an author readable through the article side', async () => {
    const answer = await request('GET', '/api/articles?populate[authors][fields][0]=name&locale=ru&pagination[pageSize]=5', siteToken);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toMatchObject({
      data: expect.arrayContaining([expect.objectContaining({ authors: expect.any(Array) })]),
    });
    expectNoDraft(answer, 'articles with authors');
  });
});

describe('who may still read drafts', () => {
  it('lets the seed and importer token, which writes drafts anyway, read them back with status=draft', async () => {
    const answer = await request('GET', `/api/articles/${draftId}?status=draft&locale=ru`, writeToken);
    expect(answer.status).toBe(200);
    expect(answer.text).toContain(DRAFT_TITLE);
  });

  it('shows the write token published versions by default, like everyone', async () => {
    expect((await request('GET', `/api/articles/${draftId}?locale=ru`, writeToken)).status).toBe(404);
  });
});
