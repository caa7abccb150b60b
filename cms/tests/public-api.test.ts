/**
 * The public REST contract against a real, seeded Strapi: what the site's
 * read-only token and anonymous readers can and cannot see, validated with
 * the shared-types schemas.
 */
import { MAX_PAGE_SIZE, StrapiClient } from '@tilshi/strapi-client';
import { afterAll, inject, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  articleQuery,
  articlesResponseSchema,
  siteSettingsQuery,
  siteSettingsResponseSchema,
  toQueryString,
} from '../../shared-types/src/index.ts';

const { url, siteToken, writeToken } = inject('strapi');
const SEED_TITLE = 'В Актау был проведён день открытых дверей с участием государственных органов и НПО';

async function get(path: string, token?: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${url}${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  return { status: response.status, body: await response.json() };
}

async function send(method: 'POST' | 'PUT', path: string, data: unknown, token: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ data }),
  });
  return { status: response.status, body: await response.json() };
}

function dataOf(body: unknown): Record<string, unknown> {
  if (typeof body === 'object' && body !== null && 'data' in body && typeof body.data === 'object' && body.data !== null) {
    return body.data as Record<string, unknown>;
  }
  throw new Error(`no data in ${JSON.stringify(body)}`);
}

describe('GET /api/articles with the site query', () => {
  it('returns the seed article with two credited photos and its NGO event, valid against shared-types', async () => {
    const { status, body } = await get(`/api/articles?${toQueryString({ ...articleQuery, locale: 'ru' })}`, siteToken);
    expect(status).toBe(200);
    const page = articlesResponseSchema.parse(body);
    const article = page.data.find((entry) => entry.title === SEED_TITLE);
    expect(article).toBeDefined();
    const photos = [article?.cover, ...(article?.gallery ?? [])].filter((photo) => photo != null);
    expect(photos).toHaveLength(2);
    for (const photo of photos) expect(photo.credit?.name).toBe('ЦОК Мангистауской области');
    const participants = article?.event?.participants.map((group) => group.count);
    expect(participants).toEqual([26, 4]);
    expect(article?.event?.keyFigures).toHaveLength(4);
    expect(article?.publicationDate).toBe('2022-11-05T11:03:00.000Z');
  });

  it('answers anonymous callers nothing: readers get static pages, never the CMS', async () => {
    const { status, body } = await get(`/api/articles?${toQueryString({ ...articleQuery, locale: 'ru' })}`);
    expect([401, 403]).toContain(status);
    expect(JSON.stringify(body)).not.toContain(SEED_TITLE);
  });

  it('serves the Kazakh site settings', async () => {
    const { status, body } = await get(`/api/site-setting?${toQueryString({ ...siteSettingsQuery, locale: 'kk' })}`, siteToken);
    expect(status).toBe(200);
    expect(siteSettingsResponseSchema.parse(body).data.siteName).toBe('Ақтау және Манғыстау жаңалықтары');
  });
});

describe('drafts', () => {
  const draftTitle = `Черновик расследования ${Date.now()}`;
  let draftSlug = '';

  it('are created by the write token and get a transliterated slug', async () => {
    const { status, body } = await send(
      'POST',
      '/api/articles?status=draft',
      { title: draftTitle, lead: 'Не для публикации.' },
      writeToken,
    );
    expect(status).toBe(201);
    const draft = dataOf(body);
    expect(draft.publishedAt).toBeNull();
    draftSlug = String(draft.slug);
    expect(draftSlug).toMatch(/^chernovik-rassledovaniya-\d+$/);
  });

  it.each([
    ['anonymous', undefined],
    ['the site token', 'site'],
  ])('are invisible to %s, even when asked for with status=draft', async (_who, which) => {
    const token = which === 'site' ? siteToken : undefined;
    for (const query of ['', '&status=draft', '&status=draft&publicationState=preview']) {
      const { status, body } = await get(`/api/articles?filters[slug][$eq]=${draftSlug}${query}`, token);
      if (token) expect(status).toBe(200);
      else expect([401, 403]).toContain(status);
      expect(JSON.stringify(body)).not.toContain(draftTitle);
    }
  });
});

