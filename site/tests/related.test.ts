/**
 * "Read next" at the end of an article (site/src/lib/related.ts): older
 * articles of the same event first, then of shared tags, then of the rubric,
 * in the article's language; and stable — a new article in the same event,
 * rubric and tags is rendered by a scoped build that leaves the older
 * article's page alone, and lists it.
 */
import { describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { StrapiClient } from '@tilshi/strapi-client';
import { toSlug } from '../../scripts/src/seed/slug.ts';
import { RELATED_N } from '../src/config.ts';
import { buildScoped, page } from './helpers.ts';

const site = inject('site');
const FORUM_RESULTS = `/news/${toSlug('Решения форума НПО: что изменится для общественных организаций')}/`;
const FORUM_REPORT = `/news/${toSlug('Форум НПО Мангистау собрал 140 организаций')}/`;
const FORUM_ANNOUNCEMENT = `/news/${toSlug('В Актау пройдёт форум некоммерческих организаций')}/`;

/** The links of an article page's "read next" block, and the page's own publication time. */
async function relatedOf(outDir: string, urlPath: string) {
  const $ = await page(outDir, urlPath);
  return {
    links: $('section.related .story h3 a')
      .map((_, a) => $(a).attr('href') ?? '')
      .get(),
    time: $('article header time').attr('datetime') ?? '',
    heading: $('section.related h2').text(),
  };
}

describe('read next', () => {
  it('lists the older stories of the same event first, then older ones of shared tags and the rubric, never newer ones', async () => {
    const results = await relatedOf(site.outDir, FORUM_RESULTS);
    expect(results.heading).toBe('Читайте также');
    expect(results.links).toHaveLength(RELATED_N);
    // The forum's report and announcement are older and of the same event: first, newest first.
    expect(results.links.slice(0, 2)).toEqual([FORUM_REPORT, FORUM_ANNOUNCEMENT]);
    expect(results.links).not.toContain(FORUM_RESULTS);
    for (const link of results.links) {
      expect(link).toMatch(/^\/news\//);
      const other = await relatedOf(site.outDir, link);
      expect(Date.parse(other.time), link).toBeLessThan(Date.parse(results.time));
    }
  });

  it('lists articles of the page’s own language only', async () => {
    const $ = await page(site.outDir, '/kk/');
    const kkArticle = $('.top .story-lead h3 a').attr('href') ?? '';
    const kk = await relatedOf(site.outDir, kkArticle);
    expect(kk.heading).toBe('Сондай-ақ оқыңыз');
    expect(kk.links.length).toBeGreaterThan(0);
    expect(kk.links.every((link) => link.startsWith('/kk/news/'))).toBe(true);
  });

  it('stays put when a newer article of the same event, rubric and tags is published: the scoped build renders the new page, which lists the older ones, and not theirs', async () => {
    const rest = new StrapiClient({ baseUrl: site.strapi.url, token: site.strapi.writeToken });
    const Ref = z.looseObject({
      documentId: z.string(),
      event: z.object({ documentId: z.string() }).nullable(),
      rubric: z.object({ documentId: z.string() }).nullable(),
      tags: z.array(z.object({ documentId: z.string() })),
    });
    const older = await rest.findFirst(
      'articles',
      { locale: 'ru', filters: { slug: FORUM_RESULTS.split('/')[2] }, populate: { event: true, rubric: true, tags: true } },
      Ref,
    );
    if (!older?.event || !older.rubric) throw new Error('the forum results story is not seeded with its event and rubric');
    const title = `Форум НПО: итоги года ${Date.now()}`;
    const created = await rest.create(
      'articles',
      {
        title,
        lead: 'Организаторы форума рассказали, что удалось сделать за год.',
        publicationDate: new Date().toISOString(),
        ageRating: 'age0',
        rubric: older.rubric.documentId,
        event: older.event.documentId,
        tags: older.tags.map((tag) => tag.documentId),
        body: [{ type: 'paragraph', children: [{ type: 'text', text: 'Итоги года.' }] }],
      },
      { locale: 'ru' },
    );
    const { outDir, files } = await buildScoped('related', { articles: [{ documentId: created.documentId }] });
    // The older article's page is not rendered again: its block cannot change.
    expect(files).not.toContain(`${FORUM_RESULTS.slice(1)}index.html`);
    const fresh = await relatedOf(outDir, `/news/${toSlug(title)}/`);
    expect(fresh.links.slice(0, 3)).toEqual([FORUM_RESULTS, FORUM_REPORT, FORUM_ANNOUNCEMENT]);
    expect(fresh.links).toHaveLength(RELATED_N);
    // And the older article's block in the full build is what it was.
    expect((await relatedOf(site.outDir, FORUM_RESULTS)).links.slice(0, 2)).toEqual([FORUM_REPORT, FORUM_ANNOUNCEMENT]);
    await rest.remove('articles', created.documentId, { locale: 'ru' });
  });
});
