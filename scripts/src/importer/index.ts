/**
 * Imports one article file — a plain-text export or a saved HTML page, in
 * Russian or Kazakh — as ONE Strapi draft in its own locale:
 *
 * 1. read and parse it (nothing touches Strapi when it is malformed: the
 *    ImportParseError names the line and what was expected);
 * 2. ask the CMS whether this content was imported before (its SHA-256 is
 *    stored in an import record) and stop there if so;
 * 3. upload the page's own images (named after their hash, so a re-run
 *    reuses them) and, for photo slots without an image, the shared
 *    placeholder;
 * 4. send the import plan to POST /api/import-records/import, which creates
 *    credits, authors, the article (or the other locale of the same story's
 *    document) and the import record in ONE transaction in the CMS.
 *
 * When step 4 fails, the uploads step 3 made are deleted again: a refused
 * file leaves no article, credit, author or upload behind.
 *
 * Photo slots without an image (text exports only name a credit) get the
 * shared placeholder «ФОТО ОЖИДАЕТСЯ», an alt text that says what it is and
 * a caption naming the export line; the CMS refuses to publish it.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { blocksSchema, type Locale } from '@tilshi/shared-types';
import { z } from 'zod';
import { ensurePlaceholderUpload } from '../../lib/placeholder-photo.ts';
import { StrapiClient, StrapiRequestError } from '@tilshi/strapi-client';
import type { Note, ParsedArticle, PhotoSlot } from './article.ts';
import { decodeExport } from './decode.ts';
import { ImportParseError } from './errors.ts';
import { looksLikeHtml, parseHtmlPage } from './html.ts';
import { parseArticleExport } from './parse.ts';

export const PENDING_PHOTO_FILE = 'tilshi-importer-photo-pending.jpg';

export type ImportArticleOptions = {
  url: string;
  writeToken: string;
  /** Path of the export (.txt) or saved page (.html). */
  file: string;
  /** How the file is named in records and reports (default: its base name). */
  sourcePath?: string;
  /** Link a Russian and a Kazakh export of the same story as translations (default true). */
  linkTranslations?: boolean;
  log?: (line: string) => void;
  /** A REST client to use instead of one made from url/writeToken (tests wrap it to inject failures). */
  rest?: StrapiClient;
  /** Runs after the file parsed and before the first request, e.g. a reachability check. */
  beforeWrite?: () => Promise<void>;
};

export type Linked = { name: string; documentId: string; created: boolean };

export type ImportArticleResult = {
  file: string;
  status: 'imported' | 'skipped';
  /** Why it was skipped (imported before). */
  skipReason: string | null;
  documentId: string;
  locale: Locale;
  slug: string;
  title: string;
  publicationDate: string;
  sourceAttribution: string | null;
  /** The story this file was linked to as its other-language version. */
  translationOf: { documentId: string; locale: string; title: string | null; sharedFigures: number; figures: number } | null;
  photoSlots: number;
  /** Photo slots holding the "photo pending" placeholder: the CMS will not publish the article until they are replaced. */
  placeholders: number;
  credits: Linked[];
  authors: Linked[];
  related: Array<{ title: string; url: string | null }>;
  warnings: Note[];
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

const LinkedSchema = z.object({ name: z.string(), documentId: z.string(), created: z.boolean() });
const OutcomeSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('skipped'),
    reason: z.string(),
    documentId: z.string(),
    locale: z.enum(['ru', 'kk']),
    title: z.string().nullable(),
  }),
  z.object({
    status: z.literal('imported'),
    documentId: z.string(),
    locale: z.enum(['ru', 'kk']),
    slug: z.string(),
    title: z.string(),
    translationOf: z
      .object({ documentId: z.string(), locale: z.string(), title: z.string().nullable(), sharedFigures: z.number(), figures: z.number() })
      .nullable(),
    credits: z.array(LinkedSchema),
    authors: z.array(LinkedSchema),
  }),
]);
const RecordSchema = z.looseObject({
  sourceHash: z.string(),
  articleDocumentId: z.string(),
  articleLocale: z.enum(['ru', 'kk']),
  title: z.string().nullable(),
});

