/**
 * What every answer of the real Strapi gives away or lacks, as a hostile
 * reader or a panel visit sees it: no X-Powered-By naming the server, and a
 * real /favicon.ico (it answered 500 on every panel visit while the favicon
 * middleware had no file).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';

const { url } = inject('strapi');
const FAVICON = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'favicon.png');

describe("Strapi's answers", () => {
  it('never send X-Powered-By, on content, errors, health checks or the favicon', async () => {
    for (const [method, urlPath] of [
      ['GET', '/api/articles?locale=ru'],
      ['GET', '/api/no-such-type'],
      ['POST', '/api/articles'],
      ['GET', '/_health'],
      ['GET', '/favicon.ico'],
      ['GET', '/admin/init'],
    ] as const) {
      const response = await fetch(`${url}${urlPath}`, { method });
      await response.arrayBuffer();
      expect(response.headers.get('x-powered-by'), `${method} ${urlPath}`).toBeNull();
    }
  });

  it("serves the newsroom's icon at /favicon.ico as an image", async () => {
    const response = await fetch(`${url}/favicon.ico`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^image\//);
    const body = Buffer.from(await response.arrayBuffer());
    expect(body.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(body.equals(await readFile(FAVICON))).toBe(true);
  });
});
