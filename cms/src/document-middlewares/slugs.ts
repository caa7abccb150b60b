import type { Core } from '@strapi/strapi';
import { DEFAULT_LOCALE } from '../constants';
import { toSlug } from '../utils/slug';

/**
 * Fills an empty `slug` from its target field (title/name) on create and
 * update, for every content type with a `slug` uid attribute: Russian + Kazakh
 * transliteration, unique within the locale (`-2`, `-3`… on a clash). An update
 * that leaves `slug` out keeps the stored one (permalinks stay stable when a
 * title is edited); a new locale version gets its own.
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

async function uniqueSlug(strapi: Core.Strapi, uid: string, text: string, locale: string | undefined, documentId?: string): Promise<string> {
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

export function registerSlugs(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    if (context.action !== 'create' && context.action !== 'update') return next();
    const target = slugTarget(strapi, context.uid);
    if (!target) return next();

    const params = context.params as Record<string, unknown>;
    const data = params.data as Record<string, unknown> | undefined;
    const source = data?.[target];
    const slugMissing = data !== undefined && (data.slug === undefined || data.slug === null || data.slug === '');
    if (data && typeof source === 'string' && source.trim() !== '' && slugMissing) {
      const documentId = typeof params.documentId === 'string' ? params.documentId : undefined;
      const locale = isLocalized(strapi, context.uid) ? localeOf(params) : undefined;
      const stored =
        context.action === 'update' && data.slug === undefined && documentId
          ? await strapi.db.query(context.uid as `api::${string}.${string}`).findOne({
              select: ['slug'],
              where: { documentId, ...(locale ? { locale } : {}) },
            })
          : null;
      if (!stored?.slug) data.slug = await uniqueSlug(strapi, context.uid, source, locale, documentId);
    }
    return next();
  });
}
