/**
 * import-record controller: Strapi's core reads (the importer looks records
 * up by source hash) plus the importer's two actions, each a permission of
 * the write token only (cms/src/bootstrap/api-token.ts).
 */
import { factories } from '@strapi/strapi';
import { validateYupSchema } from '@strapi/utils';
import { importPlanSchema, publishRequestSchema } from '../plan';

type Service = {
  importPlan(plan: unknown): Promise<unknown>;
  publishImported(targets: Array<{ documentId: string; locale: string }>): Promise<unknown>;
};

export default factories.createCoreController('api::import-record.import-record' as never, ({ strapi }) => {
  const service = () => strapi.service('api::import-record.import-record' as never) as unknown as Service;
  return {
    /**
     * POST /api/import-records/import, body { data: ImportPlan } (write token).
     * → { data: { status: 'imported' | 'skipped', documentId, locale, … } }.
     * One transaction: nothing is left behind when the article is refused.
     */
    async import(ctx) {
      const body = (ctx.request.body ?? {}) as { data?: unknown };
      const plan = await validateYupSchema(importPlanSchema, { strict: true })(body.data);
      ctx.body = { data: await service().importPlan(plan) };
    },

    /**
     * POST /api/import-records/publish, body { data: { documents: [{ documentId, locale }] } } (write token, ≤ 200).
     * → { data: [{ documentId, locale, published, error }] }; only imported articles, every publishing rule applies.
     */
    async publish(ctx) {
      const body = (ctx.request.body ?? {}) as { data?: unknown };
      const request = await validateYupSchema(publishRequestSchema, { strict: true })(body.data);
      ctx.body = { data: await service().publishImported(request.documents) };
    },
  };
});