export async function readSource(file: string): Promise<Uint8Array> {
  try {
    return await readFile(file);
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : error instanceof Error ? error.message : String(error);
    throw new ImportArticleError(file, `cannot read ${file}: ${reason}.`, error);
  }
}

/** A text export or an HTML page, by extension, else by its first bytes. */
export function parseSource(bytes: Uint8Array, file: string): ParsedArticle {
  const source = path.basename(file);
  const extension = path.extname(file).toLowerCase();
  const html =
    extension === '.html' ||
    extension === '.htm' ||
    (extension !== '.txt' && looksLikeHtml(new TextDecoder().decode(bytes.subarray(0, 2000))));
  return html ? parseHtmlPage(bytes, { source, file }) : parseArticleExport(bytes, { source });
}

/**
 * The content's identity: SHA-256 of the decoded text with line ends, BOM and
 * trailing spaces normalised, so a CRLF or Windows-1251 copy of the same
 * export is the same source.
 */
export function sourceHashOf(bytes: Uint8Array, source: string): string {
  const { text } = decodeExport(bytes, source);
  const normalised = text
    .normalize('NFC')
    .split(/\r\n|\r|\n/u)
    .map((line) => line.trimEnd())
    .join('\n')
    .trim();
  return createHash('sha256').update(normalised, 'utf8').digest('hex');
}

/** Describes what the slot shows: a placeholder, and whose photo belongs there. */
export function pendingAlt(creditName: string | null): string {
  return `Фото ожидается: заглушка вместо фото${creditName ? `, предоставленного «${creditName}»` : ''}`;
}

const MIME: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.avif': 'image/avif',
};

type PlanCredit = { name: string; kind: 'photographer' | 'agency' | 'organization' | 'openSources' };

function creditOf(photo: PhotoSlot, authors: string[]): PlanCredit | null {
  const credit = photo.credit;
  if (!credit) return null;
  if (credit.type === 'author') return authors[0] ? { name: authors[0], kind: 'photographer' } : null;
  return { name: credit.name, kind: credit.kind };
}

type Slot = { slot: 'cover' | 'gallery'; imageId: number | null; alt: string | null; caption: string | null; credit: string | null };

/** Truncates to the CMS limit with an ellipsis (captions the importer writes). */
const fit = (value: string, max: number) => (value.length <= max ? value : `${value.slice(0, max - 1)}…`);

