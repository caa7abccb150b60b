/**
 * Makes a ×K archive from a prepared benchmark dataset, in minutes instead of
 * the hours seeding would take over REST (10,000 demo articles took 954 s;
 * 100,000 would take ~2.7 h at that rate):
 *
 *   node scripts/bench/clone-dataset.ts --from DIR --to DIR --times 10
 *
 * Copies Strapi's SQLite file and uploads, then copies every article row
 * (draft and published versions, both locales) K−1 more times inside the
 * database, with its photo components, photo files, credits, rubric, tags,
 * authors and event links — new ids, a new documentId per copied document
 * and a `-c<8 characters of that id>` suffix on slugs (unique per locale), same dates and relations.
 * The result is what Strapi itself would hold after seeding K times as many
 * articles: the REST API, the site and the publish service cannot tell.
 * Writes `bench-dataset.json` like the seeding benchmark does.
 */
import { createHash } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { copyDataset } from './lib/dataset.ts';

const REPO = path.resolve(import.meta.dirname, '../..');
type Statement = { run(...params: unknown[]): unknown; get(...params: unknown[]): unknown; all(...params: unknown[]): unknown[] };
type Database = { prepare(sql: string): Statement; exec(sql: string): void; pragma(sql: string): unknown; close(): void };
const openDatabase = createRequire(path.join(REPO, 'cms', 'package.json'))('better-sqlite3') as (file: string) => Database;

const { values } = parseArgs({
  options: { from: { type: 'string' }, to: { type: 'string' }, times: { type: 'string', default: '10' } },
  strict: true,
});
const times = Number(values.times);
if (!values.from || !values.to || !Number.isInteger(times) || times < 2) {
  throw new Error('usage: node scripts/bench/clone-dataset.ts --from DIR --to DIR --times K (K ≥ 2)');
}
const from = path.resolve(values.from);
const to = path.resolve(values.to);

await rm(to, { recursive: true, force: true });
await copyDataset(from, to);

type Db = Database & { function(name: string, options: { deterministic: boolean }, fn: (...args: unknown[]) => unknown): void };
const db = openDatabase(path.join(to, 'data.db')) as Db;
// A copied document's documentId: 24 lowercase characters like Strapi 5's, a letter first, from a hash of the
// source id and the copy number, so both locales of a document get the same one and a clone of a clone gets new ones.
db.function('clone_document_id', { deterministic: true }, (id, k) => {
  const digest = BigInt(
    `0x${createHash('sha256')
      .update(`${String(id)}/${String(k)}`)
      .digest('hex')}`,
  ).toString(36);
  return `c${digest.slice(0, 23)}`;
});
db.pragma('journal_mode = OFF');
db.pragma('synchronous = OFF');

const max = (table: string): number => {
  const row = db.prepare(`SELECT COALESCE(MAX(id), 0) AS m FROM "${table}"`).get() as { m: number };
  return row.m;
};
// Offsets larger than any id, so copy k of row r gets id r + k × offset.
const articleOffset = max('articles') + 1;
const photoOffset = max('components_media_photos') + 1;
const started = Date.now();

db.exec('BEGIN');
for (let k = 1; k < times; k += 1) {
  const a = articleOffset * k;
  const p = photoOffset * k;
  const docId = `clone_document_id(document_id, ${k})`;
  // A suffix from the copy's documentId ('c' and 8 characters), not `-c${k}`: cloning a clone gave `x-c7` again to the copy of `x`.
  const suffix = `'-' || substr(${docId}, 1, 9)`;
  db.exec(`
    INSERT INTO articles (id, document_id, title, slug, lead, body, publication_date, source_attribution, age_rating, created_at, updated_at, published_at, created_by_id, updated_by_id, locale)
      SELECT id + ${a}, ${docId}, title, slug || ${suffix}, lead, body, publication_date, source_attribution, age_rating, created_at, updated_at, published_at, created_by_id, updated_by_id, locale
      FROM articles WHERE id < ${articleOffset};
    INSERT INTO components_media_photos (id, caption, alt)
      SELECT id + ${p}, caption, alt FROM components_media_photos WHERE id < ${photoOffset};
    INSERT INTO articles_cmps (entity_id, cmp_id, component_type, field, "order")
      SELECT entity_id + ${a}, CASE WHEN component_type = 'media.photo' THEN cmp_id + ${p} ELSE cmp_id END, component_type, field, "order"
      FROM articles_cmps WHERE entity_id < ${articleOffset} AND component_type = 'media.photo';
    INSERT INTO files_related_mph (file_id, related_id, related_type, field, "order")
      SELECT file_id, related_id + ${p}, related_type, field, "order" FROM files_related_mph WHERE related_type = 'media.photo' AND related_id < ${photoOffset};
    INSERT INTO components_media_photos_credit_lnk (photo_id, credit_id)
      SELECT photo_id + ${p}, credit_id FROM components_media_photos_credit_lnk WHERE photo_id < ${photoOffset};
    INSERT INTO articles_rubric_lnk (article_id, rubric_id, article_ord)
      SELECT article_id + ${a}, rubric_id, article_ord FROM articles_rubric_lnk WHERE article_id < ${articleOffset};
    INSERT INTO articles_tags_lnk (article_id, tag_id, tag_ord, article_ord)
      SELECT article_id + ${a}, tag_id, tag_ord, article_ord FROM articles_tags_lnk WHERE article_id < ${articleOffset};
    INSERT INTO articles_authors_lnk (article_id, author_id, author_ord, article_ord)
      SELECT article_id + ${a}, author_id, author_ord, article_ord FROM articles_authors_lnk WHERE article_id < ${articleOffset};
    INSERT INTO articles_event_lnk (article_id, ngo_event_id, article_ord)
      SELECT article_id + ${a}, ngo_event_id, article_ord FROM articles_event_lnk WHERE article_id < ${articleOffset};
  `);
}
db.exec('COMMIT');

const published = (db.prepare('SELECT COUNT(*) AS n FROM articles WHERE published_at IS NOT NULL').get() as { n: number }).n;
const documents = (db.prepare('SELECT COUNT(DISTINCT document_id) AS n FROM articles').get() as { n: number }).n;
db.close();
await writeFile(
  path.join(to, 'bench-dataset.json'),
  `${JSON.stringify({ demo: documents, seededAt: new Date().toISOString(), seedSeconds: (Date.now() - started) / 1000, articleVersions: published, clonedFrom: from, times }, null, 2)}\n`,
);
console.log(
  `[clone] ${to}: ${documents} documents, ${published} published article versions (×${times} of ${from}) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
