/**
 * Malformed API data fails the build, with a message naming the collection,
 * the entry, its locale and the field — no silent drop, no partial site. A
 * proxy in front of the real CMS corrupts one field of the seed article's
 * Kazakh version on its way to the loader.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { buildFolder, buildSite, type BuildResult } from '@tilshi/testing/site';

const site = inject('site');

/** Just enough of a page of articles to find and corrupt one entry; every other key is kept as it came. */
const articlesPage = z.looseObject({
  data: z.array(
    z.looseObject({
      documentId: z.string().optional(),
      locale: z.string().optional(),
      cover: z.looseObject({ alt: z.unknown() }).nullable().optional(),
    }),
  ),
});

/** Forwards GETs to Strapi; in /api/articles answers, sets cover.alt of one entry to null. */
function corruptingProxy(target: string, documentId: string, locale: string): Server {
  return createServer((req, res) => {
    void answer(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });
  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', target);
    const upstream = await fetch(url, { headers: { authorization: req.headers.authorization ?? '' } });
    const type = upstream.headers.get('content-type') ?? '';
    let body: Buffer | string = Buffer.from(await upstream.arrayBuffer());
    const page = articlesPage.safeParse(
      url.pathname === '/api/articles' && type.includes('json') ? JSON.parse(body.toString('utf8')) : null,
    );
    if (page.success) {
      for (const entry of page.data.data) {
        if (entry.documentId === documentId && entry.locale === locale && entry.cover) entry.cover.alt = null;
      }
      body = JSON.stringify(page.data);
    }
    res.writeHead(upstream.status, { 'content-type': type });
    res.end(body);
  }
}

describe('a build against malformed CMS data', () => {
  let proxy: Server;
  let result: BuildResult;
  let outDir: string;

  beforeAll(async () => {
    proxy = corruptingProxy(site.strapi.url, site.seed.documentId, 'kk');
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const address = proxy.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const folder = await buildFolder('malformed');
    outDir = folder.outDir;
    result = await buildSite({
      strapiUrl: `http://127.0.0.1:${port}`,
      siteToken: site.strapi.siteToken,
      outDir: folder.outDir,
      cacheDir: folder.cacheDir,
    });
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => proxy.close(() => resolve()));
  });

  it('fails', () => {
    expect(result.code).not.toBe(0);
  });

  it('names the collection, the entry, its locale and the field in its message', () => {
    expect(result.output).toContain(`articles: entry ${site.seed.documentId} (kk) is invalid at cover.alt:`);
    expect(result.output).toMatch(/cover\.alt: [^\n]*expected string, received null/);
  });

  it('writes no pages', () => {
    expect(existsSync(path.join(outDir, 'client', 'index.html'))).toBe(false);
  });
});
