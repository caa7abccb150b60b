/**
 * The image service encodes a CMS photo into its cache as soon as a page of a
 * static build asks for its URL (`getURL` starts with `encodeEarly`; Astro's
 * own getURL needs Vite's import.meta.env, so the tests call the start
 * directly), so that Astro's pass after the pages finds it there; never a
 * photo Astro would not transform, never outside a build.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AstroConfig } from 'astro';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import service, { encodeEarly, outputKey } from './image-service.ts';

let server: Server;
let base: string;
const requests: string[] = [];
let photo: Buffer;

beforeAll(async () => {
  photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#2a6' } })
    .jpeg()
    .toBuffer();
  server = createServer((request, response) => {
    requests.push(request.url ?? '');
    if (request.url === '/uploads/aktau.jpg' || request.url === '/elsewhere/aktau.jpg') {
      response.writeHead(200, { 'Content-Type': 'image/jpeg' }).end(photo);
    } else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

let cacheDir: string;
beforeEach(async () => {
  cacheDir = await mkdtemp(path.join(tmpdir(), 'tilshi-image-cache-'));
  requests.length = 0;
  Reflect.set(globalThis, 'astroAsset', { addStaticImage: () => '/_astro/registered.webp' }); // what a static build sets
});
afterEach(async () => {
  Reflect.deleteProperty(globalThis, 'astroAsset');
  await rm(cacheDir, { recursive: true, force: true });
});

const imageConfig = () =>
  ({
    endpoint: { route: '/_image' },
    domains: [],
    remotePatterns: [{ protocol: 'http', hostname: '127.0.0.1', pathname: '/uploads/**' }],
    service: { entrypoint: 'image-service', config: { cacheDir, avif: { effort: 2 } } },
  }) as unknown as AstroConfig['image'];
const logger = { warn: () => {}, info: () => {}, error: () => {}, debug: () => {} } as never;

async function cached(): Promise<string[]> {
  const found: string[] = [];
  for (const dir of await readdir(cacheDir).catch(() => []))
    for (const file of await readdir(path.join(cacheDir, dir))) found.push(path.join(dir, file));
  return found.sort();
}

async function until(what: string, probe: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the image service during a static build', () => {
  it('encodes a CMS photo into the cache when a page asks for its URL, and Astro’s pass reuses it', async () => {
    const transform = { src: `${base}/uploads/aktau.jpg`, width: 32, height: 24, format: 'webp' as const };
    encodeEarly(transform, imageConfig(), logger); // what the service's getURL does first
    await until('the early encode', async () => (await cached()).some((file) => file.endsWith('.format')));
    const [bin] = (await cached()).filter((file) => file.endsWith('.bin'));
    const before = await stat(path.join(cacheDir, bin ?? ''));

    // Astro's pass after the pages: the same bytes and transform get the stored output, not a new encode.
    const output = await service.transform(new Uint8Array(photo), transform, imageConfig(), logger);
    expect(output.format).toBe('webp');
    expect(Buffer.from(output.data).equals(await readFile(path.join(cacheDir, bin ?? '')))).toBe(true);
    expect((await sharp(output.data).metadata()).width).toBe(32);
    expect((await stat(path.join(cacheDir, bin ?? ''))).mtimeMs).toBe(before.mtimeMs);
    expect((await cached()).filter((file) => file.endsWith('.bin'))).toHaveLength(1);
    expect(requests).toEqual(['/uploads/aktau.jpg']);
  });

  it('fetches a photo once for all its sizes and formats', async () => {
    for (const [width, format] of [
      [32, 'webp'],
      [16, 'webp'],
      [32, 'avif'],
    ] as const)
      encodeEarly({ src: `${base}/uploads/aktau.jpg`, width, height: width * 0.75, format }, imageConfig(), logger);
    await until('three outputs', async () => (await cached()).filter((file) => file.endsWith('.format')).length === 3);
    expect(requests).toEqual(['/uploads/aktau.jpg']);
  });

  it('leaves alone a photo Astro does not transform (not an allowed remote), and everything outside a build', async () => {
    encodeEarly({ src: `${base}/elsewhere/aktau.jpg`, width: 32, height: 24, format: 'webp' }, imageConfig(), logger);
    Reflect.deleteProperty(globalThis, 'astroAsset'); // the on-demand preview: no static build
    encodeEarly({ src: `${base}/uploads/aktau.jpg`, width: 32, height: 24, format: 'webp' }, imageConfig(), logger);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(requests).toEqual([]);
    expect(await cached()).toEqual([]);
  });

  it('survives a photo that cannot be fetched: nothing cached, Astro’s pass reports it', async () => {
    encodeEarly({ src: `${base}/uploads/missing.jpg`, width: 32, height: 24, format: 'webp' }, imageConfig(), logger);
    await until('the request', async () => requests.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await cached()).toEqual([]);
    // A later photo is still encoded: the failure did not stop the queue.
    encodeEarly({ src: `${base}/uploads/aktau.jpg`, width: 32, height: 24, format: 'webp' }, imageConfig(), logger);
    await until('the next encode', async () => (await cached()).some((file) => file.endsWith('.format')));
  });
});

describe('the image cache shared by the partitions of a full build', () => {
  const transform = { width: 32, height: 24, format: 'webp' as const };
  const photoUrl = () => `${base}/uploads/aktau.jpg`; // the server's port is known once it listens
  /** Where the cache entry of `transform` of the test photo lives, and a claim on it as another process would make it. */
  const entry = async (claimedAgoMs: number | null) => {
    const key = outputKey(new Uint8Array(photo), transform, { avif: { effort: 2 } });
    const at = path.join(cacheDir, key.slice(0, 2), key);
    await mkdir(path.dirname(at), { recursive: true });
    if (claimedAgoMs !== null) {
      await writeFile(`${at}.claim`, '99999');
      const when = new Date(Date.now() - claimedAgoMs);
      await utimes(`${at}.claim`, when, when);
    }
    return at;
  };

  it('waits for the output another process is encoding and takes it from the cache, encoding nothing', async () => {
    const at = await entry(0);
    let settled = false;
    const output = service.transform(new Uint8Array(photo), { ...transform, src: photoUrl() }, imageConfig(), logger);
    void output.then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(settled).toBe(false);
    // The other process finishes: its data, then its format marker.
    await writeFile(`${at}.bin`, 'encoded by the other partition');
    await writeFile(`${at}.format`, 'webp');
    const result = await output;
    expect(Buffer.from(result.data).toString()).toBe('encoded by the other partition');
    expect(result.format).toBe('webp');
  });

  it('takes over a claim left by a process that died, encodes the output and lets the claim go', async () => {
    const at = await entry(10 * 60_000);
    const result = await service.transform(new Uint8Array(photo), { ...transform, src: photoUrl() }, imageConfig(), logger);
    expect((await sharp(result.data).metadata()).width).toBe(32);
    expect(await readFile(`${at}.format`, 'utf8')).toBe('webp');
    await expect(stat(`${at}.claim`)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('leaves an output another process is encoding to it in an early encode, and goes on with the next', async () => {
    const at = await entry(0);
    encodeEarly({ ...transform, src: photoUrl() }, imageConfig(), logger);
    encodeEarly({ ...transform, src: photoUrl(), width: 16, height: 12 }, imageConfig(), logger);
    await until('the next output', async () => (await cached()).some((file) => file.endsWith('.format')));
    await expect(stat(`${at}.bin`)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readFile(`${at}.claim`, 'utf8')).toBe('99999');
  });
});
