/**
 * Scheduled publishing (a "publishAt" on a draft, published by Strapi's cron
 * task in that minute through the normal webhook) and draft preview (the
 * panel's signed link, rendered on demand by the site server; drafts never
 * reach the static output).
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { adminCall, articleData, rest, served, waitServed } from './helpers.ts';

const stack = inject('stack');
const ARTICLES = '/content-manager/collection-types/api::article.article';

describe('scheduled publishing', () => {
  it('publishes a draft whose publishAt has come within that minute, and clears publishAt', async () => {
    const title = `По расписанию ${Date.now()}`;
    const slug = `po-raspisaniyu-${Date.now()}`;
    const draft = await rest(stack).create('articles', articleData(title, { slug }), { locale: 'ru', status: 'draft' });
    const saved = await adminCall(stack, 'PUT', `${ARTICLES}/${draft.documentId}?locale=ru`, { publishAt: new Date().toISOString() });
    expect(saved.status).toBe(200);
    expect((await served(stack, `/news/${slug}/`)).status).toBe(404);

    await waitServed(stack, `/news/${slug}/`, title, 90_000); // the cron task runs at the start of every minute
    const after = await adminCall(stack, 'GET', `${ARTICLES}/${draft.documentId}?locale=ru`);
    expect(z.object({ data: z.object({ publishAt: z.null() }) }).safeParse(after.json).success).toBe(true);
    // A private field: the public API never shows it.
    const published = await rest(stack).findOne('articles', draft.documentId, { locale: 'ru' }, z.looseObject({ title: z.string() }));
    expect(published?.title).toBe(title);
    expect(published && 'publishAt' in published).toBe(false);
  });
});

describe('draft preview', () => {
  it('renders the draft through the signed link of the panel, with the article page of the site', async () => {
    const title = `Черновик для предпросмотра ${Date.now()}`;
    const draft = await rest(stack).create('articles', articleData(title), { locale: 'ru', status: 'draft' });
    const link = await adminCall(
      stack,
      'GET',
      `/content-manager/preview/url/api::article.article?documentId=${draft.documentId}&locale=ru&status=draft`,
    );
    expect(link.status).toBe(200);
    const url = new URL(z.object({ data: z.object({ url: z.string() }) }).parse(link.json).data.url);
    expect(url.origin).toBe(stack.siteUrl);
    expect(url.pathname).toBe(`/preview/ru/${draft.documentId}/`);

    const page = await fetch(url);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toContain('no-store');
    expect(html).toContain(`<h1`);
    expect(html).toContain(title);
    expect(html).toContain('name="robots" content="noindex"');
    expect(html).toContain('class="preview-note"');
    expect(html).toContain('<article data-pagefind-body>');
  });

  it('renders a published version through its signed link too (the CMS lets the signed route read exactly that status)', async () => {
    const title = `Опубликованный для предпросмотра ${Date.now()}`;
    const published = await rest(stack).create('articles', articleData(title), { locale: 'ru' });
    const link = await adminCall(
      stack,
      'GET',
      `/content-manager/preview/url/api::article.article?documentId=${published.documentId}&locale=ru&status=published`,
    );
    const url = new URL(z.object({ data: z.object({ url: z.string() }) }).parse(link.json).data.url);
    expect(url.searchParams.get('status')).toBe('published');
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(title);
    // The same signature does not open the draft side of that document.
    url.searchParams.set('status', 'draft');
    expect((await fetch(url)).status).toBe(403);
  });

  it('refuses a forged, altered or expired link, and never writes a draft into the static site', async () => {
    const title = `Секретный черновик ${Date.now()}`;
    const draft = await rest(stack).create('articles', articleData(title), { locale: 'ru', status: 'draft' });
    const base = `${stack.siteUrl}/preview/ru/${draft.documentId}/`;
    const expires = Math.floor(Date.now() / 1000) + 600;
    for (const query of [
      `status=draft&expires=${expires}&signature=forged`,
      `status=draft&expires=${expires}`,
      'status=draft&expires=1&signature=x',
    ]) {
      const response = await fetch(`${base}?${query}`);
      expect(response.status).toBe(403);
      expect(await response.text()).not.toContain(title);
    }
    // A valid link for another article does not open this one.
    const other = await rest(stack).create('articles', articleData(`Другой черновик ${Date.now()}`), { locale: 'ru', status: 'draft' });
    const link = await adminCall(
      stack,
      'GET',
      `/content-manager/preview/url/api::article.article?documentId=${other.documentId}&locale=ru&status=draft`,
    );
    const signed = new URL(z.object({ data: z.object({ url: z.string() }) }).parse(link.json).data.url);
    expect((await fetch(`${base}${signed.search}`)).status).toBe(403);

    const live = path.join(stack.liveDir, 'current', 'client');
    const files = (await readdir(live, { recursive: true })).filter((file) => /\.(html|xml)$/.test(file));
    for (const file of files) expect(await readFile(path.join(live, file), 'utf8'), file).not.toContain(title);
  });
});
