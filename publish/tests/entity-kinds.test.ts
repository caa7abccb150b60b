/**
 * Each kind of shared entity, edited, rebuilds exactly the pages that show
 * it: the live tree is hashed before and after the edit (files, content
 * hashes and modification times), and every file that changed must show the
 * entity, every page that showed it must have changed, and no other file is
 * written — not even rewritten with the same bytes. No full build runs.
 * (Tags, credits, organizations and NGO events: dependents.test.ts and
 * convergence.test.ts.)
 */
import { waitQuiet } from '@tilshi/testing/publish-stack';
import { imageSources } from '@tilshi/testing/site';
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { renderPlaceholderJpeg } from '../../scripts/lib/placeholder-photo.ts';
import {
  articleData,
  buildsSince,
  fullBuildAfter,
  publishStatus,
  requestFullBuild,
  rest,
  served,
  slugOf,
  waitServed,
  waitUntil,
  LIVE_WITHIN_MS,
} from './helpers.ts';

const stack = inject('stack');

type Tree = Map<string, { hash: string; mtimeMs: number }>;

/** Every file of the live site (but the search index, which its own worker refreshes), by content hash and mtime. */
async function liveTree(): Promise<Tree> {
  const client = path.join(stack.liveDir, 'current', 'client');
  const tree: Tree = new Map();
  for (const entry of await readdir(client, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.relative(client, path.join(entry.parentPath, entry.name));
    if (file.startsWith('pagefind/')) continue;
    const full = path.join(client, file);
    const [bytes, info] = await Promise.all([readFile(full), stat(full)]);
    tree.set(file, { hash: createHash('sha256').update(bytes).digest('hex'), mtimeMs: info.mtimeMs });
  }
  return tree;
}

/** What an edit did to the live tree: files added, removed, changed; and any file rewritten with the same bytes. */
function compare(before: Tree, after: Tree): { added: string[]; removed: string[]; changed: string[]; rewritten: string[] } {
  const added = [...after.keys()].filter((file) => !before.has(file));
  const removed = [...before.keys()].filter((file) => !after.has(file));
  const changed: string[] = [];
  const rewritten: string[] = [];
  for (const [file, now] of after) {
    const then = before.get(file);
    if (!then) continue;
    if (then.hash !== now.hash) changed.push(file);
    else if (then.mtimeMs !== now.mtimeMs) rewritten.push(file);
  }
  return { added, removed, changed, rewritten };
}

const readLive = (file: string) => readFile(path.join(stack.liveDir, 'current', 'client', file), 'utf8');
const isText = (file: string) => /\.(html|xml|json|txt)$/.test(file);

/** Requests a full build (`POST /build`, as a deploy does) and waits until it is live and the service is idle. */
async function fullBuild(): Promise<void> {
  const { full } = await fullBuildAfter(stack, await requestFullBuild(stack), LIVE_WITHIN_MS);
  expect(full.ok, full.reason ?? '').toBe(true);
  await waitQuiet(stack);
}

/** Files an edit added are images or share cards (`_astro/`, content-addressed) that a changed page refers to. */
async function expectReferenced(added: string[], changed: string[]): Promise<void> {
  const pages = await Promise.all(changed.filter((file) => file.endsWith('.html')).map(readLive));
  for (const file of added) {
    expect(file, 'an added file').toMatch(/^_astro\/[^/]+\.(webp|avif|jpe?g|png)$/);
    expect(
      pages.some((html) => html.includes(`/${file}`)),
      `${file} is on a changed page`,
    ).toBe(true);
  }
}

/** The text files of the live tree that contain `needle`. */
async function filesShowing(tree: Tree, needle: string): Promise<string[]> {
  const found: string[] = [];
  for (const file of tree.keys()) if (isText(file) && (await readLive(file)).includes(needle)) found.push(file);
  return found;
}

/** A photo to upload (the seed's placeholder: a coloured JPEG with a caption in it). */
async function jpeg(heading: string, background: string): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await renderPlaceholderJpeg({ background, heading, lines: ['Мыс Меловой, Актау'] }));
}

