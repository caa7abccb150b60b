/**
 * What every answer of the real Strapi gives away or lacks, as a hostile
 * reader or a panel visit sees it: no X-Powered-By naming the server, and a
 * real /favicon.ico (it answered 500 on every panel visit while the favicon
 * middleware had no file). And uploaded files answer revalidations with 304
 * (src/middlewares/conditional-uploads.ts), a replaced file with its new bytes.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';

const { url, writeToken } = inject('strapi');
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

/** A small JPEG of one colour, different bytes for a different colour. */
async function jpeg(background: string): Promise<Uint8Array> {
  const sharp = (await import('sharp')).default;
  return new Uint8Array(
    await sharp({ create: { width: 16, height: 16, channels: 3, background } })
      .jpeg()
      .toBuffer(),
  );
}

/** Uploads a file over REST (or replaces file `replace`, keeping its URL); its id and URL. */
async function upload(bytes: Uint8Array, name: string, replace?: number): Promise<{ id: number; url: string }> {
  const form = new FormData();
  form.append('files', new Blob([bytes], { type: 'image/jpeg' }), name);
  const response = await fetch(`${url}/api/upload${replace === undefined ? '' : `?id=${replace}`}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${writeToken}` },
    body: form,
  });
  expect(response.status, await response.clone().text()).toBeLessThan(300);
  const body = (await response.json()) as { id: number; url: string } | Array<{ id: number; url: string }>;
  const file = Array.isArray(body) ? body[0] : body;
  if (!file) throw new Error('the upload answered no file');
  return file;
}

async function get(path: string, headers: Record<string, string> = {}, method = 'GET') {
  const response = await fetch(`${url}${path}`, { method, headers });
  return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
}

