import { articleSchema } from '@tilshi/shared-types';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  MAX_PAGE_SIZE as PAGE,
  StrapiClient,
  StrapiRequestError,
  StrapiResponseError,
  StrapiUnreachableError,
  StrapiValidationError,
  validateEntry,
} from './index.ts';

type Handler = (url: URL, init: RequestInit | undefined) => Response | Promise<Response>;

function fakeFetch(handler: Handler): { fetch: typeof globalThis.fetch; calls: URL[] } {
  const calls: URL[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    calls.push(url);
    return handler(url, init);
  };
  return { fetch, calls };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** A collection of `total` entries served in pages of the size asked for, like Strapi. */
function pagedCollection(total: number): Handler {
  return (url) => {
    const page = Number(url.searchParams.get('pagination[page]'));
    const pageSize = Number(url.searchParams.get('pagination[pageSize]'));
    const start = (page - 1) * pageSize;
    const data = Array.from({ length: Math.max(0, Math.min(pageSize, total - start)) }, (_, i) => ({
      documentId: `d${start + i}`,
      locale: 'ru',
    }));
    // Like Strapi: a page asked for with withCount=false carries no total and no page count.
    if (url.searchParams.get('pagination[withCount]') === 'false') return json({ data, meta: { pagination: { page, pageSize } } });
    return json({ data, meta: { pagination: { page, pageSize, pageCount: Math.ceil(total / pageSize), total } } });
  };
}

describe('StrapiClient', () => {
  it('walks every page of a collection, not just the first', async () => {
    const { fetch, calls } = fakeFetch(pagedCollection(2.5 * PAGE));
    const items = await new StrapiClient({ baseUrl: 'http://cms.test', fetch }).getAll('/api/articles', { locale: 'ru' });
    expect(items).toHaveLength(2.5 * PAGE);
    // Pages 2 and 3 uncounted; then one count (a page of one) tells whether the collection changed meanwhile.
    expect(calls.map((url) => [url.searchParams.get('pagination[page]'), url.searchParams.get('pagination[pageSize]')])).toEqual([
      ['1', String(PAGE)],
      ['2', String(PAGE)],
      ['3', String(PAGE)],
      ['1', '1'],
    ]);
    expect(calls.map((url) => url.searchParams.get('pagination[withCount]'))).toEqual([null, 'false', 'false', null]);
    expect(calls.every((url) => url.searchParams.get('locale') === 'ru')).toBe(true);
  });

  it('asks for one page only, uncounted pages and the count after it never, when the collection fits in one', async () => {
    const { fetch, calls } = fakeFetch(pagedCollection(40));
    expect(await new StrapiClient({ baseUrl: 'http://cms.test', fetch }).getAll('/api/tags')).toHaveLength(40);
    expect(calls).toHaveLength(1);
  });

  it('restarts the walk when an entry is deleted while it is paged (the count after it is lower)', async () => {
    let total = 2.5 * PAGE;
    const { fetch } = fakeFetch((url, init) => {
      // An entry is deleted once page 3 has been served: every page had its entries, the count after says one fewer.
      const response = pagedCollection(total)(url, init);
      if (url.searchParams.get('pagination[page]') === '3') total = 2.5 * PAGE - 1;
      return response;
    });
    const items = await new StrapiClient({ baseUrl: 'http://cms.test', fetch }).getAll('/api/articles');
    expect(items).toHaveLength(2.5 * PAGE - 1);
  });

  it('sends the read-only token as a bearer header', async () => {
    let auth: string | null = null;
    const { fetch } = fakeFetch((url, init) => {
      auth = new Headers(init?.headers).get('authorization');
      return pagedCollection(1)(url, init);
    });
    await new StrapiClient({ baseUrl: 'http://cms.test', token: 'secret-token', fetch }).getAll('/api/tags');
    expect(auth).toBe('Bearer secret-token');
  });

  it('retries a 503 with backoff and then succeeds', async () => {
    let attempts = 0;
    const { fetch } = fakeFetch((url, init) => (++attempts < 3 ? new Response('busy', { status: 503 }) : pagedCollection(2)(url, init)));
    const retries: number[] = [];
    const client = new StrapiClient({ baseUrl: 'http://cms.test', fetch, backoffMs: 1, onRetry: ({ delayMs }) => retries.push(delayMs) });
    expect(await client.getAll('/api/tags')).toHaveLength(2);
    expect(retries).toEqual([1, 2]);
  });

  it('gives up after the last retry with a StrapiRequestError naming the URL and status', async () => {
    const { fetch, calls } = fakeFetch(() => new Response('down', { status: 502 }));
    const client = new StrapiClient({ baseUrl: 'http://cms.test', fetch, retries: 2, backoffMs: 1 });
    const error = await client.getJson('/api/tags').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StrapiRequestError);
    expect(error).toMatchObject({ status: 502, url: 'http://cms.test/api/tags' });
    expect(calls).toHaveLength(3);
  });

  it('does not retry a 401 and never puts the token in the message', async () => {
    const { fetch, calls } = fakeFetch(() =>
      json({ data: null, error: { status: 401, name: 'UnauthorizedError', message: 'Missing or invalid credentials', details: {} } }, 401),
    );
    const error = await new StrapiClient({ baseUrl: 'http://cms.test', token: 'tok-123', fetch })
      .getJson('/api/tags')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StrapiRequestError);
    expect(calls).toHaveLength(1);
    expect(String(error)).not.toContain('tok-123');
  });

  it('turns a request that never answers into a StrapiUnreachableError after its timeout', async () => {
    const { fetch } = fakeFetch(
      (_url, init) =>
        new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason))),
    );
    const client = new StrapiClient({ baseUrl: 'http://cms.test', fetch, timeoutMs: 20, retries: 1, backoffMs: 1 });
    await expect(client.getJson('/api/tags')).rejects.toBeInstanceOf(StrapiUnreachableError);
  });

  it('restarts the walk when the collection changes while it is paged, so nothing is skipped', async () => {
    let total = 1.5 * PAGE;
    let calls = 0;
    const { fetch } = fakeFetch((url, init) => {
      calls += 1;
      if (calls === 1) {
        const response = pagedCollection(total)(url, init);
        total = 1.5 * PAGE + 1; // an article is published between page 1 and page 2
        return response;
      }
      return pagedCollection(total)(url, init);
    });
    const items = await new StrapiClient({ baseUrl: 'http://cms.test', fetch }).getAll('/api/articles');
    expect(items).toHaveLength(1.5 * PAGE + 1);
  });

  it('keeps both locales of a document, and restarts a walk that met an entry twice (its page shifted)', async () => {
    const entries = [
      { documentId: 'a', locale: 'ru' },
      { documentId: 'a', locale: 'kk' },
      { documentId: 'b', locale: 'ru' },
    ];
    let walks = 0;
    const { fetch } = fakeFetch((url) => {
      const page = Number(url.searchParams.get('pagination[page]'));
      if (page === 1 && url.searchParams.get('pagination[pageSize]') !== '1') walks += 1; // not the count after a walk
      // The first walk's second page repeats the first page's last entry, as when an entry moved back a page.
      const data = page === 1 ? entries.slice(0, 2) : walks === 1 ? entries.slice(1, 3) : entries.slice(2, 3);
      return json({ data, meta: { pagination: { page, pageSize: 2, pageCount: 2, total: 3 } } });
    });
    const items = await new StrapiClient({ baseUrl: 'http://cms.test', fetch }).getAll('/api/articles');
    expect(walks).toBe(2);
    expect(items).toEqual(entries);
  });

  it('maps each page while the next one is already requested, keeping the order', async () => {
    const events: string[] = [];
    const { fetch } = fakeFetch((url, init) => {
      events.push(`request ${url.searchParams.get('pagination[page]') ?? '?'}`);
      return pagedCollection(2.5 * PAGE)(url, init);
    });
    const firsts = new Set(['d0', `d${PAGE}`, `d${2 * PAGE}`]);
    const items = await new StrapiClient({ baseUrl: 'http://cms.test', fetch }).getAll('/api/articles', {}, (item) => {
      const id = (item as { documentId: string }).documentId;
      if (firsts.has(id)) events.push(`map ${id}`);
      return id.toUpperCase();
    });
    expect(items).toHaveLength(2.5 * PAGE);
    expect(items.slice(0, 3)).toEqual(['D0', 'D1', 'D2']);
    expect(items.at(-1)).toBe(`D${2.5 * PAGE - 1}`);
    // Page 2 is on its way before page 1 is mapped, page 3 before page 2; no page beyond the last.
    expect(events).toEqual(['request 1', 'request 2', 'map d0', 'request 3', `map d${PAGE}`, `map d${2 * PAGE}`, 'request 1']);
  });

  it('ends the walk with the error of a throwing map, and drops the page in flight with its failure', async () => {
    const { fetch, calls } = fakeFetch((url, init) =>
      url.searchParams.get('pagination[page]') === '2' ? new Response('gone', { status: 500 }) : pagedCollection(2.5 * PAGE)(url, init),
    );
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const walk = new StrapiClient({ baseUrl: 'http://cms.test', fetch, retries: 0 }).getAll('/api/articles', {}, (item) => {
        if ((item as { documentId: string }).documentId === 'd7') throw new Error('entry d7 is not an article');
        return item;
      });
      await expect(walk).rejects.toThrow('entry d7 is not an article');
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(calls.map((url) => url.searchParams.get('pagination[page]'))).toEqual(['1', '2']);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('rejects a body that is not a Strapi page', async () => {
    const { fetch } = fakeFetch(() => json({ items: [] }));
    await expect(new StrapiClient({ baseUrl: 'http://cms.test', fetch }).getAll('/api/tags')).rejects.toBeInstanceOf(StrapiResponseError);
  });

  it('returns null for a single type that was never filled in', async () => {
    const { fetch } = fakeFetch(() =>
      json({ data: null, error: { status: 404, name: 'NotFoundError', message: 'Not Found', details: {} } }, 404),
    );
    expect(await new StrapiClient({ baseUrl: 'http://cms.test', fetch }).getSingle('/api/site-setting')).toBeNull();
  });
});

describe('validateEntry', () => {
  it('names the collection, entry, locale and field of invalid data', () => {
    const schema = z.object({ documentId: z.string(), cover: z.object({ alt: z.string() }) });
    const run = () => validateEntry(schema, { documentId: 'x8f2abc', cover: { alt: null } }, { collection: 'articles', locale: 'kk' });
    expect(run).toThrow(StrapiValidationError);
    expect(run).toThrow(/^articles: entry x8f2abc \(kk\) is invalid at cover\.alt: .*expected string, received null/);
  });

  it('reports array positions in the field path', () => {
    const schema = z.object({ documentId: z.string(), gallery: z.array(z.object({ alt: z.string() })) });
    const run = () =>
      validateEntry(schema, { documentId: 'a1', gallery: [{ alt: 'ok' }, { alt: 1 }] }, { collection: 'articles', locale: 'ru' });
    expect(run).toThrow(/is invalid at gallery\[1\]\.alt:/);
  });

  it('checks real articles against the shared schema', () => {
    const run = () => validateEntry(articleSchema, { documentId: 'a1' }, { collection: 'articles', locale: 'ru' });
    expect(run).toThrow(/^articles: entry a1 \(ru\) is invalid at /);
  });
});
