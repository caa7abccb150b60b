/**
 * Imports one plain-text article export as ONE Strapi draft (locale ru):
 * parse first (nothing touches Strapi when the export is malformed), then
 * find-or-create the photo credits, then create the draft with title, lead,
 * body, publication date, source and one gallery slot per «Фото …» line.
 * If creating the draft fails, the credits this run created are deleted
 * again, so a failed import leaves nothing half-created.
 *
 * Photo slots. An export holds no image files, only credit lines. Each slot
 * gets ONE shared placeholder image (uploaded once, reused by every import)
 * that reads «ФОТО ОЖИДАЕТСЯ — замените перед публикацией», the credit named
 * in the export, an alt text that says what the image really is
 * («Фото ожидается: заглушка вместо фото …») and a caption telling the editor
 * which export line the photo came from. Nothing pretends to be the photo.
 * Leaving alt empty would make the CMS refuse to publish the placeholder,
 * but the CMS is moving towards refusing to even save a photo without alt,
 * which would make every import fail; so the guard is the image itself, and
 * the report suggests a CMS rule refusing to publish PENDING_PHOTO_FILE.
 * The placeholder is shared rather than per-article because the write token
 * may upload but not delete media: a per-run upload could not be rolled back.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ensurePlaceholderUpload } from '../../lib/placeholder-photo.ts';
import { createStrapiRest, DocumentRef, type StrapiRest } from '../../lib/strapi-rest.ts';
import { parseArticleExport, type ParsedArticle } from './parse.ts';

export const PENDING_PHOTO_FILE = 'tilshi-importer-photo-pending.jpg';

export type ImportArticleOptions = {
  url: string;
  writeToken: string;
  /** Path of the plain-text export. */
  file: string;
  log?: (line: string) => void;
  /** A REST client to use instead of one made from url/writeToken (tests wrap it to inject failures). */
  rest?: StrapiRest;
  /** Runs after the export parsed and before the first request, e.g. a reachability check. */
  beforeWrite?: () => Promise<void>;
};

export type ImportedCredit = { name: string; documentId: string; created: boolean };

export type ImportArticleResult = {
  documentId: string;
  slug: string;
  title: string;
  locale: 'ru';
  status: 'draft';
  publicationDate: string;
  sourceAttribution: string | null;
  photoSlots: number;
  credits: ImportedCredit[];
  recognized: string[];
};

/** The import could not be completed; says what failed and what was rolled back. */
export class ImportArticleError extends Error {
  readonly file: string;
  constructor(file: string, message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'ImportArticleError';
    this.file = file;
  }
}

const CreatedArticle = z.looseObject({ id: z.number(), documentId: z.string(), slug: z.string(), title: z.string(), publishedAt: z.string().nullable() });
const CreditRef = z.looseObject({ documentId: z.string(), name: z.string() });

/** A credit line naming a person («Айдос Касымов») is a photographer; anything else an organization. */
export function guessCreditKind(name: string): 'photographer' | 'organization' {
  return /^\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)? \p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?$/u.test(name) ? 'photographer' : 'organization';
}

async function readExport(file: string): Promise<Uint8Array> {
  try {
    return await readFile(file);
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : error instanceof Error ? error.message : String(error);
    throw new ImportArticleError(file, `cannot read ${file}: ${reason}.`, error);
  }
}

/** Describes what the slot shows: a placeholder, and whose photo belongs there. */
export function pendingAlt(creditName: string | null): string {
  return `Фото ожидается: заглушка вместо фото${creditName ? `, предоставленного «${creditName}»` : ''}`;
}

function draftData(parsed: ParsedArticle, credits: Map<string, string>, placeholderId: number | null): Record<string, unknown> {
  return {
    title: parsed.title,
    lead: parsed.lead,
    body: parsed.body,
    publicationDate: parsed.publishedAt,
    sourceAttribution: parsed.sourceAttribution,
    gallery: parsed.photos.map((photo, index) => ({
      image: placeholderId,
      caption: `ЗАГЛУШКА ${index + 1}/${parsed.photos.length}: замените оригинальным фото и перепишите alt. В экспорте: «${photo.sourceLine}» (строка ${photo.line}).`,
      alt: pendingAlt(photo.creditName),
      ...(photo.creditName && credits.has(photo.creditName) ? { credit: credits.get(photo.creditName) } : {}),
    })),
  };
}

