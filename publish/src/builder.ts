/**
 * Runs the site's `astro build`:
 *
 * - scoped builds in the warm worker (build-worker.ts), one long-lived child
 *   process reused from build to build and replaced when it grows past
 *   WORKER_MAX_RSS or WORKER_MAX_BUILDS, or after a failure or timeout.
 *   Once a scoped build has succeeded, the worker primes the next one at once:
 *   Astro's start-up (config, Vite, the content config: about a fifth of a
 *   publish) runs while nothing is published, and its content loaders wait at
 *   the build gate until the next scoped build is asked for. That build then
 *   writes into the primed build's folders (same parent folders, same caches:
 *   the only variables that differ from build to build), which are moved to
 *   the request's when it succeeds. A request that does not fit (other caches)
 *   replaces the worker instead;
 * - full builds (and scoped ones when PUBLISH_WARM_BUILDER=false) as a fresh
 *   `astro build` child process: a full build holds the whole archive in
 *   memory, which a fresh process gives back when it ends.
 *
 * Both run the same build of the same site; only the environment differs
 * (TILSHI_BUILD_SCOPE, out and cache folders).
 *
 * What a build reports besides its log comes from its build result file
 * (TILSHI_BUILD_RESULT, `buildResultSchema` of the build contract): when each
 * phase began and what the content loaders did. The log is kept for people
 * (and for the reason of a failure); nothing reads facts out of it.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { copyFile, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { setPriority } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters as stripAnsi } from 'node:util';
import {
  buildResultSchema,
  phasesOf,
  type BuildMode,
  type BuildPhases,
  type BuildResultFile,
  type SharedStore,
} from '@tilshi/shared-types';
import { z } from 'zod';
import { SiteBuildFailedError, messageOf } from './errors.ts';

const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'build-worker.ts');
export const WORKER_MAX_RSS = 1.5 * 1024 ** 3;
export const WORKER_MAX_BUILDS = 200;
/** What Node prints when a process dies of its heap limit ("Reached heap limit", "Ineffective mark-compacts near heap limit"). */
const OUT_OF_HEAP = /JavaScript heap out of memory/;
/** Kept of each build's output (the end matters: that is where Astro reports errors). */
const LOG_LIMIT = 200_000;

export type BuildRequest = {
  id: string;
  outDir: string;
  cacheDir: string;
  imageCacheDir: string;
  /** TILSHI_BUILD_SCOPE; absent for a full build. */
  scopeFile?: string;
  timeoutMs: number;
  /** Run below the service's priority (a full build beside scoped ones: the publishes get the cores first). */
  lowPriority?: boolean;
  /**
   * One partition of a full build rendered in several processes (TILSHI_BUILD_PARTITION=index/count);
   * `alone`: the only one on this machine (a CI shard job), which takes the whole heap.
   */
  partition?: { index: number; count: number; alone?: boolean };
  /** One content sync for the partitions of a full build (the build contract's `SharedStore`). */
  sharedStore?: SharedStore;
  /** Stops a cold build's process (a partition whose lead failed: it would wait for the lead's store until its timeout). */
  signal?: AbortSignal;
};

/** The nice value of a low-priority build (0 is normal, 19 the lowest). */
const LOW_PRIORITY = 10;

/**
 * A finished build: its duration and mode, and from its result file the time per phase and what each
 * collection's loader did (null when the build wrote no readable result). Its log is for people: a
 * failed build's goes into the error (SiteBuildFailedError), a successful one's to nobody.
 */
export type BuildReport = {
  durationMs: number;
  mode: BuildMode;
  phases: BuildPhases | null;
  sync: BuildResultFile['sync'] | null;
};

/** What a build's result file says, measured against the caller's start and end (ms since the epoch). */
type BuildFacts = Pick<BuildReport, 'phases' | 'sync'>;

const workerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('error'), error: z.string() }),
  z.object({ type: z.literal('done'), id: z.string(), ok: z.boolean(), error: z.string().optional(), rssBytes: z.number() }),
]);
type WorkerMessage = z.infer<typeof workerMessage>;
type Outcome = WorkerMessage | { type: 'exit'; detail: string } | { type: 'timeout' };

/** The last `limit` characters of a stream of chunks, without copying the whole tail on every chunk. */
export class LogTail {
  readonly #limit: number;
  #chunks: string[] = [];
  #size = 0;

  constructor(limit: number) {
    this.#limit = limit;
  }

  push(chunk: string): void {
    this.#chunks.push(chunk);
    this.#size += chunk.length;
    if (this.#size > this.#limit * 2) {
      const text = this.text();
      this.#chunks = [text];
      this.#size = text.length;
    }
  }

