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
 * (or waits for the encode in progress: one encode per output, ever, also
 * across the processes of a partitioned full build, which share the cache
 * and claim an encode by a lock file). Only in
 * a static build (Astro registers its images then), only for photos Astro
 * itself transforms (remote URLs that `image.remotePatterns` allows: the CMS's
 * uploads); a failure there is left to Astro's pass, which reports it.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
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
const encoding = new Map<string, { output: Promise<Output>; early: boolean }>();

/** One output, from the cache or encoded (and stored) once; `early`: an early encode (see readOrEncode). */
function cachedTransform(
  input: Uint8Array,
  transform: Transform,
  imageConfig: ImageConfig,
  logger: Logger,
  early = false,
): Promise<Output> {
  const { cacheDir: _ignored, ...encoderConfig } = imageConfig.service.config;
  const dir = cacheDirOf(imageConfig.service.config);
  if (!dir) return sharpService.transform(input, transform, imageConfig, logger);
  const key = outputKey(input, transform, encoderConfig);
  const base = path.join(dir, key.slice(0, 2), key);
  const encode = () => sharpService.transform(input, transform, imageConfig, logger);
  const pending = encoding.get(key);
  // Astro's pass takes over an early encode that did not get there (another process had it, or it failed).
  if (pending) return early || !pending.early ? pending.output : pending.output.catch(() => readOrEncode(base, encode, true));
  const output = readOrEncode(base, encode, !early);
  encoding.set(key, { output, early });
  void output.then(
    () => encoding.delete(key),
    () => encoding.delete(key),
  );
  return output;
}

/** A complete cache entry (its format marker is written last), or null. */
async function readCached(base: string): Promise<Output | null> {
  try {
    const format = (await readFile(`${base}.format`, 'utf8')).trim();
    if (FORMAT_FILE.test(format)) return { data: await readFile(`${base}.bin`), format };
  } catch {
    // not cached (yet)
  }
  return null;
}

/** Another process of this build (a partition of a full build) encodes the output now. */
class ClaimedElsewhere extends Error {}
/** An encode takes seconds: a claim this old was left by a process that died, and is taken over. */
const CLAIM_STALE_MS = 120_000;
const CLAIM_POLL_MS = 50;

/** Claims the encode of an output across processes (`<base>.claim`, created exclusively); false: another process holds it. */
async function claim(file: string, takeOver = true): Promise<boolean> {
  try {
    await writeFile(file, String(process.pid), { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const since = await stat(file).then(
    (info) => Date.now() - info.mtimeMs,
    () => 0,
  );
  if (!takeOver || since < CLAIM_STALE_MS) return false;
  await rm(file, { force: true });
  return claim(file, false);
}

/**
 * The output from the cache, or encoded and stored. The partitions of a full build share the cache
 * and ask for the same photos: one process encodes an output while the others wait for it
 * (`waitForOthers`; Astro's pass) or leave it (an early encode, which has other photos to do).
 */
async function readOrEncode(
  base: string,
  encode: () => ReturnType<typeof sharpService.transform>,
  waitForOthers: boolean,
): Promise<Output> {
  const found = await readCached(base);
  if (found) return found;
  await mkdir(path.dirname(base), { recursive: true });
  const claimFile = `${base}.claim`;
  while (!(await claim(claimFile))) {
    if (!waitForOthers) throw new ClaimedElsewhere(`${base}: encoded by another process`);
    await new Promise((resolve) => setTimeout(resolve, CLAIM_POLL_MS));
    const done = await readCached(base);
    if (done) return done;
  }
  try {
    // Finished by another process between the first look and the claim.
    const done = await readCached(base);
    if (done) return done;
    const result = await encode();
    // Write the data first and the format marker last, each atomically: a marker means a complete entry.
    const tmp = `${base}.${randomUUID()}.tmp`;
    await writeFile(tmp, result.data);
    await rename(tmp, `${base}.bin`);
    await writeFile(tmp, String(result.format));
    await rename(tmp, `${base}.format`);
    return { data: result.data, format: String(result.format) };
  } finally {
    await rm(claimFile, { force: true });
  }
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
      await cachedTransform(await sourceOf(src), { ...transform, src }, imageConfig, logger, true);
    } catch {
      // Astro's own pass transforms it again and reports what went wrong (or waits for the process that encodes it).
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
