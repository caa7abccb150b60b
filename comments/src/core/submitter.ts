/**
 * The write path's batching: new comments go to the CMS's
 * `POST /api/comments/submit` (cms/src/api/comment/submit.ts), which checks
 * and writes them in one transaction. While one batch is in flight, the
 * comments that arrive wait and go together in the next one — no timer, so a
 * quiet site sends each comment at once and a busy one pays one request and
 * one transaction for many. One batch per instance is in flight at a time.
 */
import { StoreResponseError, type CommentsStore, type SubmitItem, type SubmitOutcome } from './store.ts';

type Waiting = { item: SubmitItem; resolve: (outcome: SubmitOutcome) => void; reject: (error: unknown) => void };

export function createSubmitter(store: CommentsStore, maxBatch = 50): (item: SubmitItem) => Promise<SubmitOutcome> {
  const queue: Waiting[] = [];
  let inFlight = false;

  async function flush(): Promise<void> {
    if (inFlight || queue.length === 0) return;
    inFlight = true;
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
      inFlight = false;
      void flush();
    }
  }

  return (item) =>
    new Promise<SubmitOutcome>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      void flush();
    });
}
