/**
 * The publish pipeline: a batch of changes (queue.ts) becomes a build, the
 * build is checked, and only then applied to the live tree (live.ts).
 *
 * Scoped batch (articles, new entity pages):
 *   1. scope: the changed documents, plus every page their previous versions
 *      touched (from the index: an unpublished article's old rubric, tags,
 *      day…), plus the pages sitemap; `since` and the live archive days;
 *   2. `astro build` with that scope (warm worker), its own small content
 *      store and the shared image cache; the chunks of a background job
 *      render in a second, low-priority warm worker beside the publishes
 *      (#chunk), and where both wrote a page the newer build's stays
 *      (write-stamps.ts);
 *   3. checks (checks.ts): documents complete, XML well-formed, every link
 *      pointing at a live page or one of this build;
 *   4. apply: images, then article pages, then day/taxonomy pages, then
 *      everything linking to them; then the deletions (old pages of
 *      unpublished or renamed articles, emptied days and months);
 *   5. the index learns the new versions; the search index follows later.
 *
 * Full batch: `astro build` of everything into a new release (cold
 * processes, one per partition of the pages, each with its content store
 * and Astro's caches kept between full builds), merged, indexed for search,
 * checked, then the `current` symlink swaps to it in one step; once a
 * release is live, beside the scoped batches (#full).
 *
 * A failure at any step leaves the live site as it was; the reason goes to
 * /status. Operations on the live tree (applying a build, switching a
 * release, a rollback) run one at a time.
 */
import { cp, mkdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  CONTENT_STORE_FILE,
  describePhases,
  LOCALES,
  parseLocaleKey,
  parseScopeEntry,
  scopeEntry,
  type BuildMode,
  type BuildPhases,
  type BuildRecord,
  type CollectionSync,
  type Locale,
  type ScopeFile,
  type FullBuildSteps,
  type ServiceSteps,
} from '@tilshi/shared-types';
import { LOCALE_PREFIX, PAGES_SITEMAP_KEY, paths } from '@tilshi/site/build-contract';
import { SEARCH_PARTS_FILE } from '@tilshi/site/search-parts';
import { SiteBuilder, type BuildReport, type BuildRequest } from './builder.ts';
import { checkBuildOutput } from './checks.ts';
import { dispatchBatch } from './dispatch.ts';
import { CmsReader } from './cms.ts';
import { fullBuildProcesses } from './full-build-processes.ts';
import {
  articleVersionsOf,
  dependentsOf,
  everyPage,
  fanOutCost,
  headOf,
  newlyShown,
  planFanOut,
  withoutHead,
  type Dependents,
} from './dependents.ts';
import { relatedDependentKeys } from './related-dependents.ts';
import { TelegramPoster } from './telegram.ts';
import type { PublishConfig } from './config.ts';
import { LiveTreeError, PostBuildCheckError, SiteBuildFailedError, messageOf } from './errors.ts';
import { differingFiles, exists, isMissing, linkTree, listFiles, LiveTree, moveTreeInto } from './live.ts';
import { WriteStamps } from './write-stamps.ts';
import { mergeArticle, PublishQueue, type BackgroundSubject, type Batch, type BatchOutcome } from './queue.ts';
import { indexSiteDir, SearchRefresher } from './search.ts';
import { fileOfPath, INDEX_FILE, parseManifest, SiteIndex, type BuildManifest } from './site-index.ts';
import { classify, describeEntity, type WebhookPayload } from './webhook.ts';

const MANIFEST_FILE = 'tilshi-build-manifest.json';
/** Articles changed this long before a scoped build started render their own pages too (see the scope's `since`). */
const SINCE_MARGIN_MS = 60_000;
/** A catch-up looks for changes from this long before the newest change the index knows. */
const CATCH_UP_MARGIN_MS = 5 * 60_000;
const HISTORY = 20;
/** Article pages a full build's checks parse (all XML files and the home pages are always parsed). */
const FULL_CHECK_SAMPLE = 60;

type Timings = {
  buildMs: number | null;
  mode: BuildMode | null;
  phases?: BuildPhases | null;
  firstEventAt?: number | null;
  contentSync?: CollectionSync | null;
  /** The processes a full build rendered in. */
  processes?: number;
  /** When a build's steps began (performance.now()); a scoped build's `build` is the `astro build` between them. */
  marks?: Partial<Record<StepMark, number>>;
};
type StepMark = keyof ServiceSteps | keyof FullBuildSteps | 'build';
type Applied = { articles: number; written: number; deleted: number; unchanged: number; release: string | null };
type AppliedFiles = Awaited<ReturnType<LiveTree['applyFiles']>>;
/** A scoped batch resolved against the index: the documents it renders and its scope file. */
type PlannedScope = { documents: Map<string, Set<Locale> | null>; scope: ScopeFile };
/** What the scoped builds changed while a full build ran beside them: its catch-up re-renders it. */
type SinceFull = { documents: Map<string, Set<Locale> | null>; keys: Set<string> };
const emptySinceFull = (): SinceFull => ({ documents: new Map(), keys: new Set() });
/** Which builder renders a scope: the publishes' warm worker, the chunks' one, or a catch-up's cold build. */
type Lane = 'publish' | 'chunk' | 'catch-up';
/** A scoped build's output, not yet applied: its manifest and files; `remove` deletes it. */
type Rendered = {
  buildId: string;
  outClient: string;
  manifest: BuildManifest;
  files: string[];
  timings: Timings;
  remove: () => Promise<void>;
};
/** How often a background chunk is built again when another release went live while it built. */
const CHUNK_RELEASE_TRIES = 3;

/** An operation as /status records it: what kind, for which batch, why, and when it started (default: now). */
type Operation = { kind: BuildRecord['kind']; batch: number | null; trigger: readonly string[]; timings: Timings; started?: Date };

const noTimings = (): Timings => ({ buildMs: null, mode: null });

/** A scope's `since` (SINCE_MARGIN_MS before `started`) and the versions of that time the live site already shows. */
function sinceRule(index: SiteIndex, started: Date): Pick<ScopeFile, 'since' | 'live'> {
  const since = started.getTime() - SINCE_MARGIN_MS;
  return { since: new Date(since).toISOString(), live: index.changedSince(since) };
}

/** Notes that a build's step begins now (the step before ends here). */
function mark(timings: Timings, step: StepMark): void {
  (timings.marks ??= {})[step] = performance.now();
}

/** A scoped build's steps (ms), from its marks and its end (performance.now()); null unless every step began. */
/** Milliseconds between two marks, whole and never negative. */
const span = (from: number, to: number) => Math.max(0, Math.round(to - from));

function stepsOf({ marks = {} }: Timings, end: number): ServiceSteps | null {
  const { scope, build, checks, apply, after } = marks;
  if (scope === undefined || build === undefined || checks === undefined || apply === undefined || after === undefined) return null;
  return { scope: span(scope, build), checks: span(checks, apply), apply: span(apply, after), after: span(after, end) };
}

