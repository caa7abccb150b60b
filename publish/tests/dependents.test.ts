/**
 * Editing a tag, a credit or any other shared entity rebuilds the pages that
 * show it — its own page and the article pages carrying it — as scoped
 * builds, never a full build; a large fan-out runs in background chunks
 * beside the publishes (@tilshi/testing/publish-stack runs the service with
 * PUBLISH_CHUNK_PAGES=4 and a PUBLISH_CHUNK_GATE the tests can hold chunks with).
 */
import { chunkGateOf, waitQuiet } from '@tilshi/testing/publish-stack';
import { access, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { articleData, LIVE_WITHIN_MS, publishStatus, rest, served, slugOf, waitServed, waitUntil } from './helpers.ts';

const stack = inject('stack');

/** The article versions the scoped builds rendered since `line` (the release's index-delta.jsonl). */
async function renderedSince(line: number): Promise<{ lines: number; articles: Array<{ documentId: string; publishedAt: string }> }> {
  const file = path.join(stack.liveDir, 'current', 'index-delta.jsonl');
  const lines = (await readFile(file, 'utf8').catch(() => '')).split('\n').filter((each) => each.trim() !== '');
  const delta = z.object({ articles: z.array(z.object({ documentId: z.string(), publishedAt: z.string() })) });
  return { lines: lines.length, articles: lines.slice(line).flatMap((each) => delta.parse(JSON.parse(each)).articles) };
}

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

async function createTag(name: string, slug: string): Promise<string> {
  return (await rest(stack).create('tags', { name, slug }, { locale: 'ru' })).documentId;
}

async function articleWithTag(title: string, tag: string): Promise<{ documentId: string; slug: string }> {
  const { documentId } = await rest(stack).create('articles', articleData(title, { tags: [tag] }), { locale: 'ru' });
  return { documentId, slug: await slugOf(stack, documentId) };
}

describe('editing a shared entity', () => {
  it('renames a tag on its page and on the article pages carrying it, in a scoped build that renders only those articles', async () => {
    const stamp = Date.now();
    const tag = await createTag(`Паромы ${stamp}`, `paromy-${stamp}`);
    const a1 = await articleWithTag(`Паром ${stamp}: первый рейс`, tag);
    const a2 = await articleWithTag(`Паром ${stamp}: второй рейс`, tag);
    const other = await rest(stack).create('articles', articleData(`Без тега ${stamp}`), { locale: 'ru' });
    await waitServed(stack, `/tag/paromy-${stamp}/`, `Паромы ${stamp}`);
    await waitServed(stack, `/news/${a2.slug}/`, `Паромы ${stamp}`);
    await waitQuiet(stack);
    const before = await renderedSince(0);
    const renamedAt = Date.now();

    await rest(stack).update('tags', tag, { name: `Паромная переправа ${stamp}` }, { locale: 'ru' });
    await waitServed(stack, `/tag/paromy-${stamp}/`, `Паромная переправа ${stamp}`);
    for (const article of [a1, a2]) await waitServed(stack, `/news/${article.slug}/`, `Паромная переправа ${stamp}`);
    const status = await waitQuiet(stack);

    const builds = status.recent.filter((build) => Date.parse(build.startedAt) >= renamedAt);
    expect(builds.some((build) => build.kind === 'scoped' && build.ok && build.trigger.some((t) => t.includes(`tag ${tag}`)))).toBe(true);
    expect(builds.filter((build) => build.kind === 'full')).toEqual([]);
    // The articles it rendered: the two carrying the tag, and none of the archive (the scope's `since` rule may add
    // articles published in the minute before the build, such as the one without the tag: their pages are current anyway).
    const { articles } = await renderedSince(before.lines);
    const rendered = new Set(articles.map((article) => article.documentId));
    expect(rendered).toContain(a1.documentId);
    expect(rendered).toContain(a2.documentId);
    const older = articles.filter((article) => Date.parse(article.publishedAt) < stamp - 60_000);
    expect(older, 'articles of the archive rendered by the rename').toEqual([]);
    expect(other.documentId).toBeTruthy();
  });

  it('moves a tag page whose slug changed (the old address answers 404) and removes the page of a deleted tag and its links', async () => {
    const stamp = Date.now();
    const tag = await createTag(`Каспий ${stamp}`, `kaspiy-${stamp}`);
    const article = await articleWithTag(`Каспий ${stamp}: уровень моря`, tag);
    await waitServed(stack, `/news/${article.slug}/`, `/tag/kaspiy-${stamp}/`);

    await rest(stack).update('tags', tag, { slug: `kaspiyskoe-more-${stamp}` }, { locale: 'ru' });
    await waitServed(stack, `/tag/kaspiyskoe-more-${stamp}/`, `Каспий ${stamp}`);
    await waitServed(stack, `/news/${article.slug}/`, `/tag/kaspiyskoe-more-${stamp}/`);
    await waitUntil(
      'the old tag page to be gone',
      async () => (await served(stack, `/tag/kaspiy-${stamp}/`)).status === 404,
      LIVE_WITHIN_MS,
      100,
    );

    await rest(stack).remove('tags', tag, { locale: 'ru' });
    await waitUntil(
      'the deleted tag’s page to be gone',
      async () => (await served(stack, `/tag/kaspiyskoe-more-${stamp}/`)).status === 404,
      LIVE_WITHIN_MS,
      100,
    );
    await waitQuiet(stack);
    const page = await served(stack, `/news/${article.slug}/`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain(`kaspiyskoe-more-${stamp}`);
    expect(page.text).not.toContain(`Каспий ${stamp}</a>`);
  });

  it('rebuilds a tag on many articles in background chunks beside the publishes: a publish overtakes a chunk, and the chunk never puts back older content', async () => {
    const stamp = Date.now();
    const tag = await createTag(`Ветер ${stamp}`, `veter-${stamp}`);
    const articles = [];
    for (let i = 1; i <= 7; i += 1) articles.push(await articleWithTag(`Ветер ${stamp}: станция ${i}`, tag));
    for (const article of articles) await waitServed(stack, `/news/${article.slug}/`, `Ветер ${stamp}`);
    await waitQuiet(stack);

    // The first chunk is held once rendered (PUBLISH_CHUNK_GATE): it read the CMS before the edit below.
    const gate = chunkGateOf(stack);
    await writeFile(gate, 'held by dependents.test.ts');
    try {
      const renamedAt = Date.now();
      await rest(stack).update('tags', tag, { name: `Ветроэнергетика ${stamp}` }, { locale: 'ru' });
      // 7 article pages + the tag page > 4 per chunk: the tag page goes live at once (the head, a tenth of a chunk), the
      // 7 article pages in a background job, seen in /status with its progress.
      const job = await waitUntil(
        'a background job for the tag',
        async () => (await publishStatus(stack)).queue.background.find((each) => each.label.includes(tag)),
        30_000,
        50,
      );
      expect(job).toMatchObject({ subject: 'tag', total: 7 });
      await waitUntil('the first chunk to be rendered and held', () => exists(`${gate}.held`), LIVE_WITHIN_MS, 50);
      // The tag's own page went live with the batch that planned the job, not with a chunk.
      await waitServed(stack, `/tag/veter-${stamp}/`, `Ветроэнергетика ${stamp}`, 1_000);

      // Meanwhile a new article, and an edit of the newest article carrying the tag (in the held chunk: the chunks
      // take the newest articles first). Both go live while the chunk waits: publishes never wait for a chunk.
      const breaking = await rest(stack).create('articles', articleData(`Срочно ${stamp}: шторм`), { locale: 'ru' });
      const edited = articles.at(-1)!;
      // Title, lead and text (articleData repeats the title in them): the old title shows nowhere once the edit is live.
      const [oldTitle, newTitle] = [`Ветер ${stamp}: станция 7`, `Ветер ${stamp}: новые данные седьмой станции`];
      await rest(stack).update('articles', edited.documentId, articleData(newTitle, { tags: [tag] }), { locale: 'ru' });
      await waitServed(stack, `/news/${await slugOf(stack, breaking.documentId)}/`, `Срочно ${stamp}`);
      const watched = [`/news/${edited.slug}/`, `/tag/veter-${stamp}/`];
      for (const urlPath of watched) await waitServed(stack, urlPath, newTitle);
      // The publish rendered the renamed tag too: it read the CMS after the rename.
      expect((await served(stack, `/news/${edited.slug}/`)).text).toContain(`Ветроэнергетика ${stamp}`);
      expect(await exists(`${gate}.held`), 'the chunk still held').toBe(true);

      // The chunk goes on with its older version of the edited article's page: that page must stay as the publish left it.
      await rm(gate);
      const flippedBack: string[] = [];
      const watching = (async () => {
        while ((await publishStatus(stack)).queue.background.length > 0) {
          for (const urlPath of watched) {
            const page = await served(stack, urlPath);
            if (!page.text.includes(newTitle) || page.text.includes(oldTitle)) flippedBack.push(urlPath);
          }
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      })();
      for (const article of articles) await waitServed(stack, `/news/${article.slug}/`, `Ветроэнергетика ${stamp}`);
      await waitServed(stack, `/tag/veter-${stamp}/`, `Ветроэнергетика ${stamp}`);
      const status = await waitQuiet(stack);
      await watching;
      expect(flippedBack, 'pages that showed the old title again after the new one was live').toEqual([]);
      for (const urlPath of watched) {
        const page = (await served(stack, urlPath)).text;
        expect(page).toContain(newTitle);
        expect(page).not.toContain(oldTitle);
        expect(page).toContain(`Ветроэнергетика ${stamp}`);
      }

      const since = status.recent.filter((build) => Date.parse(build.startedAt) >= renamedAt).reverse();
      const chunks = since.filter((build) => build.trigger.some((t) => t.includes(tag) && t.endsWith(' of 7 pages')));
      expect(chunks.length).toBeGreaterThanOrEqual(2);
      expect(chunks.every((build) => build.ok && build.kind === 'scoped')).toBe(true);
      // The publishes started and went live while the first chunk was building (held).
      for (const documentId of [breaking.documentId, edited.documentId]) {
        const publish = since.find((build) => build.trigger.some((t) => t.includes(documentId)));
        expect(publish, `the publish of ${documentId}`).toBeDefined();
        expect(Date.parse(publish!.startedAt)).toBeGreaterThan(Date.parse(chunks[0]!.startedAt));
        expect(Date.parse(publish!.finishedAt)).toBeLessThan(Date.parse(chunks[0]!.finishedAt));
      }
      expect(since.filter((build) => build.kind === 'full')).toEqual([]);
    } finally {
      await rm(gate, { force: true });
    }
  });

  it('shows a renamed photo credit on the pages of the photos it is on', async () => {
    const withCover = z.object({
      documentId: z.string(),
      slug: z.string(),
      cover: z.object({ credit: z.object({ documentId: z.string(), name: z.string() }) }).nullable(),
    });
    const found = await rest(stack).find('articles', { locale: 'ru', populate: { cover: { populate: ['credit'] } } }, withCover);
    const article = found.find((each) => each.cover !== null);
    if (!article?.cover) throw new Error('the seed has no article with a cover photo');
    const creditId = article.cover.credit.documentId;
    const renamed = `${article.cover.credit.name} / Tilshi ${Date.now()}`;
    const startedAt = Date.now();

    await rest(stack).update('credits', creditId, { name: renamed }, {});
    await waitServed(stack, `/news/${article.slug}/`, renamed, 120_000);
    const status = await waitQuiet(stack);
    expect(status.recent.filter((build) => Date.parse(build.startedAt) >= startedAt && build.kind === 'full')).toEqual([]);
  });
});
