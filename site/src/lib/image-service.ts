/**
 * Astro's sharp image service with a content-addressed cache of its outputs,
 * so an image processed once is never processed again by a later build.
 *
 * Astro keeps its own cache of remote images, but re-processes one whenever
 * the CMS answers a revalidation with 200 instead of 304 (Strapi serves
 * /uploads with `max-age=0`; it answers 304 since
 * cms/src/middlewares/conditional-uploads.ts, a CMS without that middleware
 * does not, and a replaced photo is new bytes at the same URL). This wrapper keys
 * each output by a hash of the source bytes and the transform, and reuses the
 * stored result: the same photo at the same size and format is encoded once,
 * whatever its URL or the CMS's cache headers. The cache folder lives in
 * Astro's cacheDir (kept between builds), passed as `cacheDir` in the
 * service config by astro.config.mjs.
 *
 * Encoding starts while the pages render. Astro encodes a static build's
 * images after the last page, one after the other, while rendering uses one
 * core of the machine and leaves the other idle. So the moment a page asks
 * for a photo's URL (`getURL`, once per photo, size and format in a build:
 * lib/picture.ts), the photo is fetched and its output encoded into the cache,
 * one at a time beside the rendering; Astro's own pass then finds it there
 * (or waits for the encode in progress: one encode per output, ever). Only in
 * a static build (Astro registers its images then), only for photos Astro
 * itself transforms (remote URLs that `image.remotePatterns` allows: the CMS's
 * uploads); a failure there is left to Astro's pass, which reports it.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AstroConfig, ImageTransform, LocalImageService } from 'astro';
import sharpService from 'astro/assets/services/sharp';
import { isRemoteAllowed } from 'astro/assets/utils';
import { staticBuildAssets } from './static-build.ts';

/** Transform options that change the output (the source is identified by its bytes, not its URL). */
const OUTPUT_KEYS = ['width', 'height', 'format', 'quality', 'fit', 'position', 'background'] as const;

/** Cache key of one output: source bytes + transform + encoder settings. */
export function outputKey(input: Uint8Array, transform: Record<string, unknown>, encoderConfig: unknown): string {
  const hash = createHash('sha256');
  hash.update(input);
  hash.update(JSON.stringify(OUTPUT_KEYS.map((key) => [key, transform[key] ?? null])));
  hash.update(JSON.stringify(encoderConfig ?? null));
  return hash.digest('hex');
}

const FORMAT_FILE = /^[a-z0-9]+$/;

type ImageConfig = AstroConfig['image'];
type Output = { data: Uint8Array; format: string };
type Transform = Parameters<LocalImageService['transform']>[1];
type Logger = Parameters<LocalImageService['transform']>[3];

function cacheDirOf(config: Record<string, unknown>): string | null {
  const dir = config.cacheDir;
  return typeof dir === 'string' && dir !== '' ? dir : null;
}

/** Outputs being encoded in this process, by cache key: the early encode and Astro's pass share one. */
const encoding = new Map<string, Promise<Output>>();

/** One output, from the cache or encoded (and stored) once. */
function cachedTransform(input: Uint8Array, transform: Transform, imageConfig: ImageConfig, logger: Logger): Promise<Output> {
  const { cacheDir: _ignored, ...encoderConfig } = imageConfig.service.config;
  const dir = cacheDirOf(imageConfig.service.config);
  if (!dir) return sharpService.transform(input, transform, imageConfig, logger);
  const key = outputKey(input, transform, encoderConfig);
  let output = encoding.get(key);
  if (!output) {
    output = readOrEncode(path.join(dir, key.slice(0, 2), key), input, transform, imageConfig, logger);
    encoding.set(key, output);
    void output.then(
      () => encoding.delete(key),
      () => encoding.delete(key),
    );
  }
  return output;
}

async function readOrEncode(
  base: string,
  input: Uint8Array,
  transform: Transform,
  imageConfig: ImageConfig,
  logger: Logger,
): Promise<Output> {
  try {
    const format = (await readFile(`${base}.format`, 'utf8')).trim();
    if (FORMAT_FILE.test(format)) return { data: await readFile(`${base}.bin`), format };
  } catch {
    // not cached yet
  }
  const result = await sharpService.transform(input, transform, imageConfig, logger);
  await mkdir(path.dirname(base), { recursive: true });
  // Write the data first and the format marker last, each atomically: a marker means a complete entry.
  const tmp = `${base}.${randomUUID()}.tmp`;
  await writeFile(tmp, result.data);
  await rename(tmp, `${base}.bin`);
  await writeFile(tmp, String(result.format));
  await rename(tmp, `${base}.format`);
  return { data: result.data, format: String(result.format) };
}

/** The early encodes, one at a time (the other core renders pages). */
let earlyQueue: Promise<unknown> = Promise.resolve();
let earlyPending = 0;
/** Beyond this many waiting, a transform is left to Astro's pass (the queue holds descriptions, not photos). */
const EARLY_PENDING_MAX = 5_000;
/** The photo last fetched for an early encode: a photo's sizes and formats are asked for one after the other. */
let lastSource: { url: string; bytes: Promise<Uint8Array> } | null = null;

function sourceOf(url: string): Promise<Uint8Array> {
  if (lastSource?.url !== url) {
    const bytes = fetch(url).then(async (response) => {
      if (!response.ok) throw new Error(`${url}: ${response.status}`);
      return new Uint8Array(await response.arrayBuffer());
    });
    lastSource = { url, bytes };
  }
  return lastSource.bytes;
}

/**
 * Starts encoding a transform that Astro will generate after the pages (see the top of the file):
 * a remote image Astro transforms (one `image.remotePatterns` allows), in a static build.
 */
export function encodeEarly(transform: ImageTransform, imageConfig: ImageConfig, logger: Logger): void {
  const { src } = transform;
  if (typeof src !== 'string' || !isRemoteAllowed(src, imageConfig) || !cacheDirOf(imageConfig.service.config) || !staticBuildAssets())
    return;
  if (earlyPending >= EARLY_PENDING_MAX) return;
  earlyPending += 1;
  earlyQueue = earlyQueue.then(async () => {
    try {
      await cachedTransform(await sourceOf(src), { ...transform, src }, imageConfig, logger);
    } catch {
      // Astro's own pass transforms it again and reports what went wrong.
    } finally {
      earlyPending -= 1;
      if (earlyPending === 0) lastSource = null; // nothing waits: no photo is kept (a replaced one is fetched anew)
    }
  });
}

const service: LocalImageService = {
  ...sharpService,
  getURL(options, imageConfig, logger) {
    encodeEarly(options, imageConfig, logger);
    return sharpService.getURL(options, imageConfig, logger);
  },
  transform(inputBuffer, transform, imageConfig, logger) {
    return cachedTransform(inputBuffer, transform, imageConfig, logger);
  },
};

export default service;
