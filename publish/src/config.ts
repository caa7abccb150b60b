/**
 * Settings of the publish service, from the environment (publish/README.md
 * lists them). Paths default to publish/.data/ inside the workspace: a
 * release's server bundle (on-demand routes) imports packages from the
 * workspace's node_modules, so the live tree must sit inside it.
 */
import { availableParallelism, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { telegramConfig, type TelegramConfig } from './telegram.ts';
import { PublishConfigError } from './errors.ts';

export const PUBLISH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_DIR = path.resolve(PUBLISH_DIR, '..');
export const SITE_DIR = path.join(REPO_DIR, 'site');

const port = z.coerce.number().int().min(1).max(65_535);
const millis = z.coerce.number().int().min(0);
const flag = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

const envSchema = z.object({
  PUBLISH_HOST: z.string().min(1).default('127.0.0.1'),
  PUBLISH_PORT: port.default(4322),
  PUBLISH_WEBHOOK_SECRET: z
    .string()
    .min(16, 'must be at least 16 characters (the shared secret Strapi sends in X-Tilshi-Webhook-Secret)')
    .optional(),
  /** `build`: build and apply here. `dispatch`: relay each batch to GitHub (repository_dispatch) for the CI workflow to build. */
  PUBLISH_MODE: z.enum(['build', 'dispatch']).default('build'),
  GITHUB_REPOSITORY: z
    .string()
    .regex(/^[\w.-]+\/[\w.-]+$/, 'owner/name')
    .optional(),
  GITHUB_TOKEN: z.string().min(1).optional(),
  GITHUB_API_URL: z.url().default('https://api.github.com'),
  PUBLISH_DISPATCH_EVENT: z.string().min(1).default('strapi-publish'),
  STRAPI_URL: z.url().default('http://127.0.0.1:1337'),
  STRAPI_SITE_TOKEN: z.string().min(1, 'the read-only API token of the site build is required'),
  SITE_URL: z.url().default('http://127.0.0.1:4321'),
  PUBLISH_LIVE_DIR: z
    .string()
    .min(1)
    .default(path.join(PUBLISH_DIR, '.data', 'live')),
  PUBLISH_WORK_DIR: z
    .string()
    .min(1)
    .default(path.join(PUBLISH_DIR, '.data', 'work')),
  PUBLISH_KEEP_RELEASES: z.coerce.number().int().min(1).default(3),
  /**
   * The quiet time after an event before its batch builds. Strapi 5 emits a document action's events when
   * its transaction commits (core document-service events.js: `onCommit`), so one action's events — a
   * bulk publish from the list view, every locale of a document — arrive within milliseconds of each
   * other: 50 ms gathers them. What arrives while a build runs waits for the next build anyway.
   */
  PUBLISH_DEBOUNCE_MS: millis.default(50),
  PUBLISH_MAX_WAIT_MS: millis.default(2_000),
  PUBLISH_SEARCH_DELAY_MS: millis.default(30_000),
  /** Pages per background chunk of a large fan-out (an entity on many pages, site settings): an article published meanwhile waits for one chunk at most. */
  /**
   * Processes a full build renders in at most (each a partition of the pages; the first syncs the
   * content, the others render from its store). Default: the machine's cores. Fewer when their memory
   * would pass PUBLISH_FULL_BUILD_MEMORY_MB (src/full-build-processes.ts).
   */
  PUBLISH_FULL_BUILD_WORKERS: z.coerce.number().int().min(1).max(64).optional(),
  /** Memory (MiB) a full build's processes may take together, by the estimate of src/full-build-processes.ts. */
  PUBLISH_FULL_BUILD_MEMORY_MB: z.coerce.number().int().min(512).default(4_096),
  /**
   * A fan-out costing more than this share of the site's article versions (its cost in single pages,
   * an article change counting ARTICLE_CHANGE_COST: src/dependents.ts fanOutCost) — site settings, a
   * rubric, a credit or a photo file on many articles — is a full build instead of background chunks:
   * chunks rebuild ~26 pages/s, a full build ~350 article versions/s with all their pages (BENCHMARKS.md).
   */
  PUBLISH_FULL_BUILD_ABOVE: z.coerce.number().min(0).default(0.1),
  PUBLISH_CHUNK_PAGES: z.coerce.number().int().min(1).max(10_000).default(100),
  /**
   * What a background chunk should take (seconds; 0: always PUBLISH_CHUNK_PAGES): chunks are sized
   * from the measured cost of the ones before (src/queue.ts). Chunks run beside the publishes, so this
   * no longer makes a publish wait; it bounds how long a chunk's pages wait to go live together and
   * what a failed chunk does again. Not less than about twice a scoped build's fixed cost: a chunk
   * pays ~1.5-2 s of start-up and sync (2 s made chunks of 10 pages at 10,000 articles and a tag's
   * job six times longer: BENCHMARKS.md, 6 December).
   */
  PUBLISH_CHUNK_SECONDS: z.coerce.number().min(0).max(600).default(5),
  /**
   * For tests only: while this file exists, a rendered background chunk, or the first round of a full
   * build's catch-up, waits before it is applied (and `<file>.held`, holding the build's id, exists
   * meanwhile), so a test can make a publish overtake one whose content is older. Unset in production.
   */
  PUBLISH_CHUNK_GATE: z.string().min(1).optional(),
  /** Daily full build at this local time (HH:MM); empty = none. */
  PUBLISH_FULL_BUILD_AT: z
    .string()
    .regex(/^(|[01]\d:[0-5]\d|2[0-3]:[0-5]\d)$/, 'HH:MM (24 h) or empty')
    .default('03:30'),
  /** On start: `always` a full build, only `if-missing` (no live release yet), or `never`. */
  PUBLISH_INITIAL_BUILD: z.enum(['always', 'if-missing', 'never']).default('if-missing'),
  /** Run scoped builds in a long-lived worker (saves Node and Astro start-up per build). */
  PUBLISH_WARM_BUILDER: flag.default(true),
  /**
   * The warm worker starts the next scoped build right after one ends, so Astro's start-up is done
   * before the next publish (builder.ts); false: each starts when asked (the worker then holds no idle
   * build: a Vite server and the site's config).
   */
  PUBLISH_PRIME_BUILDS: flag.default(true),
  PUBLISH_SCOPED_TIMEOUT_MS: millis.default(180_000),
  /**
   * Heap a full build starts with (MiB): 3 GiB keeps a full build of 100,000 articles under 4 GiB of
   * memory (BENCHMARKS.md); one that runs out is built again with PUBLISH_FULL_BUILD_HEAP_MAX_MB.
   */
  PUBLISH_FULL_BUILD_HEAP_MB: z.coerce.number().int().min(512).default(3_072),
  /** Heap of a full build that ran out of the first (MiB); default 70 % of the machine's memory, at most 16 GiB. */
  PUBLISH_FULL_BUILD_HEAP_MAX_MB: z.coerce.number().int().min(512).optional(),
  PUBLISH_FULL_TIMEOUT_MS: millis.default(3_600_000),
});

export type PublishConfig = {
  host: string;
  port: number;
  /** Empty for one-off commands (cli.ts); the service requires it. */
  webhookSecret: string;
  mode: 'build' | 'dispatch';
  dispatch: { repository: string; token: string; apiUrl: string; eventType: string } | null;
  strapiUrl: string;
  siteToken: string;
  siteUrl: string;
  liveDir: string;
  workDir: string;
  siteDir: string;
  keepReleases: number;
  debounceMs: number;
  maxWaitMs: number;
  searchDelayMs: number;
  chunkPages: number;
  chunkMs: number;
  /** PUBLISH_CHUNK_GATE (tests only), or null. */
  chunkGate: string | null;
  fullBuildAbove: number;
  fullBuildWorkers: number;
  fullBuildMemoryMb: number;
  fullBuildAt: string | null;
  initialBuild: 'always' | 'if-missing' | 'never';
  warmBuilder: boolean;
  primeBuilds: boolean;
  scopedTimeoutMs: number;
  fullTimeoutMs: number;
  fullBuildHeapMb: number;
  fullBuildHeapMaxMb: number;
  /** Posting new articles to a Telegram channel (src/telegram.ts); null: off. */
  telegram: TelegramConfig | null;
};

/**
 * Reads the configuration; a bad or missing setting throws one PublishConfigError naming every
 * problem. `service`: the webhook receiver needs its shared secret (one-off builds do not).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: { service: boolean } = { service: true }): PublishConfig {
  // Empty strings count as unset, as in .env files.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new PublishConfigError(`the publish service cannot start: ${problems.join('; ')} (see publish/README.md)`);
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (options.service && !e.PUBLISH_WEBHOOK_SECRET)
    problems.push('PUBLISH_WEBHOOK_SECRET: required (the shared secret Strapi sends in X-Tilshi-Webhook-Secret)');
  if (e.PUBLISH_MODE === 'dispatch' && (!e.GITHUB_REPOSITORY || !e.GITHUB_TOKEN))
    problems.push('PUBLISH_MODE=dispatch needs GITHUB_REPOSITORY and GITHUB_TOKEN');
  let telegram: TelegramConfig | null = null;
  try {
    telegram = telegramConfig(env);
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
  }
  if (problems.length > 0) throw new PublishConfigError(`the publish service cannot start: ${problems.join('; ')} (see publish/README.md)`);
  return {
    telegram,
    host: e.PUBLISH_HOST,
    port: e.PUBLISH_PORT,
    webhookSecret: e.PUBLISH_WEBHOOK_SECRET ?? '',
    mode: e.PUBLISH_MODE,
    dispatch:
      e.PUBLISH_MODE === 'dispatch' && e.GITHUB_REPOSITORY && e.GITHUB_TOKEN
        ? {
            repository: e.GITHUB_REPOSITORY,
            token: e.GITHUB_TOKEN,
            apiUrl: e.GITHUB_API_URL.replace(/\/+$/, ''),
            eventType: e.PUBLISH_DISPATCH_EVENT,
          }
        : null,
    strapiUrl: e.STRAPI_URL.replace(/\/+$/, ''),
    siteToken: e.STRAPI_SITE_TOKEN,
    siteUrl: e.SITE_URL,
    liveDir: path.resolve(e.PUBLISH_LIVE_DIR),
    workDir: path.resolve(e.PUBLISH_WORK_DIR),
    siteDir: SITE_DIR,
    keepReleases: e.PUBLISH_KEEP_RELEASES,
    debounceMs: e.PUBLISH_DEBOUNCE_MS,
    maxWaitMs: e.PUBLISH_MAX_WAIT_MS,
    searchDelayMs: e.PUBLISH_SEARCH_DELAY_MS,
    chunkPages: e.PUBLISH_CHUNK_PAGES,
    chunkMs: e.PUBLISH_CHUNK_SECONDS * 1_000,
    chunkGate: e.PUBLISH_CHUNK_GATE ? path.resolve(e.PUBLISH_CHUNK_GATE) : null,
    fullBuildAbove: e.PUBLISH_FULL_BUILD_ABOVE,
    fullBuildWorkers: e.PUBLISH_FULL_BUILD_WORKERS ?? availableParallelism(),
    fullBuildMemoryMb: e.PUBLISH_FULL_BUILD_MEMORY_MB,
    fullBuildAt: e.PUBLISH_FULL_BUILD_AT || null,
    initialBuild: e.PUBLISH_INITIAL_BUILD,
    warmBuilder: e.PUBLISH_WARM_BUILDER,
    primeBuilds: e.PUBLISH_PRIME_BUILDS,
    scopedTimeoutMs: e.PUBLISH_SCOPED_TIMEOUT_MS,
    fullTimeoutMs: e.PUBLISH_FULL_TIMEOUT_MS,
    fullBuildHeapMb: e.PUBLISH_FULL_BUILD_HEAP_MB,
    fullBuildHeapMaxMb: Math.max(
      e.PUBLISH_FULL_BUILD_HEAP_MB,
      e.PUBLISH_FULL_BUILD_HEAP_MAX_MB ?? Math.min(16_384, Math.floor((totalmem() / 1024 ** 2) * 0.7)),
    ),
  };
}
