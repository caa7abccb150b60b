/**
 * The write path's batching: new comments go to the CMS's
 * `POST /api/comments/submit` (cms/src/api/comment/submit.ts), which checks
 * and writes them in one transaction. While batches are in flight, the
 * comments that arrive wait and go together in the next one — no timer, so a
 * quiet site sends each comment at once and a busy one pays one request and
 * one transaction for many. Two batches per instance are in flight at most:
 * the CMS reads and authenticates the next request while it writes the
 * current one (on SQLite the two transactions still run one after the other;
 * on PostgreSQL a reader's row is locked, so two batches never count the same
 * reader's window or key at once).
 */
import { StoreResponseError, type CommentsStore, type SubmitItem, type SubmitOutcome } from './store.ts';

type Waiting = { item: SubmitItem; resolve: (outcome: SubmitOutcome) => void; reject: (error: unknown) => void };

export function createSubmitter(
  store: CommentsStore,
  { maxBatch = 50, maxInFlight = 2 }: { maxBatch?: number; maxInFlight?: number } = {},
): (item: SubmitItem) => Promise<SubmitOutcome> {
  const queue: Waiting[] = [];
  let inFlight = 0;

  async function flush(): Promise<void> {
    if (inFlight >= maxInFlight || queue.length === 0) return;
    inFlight += 1;
    const batch = queue.splice(0, maxBatch);
    try {
      const outcomes = await store.submitComments(batch.map((waiting) => waiting.item));
      batch.forEach((waiting, index) => {
        const outcome = outcomes[index];
        if (outcome) waiting.resolve(outcome);
        else
          waiting.reject(
            new StoreResponseError(`the CMS answered ${outcomes.length} outcomes for ${batch.length} comments`, {
              operation: 'submitComments',
              status: 200,
            }),
          );
      });
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
    } finally {
      inFlight -= 1;
      void flush();
    }
  }

  return (item) =>
    new Promise<SubmitOutcome>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      void flush();
    });
}
