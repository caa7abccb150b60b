import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import {
  ARTICLE,
  draftVersions,
  originalOf,
  recordTranslationSource,
  sourceStamp,
  type TranslatableVersion,
} from '../document-middlewares/translations';

/**
 * The translation state of articles for the panel (admin API, signed-in
 * editors who may read articles): the article list's «Переводы» column and
 * the «Перевод» panel of the article form (src/admin/translations-panel.tsx).
 *
 * GET  /tilshi-translations/status?documentIds=a,b   which locale versions exist, published or not,
 *      which one is the original, and which translations are out of date or still a copy of it;
 * POST /tilshi-translations/:documentId/:locale/confirm   "this translation is still right":
 *      records the original's current text (needs the right to update articles).
 */

export type LocaleState = { published: boolean; original: boolean; outdated: boolean; untranslated: boolean };
export type TranslationState = { original: string | null; locales: Record<string, LocaleState> };

const MAX_DOCUMENTS = 100;

/** The translation state of one document from its drafts and the locales it has published. */
export function translationState(drafts: TranslatableVersion[], publishedLocales: Set<string>): TranslationState {
  const original = originalOf(drafts);
  const stamp = original ? sourceStamp(original) : null;
  const locales: Record<string, LocaleState> = {};
  for (const draft of drafts) {
    const isOriginal = draft.locale === original?.locale;
    locales[draft.locale] = {
      published: publishedLocales.has(draft.locale),
      original: isOriginal,
      outdated: !isOriginal && draft.translationSource !== stamp,
      untranslated: !isOriginal && typeof draft.title === 'string' && draft.title.trim() !== '' && draft.title === original?.title,
    };
  }
  return { original: original?.locale ?? null, locales };
}

type Context = {
  params: Record<string, string | undefined>;
  query: Record<string, unknown>;
  state: { userAbility?: unknown };
  body: unknown;
  set(name: string, value: string): void;
};
type PermissionChecker = { cannot: { read(): boolean; update(): boolean } };

function checker(strapi: Core.Strapi, ctx: Context): PermissionChecker {
  return strapi
    .plugin('content-manager')
    .service('permission-checker')
    .create({ userAbility: ctx.state.userAbility, model: ARTICLE }) as PermissionChecker;
}

export function registerTranslationStatusRoutes(strapi: Core.Strapi): void {
  strapi.server.routes({
    type: 'admin',
    prefix: '/tilshi-translations',
    routes: [
      {
        method: 'GET',
        path: '/status',
        handler: async (ctx: Context) => {
          if (checker(strapi, ctx).cannot.read()) throw new errors.ForbiddenError();
          const raw = typeof ctx.query.documentIds === 'string' ? ctx.query.documentIds : '';
          const documentIds = [
            ...new Set(
              raw
                .split(',')
                .map((id) => id.trim())
                .filter((id) => /^[a-z0-9]{1,64}$/.test(id)),
            ),
          ];
          if (documentIds.length > MAX_DOCUMENTS)
            throw new errors.ValidationError(`documentIds: at most ${MAX_DOCUMENTS} at a time (got ${documentIds.length})`);
          const drafts = await draftVersions(strapi, documentIds);
          const published = (await strapi.db.query(ARTICLE).findMany({
            select: ['documentId', 'locale'],
            where: { documentId: { $in: documentIds }, publishedAt: { $notNull: true } },
          })) as Array<{ documentId: string; locale: string }>;
          const states: Record<string, TranslationState> = {};
          for (const documentId of documentIds) {
            const publishedLocales = new Set(published.filter((row) => row.documentId === documentId).map((row) => row.locale));
            states[documentId] = translationState(
              drafts.filter((draft) => draft.documentId === documentId),
              publishedLocales,
            );
          }
          ctx.set('Cache-Control', 'no-store');
          ctx.body = { data: states };
        },
        config: { policies: ['admin::isAuthenticatedAdmin'] },
      },
      {
        method: 'POST',
        path: '/:documentId/:locale/confirm',
        handler: async (ctx: Context) => {
          if (checker(strapi, ctx).cannot.update()) throw new errors.ForbiddenError();
          const documentId = ctx.params.documentId ?? '';
          const locale = ctx.params.locale ?? '';
          const stamp = await recordTranslationSource(strapi, documentId, locale);
          if (!stamp) throw new errors.NotFoundError(`article ${documentId} has no translation in "${locale}" (or it is the original)`);
          ctx.body = { data: { documentId, locale, translationSource: stamp } };
        },
        config: { policies: ['admin::isAuthenticatedAdmin'] },
      },
    ],
  } as never);
}

type Configuration = {
  settings: Record<string, unknown>;
  metadatas: Record<string, { edit?: Record<string, unknown>; list?: Record<string, unknown> }>;
  layouts: Record<string, unknown>;
};
type ConfigurationService = {
  findConfiguration(target: { uid: string }): Promise<Configuration>;
  updateConfiguration(target: { uid: string }, configuration: Configuration): Promise<unknown>;
};

/** `translationSource` is bookkeeping: never shown in the article form. */
export async function ensureTranslationSourceHidden(strapi: Core.Strapi): Promise<void> {
  const service = strapi.plugin('content-manager').service('content-types') as ConfigurationService;
  const configuration = await service.findConfiguration({ uid: ARTICLE });
  const metadata = configuration.metadatas.translationSource;
  if (!metadata || (metadata.edit?.visible === false && metadata.edit?.editable === false)) return;
  await service.updateConfiguration(
    { uid: ARTICLE },
    {
      ...configuration,
      metadatas: {
        ...configuration.metadatas,
        translationSource: { ...metadata, edit: { ...metadata.edit, visible: false, editable: false } },
      },
    },
  );
}