  text(): string {
    return this.#chunks.join('').slice(-this.#limit);
  }
}

export type BuilderOptions = {
  siteDir: string;
  /**
   * Heap limit a cold build's process starts with: V8 grows its heap towards the limit it is given, so
   * this is what bounds a full build's memory. A build that runs out of it is built once more with
   * `fullBuildHeapMaxMb` (when larger), and the log says so.
   */
  fullBuildHeapMb: number;
  fullBuildHeapMaxMb?: number;
  /** Environment of every build: STRAPI_URL, STRAPI_SITE_TOKEN, SITE_URL… */
  env: NodeJS.ProcessEnv;
  warm: boolean;
  /** The warm worker primes the next scoped build after each one (false: each starts when asked). */
  prime: boolean;
  /** Where builds write their result files (TILSHI_BUILD_RESULT), one per build id, removed once read. */
  resultDir: string;
  log: (line: string) => void;
  /** Names this builder's worker and primed builds (two builders of one service share the folders): default `scoped`. */
  name?: string;
  /** The warm worker runs below the service's priority (the background chunks': the publishes get the cores first). */
  lowPriority?: boolean;
};

type Worker = {
  child: ChildProcess;
  builds: number;
  ready: Promise<void>;
  output: { text: string };
};

/** A scoped build's request: one with a scope file. */
type ScopedRequest = BuildRequest & { scopeFile: string };

/** A build the worker started ahead (`prime`), waiting at its gate for a request. */
type Primed = {
  worker: Worker;
  id: string;
  /** Its variables, as a request's: the folders it writes and reads. */
  request: ScopedRequest;
  /** Where its log begins in the worker's output. */
  logFrom: number;
  /** Its answer (or the worker's end); set once it came, before any request when the start-up failed. */
  outcome: Promise<Outcome>;
  ended: boolean;
};

export class SiteBuilder {
  readonly #options: BuilderOptions;
  #worker: Worker | null = null;
  #primed: Primed | null = null;
  #primes = 0;
  /** A warm build runs (nothing is primed meanwhile). */
  #building = false;
  #closed = false;

  constructor(options: BuilderOptions) {
    this.#options = options;
  }

