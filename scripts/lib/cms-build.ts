/**
 * Builds the Strapi CMS (TypeScript → cms/dist, plus the admin panel) only
 * when its sources changed since the last build: a hash of cms/src,
 * cms/config, cms/database, cms/patches, cms/package.json and cms/tsconfig.json is kept in
 * cms/dist/.build-stamp. Used by `npm start` and `npm test`.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEnv, throwawaySecrets } from './env-file.ts';
import { ChildExitedError, Supervisor, type Logger } from './processes.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CMS_DIR = path.join(ROOT, 'cms');
export const BUILD_STAMP = path.join(CMS_DIR, 'dist', '.build-stamp');

/** Bump when the way the CMS is built changes, so existing builds are redone. */
const BUILD_RECIPE = '2: STRAPI_ADMIN_* blanked';

/**
 * What the build hash covers, relative to cms/. `patches/` holds the pnpm
 * patches of Strapi's admin packages (pnpm-workspace.yaml): they are bundled
 * into the admin panel, so changing one must rebuild it.
 */
export const CMS_BUILD_INPUTS = ['src', 'config', 'database', 'patches', 'package.json', 'tsconfig.json'] as const;

/** `strapi build` failed; its output is above, the tail is in the message. */
export class CmsBuildError extends Error {
  constructor(detail: string) {
    super(`building the CMS (strapi build in cms/) failed: ${detail}`);
    this.name = 'CmsBuildError';
  }
}

/** Path of Strapi's CLI as cms/ resolves it. */
export function strapiCli(): string {
  const manifest = createRequire(path.join(CMS_DIR, 'package.json')).resolve('@strapi/strapi/package.json');
  return path.join(path.dirname(manifest), 'bin', 'strapi.js');
}

function listFiles(target: string): string[] {
  if (!existsSync(target)) return [];
  if (!statSync(target).isDirectory()) return [target];
  return readdirSync(target, { withFileTypes: true })
    .filter((entry) => entry.name !== '.DS_Store')
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => listFiles(path.join(target, entry.name)));
}

/** Hash of every file the CMS build reads from cms/ (names and contents). */
export function cmsSourceHash(cmsDir: string = CMS_DIR): string {
  const hash = createHash('sha256');
  hash.update(`recipe ${BUILD_RECIPE}\n`);
  for (const input of CMS_BUILD_INPUTS) {
    for (const file of listFiles(path.join(cmsDir, input))) {
      hash.update(`\0${path.relative(cmsDir, file).split(path.sep).join('/')}\0`);
      hash.update(readFileSync(file));
    }
  }
  return hash.digest('hex');
}

function readStamp(): string | undefined {
  try {
    return readFileSync(BUILD_STAMP, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** STRAPI_ADMIN_* variables that are meant for the admin bundle; every other one is blanked for the build. */
export const ADMIN_BUNDLE_VARIABLES = new Set(['STRAPI_ADMIN_BACKEND_URL']);

/**
 * Environment for `strapi build`: throwaway secrets (the build loads the
 * config, which requires them, but keeps none), and every STRAPI_ADMIN_*
 * variable set to empty, because Strapi bakes all of them into the public
 * admin bundle, STRAPI_ADMIN_PASSWORD included. Blanking (rather than
 * removing) matters: `strapi build` also reads cms/.env with dotenv, which
 * never overrides a variable already present, so `fileKeys` (the keys of
 * cms/.env) are blanked too.
 */
export function buildEnv(base: NodeJS.ProcessEnv = process.env, fileKeys: Iterable<string> = []): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  for (const key of [...Object.keys(base), ...fileKeys]) {
    if (key.toUpperCase().startsWith('STRAPI_ADMIN_') && !ADMIN_BUNDLE_VARIABLES.has(key)) env[key] = '';
  }
  return { ...env, ...throwawaySecrets(), STRAPI_TELEMETRY_DISABLED: 'true', NODE_ENV: 'production' };
}

function envFileKeys(): string[] {
  try {
    return [...parseEnv(readFileSync(path.join(CMS_DIR, '.env'), 'utf8')).keys()];
  } catch {
    return [];
  }
}

export type EnsureCmsBuiltOptions = {
  log: Logger;
  /** Supervisor that owns the build process (so Ctrl-C stops it); a private one otherwise. */
  supervisor?: Supervisor;
  /** Build even when the stamp matches. */
  force?: boolean;
};

/** Whether the CMS build on disk matches its sources (`ensureCmsBuilt` would do nothing). */
export function cmsBuildIsCurrent(): boolean {
  return readStamp() === cmsSourceHash() && existsSync(path.join(CMS_DIR, 'dist', 'src', 'index.js'));
}

/** Runs `strapi build` when the CMS sources differ from the last build; returns whether it built. */
export async function ensureCmsBuilt({ log, supervisor, force = false }: EnsureCmsBuiltOptions): Promise<{ built: boolean }> {
  const wanted = cmsSourceHash();
  if (!force && readStamp() === wanted && existsSync(path.join(CMS_DIR, 'dist', 'src', 'index.js'))) {
    return { built: false };
  }
  log('CMS sources changed since the last build: running strapi build (about 30 s)…');
  const started = Date.now();
  const owner = supervisor ?? new Supervisor({ log });
  try {
    await owner.run('cms build', process.execPath, [strapiCli(), 'build'], { cwd: CMS_DIR, env: buildEnv(process.env, envFileKeys()) });
  } catch (error) {
    if (error instanceof ChildExitedError) throw new CmsBuildError(error.message);
    throw error;
  }
  writeFileSync(BUILD_STAMP, `${wanted}\n`);
  log(`CMS built in ${Math.round((Date.now() - started) / 1000)} s`);
  return { built: true };
}
