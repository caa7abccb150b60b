import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';

/**
 * A refused Publish keeps the editor's work as a saved draft.
 *
 * The panel's Publish sends the whole form; Strapi 5.54's content manager
 * (node_modules/@strapi/content-manager/dist/server/controllers/
 * collection-types.mjs, `publish`) saves it and publishes it in one database
 * transaction, so when publishing is refused — a photo without alt text or
 * credit (src/document-middlewares/article-rules.ts), a required field left
 * empty — the save is rolled back with it: a new article was never stored,
 * and closing the tab lost it.
 *
 * Wrapped here for articles: when Publish is refused with a validation
 * error, the same request is saved as a draft (the content manager's own
 * create or update action, with its permission checks) and the refusal goes
 * back to the panel with `details.savedDraft.documentId`, so the panel opens
 * the saved draft (patches/@strapi__content-manager: PublishAction) and marks
 * the fields to fix. A successful Publish is untouched: one transaction, as before.
 */

const ARTICLE = 'api::article.article';

type Context = {
  params: { model?: string; id?: string };
  status: number;
  body: unknown;
};
type Action = (ctx: Context) => Promise<unknown>;

function savedDocumentId(ctx: Context): string | null {
  if (ctx.status >= 300) return null;
  const body = ctx.body as { data?: { documentId?: unknown } } | null;
  return typeof body?.data?.documentId === 'string' ? body.data.documentId : null;
}

export function keepRefusedPublishAsDraft(strapi: Core.Strapi): void {
  const controller = strapi.plugin('content-manager').controller('collection-types') as unknown as Record<
    'publish' | 'create' | 'update',
    Action
  >;
  const publish = controller.publish.bind(controller);
  const create = controller.create.bind(controller);
  const update = controller.update.bind(controller);

  controller.publish = async (ctx: Context) => {
    if (ctx.params.model !== ARTICLE) return publish(ctx);
    try {
      return await publish(ctx);
    } catch (error) {
      if (!(error instanceof errors.ValidationError)) throw error;
      let documentId: string | null = null;
      try {
        await (ctx.params.id ? update(ctx) : create(ctx));
        documentId = savedDocumentId(ctx);
      } catch (saveError) {
        // The draft itself is invalid (e.g. a text over its maximum length): the publish refusal says why.
        strapi.log.debug(
          `refused publish of ${ctx.params.id ?? 'a new article'} was not saved as a draft: ${saveError instanceof Error ? saveError.message : String(saveError)}`,
        );
      }
      if (documentId) error.details = { ...(error.details as Record<string, unknown>), savedDraft: { documentId } };
      throw error;
    }
  };
}
