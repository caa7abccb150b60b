/**
 * Posting to the newsroom's Telegram channel (publish/src/telegram.ts), against
 * the Bot API stand-in the global setup starts (real HTTP, the Bot API's
 * shapes): a new article is posted once — title, lead, link — and never
 * again when it is edited, unpublished and published again; a Bot API that
 * fails is retried and the failure is shown in /status until it goes through.
 */
import { describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { articleData, LIVE_WITHIN_MS, rest, slugOf, unpublishInPanel, waitServed, waitUntil } from './helpers.ts';
import { failNext, postedMessages } from './telegram-stand-in.ts';

const stack = inject('stack');
const telegram = inject('telegram');

const entrySchema = z.object({ documentId: z.string(), state: z.string(), attempts: z.number(), lastError: z.string().nullable() });
const telegramStatus = z.object({
  telegram: z.object({
    enabled: z.literal(true),
    posted: z.number(),
    pending: z.array(entrySchema),
    failed: z.array(entrySchema),
    uncertain: z.array(entrySchema),
    recent: z.array(entrySchema),
  }),
});
async function status() {
  const response = await fetch(`${stack.publishUrl}/status`, { headers: { 'X-Tilshi-Webhook-Secret': stack.webhookSecret } });
  return telegramStatus.parse(await response.json()).telegram;
}
const postsOf = async (slug: string) => (await postedMessages(telegram.url)).filter((message) => message.text.includes(`/news/${slug}/`));

describe('the Telegram channel', () => {
  it('gets a new article once, with its title, lead and link, and never again after an edit, an unpublish and a new publish', async () => {
    const api = rest(stack);
    const title = `Telegram: открылась новая библиотека ${Date.now()}`;
    const created = await api.create(
      'articles',
      articleData(title, { lead: 'В 14-м микрорайоне открылась библиотека с залом для занятий & кружками.' }),
      { locale: 'ru' },
    );
    const slug = await slugOf(stack, created.documentId);
    await waitServed(stack, `/news/${slug}/`, title);
    const [post] = await waitUntil(
      'the post',
      async () => {
        const posts = await postsOf(slug);
        return posts.length > 0 ? posts : null;
      },
      30_000,
    );
    expect(post?.chatId).toBe(telegram.chatId);
    expect(post?.parseMode).toBe('HTML');
    expect(post?.method).toBe('sendMessage');
    expect(post?.text).toContain(`<b>${title}</b>`);
    expect(post?.text).toContain('с залом для занятий &amp; кружками.');
    expect(post?.text).toContain(`<a href="${stack.siteUrl}/news/${slug}/">Читать на сайте</a>`);
    expect((await status()).recent.map((entry) => entry.documentId)).toContain(created.documentId);

    // Edited, then unpublished and published again: the channel gets nothing more.
    await api.update('articles', created.documentId, { title: `${title} (дополнено)` }, { locale: 'ru' });
    await waitServed(stack, `/news/${slug}/`, '(дополнено)');
    await unpublishInPanel(stack, created.documentId);
    await waitUntil('the page gone', async () => (await fetch(`${stack.siteUrl}/news/${slug}/`)).status === 404, LIVE_WITHIN_MS);
    await api.update('articles', created.documentId, { title: `${title} (снова)` }, { locale: 'ru', status: 'published' });
    await waitServed(stack, `/news/${slug}/`, '(снова)');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await postsOf(slug)).toHaveLength(1);
  });

  it('retries when the Bot API fails, showing the failure in /status, and posts once it answers', async () => {
    await failNext(telegram.url, { times: 2, status: 502 });
    const api = rest(stack);
    const title = `Telegram: ремонт набережной ${Date.now()}`;
    const created = await api.create('articles', articleData(title), { locale: 'ru' });
    const slug = await slugOf(stack, created.documentId);
    await waitServed(stack, `/news/${slug}/`, title);
    const failing = await waitUntil(
      'the failure in /status',
      async () => {
        const current = await status();
        return current.pending.find((entry) => entry.documentId === created.documentId && entry.lastError !== null) ?? null;
      },
      30_000,
    );
    expect(failing.lastError).toMatch(/502/);
    const posted = await waitUntil(
      'the retried post',
      async () => {
        const posts = await postsOf(slug);
        return posts.length > 0 ? posts : null;
      },
      60_000,
    );
    expect(posted).toHaveLength(1);
    const done = (await status()).recent.find((entry) => entry.documentId === created.documentId);
    expect(done?.attempts).toBe(3);
  });

  it('waits as long as Telegram asks after 429 Too Many Requests', async () => {
    await failNext(telegram.url, { times: 1, status: 429, retryAfter: 2 });
    const api = rest(stack);
    const title = `Telegram: лимит запросов ${Date.now()}`;
    const created = await api.create('articles', articleData(title), { locale: 'ru' });
    const slug = await slugOf(stack, created.documentId);
    await waitServed(stack, `/news/${slug}/`, title);
    const waiting = await waitUntil(
      'the 429 in /status',
      async () => (await status()).pending.find((entry) => entry.documentId === created.documentId && entry.lastError !== null) ?? null,
      30_000,
    );
    expect(waiting.lastError).toMatch(/429/);
    expect(await waitUntil('the post', async () => ((await postsOf(slug)).length === 1 ? true : null), 30_000)).toBe(true);
  });
});
