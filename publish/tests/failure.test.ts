/**
 * A build that fails — here on content the site refuses (a whitespace-only
 * lead passes Strapi but not the site's contract) — leaves the live site as
 * it was, and /status says which build failed and why. Fixing the content
 * puts the article live.
 */
import { waitQuiet } from '@tilshi/testing/publish-stack';
import { describe, expect, inject, it } from 'vitest';
import { articleData, publishStatus, rest, served, slugOf, waitServed, waitUntil } from './helpers.ts';

const stack = inject('stack');

describe('a build failing on bad content', () => {
  it('keeps serving the previous site and reports the reason, until the content is fixed', async () => {
    await waitQuiet(stack, { quietMs: 500 });
    const before = await publishStatus(stack);
    const homeBefore = (await served(stack, '/')).text;
    const title = `Материал с пустым лидом ${Date.now()}`;
    const startedAt = Date.now();
    const { documentId } = await rest(stack).create('articles', articleData(title, { lead: '   ' }), { locale: 'ru' });
    const slug = await slugOf(stack, documentId);

    const failed = await waitUntil(
      'the failure to be reported',
      async () => {
        const status = await publishStatus(stack);
        return status.lastFailure && Date.parse(status.lastFailure.finishedAt) >= startedAt ? status : undefined;
      },
      60_000,
    );
    expect(failed.lastFailure?.kind).toBe('scoped');
    expect(failed.lastFailure?.reason).toContain(documentId);
    expect(failed.lastFailure?.reason).toMatch(/lead/);
    expect(failed.lastFailure?.trigger.join(' ')).toContain(documentId);

    const settled = await waitQuiet(stack);
    expect(settled.live.release).toBe(before.live.release);
    expect((await served(stack, `/news/${slug}/`)).status).toBe(404);
    const home = await served(stack, '/');
    expect(home.status).toBe(200);
    expect(home.text).not.toContain(slug);
    expect(home.text).toBe(homeBefore);

    await rest(stack).update('articles', documentId, { lead: 'Лид исправлен: теперь материал можно показать.' }, { locale: 'ru' });
    await waitServed(stack, `/news/${slug}/`, 'Лид исправлен');
    const recovered = await waitQuiet(stack);
    expect(recovered.recent[0]?.ok).toBe(true);
    expect((await served(stack, '/')).text).toContain(`/news/${slug}/`);
  });
});
