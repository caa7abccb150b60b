/**
 * The warm worker's primed builds (publish/src/builder.ts, build-worker.ts), against the real site and
 * the stack's Strapi: after a scoped build the worker starts the next one ahead, and that build renders
 * what the CMS holds when it is asked for, not when it started; a request that does not fit it, or a
 * worker that died while it waited, costs a fresh worker and nothing else.
 */
import { fork } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScopeFile } from '@tilshi/shared-types';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SiteBuilder, type BuildRequest } from '../src/builder.ts';
import { articleData, rest, slugOf, waitUntil } from './helpers.ts';

const stack = inject('stack');
const SITE_DIR = fileURLToPath(new URL('../../site/', import.meta.url));
const PUBLISH_DIR = fileURLToPath(new URL('..', import.meta.url));
const WORKER = fileURLToPath(new URL('../src/build-worker.ts', import.meta.url));
/** What the site logs when a primed build has bundled and waits (site/src/integrations/primed-sync.ts). */
const WAITING = 'the content sync waits until the build is asked for';

describe('a primed build in the warm worker', () => {
  let work: string;
  let builder: SiteBuilder;
  const lines: string[] = [];
  let builds = 0;

  /** A scoped build of one article's pages into a fresh out folder; its article page's HTML. */
  const build = async (documentId: string, slug: string, caches = 'cache') => {
    const id = `test-${++builds}`;
    const scope: ScopeFile = { articles: [{ documentId }], extra: [] };
    const scopeFile = path.join(work, 'scopes', `${id}.json`);
    await writeFile(scopeFile, JSON.stringify(scope));
    const request: BuildRequest = {
      id,
      outDir: path.join(work, 'builds', id),
      cacheDir: path.join(work, caches),
      imageCacheDir: path.join(work, 'images'),
      scopeFile,
      timeoutMs: 120_000,
    };
    const report = await builder.build(request);
    const page = await readFile(path.join(request.outDir, 'client', 'news', slug, 'index.html'), 'utf8');
    return { report, page };
  };

  beforeAll(async () => {
    // Inside the workspace, as the service's work folder: the prerender bundle imports packages from node_modules.
    await mkdir(path.join(PUBLISH_DIR, '.tmp'), { recursive: true });
    work = await mkdtemp(path.join(PUBLISH_DIR, '.tmp', 'primed-'));
    for (const dir of ['scopes', 'builds']) await mkdir(path.join(work, dir));
    builder = new SiteBuilder({
      siteDir: SITE_DIR,
      fullBuildHeapMb: 2048,
      warm: true,
      prime: true,
      resultDir: path.join(work, 'results'),
      log: (line) => lines.push(line),
      env: { ...process.env, STRAPI_URL: stack.strapiUrl, STRAPI_SITE_TOKEN: stack.siteToken, SITE_URL: stack.siteUrl },
    });
  });

  afterAll(async () => {
    await builder?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('renders what the CMS holds when it is asked for; other caches or a dead worker cost a fresh worker, and it cleans up after itself', async () => {
    const title = `Паром ${Date.now()}: первый рейс`;
    const { documentId } = await rest(stack).create('articles', articleData(title), { locale: 'ru' });
    const slug = await slugOf(stack, documentId);

    const first = await build(documentId, slug);
    expect(first.report.mode).toBe('warm');
    expect(first.page).toContain(`<title>${title} — `);

    // The next build is primed now. Let its start-up finish (it then waits at the gate), then change the article.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const renamed = `Паром ${Date.now()}: рейс перенесён`;
    await rest(stack).update('articles', documentId, { title: renamed }, { locale: 'ru' });

    const second = await build(documentId, slug);
    expect(second.report.mode).toBe('primed');
    expect(second.page).toContain(`<title>${renamed} — `);
    expect(second.page).not.toContain(`<title>${title} — `);
    expect(second.report.sync).toMatchObject({ articles: { mode: 'scoped' } });
    expect(second.report.phases?.render).toBeGreaterThan(0);

    // Another content cache than the primed build's: the worker is replaced, the build is right.
    const third = await build(documentId, slug, 'other-cache');
    expect(third.report.mode).toBe('warm');
    expect(third.page).toContain(`<title>${renamed} — `);
    expect(lines.some((line) => line.includes('build test-3: not the primed build') && line.includes('other folders'))).toBe(true);

    // The worker dies while its primed build waits: the next build finds out and starts another.
    const pids = () => lines.flatMap((line) => /build worker started \(pid (\d+)\)/.exec(line)?.[1] ?? []).map(Number);
    const pid = pids().at(-1);
    expect(pid).toBeDefined();
    await waitUntil(
      'the worker primes its next build',
      async () => lines.at(-1)?.startsWith('primed the next scoped build') ?? false,
      30_000,
    );
    process.kill(pid ?? 0, 'SIGKILL');
    await waitUntil(
      'the worker is gone',
      async () => {
        try {
          process.kill(pid ?? 0, 0);
          return false;
        } catch {
          return true;
        }
      },
      10_000,
    );
    const fourth = await build(documentId, slug, 'other-cache');
    expect(fourth.report.mode).toBe('warm');
    expect(fourth.page).toContain(`<title>${renamed} — `);
    expect(
      lines.some((line) => line.includes('build test-4: not the primed build') && line.includes('ended before it was asked for')),
    ).toBe(true);
    expect(pids().length).toBe(3);

    // Closed: no primed build's folders left behind, no worker left running.
    await builder.close();
    expect((await readdir(path.join(work, 'builds'))).filter((dir) => dir.startsWith('primed-'))).toEqual([]);
    expect((await readdir(path.join(work, 'scopes'))).filter((file) => file.startsWith('primed-'))).toEqual([]);
    expect(() => process.kill(pids().at(-1) ?? 0, 0)).toThrow();
  });
});

/** A new published article, and a work folder (inside the workspace) with a scope file of just its pages. */
async function articleInScope(title: string, prefix: string) {
  const { documentId } = await rest(stack).create('articles', articleData(title), { locale: 'ru' });
  const slug = await slugOf(stack, documentId);
  await mkdir(path.join(PUBLISH_DIR, '.tmp'), { recursive: true });
  const dir = await mkdtemp(path.join(PUBLISH_DIR, '.tmp', prefix));
  const scopeFile = path.join(dir, 'scope.json');
  await writeFile(scopeFile, JSON.stringify({ articles: [{ documentId }], extra: [] } satisfies ScopeFile));
  return { documentId, slug, dir, scopeFile };
}

describe('the warm worker, driven by its messages', () => {
  it('bundles a primed build before it is asked for, and reads the CMS only after', async () => {
    const { documentId, slug, dir, scopeFile } = await articleInScope(`Паром ${Date.now()}: расписание`, 'worker-');
    const child = fork(WORKER, [], {
      cwd: SITE_DIR,
      env: {
        ...process.env,
        STRAPI_URL: stack.strapiUrl,
        STRAPI_SITE_TOKEN: stack.siteToken,
        SITE_URL: stack.siteUrl,
        TILSHI_SITE_DIR: SITE_DIR,
        FORCE_COLOR: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      execArgv: [],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const messages: Array<{ type?: string; ok?: boolean }> = [];
    child.on('message', (message) => messages.push(message as { type?: string }));
    try {
      await waitUntil('the worker is ready', async () => messages.some((m) => m.type === 'ready'), 60_000);
      child.send({
        type: 'prime',
        id: 'p1',
        env: {
          TILSHI_OUT_DIR: path.join(dir, 'out'),
          TILSHI_CACHE_DIR: path.join(dir, 'cache'),
          TILSHI_IMAGE_CACHE_DIR: path.join(dir, 'images'),
          TILSHI_BUILD_SCOPE: scopeFile,
          TILSHI_SEARCH_INDEX: 'off',
        },
      });
      await waitUntil('the primed build has bundled the site', async () => output.includes(WAITING), 120_000);
      // Bundled, and nothing read of the CMS's articles yet: the edit made now is what it renders.
      expect(output).toContain('Building server entrypoints');
      expect(output).not.toContain('articles: scoped sync');
      expect(messages.some((m) => m.type === 'done')).toBe(false);
      const renamed = `Паром ${Date.now()}: расписание изменено`;
      await rest(stack).update('articles', documentId, { title: renamed }, { locale: 'ru' });

      child.send({ type: 'go', id: 'p1' });
      await waitUntil('the build ends', async () => messages.some((m) => m.type === 'done'), 120_000);
      expect(
        messages.find((m) => m.type === 'done'),
        output.slice(-3000),
      ).toMatchObject({ ok: true });
      const page = await readFile(path.join(dir, 'out', 'client', 'news', slug, 'index.html'), 'utf8');
      expect(page).toContain(`<title>${renamed} — `);
      const at = (text: string) => output.indexOf(text);
      expect(at('Building server entrypoints')).toBeLessThan(at(WAITING));
      expect(at(WAITING)).toBeLessThan(at('build p1 asked for'));
      expect(at('build p1 asked for')).toBeLessThan(at('articles: scoped sync'));
    } finally {
      child.kill();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('a cold build that runs out of its heap', () => {
  it('is built again once with the larger heap and says so; without one, or failing for another reason, it fails once', async () => {
    const title = `Паром ${Date.now()}: зимний рейс`;
    const { slug, dir, scopeFile } = await articleInScope(title, 'heap-');
    const lines: string[] = [];
    // 32 MB: Astro dies of it while it starts (Node: "JavaScript heap out of memory").
    const coldBuilder = (firstMb: number, maxMb?: number) =>
      new SiteBuilder({
        siteDir: SITE_DIR,
        fullBuildHeapMb: firstMb,
        ...(maxMb ? { fullBuildHeapMaxMb: maxMb } : {}),
        warm: false,
        prime: false,
        resultDir: path.join(dir, 'results'),
        log: (line) => lines.push(line),
        env: { ...process.env, STRAPI_URL: stack.strapiUrl, STRAPI_SITE_TOKEN: stack.siteToken, SITE_URL: stack.siteUrl },
      });
    const request = (id: string, scope = scopeFile): BuildRequest => ({
      id,
      outDir: path.join(dir, id),
      cacheDir: path.join(dir, 'cache'),
      imageCacheDir: path.join(dir, 'images'),
      scopeFile: scope,
      timeoutMs: 120_000,
    });
    try {
      const report = await coldBuilder(32, 2048).build(request('heap-1'));
      expect(report.mode).toBe('cold');
      expect(await readFile(path.join(dir, 'heap-1', 'client', 'news', slug, 'index.html'), 'utf8')).toContain(`<title>${title} — `);
      expect(
        lines.filter((line) => line.startsWith('build heap-1 ran out of its 32 MB heap: building it again with 2048 MB')),
      ).toHaveLength(1);

      await expect(coldBuilder(32).build(request('heap-2'))).rejects.toThrow(
        /build heap-2 failed: astro build ran out of its 32 MB heap \(SIGABRT; PUBLISH_FULL_BUILD_HEAP_MB/,
      );
      // A build that fails for another reason (its scope file is not there) is not built again.
      await expect(coldBuilder(2048, 4096).build(request('heap-3', path.join(dir, 'missing.json')))).rejects.toThrow(/build heap-3 failed/);
      expect(lines.filter((line) => line.includes('ran out of its'))).toHaveLength(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('a partition of a full build beside its lead', () => {
  it("has a partition of a full build wait for its lead's store, fetch nothing, and end at once when stopped", async () => {
    await mkdir(path.join(PUBLISH_DIR, '.tmp'), { recursive: true });
    const dir = await mkdtemp(path.join(PUBLISH_DIR, '.tmp', 'partition-'));
    const lines: string[] = [];
    const coldBuilder = new SiteBuilder({
      siteDir: SITE_DIR,
      fullBuildHeapMb: 2048,
      warm: false,
      prime: false,
      resultDir: path.join(dir, 'results'),
      log: (line) => lines.push(line),
      env: { ...process.env, STRAPI_URL: stack.strapiUrl, STRAPI_SITE_TOKEN: stack.siteToken, SITE_URL: stack.siteUrl },
    });
    const stop = new AbortController();
    const started = Date.now();
    const building = coldBuilder.build({
      id: 'partition-1',
      outDir: path.join(dir, 'out'),
      cacheDir: path.join(dir, 'cache-p1'),
      imageCacheDir: path.join(dir, 'images'),
      timeoutMs: 120_000,
      partition: { index: 1, count: 2 },
      sharedStore: { ready: path.join(dir, 'ready'), from: path.join(dir, 'cache', 'data-store.json') },
      signal: stop.signal,
    });
    const outcome = building.then(
      () => 'built',
      (error: unknown) => error,
    );
    try {
      // Long enough for Astro to start and its loaders to wait: with no lead, nothing ends.
      const early = await Promise.race([outcome, new Promise((resolve) => setTimeout(() => resolve('waiting'), 8_000))]);
      expect(early).toBe('waiting');
      stop.abort(new Error('the lead partition failed: test'));
      const error = await outcome;
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(/build partition-1 failed: stopped: the lead partition failed: test/);
      expect(Date.now() - started).toBeLessThan(60_000);
      // It waited for the lead; it never fetched the articles nor wrote pages.
      const log = (error as { log?: string }).log ?? '';
      expect(log).toContain('Syncing content');
      expect(log).not.toMatch(/articles: (full|incremental)/);
      await expect(readdir(path.join(dir, 'out', 'client'))).rejects.toThrow(/ENOENT/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
