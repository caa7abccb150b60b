import type { Core } from '@strapi/strapi';
import { verifyPreviewSignature } from '@tilshi/shared-types/preview-token';
import { PREVIEW } from '../../../constants';
import { grantPreview } from '../../../document-middlewares/published-only';

const ARTICLE = 'api::article.article';

type Context = {
  state: object;
  params: { documentId?: string };
  query: Record<string, unknown>;
  status: number;
  body: unknown;
  set(name: string, value: string): void;
};

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** The article version (draft by default) a valid signed link names, in the public REST shape (private fields removed). */
  async findOne(ctx: Context) {
    ctx.set('Cache-Control', 'private, no-store');
    const secret = process.env[PREVIEW.secretEnv];
    if (!secret) {
      ctx.status = 503;
      ctx.body = {
        data: null,
        error: { status: 503, name: 'PreviewNotConfigured', message: `${PREVIEW.secretEnv} is not set`, details: {} },
      };
      return;
    }
    const documentId = ctx.params.documentId ?? '';
    const locale = text(ctx.query.locale);
    const status = text(ctx.query.status) === 'published' ? 'published' : 'draft';
    const expires = Number(text(ctx.query.expires));
    if (!verifyPreviewSignature(secret, { documentId, locale, status, expires }, text(ctx.query.signature))) {
      ctx.status = 403;
      ctx.body = { data: null, error: { status: 403, name: 'ForbiddenError', message: 'invalid or expired preview link', details: {} } };
      return;
    }
    // The one exception to "published only" (document-middlewares/published-only.ts): this document, this status.
    grantPreview(ctx, { uid: ARTICLE, documentId, status });
    const schema = strapi.getModel(ARTICLE);
    const { populate } = (await strapi.contentAPI.sanitize.query({ populate: ctx.query.populate }, schema)) as { populate?: unknown };
    const entry = await strapi.documents(ARTICLE).findOne({ documentId, locale, status, ...(populate ? { populate } : {}) } as never);
    if (!entry) {
      ctx.status = 404;
      ctx.body = {
        data: null,
        error: { status: 404, name: 'NotFoundError', message: `no ${status} version of ${documentId} (${locale})`, details: {} },
      };
      return;
    }
    ctx.body = { data: await strapi.contentAPI.sanitize.output(entry, schema), meta: {} };
  },
});
