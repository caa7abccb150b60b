/**
 * CI mode at archive scale, as the workflow runs it (.github/workflows/publish.yml):
 * `cli.ts full-build` once, then for each repository_dispatch `cli.ts apply`
 * (the batch the service relayed, ci-payload.ts) on the live tree kept from the
 * last run, and `cli.ts deploy`, which sends only the files that changed to the
 * static host (here a folder). Same Strapi as the other publish tests; its own
 * live tree, work folder and host.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildRecordSchema } from '@tilshi/shared-types';
import { payloadOfBatch } from '../src/ci-payload.ts';
import { batchOf, type Batch } from '../src/queue.ts';
import type { EntityRef } from '../src/webhook.ts';
import { PUBLISH_DIR } from '@tilshi/testing/publish-stack';
import { articleData, rest, slugOf, unpublishInPanel } from './helpers.ts';

const stack = inject('stack');
const run = promisify(execFile);
const CLI = path.join(PUBLISH_DIR, 'src', 'cli.ts');

let root: string;
let host: string;
let env: NodeJS.ProcessEnv;
let events = 0;
let firstBuild = '';

async function cli(...args: string[]): Promise<string> {
  try {
    const { stdout } = await run(process.execPath, [CLI, ...args], { env, cwd: path.dirname(PUBLISH_DIR), maxBuffer: 20_000_000 });
    return stdout;
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `cli.ts ${args.join(' ')} failed: ${failed.message}\n${(failed.stdout ?? '').slice(-3000)}\n${(failed.stderr ?? '').slice(-2000)}`,
      { cause: error },
    );
  }
}

/** What GitHub writes to GITHUB_EVENT_PATH for the service's dispatch of this batch. */
async function dispatched(batch: Partial<Batch>): Promise<string> {
  const full = batchOf({ id: ++events, kind: 'scoped', reasons: ['test'], ...batch });
  const file = path.join(root, `event-${events}.json`);
  await writeFile(file, JSON.stringify({ action: 'strapi-publish', client_payload: payloadOfBatch(full) }));
  return file;
}

/** What `apply --report` writes: the run's build records, as /status shows them. */
const applyReport = z.object({ records: z.array(buildRecordSchema) });

/** Applies a dispatch and deploys; returns the kinds of the builds it ran and the deploy's lists. */
async function applyAndDeploy(batch: Partial<Batch>): Promise<{ kinds: string[]; changed: string[]; deleted: string[] }> {
  const report = path.join(root, `report-${events + 1}.json`);
  await cli('apply', await dispatched(batch), '--report', report);
  const { records } = applyReport.parse(JSON.parse(await readFile(report, 'utf8')));
  expect(records.filter((record) => !record.ok)).toEqual([]);
  await cli('deploy', '--to', host);
  const list = async (name: string) => (await readFile(path.join(root, 'work', 'deploy', name), 'utf8')).split('\n').filter(Boolean);
  return { kinds: records.map((record) => record.kind), changed: await list('changed.txt'), deleted: await list('deleted.txt') };
}