describe('permissions', () => {
  it('exposes no reader accounts or e-mails to anonymous readers or the site token', async () => {
    for (const token of [undefined, siteToken]) {
      for (const path of ['/api/users', '/api/users/1', '/api/users/me']) {
        const { status, body } = await get(path, token);
        expect([401, 403]).toContain(status);
        expect(JSON.stringify(body)).not.toMatch(/@/);
      }
    }
  });

  it('exposes no e-mail anywhere in a fully populated article response', async () => {
    const { body } = await get(`/api/articles?${toQueryString({ ...articleQuery, locale: 'ru' })}`, siteToken);
    expect(JSON.stringify(body)).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
  });

  it('does not let the read-only site token or anonymous readers write', async () => {
    for (const token of [siteToken, '']) {
      const response = await fetch(`${url}/api/rubrics`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ data: { name: 'Взлом' } }),
      });
      expect([401, 403]).toContain(response.status);
    }
  });

  it("keeps the importer's records and routes away from anonymous readers and the site token", async () => {
    for (const token of [undefined, siteToken]) {
      for (const path of ['/api/import-records', '/api/import-records/1']) {
        const { status } = await get(path, token);
        expect([401, 403]).toContain(status);
      }
      for (const path of ['/api/import-records/import', '/api/import-records/publish']) {
        const response = await fetch(`${url}${path}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify({ data: {} }),
        });
        expect([401, 403]).toContain(response.status);
      }
    }
  });

  it('never shows the private needsReview of credits and authors', async () => {
    for (const token of [undefined, siteToken]) {
      for (const path of ['/api/credits', '/api/authors', `/api/articles?${toQueryString({ ...articleQuery, locale: 'ru' })}`]) {
        const { status, body } = await get(path, token);
        // Anonymous callers get nothing at all; the site token gets the content without the private field.
        if (token) expect(status).toBe(200);
        else expect([401, 403]).toContain(status);
        expect(JSON.stringify(body)).not.toContain('needsReview');
      }
    }
  });

  it('rejects a forged token', async () => {
    const { status } = await get('/api/articles', 'f'.repeat(64));
    expect(status).toBe(401);
  });
});

describe('publishing rules', () => {
  it('refuses to publish an article whose photo has no credit, naming the photo', async () => {
    const form = new FormData();
    const jpeg = await (
      await import('sharp')
    )
      .default({ create: { width: 8, height: 8, channels: 3, background: '#777' } })
      .jpeg()
      .toBuffer();
    form.append('files', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'uncredited.jpg');
    const upload = await fetch(`${url}/api/upload`, { method: 'POST', headers: { Authorization: `Bearer ${writeToken}` }, body: form });
    expect(upload.status).toBe(201);
    const [file] = (await upload.json()) as Array<{ id: number }>;

    const { status, body } = await send(
      'POST',
      '/api/articles',
      { title: `Без автора фото ${Date.now()}`, lead: 'Лид', cover: { image: file?.id, alt: 'Снимок' } },
      writeToken,
    );
    expect(status).toBe(400);
    expect(JSON.stringify(body)).toContain('не указан автор или источник (credit)');
    expect(JSON.stringify(body)).toContain('uncredited.jpg');
  });

  it('keeps a draft whose photo has no alt text but refuses to publish it, naming the field', async () => {
    const credit = await send('POST', '/api/credits', { name: `Фотограф ${Date.now()}`, kind: 'photographer' }, writeToken);
    const form = new FormData();
    const jpeg = await (
      await import('sharp')
    )
      .default({ create: { width: 8, height: 8, channels: 3, background: '#555' } })
      .jpeg()
      .toBuffer();
    form.append('files', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'no-alt.jpg');
    const [file] = (await (
      await fetch(`${url}/api/upload`, { method: 'POST', headers: { Authorization: `Bearer ${writeToken}` }, body: form })
    ).json()) as Array<{ id: number }>;
    const photo = { image: file?.id, alt: '', credit: dataOf(credit.body).documentId };

    const draft = await send(
      'POST',
      '/api/articles?status=draft',
      { title: `Без alt ${Date.now()}`, lead: 'Лид', cover: photo },
      writeToken,
    );
    expect(draft.status).toBe(201);
    const published = await send('PUT', `/api/articles/${String(dataOf(draft.body).documentId)}`, { lead: 'Лид, готово' }, writeToken);
    expect(published.status).toBe(400);
    expect(JSON.stringify(published.body)).toContain('нет альтернативного текста (alt)');
  });
});

describe('reading a collection of more than one page with StrapiClient.getAll', () => {
  const stamp = `walk${Date.now()}`;
  const created: string[] = [];
  const createTag = async (n: number) => {
    const { status, body } = await send('POST', '/api/tags?locale=kk', { name: `${stamp} ${n}`, slug: `${stamp}-${n}` }, writeToken);
    expect(status).toBe(201);
    created.push(String(dataOf(body).documentId));
  };
  /** The client's requests, answered by the real CMS. */
  const recording = (before?: (url: URL) => Promise<void>) => {
    const urls: URL[] = [];
    const client = new StrapiClient({
      baseUrl: url,
      token: siteToken,
      fetch: async (input, init) => {
        const requested = new URL(input instanceof Request ? input.url : String(input));
        urls.push(requested);
        await before?.(requested);
        return fetch(input, init);
      },
    });
    return { client, urls };
  };
  const query = { locale: 'kk', fields: ['name'], filters: { name: { $startsWith: stamp } }, sort: ['id:asc'] };

  afterAll(async () => {
    for (const documentId of created)
      await fetch(`${url}/api/tags/${documentId}?locale=kk`, { method: 'DELETE', headers: { Authorization: `Bearer ${writeToken}` } });
  });

  // One page more than the CMS answers at once (its maxLimit, cms/config/api.ts, is the client's MAX_PAGE_SIZE).
  const total = MAX_PAGE_SIZE + 5;

  it('counts only the first page and checks the count once after the last, getting every entry', async () => {
    for (let n = 0; n < total; n += 1) await createTag(n);
    const { client, urls } = recording();
    const tags = z.array(z.object({ name: z.string() })).parse(await client.getAll('/api/tags', query));
    expect(tags.map((tag) => tag.name)).toEqual(Array.from({ length: total }, (_, n) => `${stamp} ${n}`));
    expect(urls[0]?.searchParams.get('pagination[pageSize]')).toBe(String(MAX_PAGE_SIZE));
    expect(urls.map((each) => [each.searchParams.get('pagination[page]'), each.searchParams.get('pagination[withCount]')])).toEqual([
      ['1', null],
      ['2', 'false'],
      ['1', null], // the count after the walk: one entry, its id only
    ]);
    expect(urls[2]?.searchParams.get('pagination[pageSize]')).toBe('1');
  });

  it('caps a flood of a page at MAX_PAGE_SIZE entries, whatever size or limit the caller asks for', async () => {
    const huge = ['pagination[pageSize]=100000', 'pagination[start]=0&pagination[limit]=100000'];
    for (const pagination of [...huge, 'pagination[pageSize]=-1', 'pagination[limit]=-1']) {
      const answer = await fetch(`${url}/api/tags?locale=kk&fields[0]=name&filters[name][$startsWith]=${stamp}&${pagination}`, {
        headers: { Authorization: `Bearer ${siteToken}` },
      });
      expect(answer.status, pagination).toBe(200);
      const { data } = z.object({ data: z.array(z.unknown()) }).parse(await answer.json());
      if (huge.includes(pagination)) expect(data.length, pagination).toBe(MAX_PAGE_SIZE);
      else expect(data.length, pagination).toBeLessThanOrEqual(MAX_PAGE_SIZE);
    }
  });

  it('walks again when an entry is added while it pages, so the new one is not missed', async () => {
    let added = false;
    const { client, urls } = recording(async (requested) => {
      if (!added && requested.searchParams.get('pagination[page]') === '2') {
        added = true;
        await createTag(total); // published between page 1 and page 2
      }
    });
    const tags = z.array(z.object({ name: z.string() })).parse(await client.getAll('/api/tags', query));
    expect(tags).toHaveLength(total + 1);
    expect(new Set(tags.map((tag) => tag.name)).size).toBe(total + 1);
    expect(urls.filter((each) => each.searchParams.get('pagination[page]') === '2')).toHaveLength(2);
  });
});
