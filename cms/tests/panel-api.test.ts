/**
 * The editor's panel through its admin API, against a real Strapi (SQLite,
 * and PostgreSQL in cms-postgres): what the panel's screens rely on, without
 * a browser (publish/tests/panel.test.ts drives the screens themselves) —
 * Russian labels in the content manager's configuration and Russian for new
 * admins; a refused Publish saved as a draft with the fields to fix, in the
 * editor's language; the photo credit picker; the Kazakh version's own slug;
 * which translations are out of date. One admin session for the file.
 */
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { StrapiClient } from '@tilshi/strapi-client';
import { strapiCall, type StrapiAnswer } from '@tilshi/testing/admin';

const strapi = inject('strapi');
const { url, writeToken } = strapi;
const run = Date.now();
const rest = new StrapiClient({ baseUrl: url, token: writeToken });
const ARTICLES = '/content-manager/collection-types/api::article.article';

let token = '';

const call = (method: string, path: string, body?: unknown, session: string | null = token): Promise<StrapiAnswer> =>
  strapiCall(url, session, method, path, body);

const tokenAnswer = z.object({ data: z.object({ token: z.string().min(1) }) });

/**
 * A panel session: the first admin of the test Strapi when the global setup
 * made one (inject('strapi').admin), otherwise the first admin registered
 * here, as an operator does on a fresh install (POST /admin/register-admin).
 */
async function session(): Promise<string> {
  const provided = (strapi as { admin?: { email: string; password: string } }).admin;
  if (provided) {
    const login = await call('POST', '/admin/login', provided, null);
    expect(login.status).toBe(200);
    return tokenAnswer.parse(login.json).data.token;
  }
  const registered = await call(
    'POST',
    '/admin/register-admin',
    { email: 'panel-api@example.com', password: `Panel${randomBytes(4).toString('hex')}1`, firstname: 'Редактор', lastname: 'Тест' },
    null,
  );
  expect(registered.status, JSON.stringify(registered.json)).toBe(200);
  return tokenAnswer.parse(registered.json).data.token;
}

const errorAnswer = z.object({
  error: z.object({ status: z.number(), name: z.string(), message: z.string(), details: z.looseObject({}) }),
});
const refusalDetails = z.looseObject({
  problems: z.array(z.string()),
  errors: z.array(z.object({ path: z.array(z.string()), message: z.string() })),
  savedDraft: z.object({ documentId: z.string() }).optional(),
});
const documentAnswer = z.object({
  data: z.looseObject({ documentId: z.string(), title: z.string(), slug: z.string().nullable(), publishedAt: z.string().nullable() }),
});

let imageId = 0;

beforeAll(async () => {
  token = await session();
  const [image] = await rest.findFiles({ mime: { $startsWith: 'image/' } });
  if (!image) throw new Error('the seed uploaded no image');
  imageId = image.id;
});

describe('the panel’s language', () => {
  it('is Russian for a new admin, and the sign-in page learns it before anyone signs in', async () => {
    const settings = await call('GET', '/tilshi-panel/settings', undefined, null);
    expect({ status: settings.status, json: settings.json }).toEqual({ status: 200, json: { defaultLanguage: 'ru' } });
    const me = await call('GET', '/admin/users/me');
    expect(z.object({ data: z.looseObject({ preferedLanguage: z.string().nullable() }) }).parse(me.json).data.preferedLanguage).toBe('ru');
  });

  it('labels every field and list column of the article in Russian in the content manager’s configuration', async () => {
    const answer = await call('GET', '/content-manager/content-types/api::article.article/configuration');
    const metadatas = z
      .object({
        data: z.object({
          contentType: z.object({
            metadatas: z.record(
              z.string(),
              z.looseObject({
                edit: z.looseObject({ label: z.string().optional() }).optional(),
                list: z.looseObject({ label: z.string().optional() }).optional(),
              }),
            ),
          }),
        }),
      })
      .parse(answer.json).data.contentType.metadatas;
    expect(metadatas.title?.edit?.label).toBe('Заголовок');
    expect(metadatas.title?.list?.label).toBe('Заголовок');
    expect(metadatas.publicationDate?.list?.label).toBe('Дата публикации');
    expect(metadatas.ageRating?.edit?.label).toBe('Возрастная маркировка');
    expect(metadatas.updatedAt?.list?.label).toBe('Изменён');
    const photo = await call('GET', '/content-manager/components/media.photo/configuration');
    expect(JSON.stringify(photo.json)).toContain('"label":"Альтернативный текст"');
  });
});

