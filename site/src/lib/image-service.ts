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
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LocalImageService } from 'astro';
import sharpService from 'astro/assets/services/sharp';

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

function cacheDirOf(config: Record<string, unknown>): string | null {
  const dir = config.cacheDir;
  return typeof dir === 'string' && dir !== '' ? dir : null;
}

const service: LocalImageService = {
  ...sharpService,
  async transform(inputBuffer, transform, imageConfig, logger) {
    const { cacheDir: _ignored, ...encoderConfig } = imageConfig.service.config;
    const dir = cacheDirOf(imageConfig.service.config);
    if (!dir) return sharpService.transform(inputBuffer, transform, imageConfig, logger);
    const key = outputKey(inputBuffer, transform, encoderConfig);
    const base = path.join(dir, key.slice(0, 2), key);
    try {
      const format = (await readFile(`${base}.format`, 'utf8')).trim();
      if (FORMAT_FILE.test(format)) return { data: await readFile(`${base}.bin`), format };
    } catch {
      // not cached yet
    }
    const result = await sharpService.transform(inputBuffer, transform, imageConfig, logger);
    await mkdir(path.dirname(base), { recursive: true });
    // Write the data first and the format marker last, each atomically: a marker means a complete entry.
    const tmp = `${base}.${randomUUID()}.tmp`;
    await writeFile(tmp, result.data);
    await rename(tmp, `${base}.bin`);
    await writeFile(tmp, String(result.format));
    await rename(tmp, `${base}.format`);
    return result;
  },
};

export default service;
