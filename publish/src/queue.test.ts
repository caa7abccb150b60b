import { describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS, PublishQueue, type Batch, type BatchOutcome } from './queue.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A queue whose builds take `buildMs` and fail for the documents in `failing`; records every batch it ran. */
function harness(
  options: { buildMs?: number; failing?: Set<string>; debounceMs?: number; maxWaitMs?: number; fullCoversAll?: () => boolean } = {},
) {
  const batches: Batch[] = [];
  let running = 0;
  let overlapped = false;
  const queue = new PublishQueue({
    debounceMs: options.debounceMs ?? 20,
    maxWaitMs: options.maxWaitMs ?? 200,
    ...(options.fullCoversAll ? { fullCoversAll: options.fullCoversAll } : {}),
    run: async (batch): Promise<BatchOutcome> => {
      running += 1;
      if (running > 1) overlapped = true;
      batches.push(batch);
      // Whether the content is bad is decided when the build starts, as a real build reads it then.
      const bad = [...batch.articles.keys()].some((id) => options.failing?.has(id));
      await sleep(options.buildMs ?? 30);
      running -= 1;
      return bad ? { ok: false, error: new Error('bad content') } : { ok: true };
    },
  });
  const publish = (documentId: string) => queue.push({ kind: 'articles', documentId, locales: ['ru'], event: 'entry.publish' });
  return { queue, batches, publish, overlapped: () => overlapped };
}

describe('the publish queue', () => {
  it('turns a burst of events inside the debounce window into one build', async () => {
    const { queue, batches, publish } = harness();
    for (let i = 0; i < 20; i += 1) publish(`doc${i}`);
    await queue.whenIdle();
    expect(batches).toHaveLength(1);
    expect(batches[0]?.articles.size).toBe(20);
  });

  it('never runs two builds at once and merges what arrives during a build into one follow-up', async () => {
    const { queue, batches, publish, overlapped } = harness({ buildMs: 150 });
    publish('first');
    await sleep(60); // the first build is running now
    for (let i = 0; i < 5; i += 1) {
      publish(`during${i}`);
      await sleep(15);
    }
    await queue.whenIdle();
    expect(overlapped()).toBe(false);
    expect(batches.map((batch) => [...batch.articles.keys()])).toEqual([
      ['first'],
      ['during0', 'during1', 'during2', 'during3', 'during4'],
    ]);
  });

  it('starts a steady stream of events after the maximum wait instead of waiting for a pause', async () => {
    const { queue, batches, publish } = harness({ debounceMs: 50, maxWaitMs: 120 });
    const started = Date.now();
    while (Date.now() - started < 300) {
      publish(`doc${Date.now()}`);
      await sleep(20);
    }
    expect(batches.length).toBeGreaterThanOrEqual(1);
    await queue.whenIdle();
  });

  it('merges the locales of one document and keeps the last word: every event of a document lands in a build', async () => {
    const { queue, batches } = harness();
    queue.push({ kind: 'articles', documentId: 'doc', locales: ['ru'], event: 'entry.publish' });
    queue.push({ kind: 'articles', documentId: 'doc', locales: ['kk'], event: 'entry.publish' });
    queue.push({ kind: 'articles', documentId: 'other', locales: null, event: 'entry.delete' });
    await queue.whenIdle();
    expect([...(batches[0]?.articles.get('doc') ?? [])].sort()).toEqual(['kk', 'ru']);
    expect(batches[0]?.articles.get('other')).toBeNull();
  });

  it('runs article changes before a requested full build, which then covers what is still pending', async () => {
    const { queue, batches, publish } = harness();
    queue.requestFull('settings changed');
    publish('doc1');
    await queue.whenIdle();
    expect(batches.map((batch) => batch.kind)).toEqual(['scoped', 'full']);
  });

  it('lets a pending full build take the article changes along when nothing is live yet', async () => {
    const { queue, batches, publish } = harness({ fullCoversAll: () => true });
    queue.requestFull('first build');
    publish('doc1');
    await queue.whenIdle();
    expect(batches.map((batch) => batch.kind)).toEqual(['full']);
  });

  it('splits a failing batch so that the good articles still go live, and gives up on the bad one after a few tries', async () => {
    const { queue, batches, publish } = harness({ failing: new Set(['bad']) });
    for (const id of ['a', 'b', 'bad', 'c']) publish(id);
    await queue.whenIdle();
    const succeeded = new Set(batches.filter((batch) => !batch.articles.has('bad')).flatMap((batch) => [...batch.articles.keys()]));
    expect([...succeeded].sort()).toEqual(['a', 'b', 'c']);
    const badAttempts = batches.filter((batch) => batch.articles.size === 1 && batch.articles.has('bad'));
    expect(badAttempts.length).toBe(MAX_ATTEMPTS);
    expect(queue.state().pending.articles).toBe(0);
  });

  it('retries a single failed article together with the changes that arrived meanwhile', async () => {
    const failing = new Set(['flaky']);
    const { queue, batches, publish } = harness({ failing, buildMs: 60 });
    publish('flaky');
    await sleep(40); // first attempt is running
    publish('fix');
    failing.delete('flaky'); // the next attempt works
    await queue.whenIdle();
    const last = batches.at(-1);
    expect([...(last?.articles.keys() ?? [])].sort()).toEqual(['fix', 'flaky']);
    expect(last?.attempt).toBe(2);
  });
});
