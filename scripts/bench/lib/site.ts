/**
 * Running `astro build` of the tilshi site (or of a ceiling project) in a
 * benchmark: Astro's CLI and the environment every measured build gets.
 */
import path from 'node:path';
import type { BenchStrapi } from './strapi.ts';

const REPO = path.resolve(import.meta.dirname, '../../..');

export const ASTRO_BIN = path.join(REPO, 'node_modules', 'astro', 'bin', 'astro.mjs');

/** Every measured Astro build: no telemetry, production mode. */
export const astroEnv = (): NodeJS.ProcessEnv => ({ ...process.env, ASTRO_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' });

/** A build of the site against `strapi`, with its content store in `cacheDir` and its output in `outDir`. */
export function siteBuildEnv(
  strapi: Pick<BenchStrapi, 'url' | 'siteToken'>,
  dirs: { cacheDir: string; outDir: string },
): NodeJS.ProcessEnv {
  return {
    ...astroEnv(),
    STRAPI_URL: strapi.url,
    STRAPI_SITE_TOKEN: strapi.siteToken,
    SITE_URL: 'http://127.0.0.1:4321',
    TILSHI_CACHE_DIR: dirs.cacheDir,
    TILSHI_OUT_DIR: dirs.outDir,
  };
}
