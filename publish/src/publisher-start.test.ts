/**
 * A release goes live before its search index is made (the search worker
 * follows it). When the service stopped in between, the next start finds a
 * live release without an index: it indexes it then, and builds nothing.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MANIFEST_VERSION, type BuildManifest } from '@tilshi/shared-types';
import { SEARCH_PARTS_FILE } from '@tilshi/site/search-parts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { LiveTree } from './live.ts';
import { Publisher } from './publisher.ts';
import { INDEX_FILE } from './site-index.ts';

let root: string;
let publisher: Publisher | undefined;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'tilshi-publisher-start-'));
});
afterEach(async () => {
  await publisher?.close();
  publisher = undefined;
  await rm(root, { recursive: true, force: true });
});

describe('the service starting on a live release', () => {
  it('indexes a live release that has no search index yet, without a build', async () => {
    const tree = new LiveTree(path.join(root, 'live'));
    const id = tree.newReleaseId();
    const client = path.join(tree.releaseDir(id), 'client');
    await mkdir(path.join(client, 'news', 'pervaya'), { recursive: true });
    await writeFile(
      path.join(client, 'news', 'pervaya', 'index.html'),
      '<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>Первая</title></head><body><article data-pagefind-body><h1>Первая новость</h1><p>Волонтёры Актау.</p></article></body></html>',
    );
    const manifest: BuildManifest = { version: MANIFEST_VERSION, keys: null, articles: [], days: {}, pages: {} };
    await writeFile(path.join(tree.releaseDir(id), INDEX_FILE), JSON.stringify(manifest));
    await tree.activate(id);

    const logs: string[] = [];
    const config = loadConfig({
      PUBLISH_WEBHOOK_SECRET: 'start-test-secret',
      STRAPI_SITE_TOKEN: 'unused: nothing is built',
      PUBLISH_LIVE_DIR: path.join(root, 'live'),
      PUBLISH_WORK_DIR: path.join(root, 'work'),
      PUBLISH_INITIAL_BUILD: 'if-missing',
      PUBLISH_WARM_BUILDER: 'false',
      PUBLISH_FULL_BUILD_AT: '',
    });
    publisher = new Publisher(config, (line) => logs.push(line));
    await publisher.start();
    expect(logs.join('\n')).toContain(`live release ${id} has no search index yet: indexing it`);

    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && (publisher.search.state().running || publisher.search.state().pendingSince !== null))
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(publisher.search.state()).toMatchObject({ running: false, pendingSince: null, lastPages: 1, lastError: null });
    const toc = JSON.parse(await readFile(path.join(client, 'pagefind', SEARCH_PARTS_FILE), 'utf8')) as {
      languages: Record<string, string[]>;
    };
    expect(Object.keys(toc.languages)).toEqual(['ru']);
    // Nothing else happened: no build was asked for, the release is still the live one.
    expect(publisher.status().queue.full).toBe(false);
    expect((await tree.current())?.id).toBe(id);
  });
});
