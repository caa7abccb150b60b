/**
 * CI mode (PUBLISH_MODE=dispatch): the service builds nothing itself; each
 * batch of changes becomes one GitHub `repository_dispatch` (event type
 * PUBLISH_DISPATCH_EVENT), which runs .github/workflows/publish.yml. Strapi
 * cannot call that API directly (GitHub wants `event_type` in the body, Strapi
 * sends its own), so the same receiver relays — with the same secret check,
 * coalescing and status.
 */
import type { PublishConfig } from './config.ts';
import { CmsRequestError } from './errors.ts';
import type { Batch } from './queue.ts';

export async function dispatchBatch(config: NonNullable<PublishConfig['dispatch']>, batch: Batch): Promise<void> {
  const url = `${config.apiUrl}/repos/${config.repository}/dispatches`;
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      Accept: 'application/vnd.github+json',
      Authorization: `Bearer ${config.token}`,
      'X-GitHub-Api-Version': '2022-11-28',
      'Content-Type': 'application/json',
      'User-Agent': 'tilshi-publish',
    },
    body: JSON.stringify({
      event_type: config.eventType,
      // GitHub allows at most 10 top-level properties here; the workflow only logs them.
      client_payload: {
        kind: batch.kind,
        documents: [...batch.articles.keys()].slice(0, 100),
        reasons: batch.reasons.slice(0, 20),
      },
    }),
    signal: AbortSignal.timeout(15_000),
  });
  if (response.status !== 204 && !response.ok)
    throw new CmsRequestError(url, `GitHub answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
}
