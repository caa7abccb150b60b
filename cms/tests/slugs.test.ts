/**
 * Slugs are made by the CMS (src/document-middlewares/slugs.ts), not by the
 * schema: the `slug` attributes are not `required`, so Strapi's panel does not
 * pre-fill them with the model name. These tests pin what the middleware then
 * has to guarantee for every writer (REST here; the panel in
 * publish/tests/panel.test.ts): a transliterated slug from the title or name,
 * stable across title edits, regenerated when blanked, unique per locale.
 */
import { describe, expect, inject, it } from 'vitest';
import { z } from 'zod';

const { url, writeToken } = inject('strapi');
const run = Date.now();

const Entry = z.looseObject({ documentId: z.string(), slug: z.string().nullable(), locale: z.string().nullish() });
const Envelope = z.object({ data: Entry });

/** A write with the seed/importer token; throws with Strapi's answer when it is not 2xx. */
async function write(method: 'POST' | 'PUT', path: string, data: Record<string, unknown>): Promise<z.infer<typeof Entry>> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${writeToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ data }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return Envelope.parse(JSON.parse(text)).data;
}

describe('article slugs', () => {
  const title = `Морской вокзал Актау ${run}`;
  let documentId = '';
  let slug = '';

  it('are transliterated from a Russian title when the writer sends none', async () => {
    const draft = await write('POST', '/api/articles?status=draft', { title, lead: 'Лид.' });
    documentId = draft.documentId;
    slug = draft.slug ?? '';
    expect(slug).toBe(`morskoy-vokzal-aktau-${run}`);
  });

  it('stay as they are when the title is edited and the slug is left out', async () => {
    const edited = await write('PUT', `/api/articles/${documentId}?status=draft`, { title: `${title}: обновлено` });
    expect(edited.slug).toBe(slug);
  });

  it('are made again from the stored title when a writer blanks them, never saved empty', async () => {
    for (const blank of ['', null]) {
      const blanked = await write('PUT', `/api/articles/${documentId}?status=draft`, { slug: blank });
      expect(blanked.slug).toBe(`morskoy-vokzal-aktau-${run}-obnovleno`);
    }
  });

  it('are transliterated from the Kazakh title for the Kazakh version, Kazakh letters included', async () => {
    const kazakh = await write('PUT', `/api/articles/${documentId}?locale=kk&status=draft`, {
      title: `Ақтаудағы теңіз вокзалы ${run}`,
      lead: 'Лид.',
    });
    expect(kazakh.locale).toBe('kk');
    expect(kazakh.slug).toBe(`aqtaudagy-teniz-vokzaly-${run}`);
  });

  it('keep a slug the writer chose', async () => {
    const chosen = await write('POST', '/api/articles?status=draft', {
      title: `Другой заголовок ${run}`,
      slug: `vybor-redaktora-${run}`,
      lead: 'Лид.',
    });
    expect(chosen.slug).toBe(`vybor-redaktora-${run}`);
  });
});

describe('slugs of other content types', () => {
  it('are made from the name and kept unique within the locale', async () => {
    const name = `Экология ${run}`;
    const first = await write('POST', '/api/rubrics?status=draft', { name });
    const second = await write('POST', '/api/rubrics?status=draft', { name });
    expect(first.slug).toBe(`ekologiya-${run}`);
    expect(second.slug).toBe(`ekologiya-${run}-2`);
  });
});
