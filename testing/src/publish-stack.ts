/**
 * The whole publishing stack for the tests, nothing mocked: a real Strapi
 * (cms/dist, temporary SQLite, its webhook pointed at the publish service,
 * cron on, an admin for panel actions), seeded like `npm start`; the publish
 * service (publish/src/main.ts) with its live tree under publish/.tmp/; the
 * site server (site/serve.mjs) serving that live tree. Used by
 * tests/global-setup.ts (one stack for every test file) and the benchmark.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { buildRecordSchema, type BuildRecord } from '@tilshi/shared-types';
import { freePort } from './ports.ts';
import { startStrapi, type StrapiInstance } from './strapi.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PUBLISH_DIR = path.join(REPO, 'publish');
const PUBLISH_MAIN = path.join(PUBLISH_DIR, 'src', 'main.ts');
const SERVE = path.join(REPO, 'site', 'serve.mjs');

/** What a test needs to reach the stack (serializable: vitest's provide/inject). */
export type StackInfo = {
  strapiUrl: string;
  writeToken: string;
  siteToken: string;
  admin: { email: string; password: string };
  webhookSecret: string;
  previewSecret: string;
  publishUrl: string;
  siteUrl: string;
  liveDir: string;
  workDir: string;
  /** The first full build, and the search index that followed it (null when the stack reused a live tree). */
  firstRelease: { build: BuildRecord; search: PublishStatus['search'] } | null;
};

export type Stack = StackInfo & { stop(): Promise<void>; logs(): string };

const CHUNK_GATE_FILE = 'chunk-gate';

/**
 * The service's PUBLISH_CHUNK_GATE: while the file exists, a rendered background chunk (or the first round of a
 * full build's catch-up) waits before it is applied, and `<file>.held`, with the build's id, exists while one waits.
 */
export function chunkGateOf(stack: Pick<StackInfo, 'workDir'>): string {
  return path.join(stack.workDir, CHUNK_GATE_FILE);
}

/** A child process in its own process group, its output kept; stop() ends the group. */
export type Child = { process: ChildProcess; output: () => string; stop(): Promise<void> };

