import type { Core } from '@strapi/strapi';
import { DEFAULT_LOCALE } from '../constants';
import { toSlug } from '../utils/slug';

/**
 * Fills an empty `slug` from its target field (title/name) on create and
 * update, for every content type with a `slug` uid attribute: Russian + Kazakh
 * transliteration, unique within the locale (`-2`, `-3`… on a clash). An update
 * that leaves `slug` out keeps the stored one (permalinks stay stable when a
 * title is edited); one that blanks it gets a new one from the title sent or
 * stored; a new locale version gets its own.
 *
 * A locale version whose slug is the slug of another locale version of the
 * same document under a different title — what the panel's "Fill in from
 * another locale" copies — gets its own from its own title
 * (/kk/news/<the Kazakh title>/, not the transliterated Russian one), as long
 * as that locale version was never published: a published address stays (an
 * editor who wants it made again blanks the field).
 *
 * This middleware is what guarantees a slug, not the schema: the `slug`
 * attributes are deliberately not `required`. Strapi 5.54's panel asks for a
 * default UID of a required field as the form opens, while the title is still
 * empty, gets the model name ("article") and never follows the title
 * (strapi/strapi#21472, fix pending in #27229): every article made in the
 * panel went live at /news/article/, /news/article-1/… Not required, the panel
 * leaves the field empty (its ↻ button still previews the slug), and the slug
 * is made here when the entry is saved.
 */

type UidAttribute = { type: 'uid'; targetField?: string };

function slugTarget(strapi: Core.Strapi, uid: string): string | undefined {
  if (!uid.startsWith('api::')) return undefined;
  const attribute = strapi.contentType(uid as `api::${string}.${string}`)?.attributes?.slug as UidAttribute | undefined;
  return attribute?.type === 'uid' ? attribute.targetField : undefined;
}

function isLocalized(strapi: Core.Strapi, uid: string): boolean {
  const options = strapi.contentType(uid as `api::${string}.${string}`)?.pluginOptions as { i18n?: { localized?: boolean } } | undefined;
  return options?.i18n?.localized === true;
}

/** The single locale an action targets (Strapi's default locale when none is given). */
export function localeOf(params: Record<string, unknown>): string {
  return typeof params.locale === 'string' && params.locale !== '*' ? params.locale : DEFAULT_LOCALE;
}

async function uniqueSlug(
  strapi: Core.Strapi,
  uid: string,
  text: string,
  locale: string | undefined,
  documentId?: string,
): Promise<string> {
  const base = toSlug(text) || 'item';
  for (let attempt = 1; ; attempt += 1) {
    const candidate = attempt === 1 ? base : `${base}-${attempt}`;
    const clash = await strapi.db.query(uid as `api::${string}.${string}`).findOne({
      select: ['documentId'],
      where: { slug: candidate, ...(locale ? { locale } : {}), ...(documentId ? { documentId: { $ne: documentId } } : {}) },
    });
    if (!clash) return candidate;
  }
}

/**
 * Whether `slug` was copied from another locale version of the document: that
 * version has this slug under another title, and this locale version has
 * never been published (its address is nobody's link yet).
 */
async function copiedFromAnotherLocale(
  strapi: Core.Strapi,
  {
    uid,
    target,
    documentId,
    locale,
    slug,
    title,
  }: { uid: string; target: string; documentId: string; locale: string; slug: string; title: unknown },
): Promise<boolean> {
  const query = strapi.db.query(uid as `api::${string}.${string}`);
  const others = (await query.findMany({ select: [target], where: { documentId, slug, locale: { $ne: locale } } })) as Array<
    Record<string, unknown>
  >;
  if (!others.some((other) => typeof title === 'string' && title.trim() !== '' && other[target] !== title)) return false;
  const published = await query.findOne({ select: ['id'], where: { documentId, locale, publishedAt: { $notNull: true } } });
  return !published;
}

export function registerSlugs(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    if (context.action !== 'create' && context.action !== 'update') return next();
    const target = slugTarget(strapi, context.uid);
    if (!target) return next();

    const params = context.params as Record<string, unknown>;
    const data = params.data as Record<string, unknown> | undefined;
    if (
      data &&
      typeof data.slug === 'string' &&
      data.slug.trim() !== '' &&
      typeof params.documentId === 'string' &&
      isLocalized(strapi, context.uid)
    ) {
      // A slug sent with a locale version: its own unless copied from another locale version.
      const locale = localeOf(params);
      const documentId = params.documentId;
      const title = typeof data[target] === 'string' ? data[target] : undefined;
      if (
        title !== undefined &&
        (await copiedFromAnotherLocale(strapi, { uid: context.uid, target, documentId, locale, slug: data.slug, title }))
      ) {
        data.slug = await uniqueSlug(strapi, context.uid, title, locale, documentId);
      }
      return next();
    }
    if (!data || !(data.slug === undefined || data.slug === null || (typeof data.slug === 'string' && data.slug.trim() === '')))
      return next();
    const sentSource = typeof data[target] === 'string';
    // Neither slug nor title in an update (publishAt, a relation…): nothing to do, no lookup.
    if (data.slug === undefined && !sentSource && context.action === 'update') return next();

    const documentId = typeof params.documentId === 'string' ? params.documentId : undefined;
    const locale = isLocalized(strapi, context.uid) ? localeOf(params) : undefined;
    // The stored row matters only when the slug was left out (keep it) or the title was not sent (use its).
    const stored =
      context.action === 'update' && documentId && (data.slug === undefined || !sentSource)
        ? ((await strapi.db.query(context.uid as `api::${string}.${string}`).findOne({
            select: ['slug', target],
            where: { documentId, ...(locale ? { locale } : {}) },
          })) as Record<string, unknown> | null)
        : null;
    // Left out of an update: the stored slug stays (a permalink survives a new title).
    if (data.slug === undefined && typeof stored?.slug === 'string' && stored.slug !== '') return next();
    const source = sentSource ? data[target] : stored?.[target];
    if (typeof source === 'string' && source.trim() !== '') data.slug = await uniqueSlug(strapi, context.uid, source, locale, documentId);
    return next();
  });
}
