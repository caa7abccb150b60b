/**
 * Convergence: after a sequence of scoped publishes, edits (title, rubric,
 * tags, slug), a new translation, a new archive day and month and their
 * removal, unpublishes and a deleted translation, and edits of entities
 * (a tag renamed and moved to a new slug, an organization renamed, another
 * added to an event: their dependents only), the live tree equals a fresh full build of the
 * same content, file for file (the search index, refreshed asynchronously,
 * and the content-hashed assets are compared separately). The full build
 * then goes live as a new release, and rollback returns to the previous one.
 */
import { waitQuiet } from '@tilshi/testing/publish-stack';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import {
  articleData,
  fullBuildAfter,
  LIVE_WITHIN_MS,
  publishStatus,
  requestFullBuild,
  rest,
  served,
  slugOf,
  unpublishInPanel,
  waitServed,
  waitUntil,
} from './helpers.ts';

const stack = inject('stack');

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

const pages = (files: string[]) => files.filter((file) => !file.startsWith('pagefind/') && !file.startsWith('_astro/'));

async function idOf(api: string, slug: string): Promise<string> {
  const found = await rest(stack).findFirst(api, { filters: { slug }, locale: 'ru' });
  if (!found) throw new Error(`no ${api} ${slug}`);
  return found.documentId;
}

