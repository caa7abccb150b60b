import { describe, expect, it } from 'vitest';
import type { CommentsStore, SubmitItem, SubmitOutcome } from './store.ts';
import { createSubmitter } from './submitter.ts';

/** A store whose submitComments waits until the test settles each call: the batches as the CMS would receive them. */
function heldStore() {
  const calls: Array<{ bodies: string[]; settle(error?: Error): void }> = [];
  const store = {
    submitComments: (items: SubmitItem[]) =>
      new Promise<SubmitOutcome[]>((resolve, reject) => {
        calls.push({
          bodies: items.map((item) => item.body),
          settle: (error) => (error ? reject(error) : resolve(items.map(() => ({ outcome: 'article_not_found' as const })))),
        });
      }),
  } as unknown as CommentsStore;
  return { store, calls };
}

const item = (body: string) => ({ body }) as SubmitItem;
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('the write batching', () => {
  it('sends a lone comment at once, keeps two batches in flight, and sends what arrived meanwhile together', async () => {
    const { store, calls } = heldStore();
    const submit = createSubmitter(store);
    const answers = ['a', 'b', 'c', 'd', 'e'].map((body) => submit(item(body)));
    await tick();
    // 'a' went alone, 'b' as the second batch in flight; c, d, e wait together.
    expect(calls.map((call) => call.bodies)).toEqual([['a'], ['b']]);
    calls[0]?.settle();
    await tick();
    expect(calls.map((call) => call.bodies)).toEqual([['a'], ['b'], ['c', 'd', 'e']]);
    calls[1]?.settle();
    calls[2]?.settle();
    expect(await Promise.all(answers)).toEqual(Array.from({ length: 5 }, () => ({ outcome: 'article_not_found' })));
  });

  it('splits a crowd into batches of at most maxBatch, and a failed batch fails only its own comments', async () => {
    const { store, calls } = heldStore();
    const submit = createSubmitter(store, { maxBatch: 2, maxInFlight: 1 });
    const answers = ['a', 'b', 'c', 'd'].map((body) =>
      submit(item(body)).then(
        (outcome) => outcome.outcome,
        (error: Error) => error.message,
      ),
    );
    await tick();
    calls[0]?.settle(new Error('the CMS is down'));
    await tick();
    expect(calls.map((call) => call.bodies)).toEqual([['a'], ['b', 'c']]);
    calls[1]?.settle();
    await tick();
    calls[2]?.settle();
    expect(calls.map((call) => call.bodies)).toEqual([['a'], ['b', 'c'], ['d']]);
    expect(await Promise.all(answers)).toEqual(['the CMS is down', 'article_not_found', 'article_not_found', 'article_not_found']);
  });
});
