/**
 * What a batch of changes becomes in CI mode: the `client_payload` of one
 * GitHub `repository_dispatch` (dispatch.ts sends it), read back by
 * `cli.ts apply` in the workflow, which runs the same scoped build as the
 * service on the live tree restored from the last run. The payload carries
 * the batch itself — articles with their locales, extra pages, edited
 * entities, `everything` — so the CI run rebuilds exactly the dependents,
 * as the service would.
 *
 * GitHub allows at most 10 top-level properties (these are 8) and a bounded
 * body: a batch beyond MAX_ARTICLES articles sends `catchUp` instead of the
 * rest (the run asks the CMS what changed since its live release's newest
 * article, the service's catch-up); beyond MAX_ENTITIES entities or
 * MAX_PAGES pages, a full build.
 */
import { localeSchema, type Locale } from '@tilshi/shared-types';
import { z } from 'zod';
import type { Batch } from './queue.ts';
import type { Change, EntityRef } from './webhook.ts';

export const MAX_ARTICLES = 500;
export const MAX_ENTITIES = 100;
const MAX_PAGES = 500;
const MAX_REASONS = 20;

const documentId = z.string().min(1).max(64);

const entitySchema: z.ZodType<EntityRef> = z.discriminatedUnion('type', [
  z.object({ type: z.enum(['tag', 'event', 'organization']), documentId, locale: localeSchema.nullable() }),
  z.object({ type: z.enum(['author', 'credit']), documentId }),
  z.object({ type: z.literal('file'), id: z.number().int() }),
]);

export const ciPayloadSchema = z.object({
  kind: z.enum(['scoped', 'full']),
  /** [documentId, changed locales or null for every locale]. */
  articles: z.array(z.tuple([documentId, z.array(localeSchema).nullable()])).max(MAX_ARTICLES),
  pages: z.array(z.string().min(1)).max(MAX_PAGES),
  entities: z.array(entitySchema).max(MAX_ENTITIES),
  everything: z.string().nullable(),
  catchUp: z.boolean(),
  reasons: z.array(z.string()).max(MAX_REASONS),
  batch: z.number().int(),
});

export type CiPayload = z.infer<typeof ciPayloadSchema>;

/** The payload of one batch, bounded as GitHub requires (see the file's comment). */
export function payloadOfBatch(batch: Batch): CiPayload {
  const articles = [...batch.articles].map(([id, locales]): [string, Locale[] | null] => [id, locales ? [...locales] : null]);
  const pages = [...batch.pages];
  const tooMany = batch.entities.length > MAX_ENTITIES || pages.length > MAX_PAGES;
  return {
    kind: tooMany ? 'full' : batch.kind,
    articles: articles.slice(0, MAX_ARTICLES),
    pages: tooMany ? [] : pages,
    entities: tooMany ? [] : batch.entities,
    everything: batch.everything,
    catchUp: batch.catchUp || articles.length > MAX_ARTICLES,
    reasons: [
      ...(tooMany ? [`${batch.entities.length} entities and ${pages.length} pages at once: full build`] : []),
      ...(articles.length > MAX_ARTICLES ? [`${articles.length} articles: the rest by catching up with the CMS`] : []),
      ...batch.reasons,
    ].slice(0, MAX_REASONS),
    batch: batch.id,
  };
}

/** A GitHub event file's payload as changes for the queue; throws naming the bad field. */
export function changesOfEvent(event: unknown, source: string): Change[] {
  const parsed = z.object({ client_payload: ciPayloadSchema }).safeParse(event);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new Error(`${source} is not a tilshi repository_dispatch event: ${problems.slice(0, 5).join('; ')}`);
  }
  const payload = parsed.data.client_payload;
  const origin = `dispatch of batch ${payload.batch}`;
  const changes: Change[] = [];
  if (payload.kind === 'full') changes.push({ kind: 'full', reason: `${origin}: ${payload.reasons.join('; ') || 'full build'}` });
  for (const [id, locales] of payload.articles) changes.push({ kind: 'articles', documentId: id, locales, event: origin });
  if (payload.pages.length > 0) changes.push({ kind: 'pages', keys: payload.pages, event: origin });
  for (const entity of payload.entities) changes.push({ kind: 'entity', entity, event: origin });
  if (payload.everything) changes.push({ kind: 'everything', reason: payload.everything });
  if (payload.catchUp) changes.push({ kind: 'catch-up', event: origin });
  return changes;
}