describe('uploaded files, revalidated', () => {
  it('answer 304 without a body when the copy is current, the whole file otherwise, and new bytes after a replace', async () => {
    const first = await jpeg('#336699');
    const file = await upload(first, `revalidate-${Date.now()}.jpg`);
    expect(file.url).toMatch(/^\/uploads\//);

    const full = await get(file.url);
    expect(full.status).toBe(200);
    expect(full.body.equals(Buffer.from(first))).toBe(true);
    const etag = full.headers.get('etag');
    const lastModified = full.headers.get('last-modified');
    expect(etag).toMatch(/^W\/"[0-9a-f]+-[0-9a-f]+"$/);
    expect(lastModified).not.toBeNull();

    // What Astro sends when it revalidates its copy: both validators, or either one.
    for (const validators of [
      { 'If-None-Match': String(etag), 'If-Modified-Since': String(lastModified) },
      { 'If-None-Match': String(etag) },
      { 'If-Modified-Since': String(lastModified) },
    ]) {
      const revalidated = await get(file.url, validators);
      expect(revalidated.status, JSON.stringify(validators)).toBe(304);
      expect(revalidated.body.length).toBe(0);
      expect(revalidated.headers.get('etag')).toBe(etag);
    }
    expect((await get(file.url, { 'If-None-Match': String(etag) }, 'HEAD')).status).toBe(304);
    // Validators that do not match, or a date that is not one: the whole file.
    for (const validators of [
      { 'If-None-Match': 'W/"0-0"' },
      { 'If-Modified-Since': 'Thu, 01 Jan 1970 00:00:00 GMT' },
      { 'If-Modified-Since': 'yesterday' },
    ]) {
      const answer = await get(file.url, validators);
      expect(answer.status, JSON.stringify(validators)).toBe(200);
      expect(answer.body.equals(Buffer.from(first))).toBe(true);
    }
    // A range request stays a range request.
    const range = await get(file.url, { Range: 'bytes=0-9', 'If-None-Match': String(etag) });
    expect(range.status).not.toBe(304);
    // Another spelling of the path is not the file: never a 304 for it.
    expect((await get(file.url.toUpperCase(), { 'If-None-Match': String(etag) })).status).not.toBe(304);

    // The photo replaced in the media library, within the same second: same URL, new bytes, new ETag.
    const second = await jpeg('#993366');
    const replaced = await upload(second, 'replacement.jpg', file.id);
    expect(replaced.url).toBe(file.url);
    const after = await get(file.url, { 'If-None-Match': String(etag), 'If-Modified-Since': String(lastModified) });
    expect(after.status).toBe(200);
    expect(after.body.equals(Buffer.from(second))).toBe(true);
    expect(after.headers.get('etag')).not.toBe(etag);
  });
  it('gives a hostile asker nothing more: no 304 for a traversal, an encoded path, another method or another route, filters and forged tokens change nothing, and a flood of replays stays 304', async () => {
    const bytes = await jpeg('#224466');
    const file = await upload(bytes, `hostile-${Date.now()}.jpg`);
    const etag = String((await get(file.url)).headers.get('etag'));
    const name = file.url.slice('/uploads/'.length);

    // Traversal out of the uploads folder, plain and encoded, with validators that match "anything".
    for (const hostile of ['/uploads/../config/plugins.js', '/uploads/%2e%2e/%2e%2e/package.json', '/uploads/..%2f..%2fpackage.json']) {
      const answer = await get(hostile, { 'If-None-Match': '*' });
      expect(answer.status, hostile).not.toBe(304);
      expect(answer.status, hostile).not.toBe(200);
    }
    // The same file spelled with percent-encoding is the same file: its validators still hold.
    const encoded = `/uploads/${[...name].map((char) => `%${char.charCodeAt(0).toString(16).padStart(2, '0')}`).join('')}`;
    expect((await get(encoded, { 'If-None-Match': etag })).status).toBe(304);
    // If-None-Match: * on a file that exists is "not modified" (RFC 9110); on one that does not, a 404.
    expect((await get(file.url, { 'If-None-Match': '*' })).status).toBe(304);
    expect((await get('/uploads/no-such-file.jpg', { 'If-None-Match': '*' })).status).toBe(404);
    // Only GET and HEAD are conditional reads: a POST with validators is not answered 304.
    const post = await fetch(`${url}${file.url}`, { method: 'POST', headers: { 'If-None-Match': etag } });
    await post.arrayBuffer();
    expect(post.status).not.toBe(304);

    // Query strings are not filters on a static file: a relation filter or populate changes nothing either way.
    const filtered = `${file.url}?filters[related][id][$notNull]=true&populate=*`;
    expect((await get(filtered, { 'If-None-Match': etag })).status).toBe(304);
    const filteredFull = await get(filtered);
    expect(filteredFull.status).toBe(200);
    expect(filteredFull.body.equals(Buffer.from(bytes))).toBe(true);
    // A forged token neither opens nor closes anything here: the same answers as without one.
    const forged = { Authorization: 'Bearer forged-token' };
    expect((await get(file.url, { ...forged, 'If-None-Match': etag })).status).toBe(304);
    expect((await get(file.url, forged)).status).toBe(200);
    // The middleware is global but only answers for /uploads/: the REST API and the upload plugin's file list
    // (relation filters, no or a forged token) never get a 304 for "If-None-Match: *", and the list stays closed.
    for (const path of ['/api/articles?filters[rubric][slug][$eq]=x', '/api/upload/files?filters[related][id][$notNull]=true']) {
      for (const headers of [{ 'If-None-Match': '*' }, { ...forged, 'If-None-Match': '*' }]) {
        const answer = await get(path, headers);
        expect(answer.status, `${path} ${JSON.stringify(headers)}`).not.toBe(304);
        if (path.startsWith('/api/upload/')) expect([401, 403], `${path} ${JSON.stringify(headers)}`).toContain(answer.status);
      }
    }

    // A flood of replayed revalidations: every one 304 with no body, and the file is still served whole after.
    const flood = await Promise.all(Array.from({ length: 200 }, () => get(file.url, { 'If-None-Match': etag })));
    expect(flood.map((answer) => answer.status)).toEqual(Array.from({ length: 200 }, () => 304));
    expect(flood.every((answer) => answer.body.length === 0)).toBe(true);
    const after = await get(file.url);
    expect(after.status).toBe(200);
    expect(after.body.equals(Buffer.from(bytes))).toBe(true);
  });
});
