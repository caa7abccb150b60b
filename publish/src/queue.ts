/**
 * Coalescing of changes into builds:
 *
 * - never two scoped batches at once (a full build and background chunks
 *   run beside them once a release is live, below);
 * - a burst of events becomes one build: a batch starts `debounceMs` after
 *   the last event, or `maxWaitMs` after the first one, whichever is sooner;
 * - events that arrive while a build runs wait and become one follow-up
 *   build, so the site always ends on the latest published state;
 * - article changes go first (they are seconds), a requested full build runs
 *   after them and covers everything still pending when it starts;
 * - a failed scoped batch of several articles is split in two and each half
 *   retried, so one bad article does not hold back the others; a batch of
 *   one article (or only pages) goes back into the queue and is retried
 *   with the next batch, MAX_ATTEMPTS times in all (a link check may fail
 *   because of a change that is still queued); a failed full build is
 *   retried once after FULL_RETRY_MS; once a release is live, a full build
 *   runs beside the scoped batches (`concurrentFull`): publishing never
 *   waits for it;
 * - an edit of an entity (tag, credit, event…) and `everything` (site
 *   settings, a rubric) are resolved by the publisher against the live
 *   site's index when their batch runs: dependents few enough for one build
 *   go into it; more become a background job (`addBackground`), built in
 *   chunks of at most `chunkPages` pages. Once a release is live
 *   (`concurrentChunks`) the chunks run one after another in a lane of their
 *   own, beside the scoped batches: a publish never waits for a chunk (the
 *   publisher runs them in a second, low-priority build worker and keeps the
 *   newer of two versions of a page, write-stamps.ts). Otherwise a chunk runs
 *   whenever no other change waits, so a publish waits for one chunk at most.
 *   Chunks are also bounded in time: after each one the queue knows what a
 *   page costs (ms per cost unit, fixed cost of a build included) and sizes
 *   the next to take about `chunkMs`, on a small site as on a large one where
 *   a page costs more.
 *   A full build covers every background job queued before it starts.
 */
import { LOCALES, type Locale } from '@tilshi/shared-types';
import type { Dependents } from './dependents.ts';
import { describeEntity, type Change, type EntityRef } from './webhook.ts';

export const MAX_ATTEMPTS = 3;
export const FULL_RETRY_MS = 30_000;

export type Batch = {
  id: number;
  kind: 'scoped' | 'full';
  /** documentId → locales that changed (null: every locale / unknown). */
  articles: Map<string, Set<Locale> | null>;
  /** Extra scope keys (`kind|key`), e.g. the page of a new tag. */
  pages: Set<string>;
  /** Look up what changed in the CMS since the last build (an event came without its entry). */
  catchUp: boolean;
  /** Edited entities whose dependents the publisher looks up in the index. */
  entities: EntityRef[];
  /** Why every page must be rebuilt (site settings, a rubric), or null. */
  everything: string | null;
  /** The background job this batch is a chunk of, how many of its pages it renders and what it costs (`ARTICLE_CHANGE_COST`). */
  background: { job: number; pages: number; cost: number } | null;
  /** Why: events and requests, for the status page. */
  reasons: string[];
  /** 1 for a first try; retries count up. */
  attempt: number;
  /** When the first of its events arrived (ms since the epoch); null for retries. */
  firstEventAt: number | null;
};

/** A batch with nothing in it but what `fields` names: no articles, pages, entities or catch-up, a first try. */
export function batchOf(fields: Pick<Batch, 'id' | 'kind'> & Partial<Batch>): Batch {
  return {
    articles: new Map(),
    pages: new Set(),
    catchUp: false,
    entities: [],
    everything: null,
    background: null,
    reasons: [],
    attempt: 1,
    firstEventAt: null,
    ...fields,
  };
}

export type BatchOutcome = { ok: true } | { ok: false; error: Error };

