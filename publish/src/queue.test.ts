import { describe, expect, it } from 'vitest';
import { ARTICLE_CHANGE_COST, MAX_ATTEMPTS, PublishQueue, type Batch, type BatchOutcome } from './queue.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A queue whose builds take `buildMs` and fail for the documents in `failing`; records every batch it ran. */
function harness(
  options: {
    buildMs?: number;
    failing?: Set<string>;
    debounceMs?: number;
    maxWaitMs?: number;
    fullCoversAll?: () => boolean;
    chunkPages?: number;
    chunkMs?: number;
    /** A chunk takes this per unit of its cost (instead of `buildMs`). */
    costMs?: number;
    concurrentFull?: () => boolean;
    concurrentChunks?: () => boolean;
    fullMs?: number;
  } = {},
) {
  const batches: Batch[] = [];
  let running = 0;
  let overlapped = false;
  const queue = new PublishQueue({
    debounceMs: options.debounceMs ?? 20,
    maxWaitMs: options.maxWaitMs ?? 200,
    ...(options.fullCoversAll ? { fullCoversAll: options.fullCoversAll } : {}),
    ...(options.chunkPages ? { chunkPages: options.chunkPages } : {}),
    ...(options.chunkMs !== undefined ? { chunkMs: options.chunkMs } : {}),
    ...(options.concurrentFull ? { concurrentFull: options.concurrentFull } : {}),
    ...(options.concurrentChunks ? { concurrentChunks: options.concurrentChunks } : {}),
    run: async (batch): Promise<BatchOutcome> => {
      running += 1;
      if (running > 1) overlapped = true;
      batches.push(batch);
      // Whether the content is bad is decided when the build starts, as a real build reads it then.
      const bad = [...batch.articles.keys()].some((id) => options.failing?.has(id));
      const chunkMs = batch.background && options.costMs !== undefined ? batch.background.cost * options.costMs : undefined;
      await sleep(batch.kind === 'full' ? (options.fullMs ?? options.buildMs ?? 30) : (chunkMs ?? options.buildMs ?? 30));
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

  it('builds a large fan-out in background chunks, and an article published meanwhile goes before the next chunk', async () => {
    const { queue, batches, publish } = harness({ buildMs: 40, chunkPages: 3 });
    const pages = new Set(Array.from({ length: 10 }, (_, i) => `article|ru:old${i}`));
    queue.addBackground('credit c1 changed', { articles: new Map(), pages });
    expect(queue.state().background).toMatchObject([{ label: 'credit c1 changed', total: 10, done: 0 }]);
    await sleep(60); // a chunk is running
    const startedBefore = batches.length;
    publish('breaking');
    await sleep(10);
    await queue.whenIdle();
    const chunks = batches.filter((batch) => batch.background);
    expect(chunks.map((batch) => batch.pages.size)).toEqual([3, 3, 3, 1]);
    expect(new Set(chunks.flatMap((batch) => [...batch.pages]))).toEqual(pages);
    // The publish ran right after the chunk that was running when it came, before the remaining chunks.
    expect(batches.findIndex((batch) => batch.articles.has('breaking'))).toBe(startedBefore);
    expect(batches.slice(startedBefore + 1).some((batch) => batch.background)).toBe(true);
    expect(chunks[0]?.reasons).toEqual(['credit c1 changed: 3 of 10 pages']);
    expect(queue.state().background).toEqual([]);
  });

  it('runs chunks in their own lane once a release is live: a publish starts at once, beside the chunk in progress', async () => {
    const { queue, batches, publish } = harness({ buildMs: 20, costMs: 100, chunkPages: 3, chunkMs: 0, concurrentChunks: () => true });
    const pages = new Set(Array.from({ length: 6 }, (_, i) => `article|ru:old${i}`));
    queue.addBackground('tag t1 changed', { articles: new Map(), pages });
    await sleep(50); // the first chunk (300 ms) is running
    publish('breaking');
    await sleep(120); // debounce (20 ms) and the publish's build (20 ms)
    // The publish ran while the first chunk was still building, and one chunk at a time.
    expect(batches.map((batch) => (batch.background ? 'chunk' : [...batch.articles.keys()].join()))).toEqual(['chunk', 'breaking']);
    expect(queue.state().running).toBeNull();
    await queue.whenIdle();
    const chunks = batches.filter((batch) => batch.background);
    expect(chunks.map((batch) => batch.pages.size)).toEqual([3, 3]);
    expect(new Set(chunks.flatMap((batch) => [...batch.pages]))).toEqual(pages);
    expect(queue.state().background).toEqual([]);
  });

  it('bounds a chunk by its cost: an article change counts ARTICLE_CHANGE_COST pages, while the progress counts pages', async () => {
    const { queue, batches } = harness({ chunkPages: 2 * ARTICLE_CHANGE_COST });
    const articles = new Map(Array.from({ length: 5 }, (_, i) => [`a${i}`, new Set(['ru' as const])] as const));
    queue.addBackground('photo file 9 changed', { articles: new Map(articles), pages: new Set(['home|ru', 'feed|ru']) }, 'file');
    expect(queue.state().background).toMatchObject([{ label: 'photo file 9 changed', subject: 'file', total: 7, done: 0 }]);
    await queue.whenIdle();
    const chunks = batches.filter((batch) => batch.background);
    expect(chunks.map((batch) => [[...batch.articles.keys()], [...batch.pages]])).toEqual([
      [['a0', 'a1'], []],
      [['a2', 'a3'], []],
      [['a4'], ['home|ru', 'feed|ru']],
    ]);
    expect(chunks.map((batch) => batch.reasons[0])).toEqual([
      'photo file 9 changed: 2 of 7 pages',
      'photo file 9 changed: 4 of 7 pages',
      'photo file 9 changed: 7 of 7 pages',
    ]);
  });

  it('sizes chunks to take about chunkMs once it knows what a page costs, never below a tenth of chunkPages', async () => {
    // A page costs 5 ms: the first chunk (40 pages) takes 200 ms; chunks of 50 ms hold 10 pages.
    const { queue, batches } = harness({ chunkPages: 40, chunkMs: 50, costMs: 5 });
    const pages = new Set(Array.from({ length: 100 }, (_, i) => `article|ru:old${i}`));
    queue.addBackground('tag t1 changed', { articles: new Map(), pages });
    await queue.whenIdle();
    const sizes = batches.filter((batch) => batch.background).map((batch) => batch.pages.size);
    expect(sizes[0]).toBe(40);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(100);
    // Timers run late, never early: a chunk is measured at 5 ms a page or a little more.
    for (const size of sizes.slice(1, -1)) {
      expect(size).toBeGreaterThanOrEqual(4);
      expect(size).toBeLessThanOrEqual(10);
    }
    expect(sizes.length).toBeGreaterThanOrEqual(7);
    expect(queue.chunkBudget()).toBeLessThanOrEqual(10);
  });

  it('keeps chunks at chunkPages with chunkMs 0, however long they take', async () => {
    const { queue, batches } = harness({ chunkPages: 40, chunkMs: 0, costMs: 5 });
    queue.addBackground('tag t1 changed', {
      articles: new Map(),
      pages: new Set(Array.from({ length: 100 }, (_, i) => `article|ru:o${i}`)),
    });
    await queue.whenIdle();
    expect(batches.filter((batch) => batch.background).map((batch) => batch.pages.size)).toEqual([40, 40, 20]);
    expect(queue.chunkBudget()).toBe(40);
  });

  it('counts a chunk that keeps failing as failed after MAX_ATTEMPTS and finishes the job', async () => {
    // A chunk of both articles' three versions.
    const { queue, batches } = harness({ chunkPages: 3 * ARTICLE_CHANGE_COST, failing: new Set(['bad']) });
    queue.addBackground('photo file 7 changed', {
      articles: new Map([
        ['bad', new Set(['ru' as const])],
        ['good', null],
      ]),
      pages: new Set(),
    });
    await queue.whenIdle();
    // The chunk of both failed, was split, and the bad article alone was tried MAX_ATTEMPTS times.
    const alone = batches.filter((batch) => batch.articles.has('bad') && batch.articles.size === 1);
    expect(alone).toHaveLength(MAX_ATTEMPTS);
    expect(queue.state().background).toEqual([]);
    expect(batches.some((batch) => batch.articles.has('good') && !batch.articles.has('bad'))).toBe(true);
  });

  it('drops background jobs that a full build covers', async () => {
    const { queue, batches } = harness({ buildMs: 40, chunkPages: 1 });
    queue.addBackground('every page (site settings)', { articles: new Map(), pages: new Set(['home|ru', 'home|kk', 'feed|ru']) });
    await sleep(20);
    queue.requestFull('deploy');
    await queue.whenIdle();
    expect(batches.filter((batch) => batch.background)).toHaveLength(1);
    expect(batches.at(-1)?.kind).toBe('full');
  });

  it('renders the pages an `everything` change names at once, in the batch that resolves it', async () => {
    const { queue, batches } = harness();
    queue.push({ kind: 'everything', reason: 'entry.update of api::rubric.rubric', pages: ['rubric|ru:r1'] });
    await queue.whenIdle();
    expect(batches).toHaveLength(1);
    expect(batches[0]).toMatchObject({ kind: 'scoped', everything: 'entry.update of api::rubric.rubric' });
    expect([...(batches[0]?.pages ?? [])]).toEqual(['rubric|ru:r1']);
  });

  it('carries entity edits and `everything` to the publisher in the next scoped batch', async () => {
    const { queue, batches } = harness();
    queue.push({ kind: 'entity', entity: { type: 'tag', documentId: 't1', locale: 'ru' }, event: 'entry.update' });
    queue.push({ kind: 'everything', reason: 'entry.update of api::rubric.rubric' });
    await queue.whenIdle();
    expect(batches).toHaveLength(1);
    expect(batches[0]).toMatchObject({
      kind: 'scoped',
      entities: [{ type: 'tag', documentId: 't1' }],
      everything: 'entry.update of api::rubric.rubric',
    });
  });

  it('runs scoped batches beside a full build once a release is live, and a second full build after the first', async () => {
    const ended: string[] = [];
    const { queue, batches, publish } = harness({ buildMs: 20, fullMs: 300, concurrentFull: () => true });
    queue.requestFull('deploy');
    await sleep(60); // the full build runs
    expect(queue.state().fullBuild).toMatchObject({ reasons: ['deploy'] });
    publish('during-full');
    queue.requestFull('settings');
    await sleep(100); // debounce and a scoped build: well inside the full build's 300 ms
    expect(batches.some((batch) => batch.articles.has('during-full'))).toBe(true);
    expect(queue.state().fullBuild).toMatchObject({ reasons: ['deploy'] });
    await queue.whenIdle();
    ended.push(...batches.map((batch) => (batch.kind === 'full' ? `full:${batch.reasons.join()}` : [...batch.articles.keys()].join())));
    // The publish ran while the first full build was still building; the second full build waited for the first.
    expect(ended).toEqual(['full:deploy', 'during-full', 'full:settings']);
    expect(queue.state().fullBuild).toBeNull();
  });

  it('resolves a flood or replay of the same entity edit once, and keeps different entities apart', async () => {
    const { queue, batches } = harness();
    for (let i = 0; i < 1_000; i += 1)
      queue.push({ kind: 'entity', entity: { type: 'tag', documentId: 't1', locale: 'ru' }, event: 'entry.update' });
    queue.push({ kind: 'entity', entity: { type: 'tag', documentId: 't1', locale: 'kk' }, event: 'entry.update' });
    queue.push({ kind: 'entity', entity: { type: 'file', id: 7 }, event: 'media.update' });
    await queue.whenIdle();
    expect(batches).toHaveLength(1);
    expect(batches[0]?.entities).toEqual([
      { type: 'tag', documentId: 't1', locale: 'ru' },
      { type: 'tag', documentId: 't1', locale: 'kk' },
      { type: 'file', id: 7 },
    ]);
  });
});
