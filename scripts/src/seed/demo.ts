/**
 * Writes N synthetic demo articles (see demo-content.ts) for load and layout
 * testing: a pool of generated placeholder covers uploaded once, a bulk
 * lookup of the demo slugs that already exist (paged), then the missing
 * articles and translations with a bounded number of requests in flight.
 * Idempotent: a rerun creates only what is missing.
 */
import { z } from 'zod';
import { renderPlaceholderJpeg } from '../../lib/placeholder-photo.ts';
import type { Locale } from '@tilshi/shared-types';
import type { StrapiClient } from '@tilshi/strapi-client';
import { DEMO_PHOTO_CREDIT } from './data/people.ts';
import { DEMO_AUTHORS, DEMO_PHOTO_POOL_SIZE, DEMO_SLUG_PREFIX, demoArticle, demoIndexOf, type DemoArticle } from './demo-content.ts';
import type { ReferenceIds } from './reference.ts';
import { idsOf } from './upsert.ts';

export type DemoReport = {
  requested: number;
  /** Documents created by this run (a ru article with its translation counts once). */
  documentsCreated: number;
  /** Kazakh versions added to Russian articles by this run. */
  translationsCreated: number;
  /** Demo numbers that were complete already. */
  skipped: number;
  /** How the requested articles divide: ru only, ru with kk, kk only. */
  plan: { ru: number; 'ru+kk': number; kk: number };
  photosUploaded: number;
  durationMs: number;
};

export type DemoOptions = {
  count: number;
  refs: ReferenceIds;
  log: (line: string) => void;
  now?: Date;
  concurrency?: number;
};

const PHOTO_PREFIX = 'tilshi-demo-placeholder-';
const BACKGROUNDS = [
  '#d9dee4',
  '#e4ddd3',
  '#d6e2da',
  '#e2d8e0',
  '#dfe3cf',
  '#d3dde6',
  '#e6dccf',
  '#d8d8e6',
  '#e3e0d2',
  '#d4e0e0',
  '#e6d6d6',
  '#dce3d3',
];

const SlugRef = z.looseObject({ documentId: z.string(), slug: z.string() });

/** The demo number → documentId of the demo articles already published in `locale`. */
async function existingDemo(rest: StrapiClient, locale: Locale): Promise<Map<number, string>> {
  const items = await rest.find('articles', { locale, fields: ['slug'], filters: { slug: { $startsWith: DEMO_SLUG_PREFIX } } }, SlugRef);
  const byIndex = new Map<number, string>();
  for (const item of items) {
    const index = demoIndexOf(item.slug);
    if (index !== null) byIndex.set(index, item.documentId);
  }
  return byIndex;
}

/** The pool of cover placeholders: number → upload id; uploads the missing ones. */
async function photoPool(rest: StrapiClient): Promise<{ ids: Map<number, number>; uploaded: number }> {
  const existing = await rest.findFiles({ name: { $startsWith: PHOTO_PREFIX } });
  const ids = new Map<number, number>();
  let uploaded = 0;
  for (let number = 1; number <= DEMO_PHOTO_POOL_SIZE; number += 1) {
    const fileName = `${PHOTO_PREFIX}${String(number).padStart(2, '0')}.jpg`;
    const found = existing.find((file) => file.name === fileName);
    if (found) {
      ids.set(number, found.id);
      continue;
    }
    const jpeg = await renderPlaceholderJpeg({
      background: BACKGROUNDS[(number - 1) % BACKGROUNDS.length] ?? '#d9dee4',
      heading: 'ДЕМО-ИЗОБРАЖЕНИЕ',
      lines: ['Заглушка для демонстрационных материалов', `№${number} из ${DEMO_PHOTO_POOL_SIZE}`],
      footer: 'Изображение сгенерировано автоматически и не является фотографией · tilshi',
    });
    const file = await rest.upload(jpeg, fileName, 'image/jpeg', {
      name: fileName,
      alternativeText: `Демо-изображение-заглушка №${number}`,
    });
    ids.set(number, file.id);
    uploaded += 1;
  }
  return { ids, uploaded };
}

/** Runs `work` over `items` with at most `limit` promises pending; the first failure stops taking new items and is rethrown. */
async function inPool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const item = items[next] as T;
      next += 1;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
}

export async function seedDemo(rest: StrapiClient, options: DemoOptions): Promise<DemoReport> {
  const started = Date.now();
  const now = options.now ?? new Date();
  const { log, refs } = options;
  const report: DemoReport = {
    requested: options.count,
    documentsCreated: 0,
    translationsCreated: 0,
    skipped: 0,
    plan: { ru: 0, 'ru+kk': 0, kk: 0 },
    photosUploaded: 0,
    durationMs: 0,
  };

  const pool = await photoPool(rest);
  report.photosUploaded = pool.uploaded;
  const [creditId] = idsOf(refs.credits, [DEMO_PHOTO_CREDIT], 'credit');
  const authorIds = new Map(DEMO_AUTHORS.map((slug) => [slug, idsOf(refs.authors, [slug], 'author')[0] as string]));

  const [ruExisting, kkExisting] = await Promise.all([existingDemo(rest, 'ru'), existingDemo(rest, 'kk')]);
  log(
    `demo: ${ruExisting.size} ru and ${kkExisting.size} kk demo articles exist already; ${pool.uploaded} cover placeholder(s) uploaded, ${DEMO_PHOTO_POOL_SIZE - pool.uploaded} reused`,
  );

  const data = (article: DemoArticle, locale: Locale) => {
    const content = article[locale];
    return {
      title: content.title,
      slug: content.slug,
      lead: content.lead,
      body: content.body,
      publicationDate: article.publicationDate,
      ageRating: article.ageRating,
      rubric: idsOf(refs.rubrics, [article.rubric], 'rubric')[0],
      tags: idsOf(refs.tags, article.tags, 'tag'),
      authors: [authorIds.get(article.author)],
      cover: { image: pool.ids.get(article.photo), caption: content.caption, alt: content.alt, credit: creditId },
    };
  };

  const indices = Array.from({ length: options.count }, (_, position) => position + 1);
  let processed = 0;
  await inPool(indices, options.concurrency ?? 4, async (index) => {
    const article = demoArticle(index, now);
    report.plan[article.locales] += 1;
    let wrote = false;
    if (article.locales === 'kk') {
      if (!kkExisting.has(index)) {
        const created = await rest.create('articles', data(article, 'kk'), { locale: 'kk' });
        kkExisting.set(index, created.documentId);
        report.documentsCreated += 1;
        wrote = true;
      }
    } else {
      let documentId = ruExisting.get(index);
      if (!documentId) {
        documentId = (await rest.create('articles', data(article, 'ru'), { locale: 'ru' })).documentId;
        ruExisting.set(index, documentId);
        report.documentsCreated += 1;
        wrote = true;
      }
      if (article.locales === 'ru+kk' && !kkExisting.has(index)) {
        await rest.update('articles', documentId, data(article, 'kk'), { locale: 'kk' });
        kkExisting.set(index, documentId);
        report.translationsCreated += 1;
        wrote = true;
      }
    }
    if (!wrote) report.skipped += 1;
    processed += 1;
    if (processed % 100 === 0 || processed === indices.length) {
      const seconds = (Date.now() - started) / 1000;
      log(
        `demo: ${processed}/${indices.length} (created ${report.documentsCreated} articles + ${report.translationsCreated} translations, skipped ${report.skipped}; ${seconds.toFixed(1)} s)`,
      );
    }
  });

  report.durationMs = Date.now() - started;
  return report;
}
