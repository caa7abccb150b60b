/**
 * The importer against a real Strapi: each export → one unpublished draft in
 * its own locale; a Russian and a Kazakh export of one story → two locales of
 * one document; nothing half-created when a file is refused; re-runs create
 * nothing; credits only for people and organizations the text names; a
 * 1,000-file archive import interrupted and resumed.
 *
 * How drafts are verified. The REST API shows them only to a token that may
 * write them (cms/src/document-middlewares/published-only.ts), so the tests
 * read Strapi's own SQLite database (the harness's `data.db`, read-only): a
 * draft is a row whose `published_at` is NULL, whoever could see it.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { StrapiClient, StrapiRequestError, type Parser } from '@tilshi/strapi-client';
import { importArchive, renderReport, type ArchiveReport } from '../../scripts/src/importer/archive.ts';
import { ImportArticleError, importArticle, type ImportArticleResult } from '../../scripts/src/importer/index.ts';
import { ImportParseError } from '../../scripts/src/importer/parse.ts';

const strapi = inject('strapi');
const here = path.dirname(fileURLToPath(import.meta.url));
const SEED_EXPORT = path.resolve(here, '../../scripts/seed/article-ngo-open-day-aktau.txt');
const FIXTURES = path.resolve(here, '../../scripts/src/importer/fixtures');

const site = new StrapiClient({ baseUrl: strapi.url, token: strapi.siteToken, retries: 1 });
const write = new StrapiClient({ baseUrl: strapi.url, token: strapi.writeToken, retries: 1 });
const run = (file: string, extra: { linkTranslations?: boolean } = {}) =>
  importArticle({ url: strapi.url, writeToken: strapi.writeToken, file, ...extra });

let db: DatabaseSync;
let work: string;
beforeAll(() => {
  const file = path.join(strapi.dataDir, 'data.db');
  if (!existsSync(file)) throw new Error(`${file} does not exist: these tests read the harness's SQLite database (DATABASE_CLIENT=sqlite)`);
  db = new DatabaseSync(file, { readOnly: true, timeout: 10_000 });
  work = mkdtempSync(path.join(tmpdir(), 'tilshi-import-'));
});
afterAll(() => {
  db?.close();
  rmSync(work, { recursive: true, force: true });
});

const Row = z.object({
  id: z.number(),
  title: z.string(),
  slug: z.string(),
  locale: z.string(),
  published_at: z.union([z.string(), z.number()]).nullable(),
});
const Count = z.object({ n: z.number() });
const rowsOf = (documentId: string) =>
  z
    .array(Row)
    .parse(db.prepare('SELECT id, title, slug, locale, published_at FROM articles WHERE document_id = ? ORDER BY locale').all(documentId));
const countOf = (sql: string) => Count.parse(db.prepare(sql).get()).n;
const totals = () => ({
  articles: countOf('SELECT COUNT(*) AS n FROM articles'),
  credits: countOf('SELECT COUNT(*) AS n FROM credits'),
  authors: countOf('SELECT COUNT(*) AS n FROM authors'),
  files: countOf('SELECT COUNT(*) AS n FROM files'),
  records: countOf('SELECT COUNT(*) AS n FROM import_records'),
});
const creditNames = () =>
  z
    .array(z.object({ name: z.string(), kind: z.string(), needs_review: z.union([z.number(), z.boolean(), z.null()]) }))
    .parse(db.prepare('SELECT name, kind, needs_review FROM credits ORDER BY name').all());
const slotsOf = (rowId: number, field: 'gallery' | 'cover') =>
  z
    .array(
      z.object({ alt: z.string().nullable(), caption: z.string().nullable(), credit: z.string().nullable(), file: z.string().nullable() }),
    )
    .parse(
      db
        .prepare(
          `SELECT p.alt AS alt, p.caption AS caption, c.name AS credit, f.name AS file
           FROM articles_cmps ac
           JOIN components_media_photos p ON p.id = ac.cmp_id
           LEFT JOIN components_media_photos_credit_lnk l ON l.photo_id = p.id
           LEFT JOIN credits c ON c.id = l.credit_id
           LEFT JOIN files_related_mph fr ON fr.related_id = p.id AND fr.related_type = 'media.photo' AND fr.field = 'image'
           LEFT JOIN files f ON f.id = fr.file_id
           WHERE ac.entity_id = ? AND ac.field = ? ORDER BY ac."order"`,
        )
        .all(rowId, field),
    );

describe('importing the seed export (round trip)', () => {
  let result: ImportArticleResult;
  let before: ReturnType<typeof totals>;

  beforeAll(async () => {
    before = totals();
    result = await run(SEED_EXPORT);
  });

  it("creates exactly one unpublished Russian draft with the export's title and one import record", () => {
    expect(totals().articles).toBe(before.articles + 1);
    expect(totals().records).toBe(before.records + 1);
    expect(rowsOf(result.documentId)).toEqual([
      expect.objectContaining({
        locale: 'ru',
        published_at: null,
        title: 'В Актау был проведён день открытых дверей с участием государственных органов и НПО',
      }),
    ]);
    expect(result).toMatchObject({
      status: 'imported',
      locale: 'ru',
      placeholders: 2,
      sourceAttribution: 'Центр общественных коммуникаций',
    });
  });

  it('gives it two placeholder gallery slots credited to the seeded «ЦОК Мангистауской области», creating no credit', () => {
    const [row] = rowsOf(result.documentId);
    const slots = slotsOf(row?.id ?? -1, 'gallery');
    expect(slots.map((slot) => [slot.credit, slot.file])).toEqual([
      ['ЦОК Мангистауской области', 'tilshi-importer-photo-pending.jpg'],
      ['ЦОК Мангистауской области', 'tilshi-importer-photo-pending.jpg'],
    ]);
    expect(slots[0]?.alt).toBe('Фото ожидается: заглушка вместо фото, предоставленного «ЦОК Мангистауской области»');
    expect(result.credits).toEqual([{ name: 'ЦОК Мангистауской области', documentId: expect.any(String), created: false }]);
    expect(totals().credits).toBe(before.credits);
  });

  it('is not returned by the public API, and the import record is not readable with the site token', async () => {
    expect(await site.findOne('articles', result.documentId, { locale: 'ru' })).toBeNull();
    await expect(site.find('import-records')).rejects.toMatchObject({ status: 403 });
  });

  it('creates nothing when the same export is imported again (idempotent)', async () => {
    const again = await run(SEED_EXPORT);
    expect(again).toMatchObject({ status: 'skipped', documentId: result.documentId });
    expect(totals()).toMatchObject({ articles: before.articles + 1, records: before.records + 1, credits: before.credits });
  });
});

describe('exports in both languages', () => {
  it('imports a Kazakh export as a Kazakh draft, with its author and credits created and marked for review', async () => {
    const result = await run(path.join(FIXTURES, 'kk-school.txt'));
    expect(rowsOf(result.documentId)).toEqual([
      expect.objectContaining({ locale: 'kk', published_at: null, title: 'Ақтауда 1200 орындық жаңа мектеп ашылды' }),
    ]);
    expect(result.authors).toEqual([{ name: 'Әсел Нұрланқызы', documentId: expect.any(String), created: true }]);
    const credits = creditNames();
    expect(credits).toContainEqual({ name: 'Айдос Қасымов', kind: 'photographer', needs_review: 1 });
    expect(credits).toContainEqual({ name: 'Облыс әкімдігінің баспасөз қызметі', kind: 'organization', needs_review: 1 });
    expect(countOf(`SELECT needs_review AS n FROM authors WHERE name = 'Әсел Нұрланқызы'`)).toBe(1);
  });

  it('never shows needsReview in the public API', async () => {
    const credit = await site.findFirst('credits', { filters: { name: { $eq: 'Айдос Қасымов' } } }, z.looseObject({ name: z.string() }));
    expect(credit).not.toBeNull();
    expect(credit).not.toHaveProperty('needsReview');
    const author = await site.findFirst('authors', { filters: { name: { $eq: 'Әсел Нұрланқызы' } } }, z.looseObject({ name: z.string() }));
    expect(author).not.toHaveProperty('needsReview');
  });

  it('links a Russian and a Kazakh export of the same story as two locales of one document', async () => {
    const russian = await run(path.join(FIXTURES, 'pair-ru.txt'));
    const kazakh = await run(path.join(FIXTURES, 'pair-kk.txt'));
    expect(kazakh.documentId).toBe(russian.documentId);
    expect(kazakh.translationOf).toMatchObject({ documentId: russian.documentId, locale: 'ru', sharedFigures: 6 });
    expect(rowsOf(russian.documentId).map((row) => [row.locale, row.title])).toEqual([
      ['kk', 'Ақтауда 2025 жылға дейін 250 кіреберіс жөнделеді'],
      ['ru', 'В Актау отремонтируют 250 подъездов до 2025 года'],
    ]);
    // «Айдос Касымов» of the Russian text is the credit «Айдос Қасымов» a Kazakh import created (normalised names)
    expect(russian.credits).toEqual([expect.objectContaining({ name: 'Айдос Қасымов', created: false })]);
    expect(kazakh.credits).toEqual([expect.objectContaining({ name: 'Айдос Қасымов', created: false })]);
  });

  it('keeps them apart with --no-link-translations', async () => {
    const text = readFileSync(path.join(FIXTURES, 'pair-ru.txt'), 'utf8').replace('Жители могут', 'Жители города могут');
    const file = path.join(work, 'pair-ru-copy.txt');
    writeFileSync(file, text);
    const copy = await run(file, { linkTranslations: false });
    expect(copy.translationOf).toBeNull();
    expect(rowsOf(copy.documentId).map((row) => row.locale)).toEqual(['ru']);
  });
});

describe('the junk-credit rule', () => {
  it('creates credits only for people and organizations the text names: not from sentences, «Фото автора» or «из открытых источников»', async () => {
    const before = creditNames().map((credit) => credit.name);
    const result = await run(path.join(FIXTURES, 'ru-court.txt'));
    const created = creditNames().filter((credit) => !before.includes(credit.name));
    expect(created.map(({ name, kind }) => ({ name, kind })).sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: 'Айгерим Сатпаева', kind: 'photographer' }, // «Фото автора»: the article's author
      { name: 'Открытые источники', kind: 'openSources' },
    ]);
    expect(created.some((credit) => /съёмка|Автора|Открытых источников/u.test(credit.name))).toBe(false);
    expect(result.warnings.map((warning) => warning.line)).toEqual([11]);
  });
});

describe('a saved HTML page', () => {
  it('uploads the images saved beside the page, makes the first the cover, references the remote one with a placeholder', async () => {
    const folder = path.join(work, 'html');
    mkdirSync(path.join(folder, 'ru-square_files'), { recursive: true });
    cpSync(path.join(FIXTURES, 'html/ru-square.html'), path.join(folder, 'ru-square.html'));
    for (const [name, colour] of [
      ['skver-1.jpg', '#5a8f3c'],
      ['skver-2.jpg', '#3c6e8f'],
    ] as const) {
      await sharp({ create: { width: 64, height: 48, channels: 3, background: colour } })
        .jpeg()
        .toFile(path.join(folder, 'ru-square_files', name));
    }
    const result = await run(path.join(folder, 'ru-square.html'));
    const [row] = rowsOf(result.documentId);
    expect(row).toMatchObject({ locale: 'ru', title: 'В Актау открыли сквер на 9 гектаров' });
    const cover = slotsOf(row?.id ?? -1, 'cover');
    expect(cover).toEqual([
      {
        alt: 'Главная аллея сквера с молодыми деревьями и скамейками',
        caption: 'Главная аллея сквера.',
        credit: 'Айдос Қасымов',
        file: expect.stringMatching(/^import-[0-9a-f]{16}-skver-1\.jpg$/),
      },
    ]);
    const gallery = slotsOf(row?.id ?? -1, 'gallery');
    expect(gallery.map((slot) => [slot.credit, slot.file?.replace(/[0-9a-f]{16}/u, 'HASH') ?? null])).toEqual([
      ['Пресс-служба акимата Актау', 'import-HASH-skver-2.jpg'],
      [null, 'tilshi-importer-photo-pending.jpg'],
    ]);
    expect(gallery[1]?.caption).toContain('Оригинал: https://www.lada.kz/uploads/2024/05/skver-night.jpg');
    expect(result.warnings.map((warning) => warning.message).join('\n')).toMatch(/skver-2\.jpg has no alt text/);
  });
});

describe('nothing is half-created', () => {
  it('a malformed export: ImportParseError naming the line, and nothing created', async () => {
    const before = totals();
    const attempt = run(path.join(FIXTURES, 'no-date.txt'));
    await expect(attempt).rejects.toBeInstanceOf(ImportParseError);
    await expect(attempt).rejects.toMatchObject({
      line: 5,
      message: expect.stringMatching(/^no-date\.txt:line 5: expected the publication date line/),
    });
    expect(totals()).toEqual(before);
  });

  it('an article the CMS refuses after its credits, author and image were made: all rolled back, uploads deleted', async () => {
    const folder = path.join(work, 'refused');
    mkdirSync(path.join(folder, 'page_files'), { recursive: true });
    const page = readFileSync(path.join(FIXTURES, 'html/ru-square.html'), 'utf8')
      .replaceAll('ru-square_files', 'page_files')
      .replace('Айдос Касымов', 'Тимур Новиков')
      .replace('content="Айгерим Сатпаева"', 'content="Ержан Новый"')
      .replace('В Актау открыли сквер на 9 гектаров</h1>', 'В Актау открыли ещё один сквер</h1>');
    writeFileSync(path.join(folder, 'page.html'), page);
    for (const name of ['skver-1.jpg', 'skver-2.jpg'])
      await sharp({ create: { width: 40, height: 30, channels: 3, background: '#8f3c5a' } })
        .png()
        .toFile(path.join(folder, 'page_files', name.replace('.jpg', '.png')));
    writeFileSync(path.join(folder, 'page.html'), page.replaceAll('.jpg"', '.png"'));
    const before = totals();
    // The real client, except that the plan carries a body the CMS refuses (an unknown block type).
    class RefusingClient extends StrapiClient {
      override async post<T>(route: string, data: unknown, schema: Parser<T>): Promise<T> {
        const plan = z.looseObject({ article: z.looseObject({}) }).parse(data);
        return super.post(route, { ...plan, article: { ...plan.article, body: [{ type: 'no-such-block', children: [] }] } }, schema);
      }
    }
    const refusing = new RefusingClient({ baseUrl: strapi.url, token: strapi.writeToken, retries: 1 });
    const attempt = importArticle({ url: strapi.url, writeToken: strapi.writeToken, file: path.join(folder, 'page.html'), rest: refusing });
    await expect(attempt).rejects.toBeInstanceOf(ImportArticleError);
    await expect(attempt).rejects.toThrow(/The CMS created nothing for it .*Deleted the 2 image\(s\) this run uploaded/);
    expect(totals()).toEqual(before);
    expect(creditNames().map((credit) => credit.name)).not.toContain('Тимур Новиков');
  });

  it('the import route refuses a plan that is not one, naming the field', async () => {
    await expect(write.post('/api/import-records/import', { sourceHash: 'x' }, z.unknown())).rejects.toSatisfy(
      (error: unknown) => error instanceof StrapiRequestError && error.status === 400 && /sourceHash/.test(error.message),
    );
  });
});

describe('a 1,000-file archive, interrupted and resumed', () => {
  const TOTAL = 1000;
  let dir: string;
  let first: ArchiveReport;
  let second: ArchiveReport;
  let before: ReturnType<typeof totals>;

  beforeAll(async () => {
    // 1,000 exports made from the readable fixtures: Russian and Kazakh, each with its own title, date and figures.
    dir = path.join(work, 'archive');
    const ru = readFileSync(path.join(FIXTURES, 'pair-ru.txt'), 'utf8');
    const kk = readFileSync(path.join(FIXTURES, 'pair-kk.txt'), 'utf8');
    for (let index = 0; index < TOTAL; index += 1) {
      const sub = path.join(dir, index % 2 ? 'kk' : 'ru', String(Math.floor(index / 100)));
      mkdirSync(sub, { recursive: true });
      const day = String((index % 28) + 1).padStart(2, '0');
      const minute = String(index % 60).padStart(2, '0');
      const text = (index % 2 ? kk : ru)
        .replace('12.09.2024, 11:20', `${day}.03.2021, 10:${minute}`)
        .replace(/250/gu, String(1000 + index))
        .replace(/^(В Актау отремонтируют|Ақтауда)/mu, `$1 №${index}`);
      writeFileSync(path.join(sub, `article-${String(index).padStart(4, '0')}.txt`), text);
    }
    writeFileSync(path.join(dir, 'broken.txt'), readFileSync(path.join(FIXTURES, 'unknown-date.txt')));
    before = totals();
    const abort = new AbortController();
    first = await importArchive({
      dir,
      url: strapi.url,
      writeToken: strapi.writeToken,
      concurrency: 4,
      signal: abort.signal,
      onFile: (_outcome, done) => done >= 300 && abort.abort(),
    });
    second = await importArchive({ dir, url: strapi.url, writeToken: strapi.writeToken, concurrency: 4 });
  }, 600_000);

  it('stops when interrupted, after the files in flight, and says so', () => {
    expect(first.interrupted).toBe('interrupted (signal)');
    expect(first.outcomes.length).toBeGreaterThanOrEqual(300);
    expect(first.outcomes.length).toBeLessThan(TOTAL);
    expect(renderReport(first, null)).toMatch(
      /Interrupted: interrupted \(signal\)\.\*\* \d+ file\(s\) were not processed; run the same command again to resume/,
    );
  });

  it('resumes: the second run skips what the first imported and imports the rest, each file exactly once', () => {
    const firstImported = first.outcomes.filter((outcome) => outcome.status === 'imported').length;
    expect(second.interrupted).toBeNull();
    expect(second.counts.skipped).toBe(firstImported);
    expect(firstImported + second.counts.imported).toBe(TOTAL);
    expect(totals().records - before.records).toBe(TOTAL);
    expect(totals().articles - before.articles).toBe(TOTAL);
    expect(
      countOf(
        `SELECT COUNT(*) AS n FROM (SELECT source_path FROM import_records WHERE source_path LIKE 'ru/%' OR source_path LIKE 'kk/%' GROUP BY source_path HAVING COUNT(*) > 1)`,
      ),
    ).toBe(0);
  });

  it('imports each file in its own language and refuses the broken one with its line', () => {
    expect(countOf(`SELECT COUNT(*) AS n FROM import_records WHERE source_path LIKE 'kk/%' AND article_locale = 'kk'`)).toBe(TOTAL / 2);
    expect(countOf(`SELECT COUNT(*) AS n FROM import_records WHERE source_path LIKE 'ru/%' AND article_locale = 'ru'`)).toBe(TOTAL / 2);
    expect(second.outcomes.find((outcome) => outcome.file === 'broken.txt')).toMatchObject({ status: 'refused', line: 3 });
  });

  it('creates no credit or author beyond the ones the texts name', () => {
    expect(totals().credits).toBe(before.credits);
    expect(first.created.credits).toEqual([]);
  });

  it('creates nothing on a third run', async () => {
    const third = await importArchive({ dir, url: strapi.url, writeToken: strapi.writeToken, concurrency: 4 });
    expect(third.counts).toMatchObject({ imported: 0, skipped: TOTAL, refused: 1 });
    expect(totals().articles - before.articles).toBe(TOTAL);
  }, 300_000);
});

describe('an archive import killed with SIGKILL (no chance to clean up) and run again', () => {
  const TOTAL = 120;
  let dir: string;
  let before: ReturnType<typeof totals>;
  let killedAfter = 0;
  let resumed: ArchiveReport;

  beforeAll(async () => {
    dir = path.join(work, 'killed');
    const ru = readFileSync(path.join(FIXTURES, 'pair-ru.txt'), 'utf8');
    for (let index = 0; index < TOTAL; index += 1) {
      mkdirSync(dir, { recursive: true });
      const text = ru
        .replace('12.09.2024, 11:20', `${String((index % 28) + 1).padStart(2, '0')}.04.2020, 09:${String(index % 60).padStart(2, '0')}`)
        .replace(/250/gu, String(5000 + index))
        .replace(/^В Актау отремонтируют/mu, `В Актау отремонтируют (SIGKILL) №${index}`);
      writeFileSync(path.join(dir, `killed-${String(index).padStart(3, '0')}.txt`), text);
    }
    before = totals();
    // The real command in its own process, killed outright once it has reported some files.
    const child = spawn(
      process.execPath,
      [path.resolve(here, '../../scripts/tasks/import-archive.ts'), dir, '--report', path.join(work, 'killed-report.md')],
      {
        env: { ...process.env, STRAPI_URL: strapi.url, STRAPI_WRITE_TOKEN: strapi.writeToken },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    await new Promise<void>((resolve, reject) => {
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const done = [...output.matchAll(/\[import-archive\] (\d+)\/\d+ /gu)].map((match) => Number(match[1]));
        if ((done.at(-1) ?? 0) >= 30 && killedAfter === 0) {
          killedAfter = done.at(-1) ?? 0;
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.once('exit', (code) =>
        killedAfter === 0 ? reject(new Error(`the import ended (${code}) before it could be killed:\n${output}`)) : resolve(),
      );
    });
    await exited;
    resumed = await importArchive({ dir, url: strapi.url, writeToken: strapi.writeToken, concurrency: 4 });
  }, 600_000);

  it('leaves every file imported exactly once after the re-run, nothing half-made', () => {
    expect(killedAfter).toBeGreaterThanOrEqual(30);
    expect(resumed.interrupted).toBeNull();
    expect(resumed.counts.skipped + resumed.counts.imported).toBe(TOTAL);
    expect(resumed.counts.skipped).toBeGreaterThanOrEqual(killedAfter);
    expect(totals().articles - before.articles).toBe(TOTAL);
    expect(totals().records - before.records).toBe(TOTAL);
    expect(
      countOf(`SELECT COUNT(*) AS n FROM (SELECT title FROM articles WHERE title LIKE '%(SIGKILL)%' GROUP BY title HAVING COUNT(*) > 1)`),
    ).toBe(0);
    expect(totals().credits).toBe(before.credits);
  });
});
