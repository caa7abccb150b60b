/**
 * Seeds the seed story: the NGO open day (event, ru + kk) and its article,
 * published in Russian and Kazakh. Both bodies are built by the importer's
 * parser from the exports (the newsroom's page, our Kazakh translation), and
 * the two photo slots get honest generated placeholders credited to the
 * organization that provided the originals.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ensurePlaceholderUpload } from '../../lib/placeholder-photo.ts';
import type { Locale } from '@tilshi/shared-types';
import type { StrapiClient } from '@tilshi/strapi-client';
import { parseArticleExport, type ParsedArticle } from '../importer/parse.ts';
import { NGO_OPEN_DAY_ARTICLE, NGO_OPEN_DAY_EVENT } from './data/ngo-open-day.ts';
import type { PhotoSeed } from './data/types.ts';
import type { ReferenceIds } from './reference.ts';
import { toSlug } from './slug.ts';
import { ensureLocalizedDocuments, idsOf, type LocalizedTally } from './upsert.ts';

const REPO_ROOT = new URL('../../../', import.meta.url);
const DATA_DIR = new URL('./data/', import.meta.url);

export type NgoOpenDayOutcome = {
  eventDocumentId: string;
  articleDocumentId: string;
  slugs: Record<Locale, string>;
  photos: { uploaded: number; reused: number };
};

async function parseExport(url: URL): Promise<ParsedArticle> {
  return parseArticleExport(await readFile(url), { source: fileURLToPath(url) });
}

export async function seedNgoOpenDayEvent(rest: StrapiClient, refs: ReferenceIds, tally: LocalizedTally): Promise<string> {
  const { ru, kk, organizers, supporters, ...shared } = NGO_OPEN_DAY_EVENT;
  const relations = {
    organizers: idsOf(refs.organizations, organizers, 'organization'),
    supporters: idsOf(refs.organizations, supporters, 'organization'),
  };
  const ids = await ensureLocalizedDocuments(
    rest,
    'ngo-events',
    [{ ru: { ...shared, ...relations, ...ru }, kk: { ...shared, ...relations, ...kk } }],
    tally,
  );
  const id = ids.get(ru.slug);
  if (!id) throw new Error(`the event "${ru.slug}" was not created`);
  return id;
}

export async function seedNgoOpenDayArticle(
  rest: StrapiClient,
  refs: ReferenceIds,
  eventId: string,
  tally: LocalizedTally,
): Promise<NgoOpenDayOutcome> {
  const meta = NGO_OPEN_DAY_ARTICLE;
  const [ruText, kkText] = await Promise.all([
    parseExport(new URL(meta.ruExport, REPO_ROOT)),
    parseExport(new URL(meta.kkExport, DATA_DIR)),
  ]);

  const photos = { uploaded: 0, reused: 0 };
  const upload = async (photo: PhotoSeed): Promise<number> => {
    const { file, uploaded } = await ensurePlaceholderUpload(rest, {
      fileName: photo.fileName,
      alternativeText: photo.ru.alt,
      caption: photo.ru.caption,
      spec: {
        background: '#d9dee4',
        heading: 'ФОТО-ЗАГЛУШКА',
        lines: photo.placeholderLines,
        footer: 'Изображение сгенерировано автоматически и не является фотографией · tilshi',
      },
    });
    photos[uploaded ? 'uploaded' : 'reused'] += 1;
    return file.id;
  };
  const coverId = await upload(meta.cover);
  const galleryIds: number[] = [];
  for (const photo of meta.gallery) galleryIds.push(await upload(photo));

  const [creditId] = idsOf(refs.credits, [meta.credit], 'credit');
  const [rubricId] = idsOf(refs.rubrics, [meta.rubric], 'rubric');
  const relations = {
    rubric: rubricId,
    tags: idsOf(refs.tags, meta.tags, 'tag'),
    authors: idsOf(refs.authors, meta.authors, 'author'),
    event: eventId,
  };
  const version = (locale: Locale, text: ParsedArticle) => ({
    title: text.title,
    slug: toSlug(text.title),
    lead: text.lead,
    body: text.body,
    publicationDate: text.publishedAt,
    sourceAttribution: text.sourceAttribution,
    ageRating: meta.ageRating,
    ...relations,
    cover: { image: coverId, caption: meta.cover[locale].caption, alt: meta.cover[locale].alt, credit: creditId },
    gallery: meta.gallery.map((photo, index) => ({
      image: galleryIds[index],
      caption: photo[locale].caption,
      alt: photo[locale].alt,
      credit: creditId,
    })),
  });
  const ru = version('ru', ruText);
  const kk = version('kk', kkText);
  const ids = await ensureLocalizedDocuments(rest, 'articles', [{ ru, kk }], tally);
  const articleDocumentId = ids.get(ru.slug);
  if (!articleDocumentId) throw new Error(`the article "${ru.slug}" was not created`);
  return { eventDocumentId: eventId, articleDocumentId, slugs: { ru: ru.slug, kk: kk.slug }, photos };
}
