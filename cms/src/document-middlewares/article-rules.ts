import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { localeOf } from './slugs';

/**
 * Editorial rules of articles, enforced by a Document Service middleware so
 * they hold for the panel, the REST API, the seed and the importer alike:
 *
 * - `publicationDate` defaults to the moment of publishing;
 * - publishing is refused while any photo lacks alt text or a credit, or is
 *   still the importer's "photo pending" placeholder.
 */

const ARTICLE = 'api::article.article';

/**
 * The placeholder the article importer puts where an export only names a
 * photo's credit (scripts/src/importer). It must be replaced before publishing.
 */
export const PENDING_PHOTO_PREFIX = 'tilshi-importer-photo-pending';

type Photo = { alt?: string | null; credit?: { name?: string } | null; image?: { name?: string } | null } | null;
type ArticleDraft = { documentId: string; locale: string; title?: string; cover?: Photo; gallery?: Photo[] | null; publicationDate?: string | null };

/** Human-readable problems of the photos of one locale version; empty when publishable. */
export function photoProblems(article: ArticleDraft): string[] {
  const photos: Array<{ label: string; photo: Photo }> = [
    ...(article.cover ? [{ label: 'главное фото (cover)', photo: article.cover }] : []),
    ...(article.gallery ?? []).map((photo, index) => ({ label: `фото №${index + 1} галереи (gallery)`, photo })),
  ];
  const problems: string[] = [];
  for (const { label, photo } of photos) {
    if (!photo) continue;
    const file = photo.image?.name ? ` «${photo.image.name}»` : '';
    if (!photo.alt || photo.alt.trim() === '') problems.push(`${label}${file}: нет альтернативного текста (alt)`);
    if (!photo.credit) problems.push(`${label}${file}: не указан автор или источник (credit)`);
    if (photo.image?.name?.startsWith(PENDING_PHOTO_PREFIX)) problems.push(`${label}: это заглушка импорта — загрузите настоящий снимок`);
  }
  return problems;
}

export function registerArticleRules(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    if (context.uid !== ARTICLE) return next();
    const params = context.params as Record<string, unknown>;

    // REST create/update publish by default (`status: 'published'`), which
    // Strapi does with an internal call that skips middlewares. Save the draft
    // first, then publish through the middleware so the photo rules apply.
    if ((context.action === 'create' || context.action === 'update') && params.status === 'published') {
      params.status = 'draft';
      const draft = (await next()) as { documentId: string } | null;
      if (!draft) return draft;
      const locale = localeOf(params);
      await strapi.documents(ARTICLE).publish({ documentId: draft.documentId, locale });
      return strapi.documents(ARTICLE).findOne({
        documentId: draft.documentId,
        status: 'published',
        locale,
        ...(params.populate ? { populate: params.populate } : {}),
        ...(params.fields ? { fields: params.fields } : {}),
      } as never);
    }

    if (context.action === 'publish') {
      const documentId = params.documentId as string;
      const locale = params.locale;
      const drafts = (await strapi.documents(ARTICLE).findMany({
        filters: { documentId },
        status: 'draft',
        locale: (typeof locale === 'string' ? locale : '*') as string,
        populate: { cover: { populate: ['credit', 'image'] }, gallery: { populate: ['credit', 'image'] } },
      })) as unknown as ArticleDraft[];
      const wanted = Array.isArray(locale) ? drafts.filter((draft) => locale.includes(draft.locale)) : drafts;
      const problems = wanted.flatMap((draft) => photoProblems(draft).map((problem) => `[${draft.locale}] ${problem}`));
      if (problems.length > 0) {
        throw new errors.ValidationError(
          `Материал нельзя опубликовать: у фото должны быть альтернативный текст и автор. ${problems.join('; ')}.`,
          { problems },
        );
      }
      for (const draft of wanted) {
        if (!draft.publicationDate) {
          await strapi.db.query(ARTICLE).update({
            where: { documentId, locale: draft.locale, publishedAt: null },
            data: { publicationDate: new Date().toISOString() },
          });
        }
      }
    }

    return next();
  });
}