describe('a refused Publish in the panel', () => {
  const newArticle = (title: string) => ({ title, lead: 'Лид.', ageRating: 'age0', cover: { image: imageId, alt: 'Причал' } });

  it('saves a new article as a draft and names the field to fix', async () => {
    const title = `Отказ: новый материал ${run}`;
    const refused = await call('POST', `${ARTICLES}/actions/publish?locale=ru`, newArticle(title));
    expect(refused.status).toBe(400);
    const { error } = errorAnswer.parse(refused.json);
    expect(error.message).toMatch(
      /^Материал нельзя опубликовать: у фото должны быть альтернативный текст и автор\. \[ru\] главное фото \(cover\) «.+»: не указан автор или источник \(credit\)\.$/,
    );
    const details = refusalDetails.parse(error.details);
    expect(details.errors).toEqual([{ path: ['cover', 'credit'], message: 'Укажите автора или источник фото.' }]);
    const saved = await call('GET', `${ARTICLES}/${details.savedDraft?.documentId}?locale=ru`);
    expect(saved.status).toBe(200);
    const draft = documentAnswer.parse(saved.json).data;
    expect(draft.title).toBe(title);
    expect(draft.publishedAt).toBeNull();
    expect(draft.slug).toBe(`otkaz-novyy-material-${run}`);
  });

  it('keeps the edits of an existing draft whose Publish is refused', async () => {
    const draft = await rest.create(
      'articles',
      { title: `Отказ: черновик ${run}`, lead: 'Лид.', ageRating: 'age0' },
      { locale: 'ru', status: 'draft' },
    );
    const refused = await call(
      'POST',
      `${ARTICLES}/${draft.documentId}/actions/publish?locale=ru`,
      newArticle(`Отказ: черновик, правка ${run}`),
    );
    expect(refused.status).toBe(400);
    expect(refusalDetails.parse(errorAnswer.parse(refused.json).error.details).savedDraft).toEqual({ documentId: draft.documentId });
    expect(documentAnswer.parse((await call('GET', `${ARTICLES}/${draft.documentId}?locale=ru`)).json).data.title).toBe(
      `Отказ: черновик, правка ${run}`,
    );
  });

  it('is worded in Kazakh for an editor whose panel is in Kazakh', async () => {
    expect((await call('PUT', '/admin/users/me', { preferedLanguage: 'kk' })).status).toBe(200);
    try {
      const refused = await call('POST', `${ARTICLES}/actions/publish?locale=ru`, newArticle(`Отказ: қазақша ${run}`));
      const { error } = errorAnswer.parse(refused.json);
      expect(error.message).toMatch(
        /^Материалды жариялау мүмкін емес: фотоның балама мәтіні мен авторы болуы керек\. \[ru\] басты фото \(cover\)/,
      );
      expect(refusalDetails.parse(error.details).errors[0]?.message).toBe('Фото авторын немесе дереккөзін көрсетіңіз.');
    } finally {
      expect((await call('PUT', '/admin/users/me', { preferedLanguage: 'ru' })).status).toBe(200);
    }
  });

  it('still publishes, in one go, what the rules accept', async () => {
    const [credit] = await rest.find('credits', { filters: { name: { $eq: 'ЦОК Мангистауской области' } } });
    const title = `Публикация из панели ${run}`;
    const published = await call('POST', `${ARTICLES}/actions/publish?locale=ru`, {
      ...newArticle(title),
      cover: { image: imageId, alt: 'Причал', credit: { connect: [{ id: credit?.id }] } },
    });
    expect(published.status).toBe(200);
    expect(documentAnswer.parse(published.json).data.publishedAt).not.toBeNull();
  });
});

const pickerAnswer = z.object({
  results: z.array(z.looseObject({ id: z.number(), documentId: z.string(), name: z.string() })),
  pagination: z.object({ page: z.number(), pageSize: z.number(), pageCount: z.number(), total: z.number() }),
});
const picker = async (query: string) => {
  const answer = await call('GET', `/content-manager/relations/media.photo/credit?locale=ru&pageSize=10&${query}`);
  expect(answer.status).toBe(200);
  return pickerAnswer.parse(answer.json);
};