export type QueueOptions = {
  debounceMs: number;
  maxWaitMs: number;
  run: (batch: Batch) => Promise<BatchOutcome>;
  log?: (line: string) => void;
  /** When true (nothing is live yet), a pending full build takes the article changes along instead of running after them. */
  fullCoversAll?: () => boolean;
  /** Pages per background chunk at most (default 100; an article change counts ARTICLE_CHANGE_COST). */
  chunkPages?: number;
  /**
   * What a chunk should take (ms, default 5,000; 0: always `chunkPages`): the next chunk's size is
   * this over the measured cost of a page, between a tenth of `chunkPages` and `chunkPages`.
   */
  chunkMs?: number;
  /**
   * When true (a release is live), a full build runs beside the other
   * batches instead of before them: scoped batches and chunks go on while it
   * builds (the publisher re-renders what they changed into the new release
   * before it goes live). Never two full builds at once.
   */
  concurrentFull?: () => boolean;
  /**
   * When true (a release is live), background chunks run in a lane of their
   * own beside the scoped batches: a publish never waits for a chunk (the
   * publisher lets the newer of two builds' versions of a page win,
   * write-stamps.ts). One chunk at a time.
   */
  concurrentChunks?: () => boolean;
};

/**
 * What an article change costs a background chunk, in single pages: it is
 * fetched again and brings its share of listings, day pages and feeds.
 * Measured at 10,000 articles (BENCHMARKS.md, entity-change): chunks rebuilt
 * ~26 single pages/s (a tag's article pages) but ~6.5 article changes/s
 * (a replaced photo file on 1,350 article versions).
 */
export const ARTICLE_CHANGE_COST = 4;

/** What a background job rebuilds the dependents of (the panel names it in the editor's language). */
export type BackgroundSubject = EntityRef['type'] | 'everything';

/** A background job as /status shows it: what, and how many of its pages are done. */
export type BackgroundState = {
  id: number;
  label: string;
  subject: BackgroundSubject;
  total: number;
  done: number;
  failed: number;
  startedAt: string;
};

/** Dependents too many for one build: rebuilt chunk by chunk when nothing else waits. */
type BackgroundJob = BackgroundState & {
  articles: Array<[string, Set<Locale> | null]>;
  pages: string[];
  /** Failed chunks to try again (MAX_ATTEMPTS in all). */
  retries: Batch[];
};

/** Whether a job has chunks left to take (its retries, articles or pages). */
const hasChunks = (job: BackgroundJob): boolean => job.retries.length > 0 || job.articles.length > 0 || job.pages.length > 0;

type Pending = {
  articles: Map<string, Set<Locale> | null>;
  pages: Set<string>;
  catchUp: boolean;
  entities: EntityRef[];
  everything: string[];
  full: string[];
  reasons: string[];
  attempt: number;
  firstAt: number | null;
  lastAt: number | null;
};

const emptyPending = (): Pending => ({
  articles: new Map(),
  pages: new Set(),
  catchUp: false,
  entities: [],
  everything: [],
  full: [],
  reasons: [],
  attempt: 1,
  firstAt: null,
  lastAt: null,
});

/** The article versions a change of these locales renders (null: every locale). */
export const versionCount = (locales: ReadonlySet<Locale> | null): number => (locales ? locales.size : LOCALES.length);

/** Adds a document's changed locales to a map of them (null: every locale). */
export function mergeArticle(into: Map<string, Set<Locale> | null>, documentId: string, locales: Iterable<Locale> | null): void {
  const existing = into.get(documentId);
  if (existing === null || locales === null) into.set(documentId, null);
  else into.set(documentId, new Set([...(existing ?? []), ...locales]));
}

export type QueueState = {
  /** A full build running beside the other batches (concurrentFull). */
  fullBuild: { id: number; reasons: string[]; startedAt: string } | null;
  running: { id: number; kind: Batch['kind']; articles: number; pages: number; reasons: string[]; startedAt: string } | null;
  pending: { articles: number; pages: number; entities: number; everything: boolean; catchUp: boolean; full: boolean; reasons: string[] };
  retries: number;
  /** Background jobs (large fan-outs), oldest first, with their progress in pages. */
  background: BackgroundState[];
};