  get #name(): string {
    return this.#options.name ?? 'scoped';
  }

  /** The variables that make a build what it is; everything else comes from the service's environment. */
  #buildEnv(request: BuildRequest): Record<string, string | null> {
    return {
      NODE_ENV: 'production',
      ASTRO_TELEMETRY_DISABLED: '1',
      TILSHI_OUT_DIR: request.outDir,
      TILSHI_CACHE_DIR: request.cacheDir,
      TILSHI_IMAGE_CACHE_DIR: request.imageCacheDir,
      TILSHI_BUILD_MANIFEST: 'true',
      TILSHI_BUILD_SCOPE: request.scopeFile ?? null,
      TILSHI_BUILD_PARTITION: request.partition ? `${request.partition.index}/${request.partition.count}` : null,
      TILSHI_STORE_READY: request.sharedStore?.ready ?? null,
      TILSHI_STORE_FROM: request.sharedStore?.from ?? null,
      TILSHI_BUILD_RESULT: this.#resultFile(request),
      // The service indexes a full build's output itself, after the build's processes have ended (publisher.ts).
      TILSHI_SEARCH_INDEX: 'off',
    };
  }

  #resultFile(request: BuildRequest): string {
    return path.join(this.#options.resultDir, `${request.id}.json`);
  }

  /**
   * A successful build's result file: its phases between `startedAt` and `endedAt` (ms since the epoch,
   * the caller's view of the build) and its loaders' counts. A missing or unreadable file is logged and
   * reported as unknown facts: the build itself succeeded.
   */
  async #facts(request: BuildRequest, startedAt: number, endedAt: number): Promise<BuildFacts> {
    try {
      const result = buildResultSchema.parse(JSON.parse(await readFile(this.#resultFile(request), 'utf8')));
      return { phases: phasesOf(result.marks, startedAt, endedAt), sync: result.sync };
    } catch (error) {
      this.#options.log(`build ${request.id}: no build result (${messageOf(error)})`);
      return { phases: null, sync: null };
    }
  }

  /** Starts the warm worker ahead of the first publish (Astro's import takes a second or two). */
  prewarm(): void {
    if (this.#options.warm) this.#ensureWorker();
  }

  async build(request: BuildRequest): Promise<BuildReport> {
    // A result left by an earlier build of the same id (one the service did not live to clean up) must not pass for this one's.
    const resultFile = this.#resultFile(request);
    await mkdir(this.#options.resultDir, { recursive: true });
    await rm(resultFile, { force: true });
    try {
      return await (request.scopeFile && this.#options.warm ? this.#warm(request) : this.#cold(request));
    } finally {
      await rm(resultFile, { force: true });
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#stopWorker();
  }

  #ensureWorker(): Worker {
    if (this.#worker && this.#worker.child.exitCode === null && this.#worker.child.signalCode === null) return this.#worker;
    const output: Worker['output'] = { text: '' };
    const child = fork(WORKER, [], {
      cwd: this.#options.siteDir,
      env: { ...this.#options.env, TILSHI_SITE_DIR: this.#options.siteDir, FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      execArgv: [],
    });
    const collect = (chunk: Buffer) => {
      const text = chunk.toString();
      output.text = (output.text + text).slice(-LOG_LIMIT);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const ready = new Promise<void>((resolve, reject) => {
      const onMessage = (raw: unknown) => {
        const message = workerMessage.safeParse(raw);
        if (message.success && message.data.type === 'ready') {
          child.off('message', onMessage);
          resolve();
        }
      };
      child.on('message', onMessage);
      child.once('exit', (code, signal) =>
        reject(new Error(`the build worker exited (${signal ?? code}) before it was ready:\n${output.text.slice(-2000)}`)),
      );
    });
    ready.catch(() => {}); // observed by the build that awaits it
    if (this.#options.lowPriority) lowerPriority(child, this.#options.log, `the ${this.#name} build worker`);
    const worker: Worker = { child, builds: 0, ready, output };
    this.#worker = worker;
    this.#options.log(`${this.#name} build worker started (pid ${child.pid ?? '?'})`);
    return worker;
  }

  async #stopWorker(): Promise<void> {
    const worker = this.#worker;
    this.#worker = null;
    const primed = this.#primed;
    this.#primed = null;
    if (primed) await this.#removePrimed(primed);
    if (!worker || worker.child.exitCode !== null || worker.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => worker.child.once('exit', () => resolve()));
    worker.child.kill('SIGTERM');
    const timer = setTimeout(() => worker.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }

  /** The answer to build `id` from `worker`: its `done`, or the worker's end. */
  #outcome(worker: Worker, id: string): Promise<Outcome> {
    return new Promise<Outcome>((resolve) => {
      const onMessage = (raw: unknown) => {
        const message = workerMessage.safeParse(raw);
        if (message.success && message.data.type === 'done' && message.data.id === id) finish(message.data);
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
        finish({ type: 'exit', detail: `the build worker exited (${signal ?? code})` });
      const finish = (result: Outcome) => {
        worker.child.off('message', onMessage);
        worker.child.off('exit', onExit);
        resolve(result);
      };
      worker.child.on('message', onMessage);
      worker.child.once('exit', onExit);
    });
  }

  /**
   * Starts the next scoped build ahead, with `template`'s caches and its out and scope folders' parents,
   * once the worker is ready and if no build came first.
   */
  async #prime(template: ScopedRequest): Promise<void> {
    if (!this.#options.prime || this.#closed || this.#primed || this.#building) return;
    const worker = this.#ensureWorker();
    try {
      await worker.ready;
    } catch {
      return; // the next build finds the worker gone and starts another
    }
    if (this.#closed || this.#primed || this.#building || this.#worker !== worker) return;
    const id = `primed-${this.#name}-${process.pid}-${++this.#primes}`;
    const request = {
      ...template,
      id,
      outDir: path.join(path.dirname(template.outDir), id),
      scopeFile: path.join(path.dirname(template.scopeFile), `${id}.json`),
    };
    const primed: Primed = { worker, id, request, logFrom: worker.output.text.length, outcome: this.#outcome(worker, id), ended: false };
    void primed.outcome.then(() => (primed.ended = true));
    this.#primed = primed;
    worker.child.send({ type: 'prime', id, env: this.#buildEnv(request) });
    this.#options.log(`primed the next scoped build (${id})`);
  }

  /** Removes what a primed build wrote or was given (its folders are its own, never a request's). */
  async #removePrimed(primed: Primed): Promise<void> {
    await Promise.all([
      rm(primed.request.outDir, { recursive: true, force: true }),
      rm(primed.request.scopeFile, { force: true }),
      rm(this.#resultFile(primed.request), { force: true }),
    ]);
  }

  /** The primed build, if `request` can be it: same worker, alive and waiting, same caches, same parent folders. */
  async #takePrimed(request: ScopedRequest): Promise<Primed | null> {
    const primed = this.#primed;
    if (!primed) return null;
    this.#primed = null;
    const fits =
      primed.request.cacheDir === request.cacheDir &&
      primed.request.imageCacheDir === request.imageCacheDir &&
      path.dirname(primed.request.outDir) === path.dirname(request.outDir) &&
      path.dirname(primed.request.scopeFile) === path.dirname(request.scopeFile);
    const alive = this.#worker === primed.worker && !primed.ended;
    if (fits && alive) return primed;
    // A worker with a build parked at its gate cannot start another: a fresh one does.
    this.#options.log(
      `build ${request.id}: not the primed build ${primed.id} (${alive ? 'other folders' : 'it ended before it was asked for'}); replacing the build worker`,
    );
    await this.#stopWorker();
    await this.#removePrimed(primed);
    return null;
  }

  async #warm(request: BuildRequest): Promise<BuildReport> {
    const started = performance.now();
    const scoped = request.scopeFile === undefined ? null : { ...request, scopeFile: request.scopeFile };
    this.#building = true;
    let succeeded = false;
    try {
      const primed = scoped ? await this.#takePrimed(scoped) : null;
      const report = primed ? await this.#warmPrimed(request, primed, started) : await this.#warmNow(request, started);
      succeeded = true;
      return report;
    } finally {
      this.#building = false;
      // The next build starts ahead now, while the caller checks and applies this one's output.
      if (succeeded && scoped) void this.#prime(scoped);
    }
  }

  /** Asks the primed build for `request`: its scope into the primed build's scope file, its output moved to the request's folder. */
  async #warmPrimed(request: BuildRequest, primed: Primed, started: number): Promise<BuildReport> {
    const { worker } = primed;
    try {
      if (request.scopeFile) await copyFile(request.scopeFile, primed.request.scopeFile);
      const buildStarted = Date.now();
      worker.child.send({ type: 'go', id: primed.id });
      const outcome = await this.#within(primed.outcome, request.timeoutMs);
      worker.builds += 1;
      const log = stripAnsi(worker.output.text.slice(primed.logFrom));
      if (outcome.type === 'done' && outcome.ok) {
        await rm(request.outDir, { recursive: true, force: true });
        await rename(primed.request.outDir, request.outDir);
        const facts = await this.#facts(primed.request, buildStarted, Date.now());
        await this.#afterSuccess(worker, outcome.rssBytes);
        return { durationMs: Math.round(performance.now() - started), mode: 'primed', ...facts };
      }
      await this.#stopWorker();
      throw new SiteBuildFailedError(request.id, failureDetail(outcome, request.timeoutMs), log);
    } finally {
      await this.#removePrimed(primed);
    }
  }

  async #warmNow(request: BuildRequest, started: number): Promise<BuildReport> {
    const worker = this.#ensureWorker();
    try {
      await worker.ready;
    } catch (error) {
      await this.#stopWorker();
      throw new SiteBuildFailedError(request.id, error instanceof Error ? error.message : String(error), '');
    }
    const from = worker.output.text.length;
    const buildStarted = Date.now();
    const answer = this.#outcome(worker, request.id);
    worker.child.send({ type: 'build', id: request.id, env: this.#buildEnv(request) });
    const outcome = await this.#within(answer, request.timeoutMs);
    worker.builds += 1;
    const log = stripAnsi(worker.output.text.slice(from));
    const durationMs = Math.round(performance.now() - started);
    if (outcome.type === 'done' && outcome.ok) {
      const facts = await this.#facts(request, buildStarted, Date.now());
      await this.#afterSuccess(worker, outcome.rssBytes);
      return { durationMs, mode: 'warm', ...facts };
    }
    // After a failure the worker's state is unknown: start a fresh one next time.
    await this.#stopWorker();
    throw new SiteBuildFailedError(request.id, failureDetail(outcome, request.timeoutMs), log);
  }

  /** `outcome`, or a timeout after `timeoutMs`. */
  async #within(outcome: Promise<Outcome>, timeoutMs: number): Promise<Outcome> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<Outcome>((resolve) => (timer = setTimeout(() => resolve({ type: 'timeout' }), timeoutMs)));
    try {
      return await Promise.race([outcome, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** After a successful warm build: the worker is replaced when it grew too large or old. */
  async #afterSuccess(worker: Worker, rssBytes: number): Promise<void> {
    if (rssBytes > WORKER_MAX_RSS || worker.builds >= WORKER_MAX_BUILDS) {
      this.#options.log(`replacing the build worker (${Math.round(rssBytes / 1024 ** 2)} MiB after ${worker.builds} builds)`);
      await this.#stopWorker();
    }
  }

  async #cold(request: BuildRequest): Promise<BuildReport> {
    const started = performance.now();
    const startedAt = Date.now();
    // The partitions of a full build share the memory the service may give a full build.
    const sharing = request.partition && !request.partition.alone ? request.partition.count : 1;
    const heapMb = Math.floor(this.#options.fullBuildHeapMb / sharing);
    const maxHeapMb = Math.floor((this.#options.fullBuildHeapMaxMb ?? 0) / sharing);
    try {
      return await this.#coldRun(request, heapMb, started, startedAt);
    } catch (error) {
      if (!(error instanceof SiteBuildFailedError) || request.signal?.aborted || maxHeapMb <= heapMb || !OUT_OF_HEAP.test(error.log))
        throw error;
      this.#options.log(
        `build ${request.id} ran out of its ${heapMb} MB heap: building it again with ${maxHeapMb} MB ` +
          '(PUBLISH_FULL_BUILD_HEAP_MB is the first limit, PUBLISH_FULL_BUILD_HEAP_MAX_MB the second)',
      );
      return await this.#coldRun(request, maxHeapMb, started, startedAt);
    }
  }

  async #coldRun(request: BuildRequest, heapMb: number, started: number, startedAt: number): Promise<BuildReport> {
    const astroBin = path.join(
      path.dirname(createRequire(path.join(this.#options.siteDir, 'package.json')).resolve('astro/package.json')),
      'bin',
      'astro.mjs',
    );
    const env: NodeJS.ProcessEnv = { ...this.#options.env, FORCE_COLOR: '0' };
    for (const [name, value] of Object.entries(this.#buildEnv(request))) {
      if (value === null) delete env[name];
      else env[name] = value;
    }
    const child = spawn(process.execPath, [`--max-old-space-size=${heapMb}`, astroBin, 'build'], {
      cwd: this.#options.siteDir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (request.lowPriority) lowerPriority(child, this.#options.log, `build ${request.id}`);
    // A full build of a large archive prints a line per page: keep the end of it, cheaply.
    const tail = new LogTail(LOG_LIMIT);
    const collect = (chunk: Buffer) => tail.push(chunk.toString());
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const result = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; timedOut: boolean; spawnError?: Error }>(
      (resolve) => {
        let timedOut = false;
        const timer = setTimeout(() => {
          timedOut = true;
          child.kill('SIGKILL');
        }, request.timeoutMs);
        const abort = () => child.kill('SIGKILL');
        request.signal?.addEventListener('abort', abort, { once: true });
        const done = () => {
          clearTimeout(timer);
          request.signal?.removeEventListener('abort', abort);
        };
        child.once('error', (error) => {
          done();
          resolve({ code: null, signal: null, timedOut, spawnError: error });
        });
        child.once('close', (code, signal) => {
          done();
          resolve({ code, signal, timedOut });
        });
        if (request.signal?.aborted) abort();
      },
    );
    // Astro 7 colours its log even into a pipe (FORCE_COLOR=0 notwithstanding): people read it plain.
    const log = stripAnsi(tail.text());
    const durationMs = Math.round(performance.now() - started);
    if (result.code === 0) return { durationMs, mode: 'cold', ...(await this.#facts(request, startedAt, Date.now())) };
    const detail = result.spawnError
      ? `could not start astro (${result.spawnError.message})`
      : request.signal?.aborted
        ? `stopped: ${messageOf(request.signal.reason)}`
        : result.timedOut
          ? `timed out after ${request.timeoutMs} ms`
          : OUT_OF_HEAP.test(log)
            ? `astro build ran out of its ${heapMb} MB heap (${result.signal ?? result.code}; PUBLISH_FULL_BUILD_HEAP_MB and PUBLISH_FULL_BUILD_HEAP_MAX_MB set it)`
            : `astro build exited with ${result.signal ?? result.code}`;
    throw new SiteBuildFailedError(request.id, detail, log);
  }
}

/** Runs a child process at LOW_PRIORITY; a failure to is logged, not fatal (the build runs at normal priority). */
function lowerPriority(child: ChildProcess, log: (line: string) => void, what: string): void {
  if (child.pid === undefined) return;
  try {
    setPriority(child.pid, LOW_PRIORITY);
  } catch (error) {
    log(`could not lower the priority of ${what}: ${messageOf(error)}`);
  }
}

/** Why a warm build failed, from its outcome. */
function failureDetail(outcome: Outcome, timeoutMs: number): string {
  switch (outcome.type) {
    case 'timeout':
      return `timed out after ${timeoutMs} ms`;
    case 'exit':
      return outcome.detail;
    case 'done':
      return outcome.error ?? 'astro build failed';
    case 'error':
      return outcome.error;
    case 'ready':
      return 'unexpected message';
  }
}