describe('the photo credit picker', () => {
  it('lists the most used credits first, 50 at a time, then the rest by name', async () => {
    // Other test files credit photos too (the seeds, the importer): the order checked is that of the credits made here.
    // A busy credit on nine photos of three published articles, a rare one on one photo, 55 credits on none.
    const busy = await rest.create('credits', { name: `Частый автор ${run}`, kind: 'photographer' });
    const rare = await rest.create('credits', { name: `Редкий автор ${run}`, kind: 'photographer' });
    const credited = { image: imageId, alt: 'Причал', credit: busy.documentId };
    for (let index = 1; index <= 3; index += 1) {
      await rest.create(
        'articles',
        { title: `Много фото ${run} ${index}`, lead: 'Лид.', ageRating: 'age0', cover: credited, gallery: [credited, credited] },
        { locale: 'ru' },
      );
    }
    await rest.create(
      'articles',
      { title: `Одно фото ${run}`, lead: 'Лид.', ageRating: 'age0', cover: { ...credited, credit: rare.documentId } },
      { locale: 'ru' },
    );
    for (let index = 1; index <= 55; index += 1)
      await rest.create('credits', { name: `Архив ${run} ${String(index).padStart(2, '0')}`, kind: 'organization' });

    const first = await picker('page=1');
    expect(first.results).toHaveLength(50);
    expect(first.pagination.pageSize).toBe(50);
    const names = [...first.results.map((credit) => credit.name)];
    for (let page = 2; page <= first.pagination.pageCount; page += 1)
      names.push(...(await picker(`page=${page}`)).results.map((credit) => credit.name));
    expect(names).toHaveLength(first.pagination.total);
    expect(new Set(names).size).toBe(names.length);
    // The more used before the less used, the used (the seed article's too) before the unused, which follow by name.
    const archive = names.filter((name) => name.startsWith(`Архив ${run} `));
    expect(archive).toHaveLength(55);
    expect(archive).toEqual([...archive].sort());
    const position = (name: string) => {
      expect(names, name).toContain(name);
      return names.indexOf(name);
    };
    expect(position(`Частый автор ${run}`)).toBeLessThan(position(`Редкий автор ${run}`));
    expect(position(`Редкий автор ${run}`)).toBeLessThan(position(archive[0] ?? ''));
    expect(position('ЦОК Мангистауской области')).toBeLessThan(position(archive[0] ?? ''));
    expect(position(archive[54] ?? '')).toBe(position(archive[0] ?? '') + 54); // the unused ones together
    expect(position(`Частый автор ${run}`)).toBeLessThan(50); // on the first page
  });

  it('finds a credit typed in lower case, ё as е, and leaves out the ones already picked in the form', async () => {
    expect((await picker(`_q=${encodeURIComponent('цок мангистау')}`)).results.map((credit) => credit.name)).toEqual([
      'ЦОК Мангистауской области',
    ]);
    await rest.create('credits', { name: `Фёдор Ёлкин ${run}`, kind: 'photographer' });
    expect((await picker(`_q=${encodeURIComponent(`федор елкин ${run}`)}`)).results.map((credit) => credit.name)).toEqual([
      `Фёдор Ёлкин ${run}`,
    ]);
    const [seedCredit] = (await picker(`_q=${encodeURIComponent('ЦОК')}`)).results;
    expect((await picker(`_q=${encodeURIComponent('ЦОК')}&idsToOmit[]=${seedCredit?.id}`)).results).toEqual([]);
  });

  it('answers no one without an admin session', async () => {
    expect((await call('GET', '/content-manager/relations/media.photo/credit?_q=a', undefined, null)).status).toBe(401);
    expect((await call('GET', '/content-manager/relations/media.photo/credit?_q=a', undefined, writeToken)).status).toBe(401);
  });
});

describe('a Kazakh version’s slug', () => {
  const kazakh = (documentId: string, data: Record<string, unknown>) =>
    call('PUT', `${ARTICLES}/${documentId}?locale=kk`, { lead: 'Лид.', ageRating: 'age0', ...data });

  it('is made from its Kazakh title when the panel copied the Russian one', async () => {
    const russian = await rest.create(
      'articles',
      { title: `Морской вокзал ${run}`, lead: 'Лид.', ageRating: 'age0' },
      { locale: 'ru', status: 'draft' },
    );
    const russianSlug = `morskoy-vokzal-${run}`;
    const saved = await kazakh(russian.documentId, { title: `Теңіз вокзалы ${run}`, slug: russianSlug });
    expect(saved.status).toBe(200);
    expect(documentAnswer.parse(saved.json).data.slug).toBe(`teniz-vokzaly-${run}`);
    expect(documentAnswer.parse((await call('GET', `${ARTICLES}/${russian.documentId}?locale=ru`)).json).data.slug).toBe(russianSlug);
  });

  it('stays the copied one while the title is still the Russian one, and a chosen one stays', async () => {
    const russian = await rest.create(
      'articles',
      { title: `Новый паром ${run}`, lead: 'Лид.', ageRating: 'age0' },
      { locale: 'ru', status: 'draft' },
    );
    const untranslated = await kazakh(russian.documentId, { title: `Новый паром ${run}`, slug: `novyy-parom-${run}` });
    expect(documentAnswer.parse(untranslated.json).data.slug).toBe(`novyy-parom-${run}`);
    const chosen = await kazakh(russian.documentId, { title: `Жаңа паром ${run}`, slug: `zhana-parom-${run}` });
    expect(documentAnswer.parse(chosen.json).data.slug).toBe(`zhana-parom-${run}`);
  });

  it('stays once the Kazakh version was published: its address is someone’s link', async () => {
    const russian = await rest.create(
      'articles',
      { title: `Аэропорт ${run}`, lead: 'Лид.', ageRating: 'age0' },
      { locale: 'ru', status: 'draft' },
    );
    await rest.update(
      'articles',
      russian.documentId,
      { title: `Аэропорт ${run}`, slug: `aeroport-${run}`, lead: 'Лид.', ageRating: 'age0' },
      { locale: 'kk' },
    );
    const retitled = await kazakh(russian.documentId, { title: `Әуежай ${run}`, slug: `aeroport-${run}` });
    expect(documentAnswer.parse(retitled.json).data.slug).toBe(`aeroport-${run}`);
  });
});

