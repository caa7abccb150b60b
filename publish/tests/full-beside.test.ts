/**
 * A full build (a deploy, the nightly build, POST /build) never holds
 * publishing back: it builds beside the scoped builds, and what they put
 * live meanwhile is in the new release when it switches in — no page goes
 * back to older content.
 */
import { chunkGateOf, waitQuiet } from '@tilshi/testing/publish-stack';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { describe, expect, inject, it } from 'vitest';
import {
  articleData,
  fullBuildAfter,
  LIVE_WITHIN_MS,
  publishStatus,
  requestFullBuild,
  rest,
  served,
  slugOf,
  waitServed,
  waitUntil,
} from './helpers.ts';

const stack = inject('stack');

describe('a full build beside publishing', () => {
  it('lets articles go live while it builds, and switches in a release that has them and their edits', async () => {
    const api = rest(stack);
    const stamp = Date.now();
    const edited = await api.create('articles', articleData(`До полной сборки ${stamp}`), { locale: 'ru' });
    const editedSlug = await slugOf(stack, edited.documentId);
    await waitServed(stack, `/news/${editedSlug}/`, `До полной сборки ${stamp}`);
    await waitQuiet(stack);

    const requested = await requestFullBuild(stack);
    await waitUntil('the full build to start', async () => (await publishStatus(stack)).fullBuild ?? undefined, 30_000, 50);

    const fresh = await api.create('articles', articleData(`Во время полной сборки ${stamp}`), { locale: 'ru' });
    const freshSlug = await slugOf(stack, fresh.documentId);
    await api.update(
      'articles',
      edited.documentId,
      { title: `Правка во время полной сборки ${stamp}`, slug: editedSlug },
      { locale: 'ru' },
    );
    await waitServed(stack, `/news/${freshSlug}/`, `Во время полной сборки ${stamp}`);
    await waitServed(stack, `/news/${editedSlug}/`, `Правка во время полной сборки ${stamp}`);

    const { full } = await fullBuildAfter(stack, requested);
    expect(full.ok, full.reason ?? '').toBe(true);
    const status = await waitQuiet(stack);
    // The publish went live before the full build ended: it did not wait for it.
    const publish = status.recent.find((build) => build.kind === 'scoped' && build.trigger.some((t) => t.includes(fresh.documentId)));
    expect(publish?.ok).toBe(true);
    expect(Date.parse(publish?.finishedAt ?? '')).toBeLessThan(Date.parse(full.finishedAt));
    // The new release is live and has what was published and edited while it built.
    expect(status.live.release).toBe(full.release);
    expect((await served(stack, `/news/${freshSlug}/`)).text).toContain(`Во время полной сборки ${stamp}`);
    const page = await served(stack, `/news/${editedSlug}/`);
    expect(page.text).toContain(`Правка во время полной сборки ${stamp}`);
    expect(page.text).not.toContain(`<title>До полной сборки ${stamp}`);
    expect((await served(stack, '/')).text).toContain(`/news/${freshSlug}/`);
  });

  it('catches up with what was published while it built without holding publishing back, then with what came during that', async () => {
    const api = rest(stack);
    const stamp = Date.now();
    const edited = await api.create('articles', articleData(`Догоняющая сборка ${stamp}`), { locale: 'ru' });
    const editedSlug = await slugOf(stack, edited.documentId);
    await waitServed(stack, `/news/${editedSlug}/`, `Догоняющая сборка ${stamp}`);
    await waitQuiet(stack);

    // The catch-up's first round is held once rendered (PUBLISH_CHUNK_GATE), outside the serial operations.
    const gate = chunkGateOf(stack);
    await writeFile(gate, 'held by full-beside.test.ts');
    try {
      const requested = await requestFullBuild(stack);
      await waitUntil('the full build to start', async () => (await publishStatus(stack)).fullBuild ?? undefined, 30_000, 50);
      // Published while it builds: its first round of catch-up re-renders this into the new release.
      const during = `Правка во время сборки ${stamp}`;
      await api.update('articles', edited.documentId, { title: during, slug: editedSlug }, { locale: 'ru' });
      await waitServed(stack, `/news/${editedSlug}/`, during);
      const held = await waitUntil(
        'the first round of the catch-up to be rendered and held',
        async () => {
          const id = await readFile(`${gate}.held`, 'utf8').catch(() => '');
          return id.startsWith('catch-up-') ? id : undefined;
        },
        120_000,
        50,
      );
      // While it is held, a new article and another edit go live: publishing does not wait for the catch-up.
      const fresh = await api.create('articles', articleData(`Во время догоняющей сборки ${stamp}`), { locale: 'ru' });
      const freshSlug = await slugOf(stack, fresh.documentId);
      const last = `Последняя правка ${stamp}`;
      await api.update('articles', edited.documentId, { title: last, slug: editedSlug }, { locale: 'ru' });
      await waitServed(stack, `/news/${freshSlug}/`, `Во время догоняющей сборки ${stamp}`, LIVE_WITHIN_MS);
      await waitServed(stack, `/news/${editedSlug}/`, last, LIVE_WITHIN_MS);
      expect(await readFile(`${gate}.held`, 'utf8')).toBe(held);
      expect((await publishStatus(stack)).fullBuild).not.toBeNull();

      await rm(gate, { force: true });
      const { full } = await fullBuildAfter(stack, requested);
      expect(full.ok, full.reason ?? '').toBe(true);
      expect(full.fullSteps?.catchUp).toBeGreaterThan(0);
      // The release it switched in has the publishes of both rounds: the new article and the last edit, not an older title.
      const status = await waitQuiet(stack);
      expect(status.live.release).toBe(full.release);
      expect((await served(stack, `/news/${freshSlug}/`)).text).toContain(`Во время догоняющей сборки ${stamp}`);
      const page = await served(stack, `/news/${editedSlug}/`);
      expect(page.text).toContain(last);
      expect(page.text).not.toContain(during);
      expect(page.text).not.toContain(`<title>Догоняющая сборка ${stamp}`);
      expect((await served(stack, '/')).text).toContain(`/news/${freshSlug}/`);
    } finally {
      await rm(gate, { force: true });
    }
  });
});
