/**
 * site/patches/send@1.2.1.patch: the static files of the live site are served by `send` (through
 * @astrojs/node's static handler, site/serve.mjs). The publish service replaces a page by renaming
 * a new file over it; one replaced between send's stat (which makes Content-Length and ETag) and
 * its open was sent with the old length: cut short, or a response the reader waited on until the
 * connection closed (65 s, the server's keep-alive). Patched, the file opened is checked against the
 * stat and a replaced one is sent again as it is now.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { renameSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

type SendStream = { on(event: 'file', listener: (file: string) => void): SendStream; pipe(res: http.ServerResponse): void };
type Send = (req: http.IncomingMessage, pathname: string, options: { root: string }) => SendStream;

// The very module the adapter's static handler imports.
const fromAdapter = createRequire(createRequire(import.meta.url).resolve('@astrojs/node/package.json'));
const send = fromAdapter('send') as Send;

let dir: string;
let server: http.Server;
let base: string;
/** Content that replaces the page while a request is between its stat and its open (null: none). */
let replaceWith: string | null = null;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tilshi-send-'));
  writeFileSync(path.join(dir, 'page.html'), `<p>${'старая версия '.repeat(80)}</p>`);
  server = http.createServer((req, res) => {
    send(req, '/page.html', { root: dir })
      .on('file', (file) => {
        if (replaceWith === null) return;
        // What the publish service's atomic write does: a new file renamed over the old one.
        writeFileSync(`${file}.new`, replaceWith);
        renameSync(`${file}.new`, file);
        replaceWith = null;
      })
      .pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

describe('send, patched', () => {
  for (const [what, content] of [
    ['shorter', '<p>новая</p>'],
    ['longer', `<p>${'новая версия страницы '.repeat(200)}</p>`],
  ] as const) {
    it(`sends a page replaced by a ${what} one between its stat and its open whole, as it is now`, async () => {
      replaceWith = content;
      const response = await fetch(`${base}/page.html`, { signal: AbortSignal.timeout(3_000) });
      const body = await response.text();
      expect(response.status).toBe(200);
      expect(body).toBe(content);
      expect(Number(response.headers.get('content-length'))).toBe(Buffer.byteLength(content));
    });
  }

  it('still answers a page that stays put, and a conditional request with 304', async () => {
    const first = await fetch(`${base}/page.html`);
    expect(first.status).toBe(200);
    expect(await first.text()).toContain('старая версия');
    const etag = first.headers.get('etag') ?? '';
    expect(etag).not.toBe('');
    // node:http, not fetch: a 304 answers no body, and nothing else on the way may revalidate.
    const status = await new Promise<number | undefined>((resolve, reject) => {
      http
        .get(`${base}/page.html`, { headers: { 'if-none-match': etag } }, (res) => {
          res.resume();
          resolve(res.statusCode);
        })
        .on('error', reject);
    });
    expect(status).toBe(304);
  });
});
