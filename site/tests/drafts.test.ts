/**
 * A draft never appears anywhere in the output: no page, feed, sitemap,
 * search index or server chunk carries its title, slug or lead.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { gunzipSync } from 'node:zlib';
import { describe, expect, inject, it } from 'vitest';
import { listFiles } from './helpers.ts';

const site = inject('site');

describe('drafts', () => {
  it('exist in the CMS as unpublished entries (so the next test can fail), hidden from the public API', async () => {
    const db = new DatabaseSync(path.join(site.strapi.dataDir, 'data.db'), { readOnly: true });
    try {
      const rows = db.prepare('SELECT title, published_at FROM articles WHERE document_id = ?').all(site.draft.documentId);
      expect(rows).toEqual([{ title: site.draft.title, published_at: null }]);
    } finally {
      db.close();
    }
    const response = await fetch(`${site.strapi.url}/api/articles/${site.draft.documentId}?status=draft&locale=ru`, {
      headers: { Authorization: `Bearer ${site.strapi.siteToken}` },
    });
    expect(response.status).toBe(404);
  });

  it('never appear in any file of the build, compressed search fragments included', async () => {
    const needles = [site.draft.title, site.draft.slug, site.draft.lead, site.draft.documentId];
    const hits: string[] = [];
    for (const file of await listFiles(site.outDir)) {
      const raw = await readFile(path.join(site.outDir, file));
      let content = raw.toString('utf8');
      if (raw[0] === 0x1f && raw[1] === 0x8b) content = gunzipSync(raw).toString('utf8');
      for (const needle of needles) if (content.includes(needle)) hits.push(`${file}: ${needle}`);
    }
    expect(hits).toEqual([]);
  });
});