describe('each entity kind, edited, rebuilds exactly its dependents', () => {
  it('an author renamed: their page and the article pages with their byline, nothing else', async () => {
    const stamp = Date.now();
    const slug = `aliya-nurova-${stamp}`;
    const author = await rest(stack).create('authors', { name: `Алия Нурова ${stamp}`, slug });
    const articles = [];
    for (const title of [`Школа в Жанаозене ${stamp}`, `Больница в Бейнеу ${stamp}`]) {
      const { documentId } = await rest(stack).create('articles', articleData(title, { authors: [author.documentId] }), { locale: 'ru' });
      articles.push({ documentId, slug: await slugOf(stack, documentId) });
    }
    for (const article of articles) await waitServed(stack, `/news/${article.slug}/`, `Алия Нурова ${stamp}`);
    await waitServed(stack, `/author/${slug}/`, `Школа в Жанаозене ${stamp}`);
    await waitQuiet(stack);
    const before = await liveTree();
    const showing = (await filesShowing(before, `/author/${slug}/`)).filter((file) => file.endsWith('.html'));
    const renamedAt = Date.now();

    await rest(stack).update('authors', author.documentId, { name: `Алия Нурова-Сейткали ${stamp}` });
    await waitServed(stack, `/author/${slug}/`, `Алия Нурова-Сейткали ${stamp}`);
    for (const article of articles) await waitServed(stack, `/news/${article.slug}/`, `Алия Нурова-Сейткали ${stamp}`);
    const status = await waitQuiet(stack);
    const after = await liveTree();

    const diff = compare(before, after);
    expect(diff.removed).toEqual([]);
    expect(diff.rewritten, 'files written again with the same bytes').toEqual([]);
    await expectReferenced(diff.added, diff.changed);
    // Her page and both articles' pages, and every file that showed her, changed; each changed file shows the new name.
    expect(diff.changed).toEqual(
      expect.arrayContaining([`author/${slug}/index.html`, ...articles.map((a) => `news/${a.slug}/index.html`)]),
    );
    expect(diff.changed).toEqual(expect.arrayContaining(showing));
    for (const file of diff.changed) expect(await readLive(file), file).toContain(`Алия Нурова-Сейткали ${stamp}`);
    expect(buildsSince(status, renamedAt).filter((build) => build.kind === 'full')).toEqual([]);
  });

  it('a photo file replaced in the media library: the articles showing it get the new image, nothing else', async () => {
    const stamp = Date.now();
    const file = await rest(stack).upload(await jpeg('Маяк', '#9fb8c9'), `mayak-${stamp}.jpg`, 'image/jpeg', { alternativeText: 'Маяк' });
    const credit = await rest(stack).create('credits', { name: `Фото: Ерлан Досов ${stamp}` });
    const cover = {
      image: file.id,
      alt: `Маяк на мысе Меловом ${stamp}`,
      caption: `Маяк после ремонта ${stamp}`,
      credit: credit.documentId,
    };
    const { documentId } = await rest(stack).create('articles', articleData(`Маяк на Меловом ${stamp}`, { cover }), { locale: 'ru' });
    const slug = await slugOf(stack, documentId);
    const page = `/news/${slug}/`;
    const first = await waitServed(stack, page, `Маяк после ремонта ${stamp}`);
    // A later article, then a full build (a deploy): the full builds' content store holds the photo's old file,
    // and its sync marker is past the lighthouse article (the later one is the newest change it saw).
    const later = await rest(stack).create('articles', articleData(`Паром в Баку ${stamp}`), { locale: 'ru' });
    await waitServed(stack, `/news/${await slugOf(stack, later.documentId)}/`, `Паром в Баку ${stamp}`);
    await fullBuild();
    const before = await liveTree();
    // The pages that show the photo: its processed images, named after the upload, are on them (listings
    // without photos only link to the article).
    const showing = (await filesShowing(before, `/_astro/${path.basename(file.url, path.extname(file.url))}`)).filter((f) =>
      f.endsWith('.html'),
    );
    expect(showing).toContain(`news/${slug}/index.html`);
    const replacedAt = Date.now();

    const form = new FormData();
    form.append('files', new Blob([await jpeg('Маяк после ремонта', '#c9b89f')], { type: 'image/jpeg' }), `mayak-${stamp}-new.jpg`);
    const replaced = z
      .looseObject({ id: z.number(), url: z.string() })
      .parse(await rest(stack).request('POST', '/api/upload', { query: { id: file.id }, form }));
    // Strapi keeps the file's URL (new bytes under the old name): the site versions its image names by updatedAt.
    expect(replaced.id).toBe(file.id);
    expect(replaced.url).toBe(file.url);
    const now = await waitUntil(
      `${page} to show the new image`,
      async () => {
        const answer = await served(stack, page);
        return answer.status === 200 && imageSources(answer.text) !== imageSources(first) ? answer.text : undefined;
      },
      LIVE_WITHIN_MS,
      100,
    );
    expect(now).toContain(`Маяк после ремонта ${stamp}`);
    const status = await waitQuiet(stack);
    const after = await liveTree();

    const diff = compare(before, after);
    expect(diff.rewritten, 'files written again with the same bytes').toEqual([]);
    expect(diff.removed).toEqual([]);
    // New images only, under new names the changed pages use (an old name is never rewritten).
    expect(diff.added.length).toBeGreaterThan(0);
    await expectReferenced(diff.added, diff.changed);
    // Every page that showed the photo changed; every changed file shows the article.
    expect(diff.changed).toEqual(expect.arrayContaining(showing));
    for (const changed of diff.changed) {
      if (isText(changed)) expect(await readLive(changed), changed).toContain(slug);
      else expect(changed, 'a binary file that changed').toContain(slug);
    }
    expect(buildsSince(status, replacedAt).filter((build) => build.kind === 'full')).toEqual([]);

    // A full build afterwards (a deploy) keeps the new image: its content sync, incremental since the full
    // build before the replacement, fetches the articles whose file changed (no article's updatedAt moved),
    // so the page does not go back to the old image.
    await fullBuild();
    expect(imageSources((await served(stack, page)).text)).toBe(imageSources(now));
  });

  it('a site setting changed (on every page): the home page at once, the rest in a full build beside publishing, Russian pages only', async () => {
    const stamp = Date.now();
    const note = `– быстро, бесплатно и без рекламы (${stamp})`;
    await waitQuiet(stack);
    const before = await liveTree();
    const changedAt = Date.now();

    // The note is on every article page; the age label in every page's masthead (10 characters at most).
    const age = `18+ ${stamp % 10_000}`;
    await rest(stack).request('PUT', '/api/site-setting', {
      query: { locale: 'ru' },
      json: { data: { telegramCtaNote: note, ageLabel: age } },
    });
    // Every page shows the settings: the fan-out is the whole site, which a full build renders cheaper than chunks.
    const full = await waitUntil(
      'the full build for the settings',
      async () => (await publishStatus(stack)).fullBuild ?? undefined,
      30_000,
      50,
    );
    // The home page went live first, in the batch that planned the full build (before it started).
    expect((await served(stack, '/')).text).toContain(`${age}</span>`);
    expect(
      z
        .object({ reasons: z.array(z.string()) })
        .parse(full)
        .reasons.join(' '),
    ).toMatch(/^every page \(entry\.update of api::site-setting\.site-setting.*cheaper as a full build/);
    const breaking = await rest(stack).create('articles', articleData(`Срочно ${stamp}: паром задерживается`), { locale: 'ru' });
    const breakingSlug = await slugOf(stack, breaking.documentId);
    await waitServed(stack, `/news/${breakingSlug}/`, `Срочно ${stamp}`);
    const status = await waitQuiet(stack);
    const after = await liveTree();

    const since = buildsSince(status, changedAt);
    expect(since.filter((build) => build.kind === 'full').map((build) => build.ok)).toEqual([true]);
    expect(status.queue.background).toEqual([]);
    // Every Russian article page has the new note, none the old one; the published-meanwhile article is in the new release.
    const russianArticles = [...after.keys()].filter((file) => file.startsWith('news/') && file.endsWith('/index.html'));
    expect(russianArticles).toContain(`news/${breakingSlug}/index.html`);
    for (const file of russianArticles) {
      const html = await readLive(file);
      expect(html, file).toContain(`${note}</span>`);
      expect(html, file).toContain(`${age}</span>`);
    }
    // The Kazakh pages (their settings did not change) are the same bytes.
    const diff = compare(before, after);
    expect(diff.changed.filter((file) => file.startsWith('kk/'))).toEqual([]);
    expect(diff.changed.filter((file) => file.startsWith('news/')).length).toBeGreaterThan(0);
  });
});