beforeAll(async () => {
  await mkdir(path.join(PUBLISH_DIR, '.tmp'), { recursive: true });
  root = await mkdtemp(path.join(PUBLISH_DIR, '.tmp', 'ci-'));
  host = path.join(root, 'host');
  env = {
    ...process.env,
    STRAPI_URL: stack.strapiUrl,
    STRAPI_SITE_TOKEN: stack.siteToken,
    SITE_URL: stack.siteUrl,
    PUBLISH_LIVE_DIR: path.join(root, 'live'),
    PUBLISH_WORK_DIR: path.join(root, 'work'),
    PUBLISH_KEEP_RELEASES: '1',
    PUBLISH_FULL_BUILD_WORKERS: '1',
  };
  firstBuild = await cli('full-build');
  await cli('deploy', '--to', host);
}, 600_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('CI mode: a dispatch builds and deploys only what changed', () => {
  it('indexes a one-process full build for search after the build has ended, in parts named by parts.json, and deploys the index', async () => {
    // The build runs with TILSHI_SEARCH_INDEX=off; the service's search worker indexes the release afterwards.
    expect(firstBuild).toMatch(/one process, search index of \d+ pages/);
    const toc = JSON.parse(await readFile(path.join(host, 'pagefind', 'parts.json'), 'utf8')) as { languages: Record<string, string[]> };
    expect(Object.keys(toc.languages).sort()).toEqual(['kk', 'ru']);
    for (const folders of Object.values(toc.languages)) {
      for (const folder of folders) expect((await stat(path.join(host, 'pagefind', folder, 'pagefind-entry.json'))).isFile()).toBe(true);
    }
  });

  it('publishes an article, renames its tag and unpublishes it, each a scoped build whose deploy sends only its pages', async () => {
    const stamp = Date.now();
    const home = path.join(host, 'index.html');
    const seeded = (await readFile(path.join(root, 'work', 'deploy', 'changed.txt'), 'utf8'))
      .split('\n')
      .filter((file) => file.startsWith('news/'));
    expect(seeded.length, 'the first deploy sends every article page').toBeGreaterThan(0);
    const untouchedPage = path.join(host, seeded[0] ?? '');
    const untouchedMtime = (await stat(untouchedPage)).mtimeMs;

    const tag = (await rest(stack).create('tags', { name: `Паромы ${stamp}`, slug: `ci-paromy-${stamp}` }, { locale: 'ru' })).documentId;
    const { documentId } = await rest(stack).create('articles', articleData(`Паром ${stamp} вышел в рейс`, { tags: [tag] }), {
      locale: 'ru',
    });
    const slug = await slugOf(stack, documentId);
    const page = `news/${slug}/index.html`;

    // 1. The publish.
    const published = await applyAndDeploy({
      articles: new Map([[documentId, new Set(['ru' as const])]]),
      pages: new Set([`tag|ru|ci-paromy-${stamp}`]),
    });
    expect(published.kinds).toContain('scoped');
    expect(published.kinds).not.toContain('full');
    expect(published.changed).toContain(page);
    expect(published.changed).toContain('index.html');
    expect(published.changed.filter((file) => file.startsWith('news/'))).toEqual([page]);
    // The search index's old files go (Pagefind writes new content-hashed ones); no page does.
    expect(published.deleted.filter((file) => !file.startsWith('pagefind/'))).toEqual([]);
    expect(await readFile(path.join(host, page), 'utf8')).toContain(`Паром ${stamp} вышел в рейс`);
    expect(await readFile(home, 'utf8')).toContain(`/news/${slug}/`);
    expect((await stat(untouchedPage)).mtimeMs, 'an article page the change does not show is not sent').toBe(untouchedMtime);

    // 2. An entity edit: the tag's page and the article carrying it, nothing else of the archive.
    await rest(stack).update('tags', tag, { name: `Паромная переправа ${stamp}` }, { locale: 'ru' });
    const entity: EntityRef = { type: 'tag', documentId: tag, locale: 'ru' };
    const renamed = await applyAndDeploy({ entities: [entity] });
    expect(renamed.kinds).not.toContain('full');
    expect(renamed.changed).toContain(`tag/ci-paromy-${stamp}/index.html`);
    expect(renamed.changed.filter((file) => file.startsWith('news/'))).toEqual([page]);
    expect(await readFile(path.join(host, page), 'utf8')).toContain(`Паромная переправа ${stamp}`);

    // 3. The unpublish: its page is deleted on the host, the home page no longer links it.
    await unpublishInPanel(stack, documentId);
    const gone = await applyAndDeploy({ articles: new Map([[documentId, null]]) });
    expect(gone.kinds).not.toContain('full');
    expect(gone.deleted).toContain(page);
    await expect(stat(path.join(host, page))).rejects.toThrow(/ENOENT/);
    expect(await readFile(home, 'utf8')).not.toContain(`/news/${slug}/`);

    // 4. Nothing changed: a dispatch whose batch is already live sends nothing.
    const again = await applyAndDeploy({ articles: new Map([[documentId, null]]) });
    expect(again.changed.filter((file) => !file.startsWith('pagefind/'))).toEqual([]);
    expect(again.deleted.filter((file) => !file.startsWith('pagefind/'))).toEqual([]);
  });

  it('builds a full build sharded across jobs (two partitions, merged) that equals the tree the scoped builds kept', async () => {
    const shards = [path.join(root, 'shard-0'), path.join(root, 'shard-1')];
    // Two CI jobs, each rendering its half of the pages; a third merges them and goes live.
    await Promise.all(shards.map((out, index) => cli('full-build', '--partition', `${index}/2`, '--out', out)));
    const merged = await cli('full-build', '--merge', ...shards);
    expect(merged).toMatch(/2 partitions merged, search index of \d+ pages/);
    await cli('deploy', '--to', host);
    const list = async (name: string) => (await readFile(path.join(root, 'work', 'deploy', name), 'utf8')).split('\n').filter(Boolean);
    // Every page the scoped builds kept is what a full build renders: nothing to send but the search index.
    expect((await list('changed.txt')).filter((file) => file.endsWith('.html'))).toEqual([]);
    // Scoped builds never delete images (content-addressed, maybe still linked from a cached page): the full build drops the
    // unpublished article's share cards.
    expect((await list('deleted.txt')).filter((file) => !file.startsWith('pagefind/') && !file.startsWith('_astro/'))).toEqual([]);
    await expect(cli('full-build', '--partition', '2/2', '--out', shards[0] ?? '')).rejects.toThrow(
      /--partition 2\/2: expected I\/N with 0 ≤ I < N/,
    );
  });

  it('refuses an event file that is not a tilshi dispatch, naming it, and changes nothing', async () => {
    const file = path.join(root, 'push-event.json');
    await writeFile(file, JSON.stringify({ ref: 'refs/heads/main', commits: [] }));
    await expect(cli('apply', file)).rejects.toThrow(/push-event\.json is not a tilshi repository_dispatch event/);
  });
});
