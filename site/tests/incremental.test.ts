/**
 * Rebuilding with the same cache folder: the loader fetches only what changed
 * since its sync marker, removes what was deleted, and no image is processed
 * again. Uses its own articles, so the shared build is unaffected.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { buildResultSchema, type BuildResultFile } from '@tilshi/shared-types';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { StrapiClient } from '@tilshi/strapi-client';
import { buildFolder, buildSite, SiteBuildError, type BuildResult } from '@tilshi/testing/site';
import { listFiles, page } from './helpers.ts';

const site = inject('site');
const rest = new StrapiClient({ baseUrl: site.strapi.url, token: site.strapi.writeToken });

async function slugOf(documentId: string): Promise<string> {
  const entry = await rest.findOne('articles', documentId, { locale: 'ru', fields: ['slug'] });
  return String(entry?.slug);
}

/** What a build's loaders did, from its build result file (TILSHI_BUILD_RESULT). */
async function syncOf(resultFile: string): Promise<BuildResultFile['sync']> {
  return buildResultSchema.parse(JSON.parse(await readFile(resultFile, 'utf8'))).sync;
}

describe('a second build with the same cache', () => {
  let folder: Awaited<ReturnType<typeof buildFolder>>;
  let first: BuildResult;
  let second: BuildResult;
  let firstSync: BuildResultFile['sync'];
  let secondSync: BuildResultFile['sync'];
  let secondStarted: number;
  let kept: { documentId: string; slug: string };
  let removedSlug: string;

  beforeAll(async () => {
    const keptRef = await rest.create(
      'articles',
      { title: 'Инкрементальная проверка: исходный заголовок', lead: 'Лид для проверки синхронизации.', ageRating: 'age0' },
      { locale: 'ru' },
    );
    const removedRef = await rest.create(
      'articles',
      { title: 'Инкрементальная проверка: будет удалена', lead: 'Эту статью удалят между сборками.', ageRating: 'age0' },
      { locale: 'ru' },
    );
    kept = { documentId: keptRef.documentId, slug: await slugOf(keptRef.documentId) };
    removedSlug = await slugOf(removedRef.documentId);

    folder = await buildFolder('incremental');
    const options = {
      strapiUrl: site.strapi.url,
      siteToken: site.strapi.siteToken,
      outDir: folder.outDir,
      cacheDir: folder.cacheDir,
      siteUrl: site.siteUrl,
    };
    const resultFile = path.join(folder.root, 'build-result.json');
    first = await buildSite({ ...options, resultFile });
    if (first.code !== 0) throw new SiteBuildError(first);
    firstSync = await syncOf(resultFile);

    await rest.update('articles', kept.documentId, { title: 'Инкрементальная проверка: новый заголовок' }, { locale: 'ru' });
    await rest.remove('articles', removedRef.documentId, { locale: 'ru' });
    secondStarted = Date.now();
    second = await buildSite({ ...options, resultFile });
    if (second.code !== 0) throw new SiteBuildError(second);
    secondSync = await syncOf(resultFile);
  });

  it('loads everything on the first build', () => {
    expect(firstSync.articles).toMatchObject({ mode: 'full', removed: 0 });
    expect(firstSync.articles?.updated).toBeGreaterThan(0);
  });

  it('fetches only the changed article and removes the deleted one on the second', () => {
    expect(secondSync.articles).toMatchObject({ mode: 'incremental', updated: 1, removed: 1 });
    expect(secondSync.rubrics).toMatchObject({ mode: 'incremental', updated: 0, removed: 0 });
  });

  it('renders the change and drops the deleted article’s page', async () => {
    const $ = await page(folder.outDir, `/news/${kept.slug}/`);
    expect($('h1').text()).toBe('Инкрементальная проверка: новый заголовок');
    const files = await listFiles(path.join(folder.outDir, 'client'));
    expect(files).not.toContain(`news/${removedSlug}/index.html`);
    const feed = await readFile(path.join(folder.outDir, 'client', 'rss.xml'), 'utf8');
    expect(feed).not.toContain(removedSlug);
  });

  it('processes no image again', async () => {
    const cache = path.join(folder.cacheDir, 'tilshi-images');
    const entries = (await listFiles(cache)).filter((file) => file.endsWith('.bin'));
    expect(entries.length).toBeGreaterThan(0);
    const rewritten = [];
    for (const file of entries) if ((await stat(path.join(cache, file))).mtimeMs >= secondStarted) rewritten.push(file);
    expect(rewritten).toEqual([]);
    // …and the second build still shipped the images (served from that cache).
    const images = (await listFiles(path.join(folder.outDir, 'client', '_astro'))).filter((file) => /\.(avif|webp|jpg)$/.test(file));
    expect(images.length).toBeGreaterThan(0);
  });
});