const statusAnswer = z.object({
  data: z.record(
    z.string(),
    z.object({
      original: z.string().nullable(),
      locales: z.record(
        z.string(),
        z.object({ published: z.boolean(), original: z.boolean(), outdated: z.boolean(), untranslated: z.boolean() }),
      ),
    }),
  ),
});
const translationOf = async (documentId: string) => {
  const answer = await call('GET', `/tilshi-translations/status?documentIds=${documentId}`);
  expect(answer.status).toBe(200);
  return statusAnswer.parse(answer.json).data[documentId];
};

describe('which translations are out of date', () => {
  it('follows the original’s text: current after translating, out of date after the original changed, current again when confirmed', async () => {
    const russian = await rest.create(
      'articles',
      { title: `Маршрут ${run}`, lead: 'Лид.', ageRating: 'age0' },
      { locale: 'ru', status: 'draft' },
    );
    await rest.update(
      'articles',
      russian.documentId,
      { title: `Бағыт ${run}`, lead: 'Лид.', ageRating: 'age0' },
      { locale: 'kk', status: 'draft' },
    );
    expect(await translationOf(russian.documentId)).toEqual({
      original: 'ru',
      locales: {
        ru: { published: false, original: true, outdated: false, untranslated: false },
        kk: { published: false, original: false, outdated: false, untranslated: false },
      },
    });
    await rest.update('articles', russian.documentId, { lead: 'Маршрут продлён.' }, { locale: 'ru', status: 'draft' });
    expect((await translationOf(russian.documentId))?.locales.kk?.outdated).toBe(true);
    // Publishing the original re-saves it without changing its text: no new work for translators.
    await rest.update('articles', russian.documentId, { lead: 'Маршрут продлён.' }, { locale: 'ru' });
    const confirmed = await call('POST', `/tilshi-translations/${russian.documentId}/kk/confirm`, {});
    expect(confirmed.status).toBe(200);
    expect(await translationOf(russian.documentId)).toMatchObject({ locales: { ru: { published: true }, kk: { outdated: false } } });
    await rest.update('articles', russian.documentId, { lead: 'Маршрут продлён.' }, { locale: 'ru' });
    expect((await translationOf(russian.documentId))?.locales.kk?.outdated).toBe(false);
  });

  it('calls a translation that kept the original’s title untranslated', async () => {
    const russian = await rest.create(
      'articles',
      { title: `Причал ${run}`, lead: 'Лид.', ageRating: 'age0' },
      { locale: 'ru', status: 'draft' },
    );
    await rest.update(
      'articles',
      russian.documentId,
      { title: `Причал ${run}`, lead: 'Лид.', ageRating: 'age0' },
      { locale: 'kk', status: 'draft' },
    );
    expect((await translationOf(russian.documentId))?.locales.kk?.untranslated).toBe(true);
  });

  it('refuses more than 100 articles at a time, ignores ids that are not ids, and confirms only translations', async () => {
    const many = Array.from({ length: 101 }, (_, index) => `doc${index}`).join(',');
    const tooMany = await call('GET', `/tilshi-translations/status?documentIds=${many}`);
    expect(tooMany.status).toBe(400);
    expect(errorAnswer.parse(tooMany.json).error.message).toBe('documentIds: at most 100 at a time (got 101)');
    const odd = await call('GET', `/tilshi-translations/status?documentIds=${encodeURIComponent("x' OR 1=1,../../etc")}`);
    expect({ status: odd.status, json: odd.json }).toEqual({ status: 200, json: { data: {} } });
    const russian = await rest.create(
      'articles',
      { title: `Только русский ${run}`, lead: 'Лид.', ageRating: 'age0' },
      { locale: 'ru', status: 'draft' },
    );
    expect((await call('POST', `/tilshi-translations/${russian.documentId}/ru/confirm`, {})).status).toBe(404);
    expect((await call('POST', `/tilshi-translations/${russian.documentId}/kk/confirm`, {}, null)).status).toBe(401);
    expect((await call('GET', `/tilshi-translations/status?documentIds=${russian.documentId}`, undefined, writeToken)).status).toBe(401);
  });
});
