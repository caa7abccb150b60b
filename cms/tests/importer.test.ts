/**
 * The article importer against a real Strapi: one export → exactly one
 * unpublished draft; a malformed export → ImportParseError and nothing
 * created; a failure while creating the draft → the credits it created are
 * deleted again.
 *
 * How the draft is verified. The REST API cannot show it: the CMS's
 * `published-only` middleware drops `?status=draft` from every GET, for the
 * write token as much as for the public, so REST reads only ever see
 * published versions. The tests therefore read Strapi's own SQLite database
 * (the harness's temporary `data.db`, opened read-only): the `articles`
 * table holds one row per locale and publication state, a draft being a row
 * whose `published_at` is NULL. That is the ground truth Strapi itself uses,
 * and the only place a draft is visible without the admin panel.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { createStrapiRest, StrapiRequestError } from '../../scripts/lib/strapi-rest.ts';
import { ImportArticleError, importArticle, type ImportArticleResult } from '../../scripts/src/importer/index.ts';
import { ImportParseError } from '../../scripts/src/importer/parse.ts';

const strapi = inject('strapi');
const here = path.dirname(fileURLToPath(import.meta.url));
const SEED_EXPORT = path.resolve(here, '../../scripts/seed/article-ngo-open-day-aktau.txt');
const FIXTURES = path.resolve(here, '../../scripts/src/importer/fixtures');

const site = createStrapiRest({ url: strapi.url, token: strapi.siteToken, retries: 1 });
const write = createStrapiRest({ url: strapi.url, token: strapi.writeToken, retries: 1 });

let db: DatabaseSync;
beforeAll(() => {
  const file = path.join(strapi.dataDir, 'data.db');
  if (!existsSync(file)) throw new Error(`${file} does not exist: these tests read the harness's SQLite database (DATABASE_CLIENT=sqlite)`);
  db = new DatabaseSync(file, { readOnly: true, timeout: 10_000 });
});
afterAll(() => db?.close());

const Row = z.object({ id: z.number(), title: z.string(), slug: z.string(), locale: z.string(), published_at: z.union([z.string(), z.number()]).nullable() });
const Count = z.object({ n: z.number() });

const rowsOf = (documentId: string) => z.array(Row).parse(db.prepare('SELECT id, title, slug, locale, published_at FROM articles WHERE document_id = ?').all(documentId));
const articleRows = () => Count.parse(db.prepare('SELECT COUNT(*) AS n FROM articles').get()).n;
const credits = () => site.count('credits');

describe('importing the seed export', () => {
  let result: ImportArticleResult;
  let rowsBefore: number;
  let publishedBefore: number;
  const lines: string[] = [];

  beforeAll(async () => {
    rowsBefore = articleRows();
    publishedBefore = await site.count('articles', { locale: 'ru' });
    result = await importArticle({ url: strapi.url, writeToken: strapi.writeToken, file: SEED_EXPORT, log: (line) => lines.push(line) });
  });

  it('creates exactly one article row, an unpublished Russian draft with the export\'s title', () => {
    expect(articleRows()).toBe(rowsBefore + 1);
    const rows = rowsOf(result.documentId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ locale: 'ru', published_at: null, title: 'В Актау был проведён день открытых дверей с участием государственных органов и НПО', slug: result.slug });
    expect(result.status).toBe('draft');
  });

  it('gives the draft two gallery slots credited to «ЦОК Мангистауской области», marked as placeholders in alt and caption', () => {
    const [row] = rowsOf(result.documentId);
    const slots = z
      .array(z.object({ alt: z.string().nullable(), caption: z.string().nullable(), credit: z.string().nullable() }))
      .parse(
        db
          .prepare(
            `SELECT p.alt AS alt, p.caption AS caption, c.name AS credit
             FROM articles_cmps ac
             JOIN components_media_photos p ON p.id = ac.cmp_id
             LEFT JOIN components_media_photos_credit_lnk l ON l.photo_id = p.id
             LEFT JOIN credits c ON c.id = l.credit_id
             WHERE ac.entity_id = ? AND ac.field = 'gallery' ORDER BY ac."order"`,
          )
          .all(row?.id ?? -1),
      );
    expect(slots.map((slot) => slot.credit)).toEqual(['ЦОК Мангистауской области', 'ЦОК Мангистауской области']);
    for (const slot of slots) {
      expect(slot.alt).toBe('Фото ожидается: заглушка вместо фото, предоставленного «ЦОК Мангистауской области»');
      expect(slot.caption).toMatch(/^ЗАГЛУШКА \d\/2: замените оригинальным фото/);
    }
  });

  it('is not returned by the public API, not even with ?status=draft, nor to the write token', async () => {
    for (const client of [site, write]) {
      expect(await client.findOne('articles', result.documentId, { locale: 'ru' })).toBeNull();
      expect(await client.findFirst('articles', { status: 'draft', filters: { documentId: { $eq: result.documentId } } })).toBeNull();
    }
    expect(await site.count('articles', { locale: 'ru' })).toBe(publishedBefore);
  });

  it('reuses the seeded credit instead of creating a second one, and reports what it recognized', () => {
    expect(result.credits).toEqual([{ name: 'ЦОК Мангистауской области', documentId: expect.any(String), created: false }]);
    expect(result.recognized.join('\n')).toContain('lines 17–20: unordered list of 4 item(s)');
    expect(lines.some((line) => line.includes(`draft created: documentId ${result.documentId}`))).toBe(true);
  });
});

describe('importing a malformed export', () => {
  it('throws ImportParseError naming the line and creates nothing', async () => {
    const rowsBefore = articleRows();
    const creditsBefore = await credits();
    const attempt = importArticle({ url: strapi.url, writeToken: strapi.writeToken, file: path.join(FIXTURES, 'no-date.txt') });
    await expect(attempt).rejects.toBeInstanceOf(ImportParseError);
    await expect(attempt).rejects.toMatchObject({ line: 5, message: expect.stringMatching(/^no-date\.txt:line 5: expected the publication date line/) });
    expect(articleRows()).toBe(rowsBefore);
    expect(await credits()).toBe(creditsBefore);
  });
});

describe('a failure while creating the draft', () => {
  it('deletes the credits this run created and names the cause', async () => {
    const rowsBefore = articleRows();
    const creditsBefore = await credits();
    // The real client, except that creating the article fails like a refused request would.
    const failing: typeof write = {
      ...write,
      create: async (api, data, options, schema) => {
        if (api === 'articles') throw new StrapiRequestError({ method: 'POST', path: '/api/articles', status: 400, errorName: 'ValidationError', message: 'injected by the test' });
        return write.create(api, data, options, schema);
      },
    };
    const attempt = importArticle({ url: strapi.url, writeToken: strapi.writeToken, file: path.join(FIXTURES, 'variants.txt'), rest: failing });
    await expect(attempt).rejects.toBeInstanceOf(ImportArticleError);
    await expect(attempt).rejects.toThrow(/POST \/api\/articles → 400 ValidationError: injected by the test\. Rolled back: deleted 2 credit\(s\)/);
    expect(await credits()).toBe(creditsBefore);
    expect(await site.findFirst('credits', { filters: { name: { $eq: 'Айдос Касымов' } } })).toBeNull();
    expect(articleRows()).toBe(rowsBefore);
  });
});