describe('scoped publishing converges', () => {
  it('to the same live tree as a fresh full build, which then goes live as a new release and can be rolled back', async () => {
    const api = rest(stack);
    const stamp = Date.now();
    const [society, politics, ngoTag, akimatTag] = await Promise.all([
      idOf('rubrics', 'obshchestvo'),
      idOf('rubrics', 'politika'),
      idOf('tags', 'npo'),
      idOf('tags', 'akimat'),
    ]);

    // A: published in one rubric, then edited: title, rubric and tags.
    const a = await api.create('articles', articleData(`Конвергенция A ${stamp}`, { rubric: society, tags: [ngoTag] }), { locale: 'ru' });
    const aSlug = await slugOf(stack, a.documentId);
    await waitServed(stack, `/news/${aSlug}/`, `Конвергенция A ${stamp}`);
    await api.update(
      'articles',
      a.documentId,
      { title: `Конвергенция A ${stamp} (правка)`, rubric: politics, tags: [akimatTag] },
      { locale: 'ru' },
    );
    await waitServed(stack, `/news/${aSlug}/`, '(правка)');

    // B: Russian, then a Kazakh translation, then a new slug.
    const b = await api.create('articles', articleData(`Конвергенция B ${stamp}`), { locale: 'ru' });
    await api.update(
      'articles',
      b.documentId,
      { ...articleData(`Жинақтылық B ${stamp}`), slug: `zhinaqtylyq-b-${stamp}` },
      { locale: 'kk' },
    );
    await waitServed(stack, `/kk/news/zhinaqtylyq-b-${stamp}/`, `Жинақтылық B ${stamp}`);
    await api.update('articles', b.documentId, { slug: `konvergentsiya-b-novyy-${stamp}` }, { locale: 'ru' });
    await waitServed(stack, `/news/konvergentsiya-b-novyy-${stamp}/`, `Конвергенция B ${stamp}`);

    // C: alone in a day and month of its own (a new archive day, month and day sitemap), then unpublished (they go away).
    const c = await api.create('articles', articleData(`Конвергенция C ${stamp}`, { publicationDate: '2019-03-15T07:00:00.000Z' }), {
      locale: 'ru',
    });
    await waitServed(stack, '/archive/2019/03/15/', `Конвергенция C ${stamp}`);
    // A build applies its files one at a time: read the month and the index once it has applied them all.
    await waitQuiet(stack, { quietMs: 500 });
    expect((await served(stack, '/archive/2019/03/')).text).toContain('href="/archive/2019/03/15/"');
    expect((await served(stack, '/sitemap-index.xml')).text).toContain('news-2019-03-15.xml');

    // D: an article of a new event organized by a new organization, with a new tag; then the entities change.
    const org1 = await api.create(
      'organizations',
      { name: `ОФ «Берег» ${stamp}`, slug: `bereg-${stamp}`, legalForm: 'public_fund' },
      { locale: 'ru' },
    );
    const org2 = await api.create(
      'organizations',
      { name: `ОЮЛ «Маяк» ${stamp}`, slug: `mayak-${stamp}`, legalForm: 'oyul' },
      { locale: 'ru' },
    );
    const event = await api.create(
      'ngo-events',
      { title: `Субботник ${stamp}`, slug: `subbotnik-${stamp}`, kind: 'open_day', startDate: '2026-11-20', organizers: [org1.documentId] },
      { locale: 'ru' },
    );
    const tag = await api.create('tags', { name: `Берег ${stamp}`, slug: `bereg-teg-${stamp}` }, { locale: 'ru' });
    const d = await api.create('articles', articleData(`Конвергенция D ${stamp}`, { event: event.documentId, tags: [tag.documentId] }), {
      locale: 'ru',
    });
    const dSlug = await slugOf(stack, d.documentId);
    await waitServed(stack, `/news/${dSlug}/`, `ОФ «Берег» ${stamp}`);
    await api.update('tags', tag.documentId, { name: `Чистый берег ${stamp}`, slug: `chistyy-bereg-${stamp}` }, { locale: 'ru' });
    await api.update('organizations', org1.documentId, { name: `ОФ «Чистый берег» ${stamp}` }, { locale: 'ru' });
    await api.update('ngo-events', event.documentId, { supporters: [org2.documentId] }, { locale: 'ru' });
    await waitServed(stack, `/news/${dSlug}/`, `ОФ «Чистый берег» ${stamp}`);
    await waitServed(stack, `/news/${dSlug}/`, `/tag/chistyy-bereg-${stamp}/`);
    await waitServed(stack, `/organizations/mayak-${stamp}/`, `Субботник ${stamp}`);

    // Unpublish A and C in the panel; delete B's Kazakh version.
    await unpublishInPanel(stack, a.documentId, 'ru');
    await unpublishInPanel(stack, c.documentId, 'ru');
    await api.remove('articles', b.documentId, { locale: 'kk' });
    await waitUntil(
      'the unpublished pages to be gone',
      async () =>
        (await served(stack, '/archive/2019/03/15/')).status === 404 &&
        (await served(stack, '/archive/2019/03/')).status === 404 &&
        (await served(stack, '/sitemaps/news-2019-03-15.xml')).status === 404 &&
        (await served(stack, `/news/${aSlug}/`)).status === 404,
      LIVE_WITHIN_MS,
    );
    await waitUntil(
      'the Kazakh version to be gone',
      async () => (await served(stack, `/kk/news/zhinaqtylyq-b-${stamp}/`)).status === 404,
      LIVE_WITHIN_MS,
    );
    const settled = await waitQuiet(stack, { quietMs: 1_500 });
    expect(settled.recent.slice(0, 5).every((build) => build.ok)).toBe(true);

    // The live tree now, against a fresh full build of the same content.
    const scopedRelease = settled.live.release;
    if (!scopedRelease) throw new Error('no live release');
    const { full, status: rebuilt } = await fullBuildAfter(stack, await requestFullBuild(stack));
    expect(full.ok, full.reason ?? '').toBe(true);
    const fullRelease = rebuilt.live.release;
    expect(fullRelease).not.toBe(scopedRelease);
    const scopedClient = path.join(stack.liveDir, 'releases', scopedRelease, 'client');
    const fullClient = path.join(stack.liveDir, 'releases', fullRelease ?? '', 'client');
    const scopedFiles = pages(await listFiles(scopedClient));
    const fullFiles = pages(await listFiles(fullClient));
    expect(scopedFiles).toEqual(fullFiles);
    const different: string[] = [];
    for (const file of fullFiles) {
      const [x, y] = await Promise.all([readFile(path.join(scopedClient, file)), readFile(path.join(fullClient, file))]);
      if (!x.equals(y)) different.push(file);
    }
    expect(different).toEqual([]);
    // The full build ran in two partitions merged into one release, with one content sync: the second
    // partition's own store holds no article, its pages read the first one's.
    const articlesIn = async (cache: string) => {
      const store = await readFile(path.join(stack.workDir, cache, 'data-store.json'), 'utf8');
      return (store.match(/"(ru|kk):[a-z0-9]{20,}"/g) ?? []).length;
    };
    expect(await articlesIn('full-cache')).toBeGreaterThan(0);
    expect(await articlesIn('full-cache-p1')).toBe(0);
    // It went live with the
    // scoped release's search index (linked) and the search worker re-indexed it once it was live.
    expect(await listFiles(path.join(fullClient, 'pagefind'))).toContain('parts.json');
    const fullRecord = rebuilt.recent.find((build) => build.kind === 'full' && build.release === fullRelease);
    const reindexed = await waitUntil(
      'the search index of the full release',
      async () => {
        const { search } = await publishStatus(stack);
        return !search.running && search.pendingSince === null && (search.lastIndexedAt ?? '') > (fullRecord?.finishedAt ?? '~')
          ? search
          : undefined;
      },
      60_000,
      250,
    );
    expect(reindexed.lastError).toBeNull();
    expect(reindexed.lastPages).toBeGreaterThan(0);
    expect((await served(stack, '/pagefind/parts.json')).status).toBe(200);
    // Every asset a live page refers to is there.
    const assets = new Set((await listFiles(path.join(scopedClient, '_astro'))).map((file) => `/_astro/${file}`));
    for (const file of scopedFiles.filter((f) => f.endsWith('.html'))) {
      for (const [ref] of (await readFile(path.join(scopedClient, file), 'utf8')).matchAll(/\/_astro\/[^"' ,)]+/g))
        expect(assets, `${file} → ${ref}`).toContain(ref);
    }
    // What readers get from the new release, and the old one after a rollback.
    expect((await served(stack, `/news/konvergentsiya-b-novyy-${stamp}/`)).text).toContain(`Конвергенция B ${stamp}`);
    const rollback = await fetch(`${stack.publishUrl}/rollback`, {
      method: 'POST',
      headers: { 'X-Tilshi-Webhook-Secret': stack.webhookSecret },
    });
    expect(rollback.status).toBe(200);
    expect(z.object({ release: z.string() }).parse(await rollback.json()).release).toBe(scopedRelease);
    expect((await publishStatus(stack)).live.release).toBe(scopedRelease);
    expect((await served(stack, `/news/konvergentsiya-b-novyy-${stamp}/`)).status).toBe(200);
    // The old release's search index was not touched by the re-index of the one that shared its files.
    expect((await served(stack, '/pagefind/parts.json')).status).toBe(200);
  });
});
