/**
 * Review stages of an article (draft → in review → ready), free: Strapi's
 * review workflows are Enterprise-only, so the stage is a field of the
 * article, `reviewStage`, shown and filterable in the list. A reporter moves
 * an article to «На проверке»; only someone who may publish (an editor) sets
 * «Готово к публикации» (and may keep it when saving an article an editor
 * marked so). Held here for every way into the CMS: an admin
 * without the publish permission for that locale is refused, with a message
 * naming the field.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { localeOf } from './slugs';
import { PUBLISH_ACTION } from '../newsroom/roles';

const ARTICLE_UID = 'api::article.article';

export const REVIEW_STAGES = ['draft', 'in_review', 'ready'] as const;
export type ReviewStage = (typeof REVIEW_STAGES)[number];

/** What a permission check needs of an admin's ability (CASL, as Strapi builds it for the request). */
type Ability = { can(action: string, subject: unknown): boolean };
type PermissionChecker = { can(action: string, entity?: Record<string, unknown>): boolean };

function requestAbility(strapi: Core.Strapi): Ability | undefined {
  const ctx = strapi.requestContext.get() as { state?: { userAbility?: unknown; auth?: { strategy?: { name?: string } } } } | undefined;
  const ability = ctx?.state?.userAbility;
  if (ctx?.state?.auth?.strategy?.name !== 'admin' || typeof ability !== 'object' || ability === null || !('can' in ability))
    return undefined;
  return ability as Ability;
}

/** Whether the admin making this request may publish this article locale (true outside admin requests: tokens have their own permissions). */
export function mayPublish(strapi: Core.Strapi, locale: string): boolean {
  const ability = requestAbility(strapi);
  if (!ability) return true;
  const checker = (
    strapi.plugin('content-manager').service('permission-checker') as unknown as {
      create(options: { userAbility: Ability; model: string }): PermissionChecker;
    }
  ).create({ userAbility: ability, model: ARTICLE_UID });
  return checker.can(PUBLISH_ACTION, { locale });
}

/** The stage the draft has now (a reporter may save an article an editor already marked ready). */
async function storedStage(strapi: Core.Strapi, params: Record<string, unknown>): Promise<unknown> {
  if (typeof params.documentId !== 'string') return undefined;
  const row = await strapi.db
    .query(ARTICLE_UID)
    .findOne({ select: ['reviewStage'], where: { documentId: params.documentId, locale: localeOf(params), publishedAt: null } });
  return (row as { reviewStage?: unknown } | null)?.reviewStage;
}

export function registerReviewStages(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    if (context.uid !== ARTICLE_UID || (context.action !== 'create' && context.action !== 'update')) return next();
    const params = context.params as Record<string, unknown>;
    const data = params.data as Record<string, unknown> | undefined;
    if (data?.reviewStage === 'ready' && !mayPublish(strapi, localeOf(params)) && (await storedStage(strapi, params)) !== 'ready') {
      throw new errors.ValidationError(
        'Стадию «Готово к публикации» ставит редактор. Выберите «На проверке» и сохраните: редактор увидит материал в списке.',
        {
          errors: [{ path: ['reviewStage'], message: 'Стадию «Готово к публикации» ставит редактор', name: 'ValidationError' }],
        },
      );
    }
    return next();
  });
}
