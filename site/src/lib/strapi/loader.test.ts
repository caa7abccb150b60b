import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { articleMediaPaths, toQueryString } from '@tilshi/shared-types';
import type { LoaderContext } from 'astro/loaders';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { changedSinceFilter, entryChangedAt, strapiLoader } from './loader.ts';

const marker = '2026-12-06T01:58:00.000Z';

describe('the loader’s “changed since”', () => {
  it('asks for entries edited or published since the marker, and for articles whose cover or gallery file changed since', () => {
    expect(changedSinceFilter(marker)).toEqual({ $or: [{ updatedAt: { $gte: marker } }, { publishedAt: { $gte: marker } }] });
    const filter = changedSinceFilter(marker, articleMediaPaths);
    expect(filter.$or).toEqual([
      { updatedAt: { $gte: marker } },
      { publishedAt: { $gte: marker } },
      { cover: { image: { updatedAt: { $gte: marker } } } },
      { gallery: { image: { updatedAt: { $gte: marker } } } },
    ]);
    // As Strapi reads it (deep filters through the component and the media relation).
    expect(decodeURIComponent(toQueryString({ filters: filter }))).toContain(`filters[$or][2][cover][image][updatedAt][$gte]=${marker}`);
  });

  it('moves the sync marker past a replaced file, so the next sync does not fetch its articles again', () => {
    const article = {
      updatedAt: '2026-12-01T10:00:00.000Z',
      publishedAt: '2026-12-01T10:00:05.000Z',
      cover: { image: { updatedAt: '2026-11-30T09:00:00.000Z' } },
      gallery: [{ image: { updatedAt: '2026-12-06T01:58:13.000Z' } }, { image: { updatedAt: '2026-12-02T00:00:00.000Z' } }],
    };
    expect(entryChangedAt(article)).toBe('2026-12-01T10:00:05.000Z');
    expect(entryChangedAt(article, articleMediaPaths)).toBe('2026-12-06T01:58:13.000Z');
    // No cover, an empty gallery, a file without a date: the entry's own times.
    expect(entryChangedAt({ updatedAt: '2026-12-01T10:00:00.000Z', cover: null, gallery: [] }, articleMediaPaths)).toBe(
      '2026-12-01T10:00:00.000Z',
    );
    expect(entryChangedAt({ updatedAt: '2026-12-01T10:00:00.000Z', cover: { image: {} } }, articleMediaPaths)).toBe(
      '2026-12-01T10:00:00.000Z',
    );
  });
});

/**
 * A full load of a localized collection against a stand-in Strapi (a local HTTP server answering the
 * REST paths the client asks for): the locales are fetched side by side, and nothing reaches the store
 * until every locale has been fetched and validated.
 */
describe('the loader’s full load', () => {
  type Entry = { documentId: string; updatedAt: string; title: string };
  const entries: Record<string, Entry[]> = {
    ru: [
      { documentId: 'a1', updatedAt: '2026-12-01T10:00:00.000Z', title: 'Первая' },
      { documentId: 'a2', updatedAt: '2026-12-02T10:00:00.000Z', title: 'Вторая' },
    ],
    kk: [{ documentId: 'a1', updatedAt: '2026-12-01T11:00:00.000Z', title: 'Бірінші' }],
  };

  /** A stand-in Strapi: `hold` keeps the first request of a locale waiting (at most 1.5 s) until the other locale asks. */
  async function standIn(answer: (locale: string) => { status: number; body: unknown }) {
    const asked: string[] = [];
    let inFlight = 0;
    let most = 0;
    const waiting: Array<() => void> = [];
    const server = createServer((request, response) => {
      const locale = new URL(request.url ?? '/', 'http://localhost').searchParams.get('locale') ?? '';
      asked.push(locale);
      inFlight += 1;
      most = Math.max(most, inFlight);
      const reply = () => {
        inFlight -= 1;
        const { status, body } = answer(locale);
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      };
      // The first request waits for a second one (side by side), or gives up after 1.5 s (one after the other).
      if (waiting.length === 0 && inFlight === 1) {
        const timer = setTimeout(() => waiting.shift()?.(), 1_500);
        waiting.push(() => {
          clearTimeout(timer);
          reply();
        });
      } else {
        waiting.shift()?.();
        reply();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
      baseUrl: `http://127.0.0.1:${port}`,
      asked,
      mostInFlight: () => most,
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  }

  function context() {
    const store = new Map<string, { id: string; data: Record<string, unknown>; digest?: string | number }>();
    const meta = new Map<string, string>();
    const logged: string[] = [];
    const loaderContext = {
      collection: 'articles',
      store: {
        keys: () => [...store.keys()],
        get: (key: string) => store.get(key),
        set: (entry: { id: string; data: Record<string, unknown>; digest?: string | number }) => {
          store.set(entry.id, entry);
          return true;
        },
        delete: (key: string) => store.delete(key),
        clear: () => store.clear(),
      },
      meta,
      logger: { info: (line: string) => logged.push(line), warn: (line: string) => logged.push(line) },
      generateDigest: (data: unknown) => JSON.stringify(data),
    };
    return { store, meta, logged, loaderContext: loaderContext as unknown as LoaderContext };
  }

  const loaderOf = (baseUrl: string) =>
    strapiLoader({
      collection: 'articles',
      endpoint: '/api/articles',
      query: {},
      schema: z.looseObject({ documentId: z.string(), updatedAt: z.string(), title: z.string() }),
      locales: ['ru', 'kk'],
      client: () => ({ baseUrl, token: 'test', retries: 0 }),
    });

  it('fetches the locales side by side and stores every entry of each', async () => {
    const strapi = await standIn((locale) => ({
      status: 200,
      body: { data: entries[locale] ?? [], meta: { pagination: { page: 1, pageSize: 250 } } },
    }));
    try {
      const { store, meta, loaderContext } = context();
      await loaderOf(strapi.baseUrl).load(loaderContext);
      // Both locales were asked before either was answered (one after the other, each waits 1.5 s alone).
      expect(strapi.mostInFlight()).toBe(2);
      expect(strapi.asked.toSorted()).toEqual(['kk', 'ru']);
      expect([...store.keys()].toSorted()).toEqual(['kk:a1', 'ru:a1', 'ru:a2']);
      expect(store.get('kk:a1')?.data.title).toBe('Бірінші');
      expect([meta.get('lastSync:ru'), meta.get('lastSync:kk')]).toEqual(['2026-12-02T10:00:00.000Z', '2026-12-01T11:00:00.000Z']);
    } finally {
      await strapi.close();
    }
  });

  it('leaves the store as it was when one locale fails, although the other was fetched', async () => {
    const strapi = await standIn((locale) =>
      locale === 'kk'
        ? { status: 400, body: { data: null, error: { status: 400, name: 'ValidationError', message: 'Invalid key kk' } } }
        : { status: 200, body: { data: entries.ru, meta: { pagination: { page: 1, pageSize: 250 } } } },
    );
    try {
      const { store, loaderContext } = context();
      store.set('ru:old', { id: 'ru:old', data: { documentId: 'old', updatedAt: '2026-11-01T00:00:00.000Z', title: 'Старая' } });
      await expect(loaderOf(strapi.baseUrl).load(loaderContext)).rejects.toThrow(/400|Invalid key kk/);
      expect([...store.keys()]).toEqual(['ru:old']);
    } finally {
      await strapi.close();
    }
  });
});
