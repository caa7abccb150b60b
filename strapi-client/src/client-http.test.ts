/**
 * The REST client against a tiny local HTTP server playing Strapi: paging,
 * query serialisation, retries with backoff, and error messages.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { StrapiClient, StrapiRequestError, StrapiUnreachableError } from './index.ts';

type Handler = (request: IncomingMessage, response: ServerResponse, body: string) => void;

let server: Server | undefined;
const seen: Array<{ method: string; url: string; authorization: string | undefined }> = [];

async function serve(handler: Handler): Promise<string> {
  seen.length = 0;
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on('end', () => {
      seen.push({ method: request.method ?? '', url: request.url ?? '', authorization: request.headers.authorization });
      handler(request, response, body);
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server?.address() as AddressInfo).port}`;
}

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

const json = (response: ServerResponse, status: number, value: unknown) => {
  response.writeHead(status, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify(value));
};

describe('StrapiClient against a local server', () => {
  it('find() follows meta.pagination over every page and sends the bearer token', async () => {
    const url = await serve((request, response) => {
      const page = Number(new URL(request.url ?? '/', 'http://x').searchParams.get('pagination[page]'));
      json(response, 200, {
        data: [{ id: page, documentId: `doc-${page}` }],
        meta: { pagination: { page, pageSize: 250, pageCount: 3, total: 3 } },
      });
    });
    const rest = new StrapiClient({ baseUrl: url, token: 'secret' });
    const items = await rest.find('articles', { locale: 'kk', pagination: { pageSize: 5 } });
    expect(items.map((item) => item.documentId)).toEqual(['doc-1', 'doc-2', 'doc-3']);
    expect(seen).toHaveLength(4); // three pages, then the count that checks nothing changed meanwhile
    expect(seen.every((request) => request.authorization === 'Bearer secret')).toBe(true);
    expect(decodeURIComponent(seen[2]?.url ?? '')).toBe(
      '/api/articles?locale=kk&pagination[page]=3&pagination[pageSize]=250&pagination[withCount]=false',
    );
    expect(decodeURIComponent(seen[3]?.url ?? '')).toBe(
      '/api/articles?locale=kk&fields[0]=documentId&pagination[page]=1&pagination[pageSize]=1',
    );
  });

  it('getAllByRowId() pages by row id, never by page number, and keeps the caller’s filters', async () => {
    const rows = Array.from({ length: 600 }, (_, i) => ({ id: 3 * i + 1, documentId: `doc-${i}` }));
    const url = await serve((request, response) => {
      const params = new URL(request.url ?? '/', 'http://x').searchParams;
      const after = Number(params.get('filters[id][$gt]') ?? params.get('filters[$and][1][id][$gt]'));
      json(response, 200, { data: rows.filter((row) => row.id > after).slice(0, 250), meta: { pagination: { page: 1, pageSize: 250 } } });
    });
    const rest = new StrapiClient({ baseUrl: url, token: 'secret' });
    const items = await rest.getAllByRowId('/api/articles', { locale: 'ru', fields: ['updatedAt'], pagination: { page: 7 } });
    expect(items).toEqual(rows);
    expect(seen.map((request) => decodeURIComponent(request.url))).toEqual(
      [0, 748, 1498].map(
        (after) =>
          `/api/articles?locale=ru&fields[0]=updatedAt&filters[id][$gt]=${after}&sort[0]=id:asc&pagination[page]=1&pagination[pageSize]=250&pagination[withCount]=false`,
      ),
    );
    await rest.getAllByRowId('/api/articles', { filters: { slug: { $eq: 'x' } } });
    expect(decodeURIComponent(seen.at(-1)?.url ?? '')).toContain('filters[$and][0][slug][$eq]=x&filters[$and][1][id][$gt]=');
  });

  it('getAllInChangeOrder() pages by (updatedAt, id), across ties, and reads an entry that changed meanwhile again, once', async () => {
    // 600 entries, ten to each millisecond: page boundaries fall inside ties.
    const at = (ms: number) => new Date(Date.UTC(2026, 11, 6, 5, 0, 0, ms)).toISOString();
    const rows = Array.from({ length: 600 }, (_, i) => ({
      id: i + 1,
      documentId: `doc-${i}`,
      locale: 'ru',
      updatedAt: at(Math.floor(i / 10)),
      v: 1,
    }));
    const url = await serve((request, response) => {
      const params = new URL(request.url ?? '/', 'http://x').searchParams;
      const gt = params.get('filters[$or][0][updatedAt][$gt]');
      const eq = params.get('filters[$or][1][$and][0][updatedAt][$eq]');
      const idGt = Number(params.get('filters[$or][1][$and][1][id][$gt]'));
      const matching = rows
        .filter((row) => gt === null || row.updatedAt > gt || (row.updatedAt === eq && row.id > idGt))
        .sort((a, b) => a.updatedAt.localeCompare(b.updatedAt) || a.id - b.id);
      json(response, 200, { data: matching.slice(0, 250), meta: { pagination: { page: 1, pageSize: 250 } } });
      // An editor changes the third entry after the first page was read: it moves to the end.
      if (gt === null) Object.assign(rows[2] ?? {}, { updatedAt: at(999), v: 2 });
    });
    const rest = new StrapiClient({ baseUrl: url, token: 'secret' });
    const items = await rest.getAllInChangeOrder(
      '/api/articles',
      { locale: 'ru', sort: ['publishedAt:desc'] },
      (item) => item as (typeof rows)[number],
    );
    expect(items).toHaveLength(600);
    expect(new Set(items.map((item) => item.documentId)).size).toBe(600);
    expect(items.find((item) => item.documentId === 'doc-2')).toMatchObject({ v: 2, updatedAt: at(999) });
    const urls = seen.map((request) => decodeURIComponent(request.url));
    expect(urls[0]).toBe(
      '/api/articles?locale=ru&sort[0]=updatedAt:asc&sort[1]=id:asc&pagination[page]=1&pagination[pageSize]=250&pagination[withCount]=false',
    );
    // The second page goes on after the 250th entry (id 250, in the tie of millisecond 24); three pages in all.
    expect(urls[1]).toContain(
      `filters[$or][0][updatedAt][$gt]=${at(24)}&filters[$or][1][$and][0][updatedAt][$eq]=${at(24)}&filters[$or][1][$and][1][id][$gt]=250`,
    );
    expect(urls).toHaveLength(3);
  });

  it('getAllByRowId() stops with an error when ids do not ascend (it would loop)', async () => {
    const url = await serve((_request, response) => {
      const data = Array.from({ length: 250 }, () => ({ id: 5, documentId: 'same' }));
      json(response, 200, { data, meta: { pagination: { page: 1, pageSize: 250 } } });
    });
    const rest = new StrapiClient({ baseUrl: url, token: 'secret', retries: 0 });
    await expect(rest.getAllByRowId('/api/articles')).rejects.toThrow(/cannot page by row id/);
  });

  it('retries a GET after 503 responses with backoff, then succeeds', async () => {
    let calls = 0;
    const url = await serve((_request, response) => {
      calls += 1;
      if (calls < 3) json(response, 503, { error: { status: 503, name: 'ServiceUnavailableError', message: 'busy' } });
      else json(response, 200, { data: { id: 1, documentId: 'x' } });
    });
    const retries: number[] = [];
    const rest = new StrapiClient({ baseUrl: url, token: 't', backoffMs: 1, onRetry: ({ attempt }) => retries.push(attempt) });
    expect(await rest.findOne('articles', 'x')).toEqual({ id: 1, documentId: 'x' });
    expect(retries).toEqual([1, 2]);
  });

  it('gives up after the configured retries and reports the last status', async () => {
    const url = await serve((_request, response) =>
      json(response, 500, { error: { status: 500, name: 'InternalServerError', message: 'Internal Server Error' } }),
    );
    const rest = new StrapiClient({ baseUrl: url, token: 't', retries: 2, backoffMs: 1 });
    await expect(rest.count('credits')).rejects.toThrow(/^GET \/api\/credits\?.* → 500 InternalServerError: Internal Server Error$/);
    expect(seen).toHaveLength(3);
  });

  it('does not retry a 400 and formats a validation error with its path', async () => {
    const url = await serve((_request, response) =>
      json(response, 400, {
        data: null,
        error: {
          status: 400,
          name: 'ValidationError',
          message: 'cover.alt must be defined.',
          details: { errors: [{ path: ['cover', 'alt'], message: 'cover.alt must be defined.' }] },
        },
      }),
    );
    const rest = new StrapiClient({ baseUrl: url, token: 't', backoffMs: 1 });
    const error = await rest.create('articles', { title: 'x' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StrapiRequestError);
    expect((error as StrapiRequestError).message).toBe(
      'POST /api/articles → 400 ValidationError: cover.alt must be defined. (path: cover.alt)',
    );
    expect((error as StrapiRequestError).status).toBe(400);
    expect(seen).toHaveLength(1);
  });

  it('lists every error of a multi-error validation response', async () => {
    const url = await serve((_request, response) =>
      json(response, 400, {
        error: {
          status: 400,
          name: 'ValidationError',
          message: '2 errors occurred',
          details: {
            errors: [
              { path: ['name'], message: 'name must be defined.' },
              { path: ['kind'], message: 'kind must be one of …' },
            ],
          },
        },
      }),
    );
    const rest = new StrapiClient({ baseUrl: url, token: 't' });
    await expect(rest.create('credits', {}, { locale: 'kk' })).rejects.toThrow(
      'POST /api/credits?locale=kk → 400 ValidationError: 2 errors occurred: name must be defined. (path: name); kind must be one of … (path: kind)',
    );
  });

  it('answers null for a 404 on findOne and getSingle', async () => {
    const url = await serve((_request, response) =>
      json(response, 404, { data: null, error: { status: 404, name: 'NotFoundError', message: 'Not Found' } }),
    );
    const rest = new StrapiClient({ baseUrl: url, token: 't' });
    expect(await rest.findOne('articles', 'nope', { locale: 'kk' })).toBeNull();
    expect(await rest.getSingle('/api/site-setting', { locale: 'kk' })).toBeNull();
  });

  it('rejects a response that does not have the documented shape', async () => {
    const url = await serve((_request, response) =>
      json(response, 200, { data: [{ title: 'no ids' }], meta: { pagination: { page: 1, pageSize: 1, pageCount: 1, total: 1 } } }),
    );
    const rest = new StrapiClient({ baseUrl: url, token: 't' });
    await expect(rest.findFirst('articles')).rejects.toThrow(/UnexpectedResponse: the response does not have the expected shape/);
  });

  it('reports an unreachable Strapi as StrapiUnreachableError after retrying', async () => {
    const url = await serve(() => {});
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    server = undefined;
    const retries: string[] = [];
    const rest = new StrapiClient({ baseUrl: url, token: 't', retries: 2, backoffMs: 1, onRetry: ({ reason }) => retries.push(reason) });
    const error = await rest.find('articles').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StrapiUnreachableError);
    expect((error as Error).message).toMatch(new RegExp(`Strapi is not reachable at ${url.replace(/[.]/g, '\\.')} \\(ECONNREFUSED`));
    expect(retries).toHaveLength(2);
  });

  it('does not retry a POST whose connection was reset (the create may have happened), but does retry its 503', async () => {
    let posts = 0;
    const url = await serve((request, response) => {
      posts += 1;
      if (request.url?.startsWith('/api/credits?reset')) {
        request.socket.destroy();
        return;
      }
      if (posts === 1) json(response, 503, { error: { status: 503, name: 'ServiceUnavailableError', message: 'busy' } });
      else json(response, 201, { data: { id: 1, documentId: 'c1' } });
    });
    const rest = new StrapiClient({ baseUrl: url, token: 't', backoffMs: 1 });
    expect(await rest.create('credits', { name: 'Ә. Сәрсенов' })).toMatchObject({ documentId: 'c1' });
    expect(posts).toBe(2);
    posts = 0;
    const error = await rest.request('POST', '/api/credits?reset', { json: { data: {} } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StrapiUnreachableError);
    expect(posts).toBe(1);
  });

  it('uploads a file as multipart "files" and returns the stored file', async () => {
    const url = await serve((request, response, body) => {
      expect(request.headers['content-type']).toMatch(/^multipart\/form-data/);
      expect(body).toContain('name="files"; filename="x.jpg"');
      expect(body).toContain('"alternativeText":"Заглушка"');
      json(response, 201, [{ id: 7, documentId: 'f', name: 'x.jpg', url: '/uploads/x.jpg' }]);
    });
    const rest = new StrapiClient({ baseUrl: url, token: 't' });
    const file = await rest.upload(new Uint8Array([1, 2, 3]), 'x.jpg', 'image/jpeg', { alternativeText: 'Заглушка' });
    expect(file).toMatchObject({ id: 7, name: 'x.jpg' });
  });
});