// eslint-disable-next-line max-lines-per-function -- read, parse, match credits, plan and send in one transaction: the order is the rule; each step is a named helper
export async function importArticle(options: ImportArticleOptions): Promise<ImportArticleResult> {
  const log = options.log ?? (() => {});
  const sourcePath = options.sourcePath ?? path.basename(options.file);
  const bytes = await readSource(options.file);
  const parsed = parseSource(bytes, options.file);
  const sourceHash = sourceHashOf(bytes, path.basename(options.file));
  const body = blocksSchema.safeParse(parsed.body);
  if (!body.success)
    throw new ImportArticleError(
      options.file,
      `${sourcePath}: the body the parser made is not valid Strapi blocks (${body.error.issues[0]?.message ?? 'invalid'}); please report this file.`,
    );
  const warnings = [...parsed.warnings];

  // Image files next to an HTML page: checked before anything is written.
  const files = new Map<PhotoSlot, { bytes: Uint8Array; name: string; mime: string }>();
  for (const photo of parsed.photos) {
    if (photo.image?.type !== 'file') continue;
    const mime = MIME[path.extname(photo.image.path).toLowerCase()];
    const found = await stat(photo.image.path).then(
      (info) => info.isFile(),
      () => false,
    );
    if (!found || !mime) {
      warnings.push({
        line: photo.line,
        message: `the image ${path.relative(path.dirname(options.file), photo.image.path)} ${found ? 'is not a JPEG, PNG, WebP, GIF or AVIF file' : "is not in the page's folder"}; the slot holds a placeholder`,
      });
      continue;
    }
    const content = await readFile(photo.image.path);
    const digest = createHash('sha256').update(content).digest('hex').slice(0, 16);
    files.set(photo, { bytes: content, name: `import-${digest}-${path.basename(photo.image.path)}`, mime });
    if (!photo.alt)
      warnings.push({
        line: photo.line,
        message: `the image ${path.basename(photo.image.path)} has no alt text; write one before publishing`,
      });
  }
  for (const line of parsed.recognized) log(`  ${line}`);
  for (const warning of warnings) log(`  warning${warning.line ? ` (line ${warning.line})` : ''}: ${warning.message}`);
  await options.beforeWrite?.();

  const rest = options.rest ?? new StrapiClient({ baseUrl: options.url, token: options.writeToken });
  const base = {
    file: options.file,
    publicationDate: parsed.publishedAt,
    sourceAttribution: parsed.sourceAttribution,
    photoSlots: parsed.photos.length,
    related: parsed.related.map(({ title, url }) => ({ title, url })),
    warnings,
    recognized: parsed.recognized,
  };

  const previous = await rest.findFirst('import-records', { filters: { sourceHash: { $eq: sourceHash } } }, RecordSchema);
  if (previous) {
    log(`skipped: imported before as ${previous.articleDocumentId} (${previous.articleLocale})`);
    return {
      ...base,
      status: 'skipped',
      skipReason: 'imported before (same content)',
      documentId: previous.articleDocumentId,
      locale: previous.articleLocale,
      slug: '',
      title: previous.title ?? parsed.title,
      translationOf: null,
      placeholders: 0,
      credits: [],
      authors: [],
    };
  }

  const uploadedByThisRun: number[] = [];
  try {
    const slots: Slot[] = [];
    let placeholders = 0;
    let placeholderId: number | null = null;
    const credits = new Map<string, PlanCredit>();
    const placeholderImage = async (): Promise<number> => {
      if (placeholderId !== null) return placeholderId;
      const { file } = await ensurePlaceholderUpload(rest, {
        fileName: PENDING_PHOTO_FILE,
        alternativeText: 'Фото ожидается: заглушка импорта, оригинальное фото ещё не прикреплено',
        spec: {
          background: '#e8dcc8',
          heading: 'ФОТО ОЖИДАЕТСЯ',
          lines: [
            'Заглушка импорта: замените это изображение оригинальным фото из источника и перепишите alt-текст.',
            'Не публикуйте материал с этой картинкой.',
          ],
          footer: 'Изображение сгенерировано автоматически и не является фотографией · tilshi',
        },
      });
      placeholderId = file.id;
      return file.id;
    };

    let coverTaken = parsed.format === 'text'; // text exports: every slot in the gallery, as before
    for (const [index, photo] of parsed.photos.entries()) {
      const credit = creditOf(photo, parsed.authors);
      if (credit) credits.set(credit.name, credit);
      const file = files.get(photo);
      let imageId: number;
      let alt: string | null;
      let caption: string | null;
      if (file) {
        const [existing] = await rest.findFiles({ name: { $eq: file.name } });
        if (existing) imageId = existing.id;
        else {
          const uploaded = await rest.upload(file.bytes, file.name, file.mime, {
            name: file.name,
            ...(photo.alt ? { alternativeText: photo.alt } : {}),
            ...(photo.caption ? { caption: photo.caption } : {}),
          });
          uploadedByThisRun.push(uploaded.id);
          imageId = uploaded.id;
        }
        alt = photo.alt;
        caption = photo.caption;
      } else {
        imageId = await placeholderImage();
        placeholders += 1;
        alt = pendingAlt(credit?.name ?? null);
        const original =
          photo.image?.type === 'url'
            ? ` Оригинал: ${photo.image.url}.`
            : photo.image?.type === 'file'
              ? ` Файл не найден: ${path.basename(photo.image.path)}.`
              : '';
        const said = photo.caption ? ` Подпись: «${photo.caption}».` : '';
        caption = fit(
          `ЗАГЛУШКА ${index + 1}/${parsed.photos.length}: замените оригинальным фото и перепишите alt. В экспорте: «${photo.sourceLine}» (строка ${photo.line}).${original}${said}`,
          500,
        );
      }
      const slot: 'cover' | 'gallery' = !coverTaken && file ? 'cover' : 'gallery';
      if (slot === 'cover') coverTaken = true;
      slots.push({
        slot,
        imageId,
        alt: alt ? fit(alt, 300) : null,
        caption: caption ? fit(caption, 500) : null,
        credit: credit?.name ?? null,
      });
    }

    const plan = {
      sourceHash,
      sourcePath: fit(sourcePath, 1000),
      locale: parsed.locale,
      linkTranslations: options.linkTranslations ?? true,
      warningCount: warnings.length,
      article: {
        title: parsed.title,
        lead: parsed.lead,
        body: body.data,
        publicationDate: parsed.publishedAt,
        sourceAttribution: parsed.sourceAttribution,
      },
      authors: parsed.authors,
      credits: [...credits.values()],
      photos: slots,
      fingerprint: { figures: parsed.figures, photos: parsed.photos.length },
    };
    const outcome = await rest.post('/api/import-records/import', plan, OutcomeSchema);
    if (outcome.status === 'skipped') {
      // another run imported the same content between the check above and now
      for (const id of uploadedByThisRun.splice(0)) await rest.removeFile(id).catch(() => {});
      return {
        ...base,
        status: 'skipped',
        skipReason: outcome.reason,
        documentId: outcome.documentId,
        locale: outcome.locale,
        slug: '',
        title: outcome.title ?? parsed.title,
        translationOf: null,
        placeholders: 0,
        credits: [],
        authors: [],
      };
    }
    log(
      `draft created: documentId ${outcome.documentId}, slug ${outcome.slug} (locale ${outcome.locale}, not published)${outcome.translationOf ? `; the ${outcome.locale} version of «${outcome.translationOf.title ?? outcome.translationOf.documentId}»` : ''}`,
    );
    for (const credit of outcome.credits)
      log(`credit «${credit.name}»: ${credit.created ? 'created, marked for review' : 'already in the CMS, reused'}`);
    for (const author of outcome.authors)
      log(`author «${author.name}»: ${author.created ? 'created, marked for review' : 'already in the CMS, reused'}`);
    return {
      ...base,
      status: 'imported',
      skipReason: null,
      documentId: outcome.documentId,
      locale: outcome.locale,
      slug: outcome.slug,
      title: outcome.title,
      translationOf: outcome.translationOf,
      placeholders,
      credits: outcome.credits,
      authors: outcome.authors,
    };
  } catch (error) {
    const removed: number[] = [];
    const leftOver: string[] = [];
    for (const id of uploadedByThisRun) {
      try {
        await rest.removeFile(id);
        removed.push(id);
      } catch (cleanupError) {
        leftOver.push(`${id} (${cleanupError instanceof Error ? cleanupError.message : String(cleanupError)})`);
      }
    }
    const cause = error instanceof Error ? error.message : String(error);
    const undo = [
      'The CMS created nothing for it (the import runs in one transaction).',
      uploadedByThisRun.length ? `Deleted the ${removed.length} image(s) this run uploaded for it.` : '',
      leftOver.length ? `Could NOT delete upload(s) ${leftOver.join(', ')}: delete them in the media library.` : '',
    ]
      .filter(Boolean)
      .join(' ');
    if (error instanceof ImportParseError) throw error;
    throw new ImportArticleError(options.file, `importing ${sourcePath} failed: ${cause}. ${undo}`, error);
  }
}

export { ImportParseError } from './errors.ts';
export { StrapiRequestError };
