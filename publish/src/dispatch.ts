/**
 * CI mode (PUBLISH_MODE=dispatch): the service builds nothing itself; each
 * batch of changes becomes one GitHub `repository_dispatch` (event type
 * PUBLISH_DISPATCH_EVENT), which runs .github/workflows/publish.yml. Strapi
 * cannot call that API directly (GitHub wants `event_type` in the body, Strapi
 * sends its own), so the same receiver relays — with the same secret check,
 * coalescing and status — and sends the batch along, so that the workflow
 * builds only what changed (ci-payload.ts, `cli.ts apply`).
 */
import type { PublishConfig } from './config.ts';
import { payloadOfBatch } from './ci-payload.ts';
import { DispatchError } from './errors.ts';
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
      // The batch itself, bounded (ci-payload.ts): the workflow's `cli.ts apply` rebuilds what it names.
      client_payload: payloadOfBatch(batch),
    }),
    signal: AbortSignal.timeout(15_000),
  });
  if (response.status !== 204 && !response.ok)
    throw new DispatchError(url, `GitHub answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
}
