/**
 * What the build leaves in the server bundle (dist/server, deployed with the
 * site for the on-demand routes): the code, not the content store
 * (src/integrations/content-store.ts). The pages rendered from that store are
 * checked by the other files; the draft preview (an on-demand route that
 * would fail on reading the store) by drafts.test.ts.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { listFiles, readHtml } from './helpers.ts';

const site = inject('site');

describe('the server bundle', () => {
  it('carries no article of the content store, while the static pages show them', async () => {
    const server = path.join(site.outDir, 'server');
    const files = await listFiles(server);
    expect(files.some((file) => file.endsWith('.mjs'))).toBe(true);
    const texts = await Promise.all(files.map((file) => readFile(path.join(server, file), 'utf8')));
    for (const needle of [site.ruOnly.title, site.ruOnly.documentId, site.seed.slugs.kk]) {
      expect(texts.filter((text) => text.includes(needle))).toEqual([]);
    }
    expect(await readHtml(site.outDir, `/news/${site.ruOnly.slug}/`)).toContain('Ветер до 25 м/с ожидается в Актау');
    const storeModule = texts.find((text) => text.includes('\\0astro:data-layer-content') || text.includes('NoStore'));
    expect(storeModule).toContain('the on-demand routes are built without the content store');
  });
});