/** A full build's steps (ms), from its marks and its end; null unless every step began (a failed build). */
function fullStepsOf({ marks = {} }: Timings, end: number): FullBuildSteps | null {
  const { render, search, checks, catchUp = marks.switch, switch: switchIn } = marks;
  if (render === undefined || search === undefined || checks === undefined || catchUp === undefined || switchIn === undefined) return null;
  return {
    render: span(render, search),
    search: span(search, checks),
    checks: span(checks, catchUp),
    catchUp: span(catchUp, switchIn),
    switch: span(switchIn, end),
  };
}

/** What the queue learns of a recorded operation. */
const outcomeOf = (record: BuildRecord): BatchOutcome =>
  record.ok ? { ok: true } : { ok: false, error: new Error(record.reason ?? 'failed') };

const localeDir = (locale: Locale) => (LOCALE_PREFIX[locale] ? `${LOCALE_PREFIX[locale].replace(/^\//, '')}/` : '');

/** The live files a scoped build's scope covers but the build did not produce: pages that no longer exist. */
export function plannedDeletions(manifest: BuildManifest, index: SiteIndex, produced: ReadonlySet<string>): string[] {
  const deletions = new Set<string>();
  const rendered = new Map(manifest.articles.map((article) => [`${article.locale}:${article.documentId}`, article]));
  for (const entry of manifest.keys ?? []) {
    const parsed = parseScopeEntry(entry);
    if (!parsed) continue;
    const { kind, key } = parsed;
    const oldPage = index.page(entry);
    if (oldPage && manifest.pages[entry]?.path !== oldPage.path) {
      // An entity page that is gone (deleted) or moved (new slug); a rubric's feed lives beside its page.
      deletions.add(fileOfPath(oldPage.path));
      if (kind === 'rubric') deletions.add(fileOfPath(`${oldPage.path}rss.xml`));
    }
    if (kind === 'article') {
      const { locale, id: documentId } = parseLocaleKey(key) ?? { locale: undefined, id: '' };
      const old = locale ? index.versionsOf(documentId).get(locale) : undefined;
      const now = rendered.get(key);
      if (old && (!now || now.path !== old.path)) deletions.add(fileOfPath(old.path));
    } else if (kind === 'archive' || kind === 'month') {
      // archive: `<locale>:YYYY-MM-DD`, a day page; month: `<locale>:YYYY-MM`, a month page.
      const [locale = '', date = ''] = key.split(':');
      const known = LOCALES.find((candidate) => candidate === locale);
      if (!known) continue;
      if (kind === 'archive' && /^\d{4}-\d{2}-\d{2}$/.test(date)) deletions.add(fileOfPath(paths.archiveDay(known, date)));
      if (kind === 'month' && /^\d{4}-\d{2}$/.test(date)) deletions.add(fileOfPath(paths.archive(known, date.slice(0, 4), date.slice(5))));
    } else if (kind === 'sitemap') {
      deletions.add(fileOfPath(paths.daySitemap(key)));
    }
  }
  // The Google News sitemap exists only while something is recent: a scoped build that wrote none removes it.
  if (manifest.keys !== null) deletions.add(GOOGLE_NEWS_FILE);
  return [...deletions].filter((file) => !produced.has(file));
}

/** site/src/pages/sitemaps/[googleNews].xml.ts writes it only when it has entries. */
const GOOGLE_NEWS_FILE = fileOfPath(paths.newsSitemap());

export class Publisher {
  readonly config: PublishConfig;
  readonly live: LiveTree;
  readonly queue: PublishQueue;
  readonly search: SearchRefresher;
  /** Posts first publications to Telegram (src/telegram.ts); null when off. */
  readonly telegram: TelegramPoster | null;
  readonly #builder: SiteBuilder;
  /** The background chunks' builder: a second warm worker at low priority, so publishes never wait for a chunk. */
  readonly #chunkBuilder: SiteBuilder;
  /** The first round of a full build's catch-up (#full): a cold build at low priority, beside the publishes' worker. */
  readonly #catchUpBuilder: SiteBuilder;
  /** Which build's version of a live file or index entry is the newest, while publishes and a chunk run at once. */
  readonly #stamps = new WriteStamps();
  readonly #cms: CmsReader;
  readonly #log: (line: string) => void;
  #index: SiteIndex | null = null;
  #history: BuildRecord[] = [];
  /** How long the last full build that went through took (planFanOut weighs chunks against it). */
  #lastFullMs: number | null = null;
  #lastSuccess: BuildRecord | null = null;
  #lastFailure: BuildRecord | null = null;
  #liveUpdatedAt: string | null = null;
  #exclusive: Promise<unknown> = Promise.resolve();
  #sequence = 0;
  #scheduleTimer: NodeJS.Timeout | null = null;
  #nextFullBuild: Date | null = null;
  /** While a full build runs beside scoped ones: what they changed since it started (it re-renders that before going live). */
  #sinceFull: SinceFull | null = null;

  /** Whether a full build goes live without waiting for its search index, which follows after the switch (#searchIndexFor). */
  readonly #searchFollows: boolean;

  /**
   * `searchGraceMs`: how long the search index's old files stay after a re-index (0 for one-off commands: no timer outlives them).
   * `searchFollowsFullBuilds` (default true; false for one-off commands, whose output is deployed as it is): see #searchIndexFor.
   */
  constructor(
    config: PublishConfig,
    log: (line: string) => void,
    options: { searchGraceMs?: number; searchFollowsFullBuilds?: boolean } = {},
  ) {
    this.config = config;
    this.#searchFollows = options.searchFollowsFullBuilds ?? true;
    this.#log = log;
    this.live = new LiveTree(config.liveDir);
    this.#cms = new CmsReader(config.strapiUrl, config.siteToken);
    const builderOptions = {
      siteDir: config.siteDir,
      fullBuildHeapMb: config.fullBuildHeapMb,
      fullBuildHeapMaxMb: config.fullBuildHeapMaxMb,
      warm: config.warmBuilder,
      prime: config.primeBuilds,
      resultDir: path.join(config.workDir, 'build-results'),
      log,
      env: { ...process.env, STRAPI_URL: config.strapiUrl, STRAPI_SITE_TOKEN: config.siteToken, SITE_URL: config.siteUrl },
    };
    this.#builder = new SiteBuilder(builderOptions);
    this.#chunkBuilder = new SiteBuilder({ ...builderOptions, name: 'chunk', lowPriority: true });
    this.#catchUpBuilder = new SiteBuilder({ ...builderOptions, name: 'catch-up', warm: false, lowPriority: true });
    this.search = new SearchRefresher({
      live: this.live,
      delayMs: config.searchDelayMs,
      workDir: config.workDir,
      log,
      ...(options.searchGraceMs === undefined ? {} : { oldFilesGraceMs: options.searchGraceMs }),
    });
    this.telegram = config.telegram
      ? new TelegramPoster(
          config.telegram,
          config.workDir,
          async () => {
            const current = await this.live.current();
            return current ? path.join(current.dir, 'client') : null;
          },
          log,
        )
      : null;
    this.queue = new PublishQueue({
      debounceMs: config.debounceMs,
      maxWaitMs: config.maxWaitMs,
      run: (batch) => this.#run(batch),
      log,
      // With nothing live yet, the first full build takes every change along (in CI mode, nothing is ever live here).
      fullCoversAll: () => this.#index === null && this.config.dispatch === null,
      concurrentFull: () => this.#fullBeside(),
      concurrentChunks: () => this.#fullBeside(),
      chunkPages: config.chunkPages,
      chunkMs: config.chunkMs,
    });
  }

