/**
 * The newsroom workflow and its history against a real Strapi, through the
 * panel's own admin API and REST, as the panel, the importer and the editors'
 * roles use them: the three roles and what each may do, review stages,
 * article versions (who, when, what changed, restore) and the audit list.
 * The same flows in Chromium are publish/tests/newsroom-panel.test.ts.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { adminLogin, strapiCall, createAdminUser, type StrapiAnswer, type NewsroomUser } from '@tilshi/testing/admin';

const strapi = inject('strapi');
const ARTICLES = '/content-manager/collection-types/api::article.article';

let chiefToken: string;
let reporter: NewsroomUser;
let editor: NewsroomUser;
let chief: NewsroomUser;

beforeAll(async () => {
  chiefToken = await adminLogin(strapi.url, strapi.admin);
  [reporter, editor, chief] = await Promise.all([
    createAdminUser(strapi.url, chiefToken, 'tilshi-reporter', { firstname: 'Айгерим', lastname: 'Репортёрова' }),
    createAdminUser(strapi.url, chiefToken, 'tilshi-editor', { firstname: 'Ерлан', lastname: 'Редакторов' }),
    createAdminUser(strapi.url, chiefToken, 'tilshi-chief-editor', { firstname: 'Гульнара', lastname: 'Главная' }),
  ]);
});

const rest = (method: string, path: string, token: string | null, body?: unknown): Promise<StrapiAnswer> =>
  strapiCall(strapi.url, token, method, path, body);
const as = (user: { token: string }, method: string, path: string, body?: unknown): Promise<StrapiAnswer> =>
  strapiCall(strapi.url, user.token, method, path, body);

const documentAnswer = z.object({
  data: z.object({
    documentId: z.string(),
    title: z.string(),
    slug: z.string().nullable().optional(),
    reviewStage: z.string().nullable().optional(),
  }),
});
const errorAnswer = z.object({ error: z.object({ status: z.number(), message: z.string(), details: z.unknown().optional() }) });

const article = (title: string, extra: Record<string, unknown> = {}) => ({
  title,
  lead: `Лид: ${title}.`,
  ageRating: 'age0',
  body: [{ type: 'paragraph', children: [{ type: 'text', text: `Текст: ${title}.` }] }],
  ...extra,
});

async function createAs(user: { token: string }, title: string, extra: Record<string, unknown> = {}): Promise<string> {
  const created = await as(user, 'POST', `${ARTICLES}?locale=ru`, article(title, extra));
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  return documentAnswer.parse(created.json).data.documentId;
}

const versionsAnswer = z.object({
  data: z.array(
    z.object({
      id: z.number(),
      event: z.enum(['create', 'update', 'publish', 'discard', 'restore']),
      title: z.string().nullable(),
      createdAt: z.string(),
      actorKind: z.string(),
      actorName: z.string().nullable(),
      restoredFrom: z.number().nullable(),
      changedFields: z.array(z.string()),
    }),
  ),
  meta: z.object({ total: z.number() }),
});

async function versionsOf(documentId: string, user: { token: string } = editor) {
  const answer = await as(user, 'GET', `/tilshi-history/articles/${documentId}/versions?locale=ru`);
  expect(answer.status, JSON.stringify(answer.json)).toBe(200);
  return versionsAnswer.parse(answer.json).data;
}

const auditAnswer = z.object({
  data: z.array(
    z.object({
      action: z.string(),
      subjectType: z.string(),
      subjectId: z.string(),
      subjectLocale: z.string().nullable(),
      subjectTitle: z.string().nullable(),
      actorKind: z.string(),
      actorName: z.string().nullable(),
      createdAt: z.string(),
      details: z.record(z.string(), z.unknown()).nullable(),
    }),
  ),
  meta: z.object({ total: z.number() }),
});

async function auditOf(documentId: string) {
  const answer = await as(editor, 'GET', `/tilshi-audit/entries?subjectId=${documentId}&pageSize=100`);
  expect(answer.status, JSON.stringify(answer.json)).toBe(200);
  return auditAnswer.parse(answer.json).data;
}

describe('the newsroom roles', () => {
  it('are provisioned at start: Репортёр, Редактор and Главный редактор', async () => {
    const roles = z
      .object({ data: z.array(z.object({ code: z.string(), name: z.string() })) })
      .parse((await as({ token: chiefToken }, 'GET', '/admin/roles')).json).data;
    expect(roles).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'tilshi-reporter', name: 'Репортёр' }),
        expect.objectContaining({ code: 'tilshi-editor', name: 'Редактор' }),
        expect.objectContaining({ code: 'tilshi-chief-editor', name: 'Главный редактор' }),
      ]),
    );
  });

  it('let a reporter write in Russian and Kazakh, but not publish or delete', async () => {
    const documentId = await createAs(reporter, `Репортаж с причала ${Date.now()}`);
    const kk = await as(reporter, 'PUT', `${ARTICLES}/${documentId}?locale=kk`, article(`Айлақтан репортаж ${Date.now()}`));
    expect(kk.status, JSON.stringify(kk.json)).toBe(200);
    expect((await as(reporter, 'POST', `${ARTICLES}/${documentId}/actions/publish?locale=ru`, {})).status).toBe(403);
    expect((await as(reporter, 'DELETE', `${ARTICLES}/${documentId}?locale=ru`)).status).toBe(403);
    // Nothing went live: the public API has no such article.
    const live = await rest('GET', `/api/articles/${documentId}?locale=ru`, strapi.siteToken);
    expect(live.status).toBe(404);
  });

  it('let an editor publish and moderate, but not manage admins or settings', async () => {
    const documentId = await createAs(editor, `Редактор публикует ${Date.now()}`);
    expect((await as(editor, 'POST', `${ARTICLES}/${documentId}/actions/publish?locale=ru`, {})).status).toBe(200);
    expect((await as(editor, 'GET', '/tilshi-moderation/counts')).status).toBe(200);
    expect((await as(editor, 'GET', '/tilshi-audit/entries')).status).toBe(200);
    expect((await as(editor, 'GET', '/admin/users')).status).toBe(403);
    expect((await as(editor, 'GET', '/admin/webhooks')).status).toBe(403);
  });

  it('let the chief editor do everything, settings and admins included', async () => {
    const documentId = await createAs(chief, `Главный редактор ${Date.now()}`);
    expect((await as(chief, 'POST', `${ARTICLES}/${documentId}/actions/publish?locale=ru`, {})).status).toBe(200);
    expect((await as(chief, 'DELETE', `${ARTICLES}/${documentId}?locale=ru`)).status).toBe(200);
    expect((await as(chief, 'GET', '/admin/users')).status).toBe(200);
    expect((await as(chief, 'GET', '/admin/webhooks')).status).toBe(200);
    expect((await as(chief, 'GET', '/tilshi-moderation/counts')).status).toBe(200);
  });

  it('keep the moderation queue and the audit list from reporters', async () => {
    expect((await as(reporter, 'GET', '/tilshi-moderation/queue')).status).toBe(403);
    expect((await as(reporter, 'POST', '/tilshi-moderation/decisions', { decision: 'approve', comments: ['abc'] })).status).toBe(403);
    expect((await as(reporter, 'GET', '/tilshi-audit/entries')).status).toBe(403);
  });
});

describe('review stages', () => {
  it('start as a draft; a reporter sends an article to review, and only an editor marks it ready', async () => {
    const documentId = await createAs(reporter, `На проверку ${Date.now()}`);
    const read = async () => documentAnswer.parse((await as(editor, 'GET', `${ARTICLES}/${documentId}?locale=ru`)).json).data.reviewStage;
    expect(await read()).toBe('draft');

    const ready = await as(reporter, 'PUT', `${ARTICLES}/${documentId}?locale=ru`, { reviewStage: 'ready' });
    expect(ready.status).toBe(400);
    const refusal = errorAnswer.parse(ready.json).error;
    expect(refusal.message).toContain('ставит редактор');
    expect(JSON.stringify(refusal.details)).toContain('reviewStage');

    expect((await as(reporter, 'PUT', `${ARTICLES}/${documentId}?locale=ru`, { reviewStage: 'in_review' })).status).toBe(200);
    expect(await read()).toBe('in_review');
    expect((await as(editor, 'PUT', `${ARTICLES}/${documentId}?locale=ru`, { reviewStage: 'ready' })).status).toBe(200);
    // The reporter can still save the text of an article the editor marked ready.
    expect(
      (await as(reporter, 'PUT', `${ARTICLES}/${documentId}?locale=ru`, { reviewStage: 'ready', lead: 'Поправленный лид.' })).status,
    ).toBe(200);
    expect(await read()).toBe('ready');
  });

  it('filter the article list, as the panel’s «Стадия» filter does', async () => {
    const waiting = await createAs(reporter, `Ждёт проверки ${Date.now()}`, { reviewStage: 'in_review' });
    const other = await createAs(reporter, `Ещё черновик ${Date.now()}`);
    const list = await as(editor, 'GET', `${ARTICLES}?page=1&pageSize=100&locale=ru&filters[$and][0][reviewStage][$eq]=in_review`);
    expect(list.status, JSON.stringify(list.json)).toBe(200);
    const ids = z.object({ results: z.array(z.object({ documentId: z.string(), reviewStage: z.string() })) }).parse(list.json).results;
    expect(ids.map((entry) => entry.documentId)).toContain(waiting);
    expect(ids.map((entry) => entry.documentId)).not.toContain(other);
    expect(new Set(ids.map((entry) => entry.reviewStage))).toEqual(new Set(['in_review']));
  });

  it('are never in the public API', async () => {
    const documentId = await createAs(editor, `Стадия не публична ${Date.now()}`, { reviewStage: 'ready' });
    await as(editor, 'POST', `${ARTICLES}/${documentId}/actions/publish?locale=ru`, {});
    const live = await rest('GET', `/api/articles/${documentId}?locale=ru`, strapi.siteToken);
    expect(live.status).toBe(200);
    expect(JSON.stringify(live.json)).not.toContain('reviewStage');
  });
});

describe('article versions', () => {
  let documentId: string;
  const firstTitle = `Паром ушёл в Баку ${Date.now()}`;
  const secondTitle = `${firstTitle}: рейс задержан`;

  beforeAll(async () => {
    // REST with the write token: how the seed and the importer write.
    const created = await rest('POST', '/api/articles?status=draft', strapi.writeToken, { data: article(firstTitle) });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    documentId = documentAnswer.parse(created.json).data.documentId;
    // The panel: a save by the reporter, then the editor's Publish with a change, in one request.
    expect((await as(reporter, 'PUT', `${ARTICLES}/${documentId}?locale=ru`, { title: secondTitle })).status).toBe(200);
    expect(
      (await as(editor, 'POST', `${ARTICLES}/${documentId}/actions/publish?locale=ru`, { lead: 'Лид после правки редактора.' })).status,
    ).toBe(200);
  });

  it('keep every save and publish with who and when, newest first', async () => {
    const versions = await versionsOf(documentId);
    expect(versions.map((version) => [version.event, version.actorKind, version.actorName])).toEqual([
      ['publish', 'admin', 'Ерлан Редакторов'],
      ['update', 'admin', 'Айгерим Репортёрова'],
      ['create', 'api-token', 'seed-import (write)'],
    ]);
    const times = versions.map((version) => Date.parse(version.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(versions[0]?.changedFields).toEqual(['lead', 'publicationDate']); // publishing dates the article
    expect(versions[1]?.changedFields).toEqual(['title']);
    expect(versions[2]?.changedFields).toEqual(expect.arrayContaining(['title', 'slug', 'lead', 'body', 'ageRating']));
  });

  it('show what a version changed, line by line', async () => {
    const [, saved] = await versionsOf(documentId);
    const answer = await as(editor, 'GET', `/tilshi-history/versions/${saved?.id}`);
    expect(answer.status).toBe(200);
    const detail = z
      .object({
        data: z.object({
          changes: z.array(z.object({ field: z.string(), lines: z.array(z.object({ op: z.string(), text: z.string() })) })),
        }),
      })
      .parse(answer.json).data;
    expect(detail.changes).toEqual([
      {
        field: 'title',
        lines: [
          { op: 'removed', text: firstTitle },
          { op: 'added', text: secondTitle },
        ],
      },
    ]);
  });

  it('bring an old text back as a new draft on restore, leaving the live article and its address alone', async () => {
    const before = await versionsOf(documentId);
    const original = before.at(-1);
    const published = documentAnswer.parse((await rest('GET', `/api/articles/${documentId}?locale=ru`, strapi.siteToken)).json).data;

    const restored = await as(reporter, 'POST', `/tilshi-history/versions/${original?.id}/restore`);
    expect(restored.status, JSON.stringify(restored.json)).toBe(200);
    expect(restored.json).toEqual({ data: { documentId, locale: 'ru', restoredFrom: original?.id, missing: [] } });

    const draft = z
      .object({ data: z.object({ title: z.string(), lead: z.string(), slug: z.string(), status: z.string() }) })
      .parse((await as(editor, 'GET', `${ARTICLES}/${documentId}?locale=ru`)).json).data;
    expect(draft).toMatchObject({ title: firstTitle, lead: `Лид: ${firstTitle}.`, slug: published.slug, status: 'modified' });
    // The site still has the published text until someone publishes.
    const live = documentAnswer.parse((await rest('GET', `/api/articles/${documentId}?locale=ru`, strapi.siteToken)).json).data;
    expect(live.title).toBe(secondTitle);

    const [latest] = await versionsOf(documentId);
    expect(latest).toMatchObject({ event: 'restore', restoredFrom: original?.id, actorName: 'Айгерим Репортёрова' });
    expect(latest?.changedFields).toEqual(['title', 'lead']);
    const [entry] = await auditOf(documentId);
    expect(entry).toMatchObject({
      action: 'restore',
      actorName: 'Айгерим Репортёрова',
      subjectTitle: firstTitle,
      details: { restoredFrom: original?.id },
    });
  });

  it('record nothing for a refused publish', async () => {
    const count = (await versionsOf(documentId)).length;
    expect((await as(reporter, 'POST', `${ARTICLES}/${documentId}/actions/publish?locale=ru`, {})).status).toBe(403);
    expect(await versionsOf(documentId)).toHaveLength(count);
    expect((await auditOf(documentId)).filter((entry) => entry.actorName === 'Айгерим Репортёрова' && entry.action === 'publish')).toEqual(
      [],
    );
  });

  it('answer only signed-in panel users, with clear errors for bad input', async () => {
    expect((await rest('GET', `/tilshi-history/articles/${documentId}/versions?locale=ru`, null)).status).toBe(401);
    expect((await rest('GET', `/tilshi-history/articles/${documentId}/versions?locale=ru`, strapi.writeToken)).status).toBe(401);
    expect((await rest('POST', '/tilshi-history/versions/1/restore', strapi.writeToken)).status).toBe(401);
    const badId = await as(editor, 'GET', `/tilshi-history/articles/${encodeURIComponent("x' OR 1=1")}/versions`);
    expect(badId.status).toBe(400);
    expect(errorAnswer.parse(badId.json).error.message).toContain('documentId');
    const badPage = await as(editor, 'GET', `/tilshi-history/articles/${documentId}/versions?pageSize=1000`);
    expect(badPage.status).toBe(400);
    expect(errorAnswer.parse(badPage.json).error.message).toContain('«pageSize»');
    expect((await as(editor, 'GET', '/tilshi-history/versions/abc')).status).toBe(400);
    expect((await as(editor, 'GET', '/tilshi-history/versions/999999999')).status).toBe(404);
  });
});

describe('the audit list', () => {
  it('records publishes, unpublishes and deletions with who did them', async () => {
    const title = `Для журнала ${Date.now()}`;
    const documentId = await createAs(editor, title);
    expect((await as(editor, 'POST', `${ARTICLES}/${documentId}/actions/publish?locale=ru`, {})).status).toBe(200);
    expect((await as(editor, 'POST', `${ARTICLES}/${documentId}/actions/unpublish?locale=ru`, {})).status).toBe(200);
    expect((await as(chief, 'DELETE', `${ARTICLES}/${documentId}?locale=ru`)).status).toBe(200);
    const entries = await auditOf(documentId);
    expect(entries.map((entry) => [entry.action, entry.actorName, entry.subjectTitle, entry.subjectLocale])).toEqual([
      ['delete', 'Гульнара Главная', title, 'ru'],
      ['unpublish', 'Ерлан Редакторов', title, 'ru'],
      ['publish', 'Ерлан Редакторов', title, 'ru'],
    ]);
  });

  it('records a publish through REST with the token’s name', async () => {
    const created = await rest('POST', '/api/articles', strapi.writeToken, { data: article(`Через REST ${Date.now()}`) });
    expect(created.status).toBe(201);
    const { documentId } = documentAnswer.parse(created.json).data;
    const [entry] = await auditOf(documentId);
    expect(entry).toMatchObject({ action: 'publish', actorKind: 'api-token', actorName: 'seed-import (write)' });
  });

  it('filters by action and refuses unknown ones by name', async () => {
    const answer = await as(editor, 'GET', '/tilshi-audit/entries?action=unpublish,delete&pageSize=100');
    expect(answer.status).toBe(200);
    const actions = new Set(auditAnswer.parse(answer.json).data.map((entry) => entry.action));
    expect([...actions].sort()).toEqual(['delete', 'unpublish']);
    const bad = await as(editor, 'GET', '/tilshi-audit/entries?action=drop_table');
    expect(bad.status).toBe(400);
    expect(errorAnswer.parse(bad.json).error.message).toContain('drop_table');
  });
});

describe('versions and audit entries', () => {
  it('are private: no REST route for anyone, hidden from the Content Manager', async () => {
    for (const path of ['/api/article-versions', '/api/audit-entries', '/api/article-version', '/api/audit-entry']) {
      for (const token of [null, strapi.siteToken, strapi.writeToken])
        expect((await rest('GET', path, token)).status, `${path} ${token === null ? 'public' : 'token'}`).toBe(404);
    }
    const types = z
      .object({ data: z.array(z.object({ uid: z.string(), isDisplayed: z.boolean() })) })
      .parse((await as(chief, 'GET', '/content-manager/content-types')).json).data;
    for (const uid of ['api::article-version.article-version', 'api::audit-entry.audit-entry']) {
      expect(types.find((type) => type.uid === uid)?.isDisplayed ?? false, uid).toBe(false);
    }
    expect((await as(chief, 'GET', '/content-manager/collection-types/api::audit-entry.audit-entry')).status).toBe(403);
  });
});
