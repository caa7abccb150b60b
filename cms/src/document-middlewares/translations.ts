import { createHash } from 'node:crypto';
import type { Core } from '@strapi/strapi';

/**
 * Which translations of an article are out of date.
 *
 * The original of an article is its first locale version (the earliest
 * created); the others are translations. Every time a translation is saved,
 * it records which text of the original it was made from: a short hash of the
 * original's translatable content (title, lead, body, source, photo captions
 * and alt texts, corrections) in the private `translationSource`
 * ("ru:3f2a…"). When the original's text changes later, its hash no longer
 * matches: the translation is out of date until a translator saves it again
 * or confirms it is still right (POST /tilshi-translations/…/confirm,
 * src/bootstrap/translation-status.ts). Timestamps would not do: the panel's
 * Publish re-saves the draft, so the original would look newer after every
 * publish.
 */

export const ARTICLE = 'api::article.article';

type Photo = { caption?: string | null; alt?: string | null } | null | undefined;
export type TranslatableVersion = {
  documentId: string;
  locale: string;
  createdAt: string | Date;
  title?: string | null;
  lead?: string | null;
  body?: unknown;
  sourceAttribution?: string | null;
  cover?: Photo;
  gallery?: Photo[] | null;
  corrections?: Array<{ note?: string | null } | null> | null;
  translationSource?: string | null;
};

/** The fields a translator translates, in a stable order. */
export function translatableContent(version: TranslatableVersion): string {
  const photo = (entry: Photo) => [entry?.caption ?? '', entry?.alt ?? ''];
  return JSON.stringify([
    version.title ?? '',
    version.lead ?? '',
    version.body ?? null,
    version.sourceAttribution ?? '',
    photo(version.cover),
    (version.gallery ?? []).map(photo),
    (version.corrections ?? []).map((correction) => correction?.note ?? ''),
  ]);
}

/** What a translation records: the original's locale and a hash of its text. */
export function sourceStamp(original: TranslatableVersion): string {
  return `${original.locale}:${createHash('sha256').update(translatableContent(original)).digest('hex').slice(0, 20)}`;
}

/** The original among the locale versions of one document: the earliest created. */
export function originalOf(versions: TranslatableVersion[]): TranslatableVersion | undefined {
  return [...versions].sort(
    (a, b) => new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime() || a.locale.localeCompare(b.locale),
  )[0];
}

export const TRANSLATABLE_POPULATE = {
  cover: { select: ['caption', 'alt'] },
  gallery: { select: ['caption', 'alt'] },
  corrections: { select: ['note'] },
} as const;
const TRANSLATABLE_FIELDS = ['documentId', 'locale', 'createdAt', 'title', 'lead', 'body', 'sourceAttribution', 'translationSource'];

/** The draft of every locale version of the given documents, with what is translatable. */
export async function draftVersions(strapi: Core.Strapi, documentIds: string[]): Promise<TranslatableVersion[]> {
  if (documentIds.length === 0) return [];
  return (await strapi.db.query(ARTICLE).findMany({
    select: TRANSLATABLE_FIELDS,
    where: { documentId: { $in: documentIds }, publishedAt: null },
    populate: TRANSLATABLE_POPULATE,
  })) as TranslatableVersion[];
}

/** Records, on the draft of `locale`, the text of the original it now matches (no-op for the original itself). */
export async function recordTranslationSource(strapi: Core.Strapi, documentId: string, locale: string): Promise<string | null> {
  const versions = await draftVersions(strapi, [documentId]);
  const original = originalOf(versions);
  const translation = versions.find((version) => version.locale === locale);
  if (!original || !translation || original.locale === locale) return null;
  const stamp = sourceStamp(original);
  if (translation.translationSource !== stamp) {
    await strapi.db.query(ARTICLE).update({ where: { documentId, locale, publishedAt: null }, data: { translationSource: stamp } });
  }
  return stamp;
}

/** After every save of an article's locale version, the translation records the original it was made from. */
export function registerTranslationTracking(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    if (context.uid !== ARTICLE || (context.action !== 'create' && context.action !== 'update')) return next();
    const result = await next();
    const saved = result as { documentId?: unknown; locale?: unknown } | null;
    if (typeof saved?.documentId === 'string' && typeof saved.locale === 'string')
      await recordTranslationSource(strapi, saved.documentId, saved.locale);
    return result;
  });
}