export class PublishQueue {
  readonly #options: QueueOptions;
  #pending: Pending = emptyPending();
  readonly #retries: Batch[] = [];
  #running: { batch: Batch; startedAt: Date } | null = null;
  #full: { batch: Batch; startedAt: Date } | null = null;
  /** A background chunk running beside the other batches (concurrentChunks). */
  #chunk: { batch: Batch; startedAt: Date } | null = null;
  #chunkTimer: NodeJS.Timeout | null = null;
  #timer: NodeJS.Timeout | null = null;
  #fullRetry: NodeJS.Timeout | null = null;
  #fullAttempts = 0;
  #nextId = 1;
  #closed = false;
  #idleWaiters: Array<() => void> = [];
  #background: BackgroundJob[] = [];
  #nextJob = 1;
  /** What a unit of chunk cost took (ms), smoothed over the chunks so far; null before the first. */
  #msPerCost: number | null = null;

  constructor(options: QueueOptions) {
    this.#options = options;
  }

  /** Adds one classified event. */
  push(change: Change): void {
    const p = this.#pending;
    switch (change.kind) {
      case 'articles':
        mergeArticle(p.articles, change.documentId, change.locales);
        p.reasons.push(`${change.event} ${change.documentId}${change.locales ? ` (${change.locales.join(', ')})` : ''}`);
        break;
      case 'pages':
        for (const key of change.keys) p.pages.add(key);
        p.reasons.push(`${change.event}: ${change.keys.join(', ')}`);
        break;
      case 'entity':
        // A flood or a replay of the same edit is resolved once: its dependents are looked up when the batch runs.
        if (!p.entities.some((known) => describeEntity(known) === describeEntity(change.entity))) p.entities.push(change.entity);
        p.reasons.push(`${change.event} of ${describeEntity(change.entity)}`);
        break;
      case 'everything':
        p.everything.push(change.reason);
        for (const key of change.pages ?? []) p.pages.add(key);
        p.reasons.push(change.reason);
        break;
      case 'catch-up':
        p.catchUp = true;
        p.reasons.push(`${change.event} without its entry: catching up`);
        break;
      case 'full':
        p.full.push(change.reason);
        p.reasons.push(change.reason);
        break;
      case 'none':
        return;
    }
    this.#touch();
  }