  /** Loads the current release's index, starts the warm builder, plans the initial and scheduled full builds. */
  async start(): Promise<void> {
    if (this.config.dispatch) {
      this.#log(
        `CI mode: every batch of changes becomes a repository_dispatch "${this.config.dispatch.eventType}" to ${this.config.dispatch.repository}`,
      );
      return;
    }
    await mkdir(this.config.workDir, { recursive: true });
    await this.telegram?.start();
    const current = await this.live.current();
    if (current) {
      try {
        this.#index = await SiteIndex.load(current.dir);
        this.#liveUpdatedAt = new Date().toISOString();
        this.#log(`live release ${current.id}: ${this.#index.size} article versions`);
        // A release goes live before its search index is made (#searchIndexFor): one whose index was not
        // made yet (the service stopped first) gets it now.
        if (!(await exists(path.join(current.dir, 'client', 'pagefind', SEARCH_PARTS_FILE)))) {
          this.#log(`live release ${current.id} has no search index yet: indexing it`);
          this.search.refreshNow();
        }
      } catch (error) {
        this.#log(`live release ${current.id} has no usable index (${messageOf(error)}): a full build will replace it`);
      }
    }
    const initial = this.config.initialBuild;
    if (initial === 'always' || (initial === 'if-missing' && !this.#index))
      this.queue.requestFull(current ? 'start-up full build' : 'first full build: nothing is live yet');
    this.#builder.prewarm();
    this.#planScheduledBuild();
  }

  /** Handles one authenticated webhook; returns what it means. */
  accept(payload: WebhookPayload): ReturnType<typeof classify> {
    const change = classify(payload);
    this.queue.push(change);
    return change;
  }

  async close(): Promise<void> {
    this.queue.close();
    this.search.close();
    this.telegram?.close();
    if (this.#scheduleTimer) clearTimeout(this.#scheduleTimer);
    await this.#exclusive.catch(() => {});
    await Promise.all([this.#builder.close(), this.#chunkBuilder.close(), this.#catchUpBuilder.close()]);
  }

  status() {
    return {
      service: 'tilshi-publish',
      now: new Date().toISOString(),
      live: { release: null as string | null, updatedAt: this.#liveUpdatedAt, articleVersions: this.#index?.size ?? 0 },
      building: this.queue.state().running,
      /** A full build running beside the scoped ones (publishing goes on meanwhile). */
      fullBuild: this.queue.state().fullBuild,
      queue: { ...this.queue.state().pending, retries: this.queue.state().retries, background: this.queue.state().background },
      lastSuccess: this.#lastSuccess,
      lastFailure: this.#lastFailure,
      recent: this.#history,
      search: this.search.state(),
      telegram: this.telegram?.status() ?? { enabled: false },
      schedule: { fullBuildAt: this.config.fullBuildAt, nextFullBuild: this.#nextFullBuild?.toISOString() ?? null },
    };
  }

  /** The status with the live release filled in. */
  async fullStatus(): Promise<ReturnType<Publisher['status']>> {
    const status = this.status();
    status.live.release = (await this.live.current())?.id ?? null;
    return status;
  }

  /** Points `current` back at the previous release (and its index). */
  rollback(): Promise<BuildRecord> {
    return this.#serial(async () => {
      const from = (await this.live.current())?.id ?? null;
      const what = { kind: 'rollback', batch: null, trigger: [`rollback from ${from ?? '(none)'}`], timings: noTimings() } as const;
      return this.#attempt(what, async () => {
        const to = await this.live.previous();
        if (!to) throw new LiveTreeError(`there is no release before ${from ?? '(none)'} to roll back to`);
        const index = await SiteIndex.load(this.live.releaseDir(to));
        await this.live.activate(to);
        this.#index = index;
        this.#liveUpdatedAt = new Date().toISOString();
        this.search.markCurrent();
        return { articles: 0, written: 0, deleted: 0, unchanged: 0, release: to };
      });
    });
  }

  /** One operation on the live tree at a time (builds, rollback). */
  #serial<T>(operation: () => Promise<T>): Promise<T> {
    const next = this.#exclusive.then(operation, operation);
    this.#exclusive = next.catch(() => {});
    return next;
  }

  /** A full build now, through the same path as the service's (the CI workflow and `cli.ts full-build`). */
  async buildFullOnce(): Promise<BuildRecord> {
    await mkdir(this.config.workDir, { recursive: true });
    return this.#serial(async () => {
      const timings = noTimings();
      return this.#attempt({ kind: 'full', batch: null, trigger: ['one-off full build'], timings }, () => this.#full(timings));
    });
  }

  #run(batch: Batch): Promise<BatchOutcome> {
    const dispatch = this.config.dispatch;
    if (dispatch) {
      return this.#serial(async () =>
        outcomeOf(
          await this.#attempt({ kind: 'dispatch', batch: batch.id, trigger: batch.reasons, timings: noTimings() }, async () => {
            await dispatchBatch(dispatch, batch);
            return { articles: batch.articles.size, written: 0, deleted: 0, unchanged: 0, release: null };
          }),
        ),
      );
    }
    if (batch.kind === 'full' && this.#fullBeside()) return this.#runFullBeside(batch);
    if (batch.background && this.#fullBeside()) return this.#runChunk(batch);
    return this.#serial(async () => {
      const started = new Date();
      const timings: Timings = { buildMs: null, mode: null, firstEventAt: batch.firstEventAt };
      const useFull = batch.kind === 'full' || !this.#index || !(await this.live.current());
      const trigger =
        useFull && batch.kind === 'scoped' ? [...batch.reasons, 'nothing usable is live yet: full build instead'] : batch.reasons;
      const what = { kind: useFull ? 'full' : 'scoped', batch: batch.id, trigger, timings, started } as const;
      return outcomeOf(await this.#attempt(what, () => (useFull ? this.#full(timings) : this.#scoped(batch, started, timings))));
    });
  }

  /** Whether a full build runs beside the scoped ones (the queue asks the same): once a release and its index are live. */
  #fullBeside(): boolean {
    return this.#index !== null && this.config.dispatch === null;
  }

  /** A full build while publishing goes on: built beside the scoped builds, switched in one serial step (#full). */
  async #runFullBeside(batch: Batch): Promise<BatchOutcome> {
    const timings: Timings = { buildMs: null, mode: null, firstEventAt: batch.firstEventAt };
    return outcomeOf(
      await this.#attempt({ kind: 'full', batch: batch.id, trigger: batch.reasons, timings }, () => this.#full(timings, true)),
    );
  }

  /** A background chunk beside the publishes (#chunk): its render runs outside the serial operations, its apply inside. */
  async #runChunk(batch: Batch): Promise<BatchOutcome> {
    const started = new Date();
    const timings: Timings = { buildMs: null, mode: null, firstEventAt: batch.firstEventAt };
    return outcomeOf(
      await this.#attempt({ kind: 'scoped', batch: batch.id, trigger: batch.reasons, timings, started }, () =>
        this.#chunk(batch, started, timings),
      ),
    );
  }

  /** Runs one operation on the live tree and records it, whether it succeeded or failed (/status). */
  async #attempt(what: Operation, work: () => Promise<Applied>): Promise<BuildRecord> {
    const started = what.started ?? new Date();
    try {
      return this.#record({ ...what, started, error: null, applied: await work() });
    } catch (error) {
      return this.#record({ ...what, started, error, applied: null });
    }
  }

  #record({
    kind,
    batch,
    started,
    trigger,
    error,
    applied,
    timings,
  }: Operation & { started: Date; error: unknown; applied: Applied | null }): BuildRecord {
    const finished = new Date();
    const record: BuildRecord = {
      id: `${kind}-${++this.#sequence}`,
      kind,
      batch,
      startedAt: started.toISOString(),
      finishedAt: finished.toISOString(),
      durationMs: finished.getTime() - started.getTime(),
      ok: error === null,
      reason: error === null ? null : messageOf(error),
      trigger: trigger.slice(0, 20),
      articles: applied?.articles ?? 0,
      written: applied?.written ?? 0,
      deleted: applied?.deleted ?? 0,
      unchanged: applied?.unchanged ?? 0,
      firstEventAt: timings.firstEventAt ? new Date(timings.firstEventAt).toISOString() : null,
      buildMs: timings.buildMs,
      phases: timings.phases ?? null,
      contentSync: timings.contentSync ?? null,
      steps: stepsOf(timings, performance.now()),
      fullSteps: fullStepsOf(timings, performance.now()),
      processes: timings.processes ?? null,
      mode: timings.mode,
      release: applied?.release ?? null,
    };
    this.#history = [record, ...this.#history].slice(0, HISTORY);
    if (record.ok && record.kind === 'full') this.#lastFullMs = record.durationMs;
    if (record.ok) this.#lastSuccess = record;
    else this.#lastFailure = record;
    this.#log(
      record.ok
        ? `${record.id} ok in ${record.durationMs} ms (build ${record.buildMs ?? '-'} ms, ${record.mode ?? '-'}): ${record.written} written, ${record.deleted} deleted, ${record.unchanged} unchanged`
        : `${record.id} FAILED after ${record.durationMs} ms: ${record.reason ?? ''}`,
    );
    return record;
  }

  async #scoped(batch: Batch, started: Date, timings: Timings): Promise<Applied> {
    const applied = await this.#buildScoped(batch, started, timings, { lane: 'publish', buildId: `scoped-${batch.id}-${batch.attempt}` });
    // A publish runs inside the serial operations: its release cannot change under it.
    if (!applied) throw new LiveTreeError(`build ${batch.id}: the live release changed while it built`);
    return applied;
  }

  /**
   * A background chunk beside the publishes (the queue's `concurrentChunks`):
   * rendered by the chunk builder (its own low-priority warm worker and
   * content store) while publishes go on, then checked and applied in one
   * serial step, where the newer of two builds' versions of a page wins
   * (write-stamps.ts). If another release went live meanwhile (a full build,
   * a rollback), it is built again against that one.
   */
  async #chunk(batch: Batch, started: Date, timings: Timings): Promise<Applied> {
    for (let attempt = 1; ; attempt += 1) {
      const buildId = `chunk-${batch.id}-${batch.attempt}-${attempt}`;
      const applied = await this.#buildScoped(batch, started, timings, { lane: 'chunk', buildId });
      if (applied) return applied;
      if (attempt >= CHUNK_RELEASE_TRIES)
        throw new LiveTreeError(`chunk ${batch.id}: another release went live while it built, ${attempt} times`);
      this.#log(`chunk ${batch.id}: another release went live while it built; building it again for that release`);
    }
  }

  /**
   * A scoped build of a batch against the live release, stamped (write-stamps.ts): its scope, its
   * render, then its checks and apply. A publish (`lane: 'publish'`) runs all of it inside the serial
   * operations, with the scope's `since` rule; a chunk renders outside them, without the `since` rule
   * (the publishes render what was published meanwhile), and applies in one serial step — or not at
   * all (null) when another release went live while it built.
   */
  async #buildScoped(
    batch: Batch,
    started: Date,
    timings: Timings,
    { lane, buildId }: { lane: 'publish' | 'chunk'; buildId: string },
  ): Promise<Applied | null> {
    const index = this.#index;
    const current = await this.live.current();
    if (!index || !current) throw new LiveTreeError('no live release to update');
    const stamp = this.#stamps.begin();
    try {
      mark(timings, 'scope');
      const planned = await this.#scopeOf(batch, index, started, lane === 'publish');
      if (!planned) return { articles: 0, written: 0, deleted: 0, unchanged: 0, release: current.id };
      const rendered = await this.#render(buildId, planned.scope, timings, lane);
      try {
        const apply = async () => {
          const result = await this.#applyTo({ dir: current.dir, index }, rendered, stamp);
          return this.#afterApplied(planned, { index, release: current.id, manifest: rendered.manifest, result }, stamp);
        };
        if (lane === 'publish') return await apply();
        await this.#backgroundGate(buildId);
        return await this.#serial(async () => (this.#index === index && (await this.live.current())?.id === current.id ? apply() : null));
      } finally {
        await rendered.remove();
      }
    } finally {
      this.#stamps.end(stamp);
    }
  }

  /**
   * PUBLISH_CHUNK_GATE (tests only): while its file exists, a rendered chunk or first round of a catch-up
   * waits before it is applied (and says so in `<file>.held`, which holds the build's id).
   */
  async #backgroundGate(buildId: string): Promise<void> {
    const gate = this.config.chunkGate;
    if (!gate || !(await exists(gate))) return;
    this.#log(`${buildId}: rendered; held while ${gate} exists`);
    await writeFile(`${gate}.held`, buildId);
    try {
      while (await exists(gate)) await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      await rm(`${gate}.held`, { force: true });
    }
  }

  /**
   * What a scoped batch renders, resolved against the live index: the
   * changed documents (and, for a catch-up, what the CMS changed since the
   * index's newest change), the fan-out of its entity edits, every page the
   * documents' known versions touch, "read next" of newer articles, and
   * (`since`) the scope's `since` rule. Null when there is nothing to render.
   */
  async #scopeOf(batch: Batch, index: SiteIndex, started: Date, since: boolean): Promise<PlannedScope | null> {
    const documents = new Map(batch.articles);
    if (batch.catchUp) {
      const newest = index.newestChange();
      const from = new Date((newest ? Date.parse(newest) : started.getTime()) - CATCH_UP_MARGIN_MS).toISOString();
      for (const documentId of await this.#cms.articlesChangedSince(from)) if (!documents.has(documentId)) documents.set(documentId, null);
    }
    const extra = new Set<string>(batch.pages);
    this.#fanOut(batch, index, documents, extra);
    if (documents.size === 0 && extra.size === 0 && !batch.catchUp) return null;
    extra.add(scopeEntry('page', PAGES_SITEMAP_KEY));
    for (const [documentId, locales] of documents) for (const key of index.keysOf(documentId, locales)) extra.add(key);
    // "Read next" of newer articles that may show a changed one (related-dependents.ts).
    if (documents.size > 0)
      for (const key of relatedDependentKeys(index, documents, await this.#cms.articleFacts([...documents.keys()]))) extra.add(key);
    const scope: ScopeFile = {
      articles: [...documents].map(([documentId, locales]) => ({ documentId, ...(locales ? { locales: [...locales] } : {}) })),
      extra: [...extra].flatMap((entry) => parseScopeEntry(entry) ?? []),
      ...(since ? sinceRule(index, started) : {}),
      days: index.days,
    };
    return { documents, scope };
  }

  /**
   * After a scoped build's files went live: the index learns what it rendered
   * (less what a build stamped later already applied), entity pages that
   * show something new are queued, a full build running beside learns what
   * to re-render, Telegram hears of first publications, search follows.
   */
  async #afterApplied(
    { documents, scope }: PlannedScope,
    { index, release, manifest: rendered, result }: { index: SiteIndex; release: string; manifest: BuildManifest; result: AppliedFiles },
    stamp: number,
  ): Promise<Applied> {
    const keptDocuments = new Set(
      this.#stamps.keep('document', [...documents.keys(), ...rendered.articles.map((article) => article.documentId)], stamp),
    );
    const changed = [...documents.keys()].filter((documentId) => keptDocuments.has(documentId));
    const keptPages = new Set(this.#stamps.keep('page', [...Object.keys(rendered.pages), ...(rendered.keys ?? [])], stamp));
    const manifest: BuildManifest = {
      ...rendered,
      articles: rendered.articles.filter((article) => keptDocuments.has(article.documentId)),
      pages: Object.fromEntries(Object.entries(rendered.pages).filter(([entry]) => keptPages.has(entry))),
      keys: rendered.keys === null ? null : rendered.keys.filter((entry) => keptPages.has(entry)),
    };
    this.#stamps.record('document', keptDocuments, stamp);
    this.#stamps.record('page', keptPages, stamp);
    // Versions the live site did not have: this batch's own new articles, and any published while it ran
    // (the scope's `since` rule renders those too, so their own batch will not find them new).
    const firstPublished = manifest.articles.filter((article) => !index.versionsOf(article.documentId).has(article.locale));
    // Entity pages that show something new (an organization added to an event): that entity's page lists it now.
    const shown = newlyShown(index, manifest);
    await index.applyScoped(manifest, changed, this.live.releaseDir(release), scope.days ?? {});
    if (shown.length > 0) this.queue.push({ kind: 'pages', keys: shown, event: 'newly shown by a rebuilt page' });
    // A full build running beside this one started from older content: it re-renders these pages before it goes live.
    if (this.#sinceFull) {
      for (const [documentId, locales] of documents) mergeArticle(this.#sinceFull.documents, documentId, locales);
      for (const entry of rendered.keys ?? []) this.#sinceFull.keys.add(entry);
    }
    await this.telegram?.published(
      firstPublished.map((article) => ({
        documentId: article.documentId,
        locale: article.locale,
        path: article.path,
        date: article.publicationDate ?? article.publishedAt,
      })),
    );
    if (result.written.length > 0 || result.deleted.length > 0) {
      this.#liveUpdatedAt = new Date().toISOString();
      this.search.schedule();
    }
    return {
      articles: documents.size,
      written: result.written.length,
      deleted: result.deleted.length,
      unchanged: result.unchanged,
      release,
    };
  }

  /**
   * Builds a scope and applies it to a release (a full build's new release
   * before it goes live: the catch-up). The release's index is not touched:
   * the caller applies the manifest.
   */
  async #buildInto(
    target: { dir: string; index: SiteIndex },
    buildId: string,
    scope: ScopeFile,
    timings: Timings,
    lane: Lane = 'publish',
  ): Promise<{ manifest: BuildManifest; result: AppliedFiles }> {
    const rendered = await this.#render(buildId, scope, timings, lane);
    try {
      if (lane !== 'publish') await this.#backgroundGate(buildId);
      return { manifest: rendered.manifest, result: await this.#applyTo(target, rendered, null) };
    } finally {
      await rendered.remove();
    }
  }

  /**
   * Renders a scope: the build (a warm worker — the publishes' or the
   * chunks' — with its own small content store, and the shared image cache),
   * its manifest and the files it produced. `remove` deletes its output.
   */
  async #render(buildId: string, scope: ScopeFile, timings: Timings, lane: Lane): Promise<Rendered> {
    const scopesDir = path.join(this.config.workDir, 'scopes');
    await mkdir(scopesDir, { recursive: true });
    const scopeFile = path.join(scopesDir, `${buildId}.json`);
    await writeFile(scopeFile, JSON.stringify(scope));
    const outDir = path.join(this.config.workDir, 'builds', buildId);
    const remove = async () => {
      await rm(outDir, { recursive: true, force: true });
      await rm(scopeFile, { force: true });
    };
    await rm(outDir, { recursive: true, force: true });
    try {
      mark(timings, 'build');
      const builder = { publish: this.#builder, chunk: this.#chunkBuilder, 'catch-up': this.#catchUpBuilder }[lane];
      await this.#build(timings, builder, {
        id: buildId,
        outDir,
        cacheDir: path.join(this.config.workDir, lane === 'publish' ? 'scoped-cache' : `${lane}-cache`),
        imageCacheDir: path.join(this.config.workDir, 'images'),
        scopeFile,
        timeoutMs: this.config.scopedTimeoutMs,
        // A chunk's build and a catch-up's first round are background work (their builders run at low priority).
        lowPriority: lane !== 'publish',
      });
      mark(timings, 'checks');
      const outClient = path.join(outDir, 'client');
      const manifest = await this.#takeManifest(outClient, path.join(outDir, MANIFEST_FILE));
      return { buildId, outClient, manifest, files: await listFiles(outClient), timings, remove };
    } catch (error) {
      mark(timings, 'after');
      await remove();
      throw error;
    }
  }

  /**
   * Checks a rendered scope against a release and applies it: the checks
   * (documents complete, XML well-formed, every link pointing at a page of
   * the release or of this build), then the files in link order and the
   * deletions. With a `stamp` (the live release, where two builds may run at
   * once), what a build stamped later already applied is left as it is.
   */
  async #applyTo(target: { dir: string; index: SiteIndex }, rendered: Rendered, stamp: number | null): Promise<AppliedFiles> {
    const { buildId, outClient, manifest, files } = rendered;
    try {
      const produced = new Set(files);
      const planned = plannedDeletions(manifest, target.index, produced);
      const liveClient = path.join(target.dir, 'client');
      // Compared with the release once: what differs is checked and applied. A page or feed the release holds
      // byte for byte was checked when it went live (its links point where they did, unless this build deletes
      // something: then every page is checked again).
      const differing = await differingFiles(outClient, liveClient, files);
      const changed = stamp === null ? differing : this.#stamps.keep('file', differing, stamp);
      const deletions = stamp === null ? planned : this.#stamps.keep('file', planned, stamp);
      const kept = new Set(changed);
      const newer = new Set(differing.filter((file) => !kept.has(file)));
      if (newer.size > 0) this.#log(`${buildId}: ${newer.size} file(s) left as a newer build wrote them`);
      const checked = deletions.length > 0 ? files.filter((file) => !newer.has(file)) : changed;
      const problems = await checkBuildOutput({
        outClient,
        files: checked.filter((file) => file.endsWith('.html') || file.endsWith('.xml')),
        produced,
        required: manifest.articles.map((article) => fileOfPath(article.path)),
        links: { liveClient, written: produced, deleted: new Set(deletions) },
        siteUrl: this.config.siteUrl,
      });
      if (problems.length > 0) throw new PostBuildCheckError(buildId, problems);
      // Images are content-addressed: never rewritten.
      mark(rendered.timings, 'apply');
      const applied = await this.live.applyFiles(outClient, changed, deletions, {
        onlyIfMissing: (file) => file.startsWith('_astro/'),
        releaseDir: target.dir,
      });
      if (stamp !== null) this.#stamps.record('file', [...changed, ...deletions], stamp);
      return { ...applied, unchanged: applied.unchanged + files.length - changed.length };
    } finally {
      mark(rendered.timings, 'after');
    }
  }

  /**
   * Resolves the batch's entity edits and `everything` against the index:
   * dependents that fit in one chunk join this build (articles into
   * `documents`, pages into `extra`); more become a background job.
   */
  #fanOut(batch: Batch, index: SiteIndex, documents: Map<string, Set<Locale> | null>, extra: Set<string>): void {
    const fanOuts: Array<{ label: string; subject: BackgroundSubject; dependents: Dependents }> = batch.entities.map((entity) => ({
      label: `${describeEntity(entity)} changed`,
      subject: entity.type,
      dependents: dependentsOf(index, entity),
    }));
    if (batch.everything) fanOuts.push({ label: `every page (${batch.everything})`, subject: 'everything', dependents: everyPage(index) });
    /** Dependents rendered in this batch's own build. */
    const renderNow = (some: Dependents) => {
      for (const [documentId, locales] of some.articles) mergeArticle(documents, documentId, locales);
      for (const entry of some.pages) extra.add(entry);
    };
    for (const { label, subject, dependents } of fanOuts) {
      const cost = fanOutCost(dependents);
      const plan = planFanOut(cost, {
        chunkPages: this.queue.chunkBudget(),
        fullBuildAbove: this.config.fullBuildAbove,
        siteSize: index.size,
        chunkMsPerCost: this.queue.chunkMsPerCost(),
        fullBuildMs: this.#lastFullMs,
      });
      if (plan === 'full') {
        const versions = articleVersionsOf(dependents);
        this.queue.requestFull(`${label}: ${versions} article versions and ${dependents.pages.size} pages, cheaper as a full build`);
        // Its own page and the newest pages showing it go live now, not with the full build.
        renderNow(headOf(dependents, this.queue.chunkBudget()));
        continue;
      }
      if (plan === 'background') {
        // Its own page (and the entity pages listing it) go live now: a tenth of a chunk, in this batch's build.
        const head = headOf(dependents, Math.ceil(this.queue.chunkBudget() / 10));
        renderNow(head);
        this.queue.addBackground(label, withoutHead(dependents, head), subject);
        continue;
      }
      renderNow(dependents);
    }
  }

  /** Runs one build and records its duration, mode, phases and the articles loader's counts in `timings`. */
  async #build(timings: Timings, builder: SiteBuilder, request: BuildRequest): Promise<BuildReport> {
    const report = await builder.build(request);
    timings.buildMs = report.durationMs;
    timings.mode = report.mode;
    timings.phases = report.phases;
    timings.contentSync = report.sync?.articles ?? null;
    return report;
  }

  /**
   * A full build into a new release, checked, then switched in. `beside`:
   * it runs while scoped builds go on (lower priority); what they changed
   * meanwhile is re-rendered into the new release (#catchUpInto) while they
   * go on (a cold build at low priority: the publishes keep their worker),
   * and what they changed during that round, in the serial step that
   * switches it in, so no page goes back to older content and a publish
   * waits for the switch only as long as that last, small round.
   */
  async #full(timings: Timings, beside = false, shards?: string[]): Promise<Applied> {
    const id = this.live.newReleaseId();
    const building = `${this.live.releaseDir(id)}.building`;
    await rm(building, { recursive: true, force: true });
    const startedAt = new Date();
    if (beside) this.#sinceFull = emptySinceFull();
    mark(timings, 'render');
    try {
      const manifest = await this.#renderFull(id, building, timings, beside, shards);
      const processes = timings.processes ?? 1;
      const how = processes > 1 ? `${processes} partitions merged` : 'one process';
      mark(timings, 'search');
      const search = await this.#searchIndexFor(id, building, how);
      mark(timings, 'checks');
      const client = path.join(building, 'client');
      const files = await listFiles(client);
      await this.#checkFull(id, client, manifest, files);
      const releaseDir = this.live.releaseDir(id);
      const index = SiteIndex.fromManifest(manifest);
      await rename(building, releaseDir);
      /** Runs a step of going live; a failed one takes the new release away. */
      const orRemoveRelease = async (step: () => Promise<void>): Promise<void> => {
        try {
          await step();
        } catch (error) {
          await rm(releaseDir, { recursive: true, force: true });
          throw error;
        }
      };
      // Beside publishing, the catch-up takes two rounds: what the scoped builds changed while this one
      // built is re-rendered into the new release first, outside the serial operations (publishes go on);
      // the serial step that switches it in then re-renders only what they changed during that round.
      let sinceRound = startedAt;
      if (beside) {
        mark(timings, 'catchUp');
        sinceRound = new Date();
        await orRemoveRelease(() => this.#catchUpInto(id, index, this.#takeSinceFull(true), startedAt, 'catch-up'));
      }
      mark(timings, 'switch');
      const switchIn = async (): Promise<Applied> => {
        await orRemoveRelease(async () => {
          if (beside) await this.#catchUpInto(id, index, this.#takeSinceFull(false), sinceRound, 'publish');
          await this.live.activate(id);
        });
        this.#index = index;
        this.#liveUpdatedAt = new Date().toISOString();
        if (search === 'built') this.search.markCurrent();
        else this.search.refreshNow();
        const removed = await this.live.prune(this.config.keepReleases);
        if (removed.length > 0) this.#log(`removed old release(s) ${removed.join(', ')}`);
        return { articles: manifest.articles.length, written: files.length, deleted: 0, unchanged: 0, release: id };
      };
      return beside ? await this.#serial(switchIn) : await switchIn();
    } finally {
      if (beside) this.#sinceFull = null;
      await rm(building, { recursive: true, force: true });
    }
  }

  /**
   * Renders every page into `building` (keeping the manifest as its
   * INDEX_FILE): in one `astro build`, or with PUBLISH_FULL_BUILD_WORKERS
   * above 1 in that many at once, each rendering its partition of the pages
   * (TILSHI_BUILD_PARTITION; each syncs the whole content into its own
   * store), merged into one release, whose search index is then built over
   * all of it (the partitions build none). `shards`: the partitions were
   * rendered elsewhere (CI jobs, `cli.ts full-build --partition`): only merged.
   */
  async #renderFull(id: string, building: string, timings: Timings, lowPriority: boolean, shards?: string[]): Promise<BuildManifest> {
    if (shards) {
      timings.processes = shards.length;
      const [first, ...others] = shards;
      if (!first) throw new LiveTreeError('a sharded full build needs at least one rendered partition');
      await cp(first, building, { recursive: true });
      return this.#mergePartitions(id, building, others, false);
    }
    const count = await this.#fullBuildProcesses();
    timings.processes = count;
    // One content sync: partition 0 (the lead) syncs and announces its store, the others render from it.
    const ready = path.join(this.config.workDir, `full-${id}.store-ready`);
    const leadStore = path.join(this.#fullCacheDir(0), CONTENT_STORE_FILE);
    const stopOthers = new AbortController();
    const request = (index: number): BuildRequest => ({
      id: count > 1 ? `full-${id}-p${index}` : `full-${id}`,
      outDir: index === 0 ? building : `${building}.p${index}`,
      cacheDir: this.#fullCacheDir(index),
      imageCacheDir: path.join(this.config.workDir, 'images'),
      timeoutMs: this.config.fullTimeoutMs,
      lowPriority,
      ...(count > 1
        ? {
            partition: { index, count },
            sharedStore: index === 0 ? { ready } : { ready, from: leadStore },
            ...(index === 0 ? {} : { signal: stopOthers.signal }),
          }
        : {}),
    });
    if (count === 1) {
      await this.#build(timings, this.#builder, request(0));
      return await this.#takeManifest(path.join(building, 'client'), path.join(building, INDEX_FILE));
    }
    const others = Array.from({ length: count - 1 }, (_, i) => request(i + 1));
    await rm(ready, { force: true });
    try {
      // The others wait for the lead's store: a lead that fails stops them. Every partition runs to its end
      // (none is left running behind a failed one), then the first failure is reported.
      const lead = this.#build(timings, this.#builder, request(0)).catch((error: unknown) => {
        stopOthers.abort(new Error(`the lead partition failed: ${messageOf(error)}`));
        throw error;
      });
      const results = await Promise.allSettled([lead, ...others.map((each) => this.#builder.build(each))]);
      for (const [index, result] of results.entries())
        if (result.status === 'fulfilled')
          this.#log(
            `full build ${id}, partition ${index}/${count}: ${(result.value.durationMs / 1000).toFixed(1)} s` +
              (result.value.phases ? ` (${describePhases(result.value.phases)})` : ''),
          );
      const failed = results.find((result) => result.status === 'rejected');
      if (failed) throw failed.reason;
      for (const dir of [building, ...others.map((other) => other.outDir)])
        await this.#takeManifest(path.join(dir, 'client'), path.join(dir, INDEX_FILE));
      return await this.#mergePartitions(
        id,
        building,
        others.map((other) => other.outDir),
        true,
      );
    } finally {
      await rm(ready, { force: true });
      for (const other of others) await rm(other.outDir, { recursive: true, force: true });
    }
  }

  /**
   * How many processes render this full build (src/full-build-processes.ts): up to
   * PUBLISH_FULL_BUILD_WORKERS, as many as the archive's size lets fit PUBLISH_FULL_BUILD_MEMORY_MB.
   * The size is the CMS's count of published article versions; when the CMS does not answer, one
   * process (the build itself will say what is wrong with the CMS).
   */
  async #fullBuildProcesses(): Promise<number> {
    const workers = this.config.fullBuildWorkers;
    if (workers === 1) return 1;
    let versions: number;
    try {
      versions = await this.#cms.articleVersions();
    } catch (error) {
      this.#log(`full build in one process: the CMS did not say how many articles there are (${messageOf(error)})`);
      return 1;
    }
    const plan = fullBuildProcesses(workers, versions, this.config.fullBuildMemoryMb);
    this.#log(`full build of ${versions} article versions: ${plan.why}`);
    return plan.processes;
  }

  /**
   * The cacheDir (content store, Astro's remote-image cache) of a full
   * build's partition: one each, as partitions run at once and Astro's
   * cache files are not safe to share between processes.
   */
  #fullCacheDir(index: number): string {
    return path.join(this.config.workDir, index === 0 ? 'full-cache' : `full-cache-p${index}`);
  }

  /**
   * Renders partition `index` of `count` of a full build into `outDir` (its
   * pages and manifest), for `cli.ts full-build --merge` to put together: a
   * CI job of a full build sharded across jobs.
   */
  async renderShard(outDir: string, partition: { index: number; count: number }): Promise<void> {
    await mkdir(this.config.workDir, { recursive: true });
    await rm(outDir, { recursive: true, force: true });
    await this.#builder.build({
      id: `shard-${partition.index}-of-${partition.count}`,
      outDir,
      cacheDir: this.#fullCacheDir(partition.index),
      imageCacheDir: path.join(this.config.workDir, 'images'),
      timeoutMs: this.config.fullTimeoutMs,
      partition: { ...partition, alone: true },
    });
    const client = path.join(outDir, 'client');
    await this.#takeManifest(client, path.join(outDir, INDEX_FILE));
  }

  /** A full build from partitions rendered by `renderShard` (CI jobs): merged, checked, switched in. */
  async buildFullFromShards(shards: string[]): Promise<BuildRecord> {
    await mkdir(this.config.workDir, { recursive: true });
    return this.#serial(async () => {
      const timings = noTimings();
      const trigger = [`full build from ${shards.length} shard(s)`];
      return this.#attempt({ kind: 'full', batch: null, trigger, timings }, () => this.#full(timings, false, shards));
    });
  }

  /**
   * Puts partitions together: `building` holds the first (pages and
   * INDEX_FILE), each of `others` is moved in beside it (`own`: this
   * service's partitions) or copied (CI's shards), the manifests joined;
   * then the search index over all of it.
   */
  async #mergePartitions(id: string, building: string, others: string[], own: boolean): Promise<BuildManifest> {
    const client = path.join(building, 'client');
    const manifests = [parseManifest(await readFile(path.join(building, INDEX_FILE), 'utf8'), path.join(building, INDEX_FILE))];
    for (const other of others) {
      manifests.push(parseManifest(await readFile(path.join(other, INDEX_FILE), 'utf8'), path.join(other, INDEX_FILE)));
      // Pages the partitions share (404, robots, sitemap index…) are the same in each: the first one's stay.
      // This service's own partitions are moved (a copy took ~10 s at 10,000 articles); CI's shards, which
      // may be on another file system and are the caller's, are copied.
      if (own) await moveTreeInto(path.join(other, 'client'), client);
      else await cp(path.join(other, 'client'), client, { recursive: true, force: false, errorOnExist: false });
    }
    const manifest: BuildManifest = {
      ...(manifests[0] as BuildManifest),
      articles: manifests.flatMap((each) => each.articles),
      pages: Object.assign({}, ...manifests.map((each) => each.pages)) as BuildManifest['pages'],
    };
    await writeFile(path.join(building, INDEX_FILE), JSON.stringify(manifest));
    return manifest;
  }

  /**
   * The search index a full build's release goes live with. In the service, the release never waits
   * for Pagefind: it takes the live release's index when there is one (hard links: its files are
   * replaced by rename, never rewritten), or goes live with none (the first release; a live release
   * without one), and the search worker indexes it right after the switch (`search.refreshNow`), as it
   * does after scoped builds. The pages go live one index run sooner (~20 s at 10,000 articles, ~4 min
   * at 100,000; BENCHMARKS.md); until the first index is there the search page says that search is
   * unavailable for now. One-off commands (their output is deployed as it is) get their index before
   * they end.
   */
  async #searchIndexFor(id: string, building: string, how: string): Promise<'built' | 'carried' | 'follows'> {
    if (!this.#searchFollows) {
      await this.#indexSearch(id, building, how);
      return 'built';
    }
    const current = await this.live.current();
    const liveIndex = current ? path.join(current.dir, 'client', 'pagefind') : null;
    if (liveIndex && (await exists(path.join(liveIndex, SEARCH_PARTS_FILE)))) {
      const target = path.join(building, 'client', 'pagefind');
      await rm(target, { recursive: true, force: true });
      const files = await linkTree(liveIndex, target);
      this.#log(`full-${id}: ${how}; the live search index (${files} files) goes with it, re-indexed once it is live`);
      return 'carried';
    }
    this.#log(`full-${id}: ${how}; no search index is live yet: indexed once the release is live`);
    return 'follows';
  }

  /**
   * The search index of a full build, made by the search worker once the build's processes have
   * ended (the service's builds run with TILSHI_SEARCH_INDEX=off): Pagefind's memory then comes
   * after the build's, not on top of it (13.4 GiB together at 100,000 articles, BENCHMARKS.md).
   */
  async #indexSearch(id: string, building: string, what: string): Promise<void> {
    const client = path.join(building, 'client');
    const pages = await indexSiteDir(client, path.join(client, 'pagefind'));
    this.#log(`full-${id}: ${what}, search index of ${pages} pages`);
  }

  /** A full build's checks: the pages every site has, every article page, a sample of pages parsed, every XML file. */
  async #checkFull(id: string, client: string, manifest: BuildManifest, files: string[]): Promise<void> {
    const produced = new Set(files);
    const homes = LOCALES.map((locale) => `${localeDir(locale)}index.html`);
    const articles = manifest.articles.map((article) => fileOfPath(article.path));
    const sample = articles.filter((_, i) => i % Math.max(1, Math.floor(articles.length / FULL_CHECK_SAMPLE)) === 0);
    const required = [...homes, '404.html', 'sitemap-index.xml', 'sitemap-pages-0.xml', ...articles];
    const problems = [
      ...required.filter((file) => !produced.has(file)).map((file) => `${file} was not produced`),
      ...(await checkBuildOutput({
        outClient: client,
        produced,
        files: [...homes, '404.html', ...sample, ...files.filter((file) => file.endsWith('.xml'))].filter((file) => produced.has(file)),
        required: [],
        links: null,
        siteUrl: this.config.siteUrl,
      })),
    ];
    if (problems.length > 0) throw new PostBuildCheckError(`full-${id}`, problems);
  }

  /** What the scoped builds changed since the last take; `keepRecording`: what they change next is recorded anew. */
  #takeSinceFull(keepRecording: boolean): SinceFull | null {
    const changes = this.#sinceFull;
    this.#sinceFull = keepRecording ? emptySinceFull() : null;
    return changes;
  }

  /**
   * Re-renders into a full build's new release, before it goes live, every
   * page the scoped builds changed since `since` (the full build, or its
   * catch-up's first round, read the CMS as it was then): their articles and
   * their resolved scopes (`changes`), as one scoped build applied to the new
   * release, whose index learns it. `lane`: which builder renders it.
   */
  async #catchUpInto(id: string, index: SiteIndex, changes: SinceFull | null, since: Date, lane: Lane): Promise<void> {
    if (!changes || (changes.documents.size === 0 && changes.keys.size === 0)) return;
    const releaseDir = this.live.releaseDir(id);
    const scope: ScopeFile = {
      articles: [...changes.documents].map(([documentId, locales]) => ({ documentId, ...(locales ? { locales: [...locales] } : {}) })),
      extra: [...changes.keys].flatMap((entry) => parseScopeEntry(entry) ?? []),
      ...sinceRule(index, since),
      days: index.days,
    };
    const timings: Timings = { buildMs: null, mode: null };
    const buildId = `catch-up-${id}${lane === 'catch-up' ? '' : '-final'}`;
    const { manifest, result } = await this.#buildInto({ dir: releaseDir, index }, buildId, scope, timings, lane);
    await index.applyScoped(manifest, changes.documents.keys(), releaseDir, scope.days ?? {});
    this.#log(
      `full-${id}: caught up with ${changes.documents.size} article(s) and ${changes.keys.size} page(s) published ${lane === 'catch-up' ? 'while it built' : 'during its catch-up'} (${result.written.length} written, ${result.deleted.length} deleted)`,
    );
  }

  /** Reads the build's manifest and moves it out of the site folder (it is never served). */
  async #takeManifest(client: string, keepAs: string): Promise<BuildManifest> {
    const file = path.join(client, MANIFEST_FILE);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if (isMissing(error))
        throw new SiteBuildFailedError(
          path.basename(path.dirname(client)),
          `the build wrote no ${MANIFEST_FILE} (TILSHI_BUILD_MANIFEST)`,
          '',
        );
      throw error;
    }
    const manifest = parseManifest(text, file);
    await writeFile(keepAs, text);
    await unlink(file);
    return manifest;
  }

  /** Plans the next daily full build (PUBLISH_FULL_BUILD_AT, local time). */
  #planScheduledBuild(): void {
    if (!this.config.fullBuildAt) return;
    const [hours = 0, minutes = 0] = this.config.fullBuildAt.split(':').map(Number);
    const now = new Date();
    const next = new Date(now);
    next.setHours(hours, minutes, 0, 0);
    if (next <= now) next.setDate(next.getDate() + 1);
    this.#nextFullBuild = next;
    this.#scheduleTimer = setTimeout(() => {
      this.queue.requestFull(`scheduled full build (${this.config.fullBuildAt})`);
      this.#planScheduledBuild();
    }, next.getTime() - now.getTime());
    this.#scheduleTimer.unref();
  }
}