export function startChild(name: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Child {
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-200_000);
    if (process.env.TILSHI_TEST_VERBOSE) process.stderr.write(`[${name}] ${chunk.toString()}`);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    process: child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        child.kill('SIGTERM');
      }
      const timer = setTimeout(() => {
        try {
          if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        } catch {
          // gone
        }
      }, 8_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs: number,
  intervalMs = 150,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${lastError instanceof Error ? lastError.message : String(lastError)})` : ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

const statusSchema = z.looseObject({
  live: z.object({ release: z.string().nullable(), updatedAt: z.string().nullable(), articleVersions: z.number() }),
  building: z.looseObject({ kind: z.string() }).nullable(),
  fullBuild: z.looseObject({ startedAt: z.string() }).nullable().optional(),
  queue: z.looseObject({
    articles: z.number(),
    pages: z.number(),
    catchUp: z.boolean(),
    full: z.boolean(),
    retries: z.number(),
    entities: z.number(),
    everything: z.boolean(),
    background: z.array(z.looseObject({ subject: z.string(), label: z.string(), total: z.number(), done: z.number(), failed: z.number() })),
  }),
  lastSuccess: buildRecordSchema.nullable(),
  lastFailure: buildRecordSchema.nullable(),
  recent: z.array(buildRecordSchema),
  search: z.looseObject({
    pendingSince: z.string().nullable(),
    lastIndexedAt: z.string().nullable(),
    running: z.boolean(),
    lastPages: z.number().nullable(),
    lastError: z.string().nullable(),
  }),
});
export type PublishStatus = z.infer<typeof statusSchema>;

/** The service's full status: GET /status with the webhook secret (without it, /status is a public summary). */
export async function publishStatus(stack: { publishUrl: string; webhookSecret: string }): Promise<PublishStatus> {
  const response = await fetch(`${stack.publishUrl}/status`, { headers: { 'X-Tilshi-Webhook-Secret': stack.webhookSecret } });
  return statusSchema.parse(await response.json());
}

/** Nothing builds, nothing waits. */
export const isIdle = (status: PublishStatus) =>
  status.building === null &&
  (status.fullBuild ?? null) === null &&
  status.queue.articles === 0 &&
  status.queue.pages === 0 &&
  !status.queue.catchUp &&
  !status.queue.full &&
  status.queue.retries === 0 &&
  status.queue.entities === 0 &&
  !status.queue.everything &&
  status.queue.background.length === 0;

/**
 * Waits until the publish service has nothing running or queued for `quietMs` in a row (a batch
 * can follow a build by a debounce), polling every `intervalMs`; answers the last status.
 */
export async function waitQuiet(
  stack: { publishUrl: string; webhookSecret: string },
  options: { quietMs?: number; timeoutMs?: number; intervalMs?: number } = {},
): Promise<PublishStatus> {
  const { quietMs = 1_000, timeoutMs = 120_000, intervalMs = 100 } = options;
  let since = 0;
  return waitUntil(
    'the publish service to be idle',
    async () => {
      const status = await publishStatus(stack);
      if (!isIdle(status)) {
        since = 0;
        return undefined;
      }
      since ||= Date.now();
      return Date.now() - since >= quietMs ? status : undefined;
    },
    timeoutMs,
    intervalMs,
  );
}

/** Asks for a full build as a deploy does (`POST /build` with the webhook secret); when it asked (ms since the epoch). */
export async function requestFullBuild(stack: Pick<StackInfo, 'publishUrl' | 'webhookSecret'>): Promise<number> {
  const requested = Date.now();
  const response = await fetch(`${stack.publishUrl}/build`, {
    method: 'POST',
    headers: { 'X-Tilshi-Webhook-Secret': stack.webhookSecret },
  });
  if (response.status !== 202) throw new Error(`POST /build answered ${response.status}: ${await response.text()}`);
  return requested;
}

/** Waits for the full build that started at or after `requested` to end; its record and the status it ended in. */
export async function fullBuildAfter(
  stack: Pick<StackInfo, 'publishUrl' | 'webhookSecret'>,
  requested: number,
  timeoutMs = 240_000,
): Promise<{ full: PublishStatus['recent'][number]; status: PublishStatus }> {
  return waitUntil(
    'the full build',
    async () => {
      const status = await publishStatus(stack);
      const full = status.recent.find((build) => build.kind === 'full' && Date.parse(build.startedAt) >= requested);
      return full ? { full, status } : undefined;
    },
    timeoutMs,
    250,
  );
}

export type StackOptions = {
  label: string;
  /** Extra environment for the publish service (e.g. PUBLISH_DEBOUNCE_MS). */
  publishEnv?: Record<string, string>;
  /** Extra environment for Strapi. */
  strapiEnv?: Record<string, string>;
  /** Seed the CMS with `runSeed` (and N demo articles). */
  seed?: (strapi: StrapiInstance) => Promise<void>;
  /** How long the first full build may take. */
  firstBuildTimeoutMs?: number;
  /** Keep the live tree and work folder here (and reuse them: no first full build when a release exists). */
  rootDir?: string;
};

export async function startStack(options: StackOptions): Promise<Stack> {
  const [publishPort, sitePort] = [await freePort(), await freePort()];
  const publishUrl = `http://127.0.0.1:${publishPort}`;
  const siteUrl = `http://127.0.0.1:${sitePort}`;
  const webhookSecret = randomBytes(24).toString('hex');
  const previewSecret = randomBytes(24).toString('hex');
  const admin = { email: 'editor@example.com', password: `Editor${randomBytes(4).toString('hex')}1` };
  const strapi = await startStrapi({
    env: {
      PUBLISH_WEBHOOK_URL: `${publishUrl}/hooks/strapi`,
      PUBLISH_WEBHOOK_SECRET: webhookSecret,
      TILSHI_PREVIEW_SECRET: previewSecret,
      SITE_URL: siteUrl,
      CRON_ENABLED: 'true',
      SERVE_ADMIN_PANEL: 'true', // editors' panel, as with npm start (tests/panel.test.ts drives it)
      STRAPI_ADMIN_EMAIL: admin.email,
      STRAPI_ADMIN_PASSWORD: admin.password,
      ...options.strapiEnv,
    },
  });
  const children: Child[] = [];
  const stop = async () => {
    for (const child of children.reverse()) await child.stop();
    await strapi.stop();
  };
  try {
    await options.seed?.(strapi);
    // Inside the workspace: a release's server bundle imports packages from node_modules.
    await mkdir(path.join(PUBLISH_DIR, '.tmp'), { recursive: true });
    const root = options.rootDir ?? (await mkdtemp(path.join(PUBLISH_DIR, '.tmp', `${options.label}-`)));
    await mkdir(root, { recursive: true });
    const liveDir = path.join(root, 'live');
    const workDir = path.join(root, 'work');
    const reused = await access(path.join(liveDir, 'current')).then(
      () => true,
      () => false,
    );
    const publish = startChild(
      'publish',
      [PUBLISH_MAIN],
      {
        ...process.env,
        STRAPI_URL: strapi.url,
        STRAPI_SITE_TOKEN: strapi.siteToken,
        SITE_URL: siteUrl,
        PUBLISH_PORT: String(publishPort),
        PUBLISH_WEBHOOK_SECRET: webhookSecret,
        PUBLISH_LIVE_DIR: liveDir,
        PUBLISH_WORK_DIR: workDir,
        PUBLISH_FULL_BUILD_AT: '',
        PUBLISH_SEARCH_DELAY_MS: '2000',
        // Small background chunks, so that the tests see a fan-out built in several (the default is 100 pages).
        PUBLISH_CHUNK_PAGES: '4',
        // Tests hold a rendered chunk while this file exists (chunkGateOf), so a publish can overtake it.
        PUBLISH_CHUNK_GATE: path.join(workDir, CHUNK_GATE_FILE),
        // The test site is small: most fan-outs would be "most of the site". Chunks for an entity's pages (tests
        // see them in several); every page of the site (settings, a rubric) is still a full build, as on a real site.
        PUBLISH_FULL_BUILD_ABOVE: '2',
        // Full builds in two partitions, merged (the convergence test compares the result with scoped builds).
        PUBLISH_FULL_BUILD_WORKERS: '2',
        PUBLISH_INITIAL_BUILD: 'if-missing',
        ...options.publishEnv,
      },
      REPO,
    );
    children.push(publish);
    await waitUntil(
      'the first release',
      async () => {
        if (publish.process.exitCode !== null || publish.process.signalCode !== null)
          throw new Error(`the publish service exited:\n${publish.output().slice(-3000)}`);
        const status = await publishStatus({ publishUrl, webhookSecret });
        if (!status.live.release && status.lastFailure?.kind === 'full' && !status.queue.full && !status.building) {
          throw new Error(`the first full build failed: ${status.lastFailure.reason ?? ''}`);
        }
        return status.live.release !== null;
      },
      options.firstBuildTimeoutMs ?? 300_000,
      250,
    ).catch((error: unknown) => {
      throw new Error(
        `${error instanceof Error ? error.message : String(error)}\n--- publish service ---\n${publish.output().slice(-4000)}`,
      );
    });
    // The first release goes live before its search index, which follows it (publish/README.md): the
    // stack is ready when the index is there too, so no test meets Pagefind still indexing.
    const firstRelease = reused
      ? null
      : await waitUntil(
          "the first release's search index",
          async () => {
            const status = await publishStatus({ publishUrl, webhookSecret });
            const { search } = status;
            if (search.lastError) throw new Error(`the first search index failed: ${search.lastError}`);
            const build = status.recent.find((record) => record.kind === 'full' && record.ok);
            return build && !search.running && search.pendingSince === null && search.lastIndexedAt !== null
              ? { build, search }
              : undefined;
          },
          options.firstBuildTimeoutMs ?? 300_000,
          250,
        );
    const site = startChild(
      'site',
      [SERVE],
      {
        ...process.env,
        TILSHI_LIVE_DIR: liveDir,
        SITE_PORT: String(sitePort),
        HOST: '127.0.0.1',
        STRAPI_URL: strapi.url,
        STRAPI_SITE_TOKEN: strapi.siteToken,
        TILSHI_PREVIEW_SECRET: previewSecret,
      },
      path.join(REPO, 'site'),
    );
    children.push(site);
    await waitUntil('the site server', async () => (await fetch(`${siteUrl}/`)).ok, 30_000);
    const info: StackInfo = {
      strapiUrl: strapi.url,
      writeToken: strapi.writeToken,
      siteToken: strapi.siteToken,
      admin,
      webhookSecret,
      previewSecret,
      publishUrl,
      siteUrl,
      liveDir,
      workDir,
      firstRelease,
    };
    return {
      ...info,
      logs: () => `--- publish ---\n${publish.output().slice(-6000)}\n--- site ---\n${site.output().slice(-2000)}`,
      async stop() {
        await stop();
        if (!process.env.TILSHI_KEEP_TEST_BUILD && !options.rootDir) await rm(root, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