  /**
   * Queues dependents too many for one build as a background job; its chunks
   * run whenever nothing else waits. Returns the job's id.
   */
  addBackground(label: string, dependents: Dependents, subject: BackgroundSubject = 'everything'): number {
    const articles = [...dependents.articles];
    const pages = [...dependents.pages];
    const total = articles.reduce((sum, [, locales]) => sum + versionCount(locales), 0) + pages.length;
    const job: BackgroundJob = {
      id: this.#nextJob++,
      label,
      subject,
      total,
      done: 0,
      failed: 0,
      articles,
      pages,
      retries: [],
      startedAt: new Date().toISOString(),
    };
    this.#background.push(job);
    this.#options.log?.(
      `background job ${job.id}: ${label}: ${total} pages in chunks of ${this.chunkBudget()} (at most ${this.#chunkPages}; an article change counts ${ARTICLE_CHANGE_COST})`,
    );
    this.#schedule();
    return job.id;
  }

  get #chunkPages(): number {
    return this.#options.chunkPages ?? 100;
  }

  /** The next chunk's cost budget: `chunkPages`, or less when chunks of that size take longer than `chunkMs`. */
  chunkBudget(): number {
    const most = this.#chunkPages;
    const target = this.#options.chunkMs ?? 5_000;
    if (this.#msPerCost === null || target <= 0) return most;
    return Math.max(Math.ceil(most / 10), Math.min(most, Math.floor(target / this.#msPerCost)));
  }

  /** What a unit of chunk cost took so far (ms, a build's fixed cost included), or null before the first chunk. */
  chunkMsPerCost(): number | null {
    return this.#msPerCost;
  }

  /** A chunk that went through: what it cost and took feeds the size of the next ones. */
  #measureChunk(cost: number, ms: number): void {
    if (cost <= 0) return;
    const rate = ms / cost;
    this.#msPerCost = this.#msPerCost === null ? rate : (this.#msPerCost + rate) / 2;
  }

  /** A full build on demand or on schedule. */
  requestFull(reason: string): void {
    this.push({ kind: 'full', reason });
  }

  state(): QueueState {
    const running = this.#running;
    const p = this.#pending;
    const full = this.#full;
    return {
      fullBuild: full ? { id: full.batch.id, reasons: full.batch.reasons.slice(0, 20), startedAt: full.startedAt.toISOString() } : null,
      running: running
        ? {
            id: running.batch.id,
            kind: running.batch.kind,
            articles: running.batch.articles.size,
            pages: running.batch.pages.size,
            reasons: running.batch.reasons.slice(0, 20),
            startedAt: running.startedAt.toISOString(),
          }
        : null,
      pending: {
        articles: p.articles.size,
        pages: p.pages.size,
        entities: p.entities.length,
        everything: p.everything.length > 0,
        catchUp: p.catchUp,
        full: p.full.length > 0,
        reasons: p.reasons.slice(0, 20),
      },
      retries: this.#retries.length,
      background: this.#background.map(({ id, label, subject, total, done, failed, startedAt }) => ({
        id,
        label,
        subject,
        total,
        done,
        failed,
        startedAt,
      })),
    };
  }

  /** Resolves once nothing runs, nothing waits and no retry is scheduled. */
  whenIdle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Stops scheduling; a running batch finishes. */
  close(): void {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#fullRetry) clearTimeout(this.#fullRetry);
    if (this.#chunkTimer) clearTimeout(this.#chunkTimer);
    this.#chunkTimer = null;
    this.#timer = null;
    this.#fullRetry = null;
  }

  #isIdle(): boolean {
    return (
      this.#running === null &&
      this.#full === null &&
      this.#chunk === null &&
      this.#chunkTimer === null &&
      this.#retries.length === 0 &&
      this.#timer === null &&
      this.#fullRetry === null &&
      !this.#hasPending() &&
      this.#background.length === 0
    );
  }

  #hasPending(): boolean {
    const p = this.#pending;
    return p.articles.size > 0 || p.pages.size > 0 || p.catchUp || p.entities.length > 0 || p.everything.length > 0 || p.full.length > 0;
  }

  #touch(): void {
    const now = Date.now();
    this.#pending.firstAt ??= now;
    this.#pending.lastAt = now;
    this.#schedule();
  }

  /** Whether chunks run in their own lane (concurrentChunks) rather than between the scoped batches. */
  #chunksBeside(): boolean {
    return this.#options.concurrentChunks?.() ?? false;
  }

  /**
   * Arms the debounce timer (or starts at once); nothing while a batch runs: its end schedules the next one.
   * Chunks running beside the batches are scheduled in their own lane.
   */
  #schedule(): void {
    this.#scheduleChunk();
    if (this.#closed || this.#running) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#retries.length > 0) {
      this.#timer = setTimeout(() => this.#fire(), 0);
      return;
    }
    if (!this.#hasPending()) {
      if (this.#background.length > 0 && !this.#chunksBeside()) this.#timer = setTimeout(() => this.#fire(), 0);
      else this.#notifyIdle();
      return;
    }
    const { firstAt, lastAt } = this.#pending;
    const now = Date.now();
    const due = Math.min((lastAt ?? now) + this.#options.debounceMs, (firstAt ?? now) + this.#options.maxWaitMs);
    this.#timer = setTimeout(() => this.#fire(), Math.max(0, due - now));
  }

  #take(): Batch | null {
    const retry = this.#retries.shift();
    if (retry) return retry;
    const p = this.#pending;
    const hasScoped = p.articles.size > 0 || p.pages.size > 0 || p.catchUp || p.entities.length > 0 || p.everything.length > 0;
    if (hasScoped && !(p.full.length > 0 && this.#full === null && this.#options.fullCoversAll?.())) {
      const batch: Batch = {
        id: this.#nextId++,
        kind: 'scoped',
        articles: p.articles,
        pages: p.pages,
        catchUp: p.catchUp,
        entities: p.entities,
        everything: p.everything.length > 0 ? p.everything.join('; ') : null,
        background: null,
        reasons: p.reasons.filter((r) => !p.full.includes(r)),
        attempt: p.attempt,
        firstEventAt: p.firstAt,
      };
      const full = p.full;
      this.#pending = emptyPending();
      // A full build requested while one runs waits for it, as one follow-up.
      if (full.length > 0) {
        this.#pending.full = full;
        this.#pending.reasons = [...full];
        this.#pending.firstAt = this.#pending.lastAt = Date.now();
      }
      return batch;
    }
    if (p.full.length > 0 && this.#full === null) {
      this.#pending = emptyPending();
      // A full build renders every page from the CMS as it is when it starts: queued background work is covered.
      for (const job of this.#background.splice(0))
        this.#options.log?.(`background job ${job.id} (${job.label}) is covered by a full build`);
      return batchOf({ id: this.#nextId++, kind: 'full', reasons: p.reasons, firstEventAt: p.firstAt });
    }
    return this.#chunksBeside() ? null : this.#takeChunk();
  }

  /** Starts the next chunk in its own lane, when chunks run beside the batches and none runs. */
  #scheduleChunk(): void {
    if (this.#closed || this.#chunk || this.#chunkTimer || !this.#chunksBeside()) return;
    if (!this.#background.some(hasChunks)) return;
    this.#chunkTimer = setTimeout(() => {
      this.#chunkTimer = null;
      if (this.#closed || this.#chunk) return;
      const batch = this.#takeChunk();
      if (!batch) {
        this.#notifyIdle();
        return;
      }
      this.#chunk = { batch, startedAt: new Date() };
      this.#start(batch, () => (this.#chunk = null));
    }, 0);
  }

  /** The next chunk of the oldest background job: articles first (with their listings), then single pages. */
  #takeChunk(): Batch | null {
    const job = this.#background.find(hasChunks);
    if (!job) return null;
    const retry = job.retries.shift();
    if (retry) return retry;
    const articles = new Map<string, Set<Locale> | null>();
    const pages = new Set<string>();
    // `size` counts pages (the job's progress); `cost` bounds the chunk's time: an article change costs more.
    const budget = this.chunkBudget();
    let size = 0;
    let cost = 0;
    while (cost < budget && job.articles.length > 0) {
      const [documentId, locales] = job.articles.shift() ?? ['', null];
      articles.set(documentId, locales);
      const versions = versionCount(locales);
      size += versions;
      cost += versions * ARTICLE_CHANGE_COST;
    }
    while (cost < budget && job.pages.length > 0) {
      pages.add(job.pages.shift() ?? '');
      size += 1;
      cost += 1;
    }
    return batchOf({
      id: this.#nextId++,
      kind: 'scoped',
      articles,
      pages,
      background: { job: job.id, pages: size, cost },
      reasons: [`${job.label}: ${job.done + size} of ${job.total} pages`],
    });
  }

  /** A finished chunk counts towards its job (a job whose last chunk was taken is kept until it ends, for its progress). */
  #chunkDone(batch: Batch, ok: boolean): void {
    const chunk = batch.background;
    if (!chunk) return;
    const job = this.#background.find((each) => each.id === chunk.job);
    if (!job) return;
    if (ok) job.done += chunk.pages;
    else job.failed += chunk.pages;
    if (job.done + job.failed >= job.total) {
      this.#background = this.#background.filter((each) => each !== job);
      this.#options.log?.(`background job ${job.id} (${job.label}) finished: ${job.done} pages rebuilt, ${job.failed} failed`);
    }
  }

  #fire(): void {
    this.#timer = null;
    if (this.#closed || this.#running) return;
    const batch = this.#take();
    if (!batch) {
      this.#notifyIdle();
      return;
    }
    const beside = batch.kind === 'full' && (this.#options.concurrentFull?.() ?? false);
    if (beside) this.#full = { batch, startedAt: new Date() };
    else this.#running = { batch, startedAt: new Date() };
    this.#start(batch, () => {
      if (beside) this.#full = null;
      else this.#running = null;
    });
    // The other batches go on while a full build runs beside them.
    if (beside) this.#schedule();
  }

  /** Runs a batch; when it ends, `ended` frees its lane, a chunk is measured, the outcome settled and the next batches scheduled. */
  #start(batch: Batch, ended: () => void): void {
    const started = performance.now();
    void this.#options
      .run(batch)
      .catch((error: unknown): BatchOutcome => ({ ok: false, error: error instanceof Error ? error : new Error(String(error)) }))
      .then((outcome) => {
        ended();
        if (batch.background && outcome.ok) this.#measureChunk(batch.background.cost, performance.now() - started);
        this.#settle(batch, outcome);
        this.#schedule();
        this.#notifyIdle();
      });
  }

  #settle(batch: Batch, outcome: BatchOutcome): void {
    const log = this.#options.log ?? (() => {});
    if (batch.background) {
      const job = this.#background.find((each) => each.id === batch.background?.job);
      const ids = [...batch.articles.keys()];
      if (!outcome.ok && job && ids.length > 1) {
        // As for a scoped batch: halves, so that one bad article does not hold back the chunk.
        log(`chunk ${batch.id} of background job ${job.id} failed; its ${ids.length} articles are tried again in two halves`);
        const half = Math.ceil(ids.length / 2);
        const part = (slice: string[], withPages: boolean): Batch => {
          const articles = new Map(slice.map((id) => [id, batch.articles.get(id) ?? null]));
          const pages = withPages ? batch.pages : new Set<string>();
          const versions = [...articles.values()].reduce((sum, locales) => sum + versionCount(locales), 0);
          const background = { job: job.id, pages: versions + pages.size, cost: versions * ARTICLE_CHANGE_COST + pages.size };
          return { ...batch, id: this.#nextId++, articles, pages, background };
        };
        job.retries.push(part(ids.slice(0, half), true), part(ids.slice(half), false));
      } else if (!outcome.ok && job && batch.attempt < MAX_ATTEMPTS) {
        log(`chunk ${batch.id} of background job ${job.id} failed; it is tried again after the other changes`);
        job.retries.push({ ...batch, id: this.#nextId++, attempt: batch.attempt + 1 });
      } else {
        this.#chunkDone(batch, outcome.ok);
      }
      return;
    }
    if (outcome.ok) {
      if (batch.kind === 'full') this.#fullAttempts = 0;
      return;
    }
    if (batch.kind === 'full') {
      this.#fullAttempts += 1;
      if (this.#fullAttempts < 2 && !this.#closed) {
        log(`full build ${batch.id} failed; retrying in ${FULL_RETRY_MS / 1000} s`);
        this.#fullRetry = setTimeout(() => {
          this.#fullRetry = null;
          this.push({ kind: 'full', reason: `retry of full build ${batch.id}` });
        }, FULL_RETRY_MS);
      } else {
        this.#fullAttempts = 0;
        log(`full build ${batch.id} failed again; waiting for the next request or schedule`);
      }
      return;
    }
    const ids = [...batch.articles.keys()];
    if (ids.length > 1) {
      const half = Math.ceil(ids.length / 2);
      const part = (slice: string[], withExtras: boolean): Batch => ({
        id: this.#nextId++,
        kind: 'scoped',
        articles: new Map(slice.map((id) => [id, batch.articles.get(id) ?? null])),
        pages: withExtras ? batch.pages : new Set(),
        catchUp: withExtras ? batch.catchUp : false,
        entities: withExtras ? batch.entities : [],
        everything: withExtras ? batch.everything : null,
        background: null,
        reasons: [`retry of build ${batch.id} (${slice.length} of its ${ids.length} articles)`],
        attempt: batch.attempt,
        firstEventAt: null,
      });
      log(`build ${batch.id} failed; retrying its ${ids.length} articles in two halves`);
      this.#retries.unshift(part(ids.slice(0, half), true), part(ids.slice(half), false));
      return;
    }
    if (batch.attempt >= MAX_ATTEMPTS) {
      log(`build ${batch.id} failed ${batch.attempt} times; its changes wait for their next event or the next full build`);
      return;
    }
    // Back into the queue, merged with whatever arrived meanwhile.
    const p = this.#pending;
    for (const [documentId, locales] of batch.articles) mergeArticle(p.articles, documentId, locales);
    for (const key of batch.pages) p.pages.add(key);
    p.catchUp ||= batch.catchUp;
    p.entities.push(...batch.entities);
    if (batch.everything) p.everything.push(batch.everything);
    p.attempt = Math.max(p.attempt, batch.attempt + 1);
    p.reasons.push(`retry ${batch.attempt} of build ${batch.id}`);
    p.firstAt ??= Date.now();
    p.lastAt = Date.now();
  }

  #notifyIdle(): void {
    if (!this.#isIdle()) return;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