export async function importArticle(options: ImportArticleOptions): Promise<ImportArticleResult> {
  const log = options.log ?? (() => {});
  const bytes = await readExport(options.file);
  const parsed = parseArticleExport(bytes, { source: path.basename(options.file) });
  const recognized = [...parsed.recognized, 'ageRating left at the CMS default: the masthead «18+» is the site\'s label, not this article\'s rating'];
  for (const line of recognized) log(`  ${line}`);
  await options.beforeWrite?.();

  const rest = options.rest ?? createStrapiRest({ url: options.url, token: options.writeToken });
  const credits: ImportedCredit[] = [];
  const createdCreditIds: string[] = [];
  let placeholderUploaded = false;

  try {
    const names = [...new Set(parsed.photos.map((photo) => photo.creditName).filter((name): name is string => name !== null))];
    for (const name of names) {
      const existing = await rest.findFirst('credits', { filters: { name: { $eq: name } } }, CreditRef);
      if (existing) {
        credits.push({ name, documentId: existing.documentId, created: false });
        log(`credit «${name}»: already in the CMS, reused`);
        continue;
      }
      const kind = guessCreditKind(name);
      const created = await rest.create('credits', { name, kind }, undefined, DocumentRef);
      createdCreditIds.push(created.documentId);
      credits.push({ name, documentId: created.documentId, created: true });
      log(`credit «${name}»: created (kind ${kind}, guessed from the name; check it in the panel)`);
    }

    let placeholderId: number | null = null;
    if (parsed.photos.length > 0) {
      const { file, uploaded } = await ensurePlaceholderUpload(rest, {
        fileName: PENDING_PHOTO_FILE,
        alternativeText: 'Фото ожидается: заглушка импорта, оригинальное фото ещё не прикреплено',
        spec: {
          background: '#e8dcc8',
          heading: 'ФОТО ОЖИДАЕТСЯ',
          lines: ['Заглушка импорта: замените это изображение оригинальным фото из источника и перепишите alt-текст.', 'Не публикуйте материал с этой картинкой.'],
          footer: 'Изображение сгенерировано автоматически и не является фотографией · tilshi',
        },
      });
      placeholderId = file.id;
      placeholderUploaded = uploaded;
      log(uploaded ? `placeholder image «${PENDING_PHOTO_FILE}» uploaded (shared by all imports)` : `placeholder image «${PENDING_PHOTO_FILE}» reused`);
    }

    const creditIds = new Map(credits.map((credit) => [credit.name, credit.documentId]));
    const article = await rest.create('articles', draftData(parsed, creditIds, placeholderId), { locale: 'ru', status: 'draft' }, CreatedArticle);
    log(`draft created: documentId ${article.documentId}, slug ${article.slug} (locale ru, not published)`);
    log('next: in the panel replace the placeholder photos with the originals and rewrite their alt, choose a cover, rubric, tags, author and age rating, then publish.');
    return {
      documentId: article.documentId,
      slug: article.slug,
      title: article.title,
      locale: 'ru',
      status: 'draft',
      publicationDate: parsed.publishedAt,
      sourceAttribution: parsed.sourceAttribution,
      photoSlots: parsed.photos.length,
      credits,
      recognized,
    };
  } catch (error) {
    const rolledBack: string[] = [];
    const leftOver: string[] = [];
    for (const documentId of createdCreditIds) {
      try {
        await rest.remove('credits', documentId);
        rolledBack.push(documentId);
      } catch (cleanupError) {
        leftOver.push(`${documentId} (${cleanupError instanceof Error ? cleanupError.message : String(cleanupError)})`);
      }
    }
    const cause = error instanceof Error ? error.message : String(error);
    const undo = [
      createdCreditIds.length === 0
        ? 'No credit was created.'
        : `Rolled back: deleted ${rolledBack.length} credit(s) created by this run.${leftOver.length ? ` Could NOT delete credit(s) ${leftOver.join(', ')}: delete them in the panel.` : ''}`,
      placeholderUploaded ? `The shared placeholder «${PENDING_PHOTO_FILE}» uploaded by this run stays in the media library (the write token cannot delete media; the next import reuses it).` : '',
    ]
      .filter(Boolean)
      .join(' ');
    throw new ImportArticleError(options.file, `importing ${options.file} failed: ${cause}. ${undo}`, error);
  }
}
