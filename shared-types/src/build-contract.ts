/**
 * The build contract between the site (`site/`) and the publish service
 * (`publish/`): which pages a build renders (scope entries), what it
 * rendered (the build manifest) and how the build went (the build result:
 * when each phase started, what the content loaders did). The site writes the
 * manifest (site/src/pages/[buildManifest].json.ts) and the result
 * (site/src/integrations/build-result.ts) and reads the scope; the service
 * writes the scope, keeps the manifests as the live site's index of
 * dependents (for every page, which entities it shows) and shows the results
 * on /status, as build records (`buildRecordSchema`).
 *
 * A scope entry names one page (or one family of pages, such as a day's
 * sitemap) as `kind` and `key`; on the wire and in sets it is the string
 * `kind|key`, written and read only by `scopeEntry` and `parseScopeEntry`.
 */
import { z } from 'zod';
import { localeSchema } from './common.ts';

/** What a getStaticPaths renders; keys are documented per kind. */
export const SCOPE_KINDS = [
  /** `<locale>:<article documentId>` */
  'article',
  /** `<locale>` */
  'home',
  /** `<locale>:<documentId>` of the rubric, tag, author, event or organization */
  'rubric',
  'tag',
  'author',
  'event',
  'organization',
  /** `<locale>:<yyyy>-<mm>-<dd>`: the archive page of a day */
  'archive',
  /** `<locale>:<yyyy>-<mm>`: the archive page of a month (its days) */
  'month',
  /** `<yyyy>-<mm>-<dd>`: the article sitemap of a day (one file for both locales) */
  'sitemap',
  /** `<locale>` for the locale's feed, `<locale>:<rubric documentId>` for a rubric's */
  'feed',
  /** `<locale>:<name>` of a page that does not depend on articles (search, 404, archive index) */
  'page',
] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];
export const scopeKindSchema = z.enum(SCOPE_KINDS);

/** The kinds of pages an entity has of its own (`<locale>:<documentId>` keys). */
export const ENTITY_PAGE_KINDS = ['rubric', 'tag', 'author', 'event', 'organization'] as const satisfies readonly ScopeKind[];
export type EntityPageKind = (typeof ENTITY_PAGE_KINDS)[number];

export const scopeEntry = (kind: ScopeKind, key: string): string => `${kind}|${key}`;

/** A scope entry taken apart; `null` for a string that is not one (an unknown kind or no key). */
export function parseScopeEntry(entry: string): { kind: ScopeKind; key: string } | null {
  const bar = entry.indexOf('|');
  if (bar <= 0) return null;
  const kind = scopeKindSchema.safeParse(entry.slice(0, bar));
  const key = entry.slice(bar + 1);
  return kind.success && key !== '' ? { kind: kind.data, key } : null;
}

/** `<locale>:<documentId>` keys (articles and entity pages) taken apart; `null` when the locale is not one of the site's. */
export function parseLocaleKey(key: string): { locale: z.infer<typeof localeSchema>; id: string } | null {
  const colon = key.indexOf(':');
  const locale = localeSchema.safeParse(key.slice(0, colon));
  return colon > 0 && locale.success ? { locale: locale.data, id: key.slice(colon + 1) } : null;
}

const instant = z.string().min(1);

/** `YYYY-MM-DD`, the key of an archive day. */
export const dayKeySchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'not a YYYY-MM-DD day');
const instantSchema = z.iso.datetime({ offset: true });

/**
 * The scope file of a scoped build (TILSHI_BUILD_SCOPE), written by the
 * publish service: the changed articles, extra pages (scope entries taken
 * apart), `since` and the live site's archive days (site/src/lib/scope-rules.ts
 * says how a build resolves it).
 */
export const scopeFileSchema = z.strictObject({
  articles: z.array(z.strictObject({ documentId: z.string().min(1), locales: z.array(localeSchema).min(1).optional() })),
  extra: z.array(z.strictObject({ kind: scopeKindSchema, key: z.string().min(1) })).default([]),
  since: instantSchema.optional(),
  /**
   * The article versions the live site already shows that changed at or after `since`, by
   * `locale:documentId`, with their change time (the later of updatedAt and publishedAt): the `since`
   * rule leaves them alone — their pages are live as they are.
   */
  live: z.record(z.string().min(1), instantSchema).optional(),
  days: z.partialRecord(localeSchema, z.record(dayKeySchema, instantSchema)).optional(),
});
export type ScopeFile = z.infer<typeof scopeFileSchema>;

/** One article version a build rendered, with every entity its pages show (what its dependents are). */
export const manifestArticleSchema = z.object({
  documentId: z.string().min(1),
  locale: localeSchema,
  /** Strapi's row id: the listings' tie-breaker after the date ("read next" needs it). */
  id: z.number().int().optional(),
  path: z.string().startsWith('/'),
  publicationDate: instant.nullable(),
  publishedAt: instant,
  updatedAt: instant,
  modified: instant,
  rubric: z.string().nullable(),
  tags: z.array(z.string()),
  authors: z.array(z.string()),
  event: z.object({ documentId: z.string(), organizers: z.array(z.string()), supporters: z.array(z.string()) }).nullable(),
  /** documentIds of the credits of its photos (cover and gallery). */
  credits: z.array(z.string()),
  /** Media-library file ids of its cover and gallery (listings show the cover: a replaced file changes them too). */
  files: z.array(z.number().int()),
});
export type ManifestArticle = z.infer<typeof manifestArticleSchema>;

/** Per locale, every archive day (`YYYY-MM-DD`) with the newest change of its articles. */
export const daysSchema = z.partialRecord(localeSchema, z.record(z.string(), instant));
export type Days = z.infer<typeof daysSchema>;

export const entityPageSchema = z.object({ path: z.string().startsWith('/'), shows: z.array(z.string()) });
export type EntityPage = z.infer<typeof entityPageSchema>;

export const MANIFEST_VERSION = 3;

export const buildManifestSchema = z.object({
  /** 3: credits, files and entity pages (2 lacked them; a release with an older index gets a full build). */
  version: z.literal(MANIFEST_VERSION),
  /** The resolved scope (scope entries); null for a full build. */
  keys: z.array(z.string()).nullable(),
  articles: z.array(manifestArticleSchema),
  days: daysSchema,
  /**
   * The entity pages this build rendered (rubric, tag, author, event,
   * organization), by scope entry: where the page lives, and the other
   * entities it shows besides itself and its articles (an event page its
   * organizations, an organization page its events), as scope entries.
   */
  pages: z.record(z.string(), entityPageSchema),
});
export type BuildManifest = z.infer<typeof buildManifestSchema>;

/**
 * What one collection's loader did (site/src/lib/strapi/loader.ts and scoped.ts): the numbers its summary
 * log line prints. `full`: the store was filled from scratch; `incremental`: only what changed since the
 * last sync was fetched; `scoped`: only what a scoped build's pages need (scoped.ts), with its requests.
 */
const count = z.number().int().nonnegative();
const storeCounts = { updated: count, removed: count, inStore: count };
export const collectionSyncSchema = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.enum(['full', 'incremental']), ...storeCounts }),
  z.strictObject({
    mode: z.literal('scoped'),
    /** Documents the scope names as changed. */
    changedDocuments: count,
    /** Archive days in scope (loaded completely in every locale). */
    daysInScope: count,
    /** Requests to Strapi. */
    requests: count,
    /** Article versions fetched in full, and as summaries (what listings and sitemaps need). */
    fetchedInFull: count,
    fetchedAsSummaries: count,
    ...storeCounts,
  }),
]);
export type CollectionSync = z.infer<typeof collectionSyncSchema>;

/** A collection's sync counts in words, as the loaders log them for people ("scoped sync, 1 changed document(s), …"). */
export function describeSync(sync: CollectionSync): string {
  const store = `${sync.updated} updated, ${sync.removed} removed, ${sync.inStore} in store`;
  if (sync.mode !== 'scoped') return `${sync.mode === 'full' ? 'full load' : 'incremental sync'}, ${store}`;
  return `scoped sync, ${sync.changedDocuments} changed document(s), ${sync.daysInScope} day(s) in scope, ${sync.requests} request(s), ${sync.fetchedInFull} fetched in full, ${sync.fetchedAsSummaries} as summaries, ${store}`;
}

/**
 * The phases of an `astro build`, in order; each ends where the next begins. `startup` begins when the
 * caller started the build (a process spawned, or a warm worker asked), the others at a mark of the
 * site's build-result integration (see there for the hook behind each and which boundaries are approximate):
 * - startup: Node and Astro start, config, Vite, the content store read from disk;
 * - contentSync: the content loaders, the store written, content types;
 * - bundle: collecting pages, emptying the out dir, the Vite builds;
 * - render: prerendering the pages;
 * - images: optimized images;
 * - finish: moving server assets, the astro:build:done hooks (the Pagefind index), the end of the process.
 */
const ms = z.number().int().nonnegative();
/** Milliseconds per phase (/status: a build's `phases`). */
export const buildPhasesSchema = z.strictObject({ startup: ms, contentSync: ms, bundle: ms, render: ms, images: ms, finish: ms });
export type BuildPhases = z.infer<typeof buildPhasesSchema>;
export type BuildPhase = keyof BuildPhases;
/** Phases in words, for logs: "start-up 2.4 s, content sync 8.6 s, …". */
export function describePhases(phases: BuildPhases): string {
  const names: Record<BuildPhase, string> = {
    startup: 'start-up',
    contentSync: 'content sync',
    bundle: 'Vite bundle',
    render: 'rendering',
    images: 'images',
    finish: 'finish',
  };
  return BUILD_PHASES.map((phase) => `${names[phase]} ${(phases[phase] / 1000).toFixed(1)} s`).join(', ');
}

/** The phases in build order. */
export const BUILD_PHASES: readonly BuildPhase[] = buildPhasesSchema.keyof().options;
type MarkedPhase = Exclude<BuildPhase, 'startup'>;
const markedPhases = BUILD_PHASES.filter((phase): phase is MarkedPhase => phase !== 'startup');

export const BUILD_RESULT_VERSION = 1;

/**
 * The build result file (TILSHI_BUILD_RESULT, a path the caller chooses per build; without it nothing is
 * written), written by the site when a build succeeded. Read by the publish service for /status (phases,
 * content sync) instead of the build log: the log is for people.
 */
export const buildResultSchema = z.strictObject({
  version: z.literal(BUILD_RESULT_VERSION),
  /** When each phase after start-up began: ms since the epoch (Date.now(), comparable across processes of one machine). */
  marks: z.partialRecord(z.enum(markedPhases), z.number()),
  /** What each collection's loader did, by collection name (a single type records nothing). */
  sync: z.record(z.string(), collectionSyncSchema),
});
export type BuildResultFile = z.infer<typeof buildResultSchema>;

/**
 * A build's duration split into phases (ms), from its caller's start and end (ms since the epoch) and the
 * marks of its result. A phase without a mark (e.g. no images to optimize) lasts 0 and its time goes to
 * the phase before; `null` without the marks of the content sync and the rendering (no phases to speak of).
 */
export function phasesOf(marks: BuildResultFile['marks'], startedAt: number, endedAt: number): BuildPhases | null {
  if (marks.contentSync === undefined || marks.render === undefined) return null;
  const starts = BUILD_PHASES.map((phase) => (phase === 'startup' ? startedAt : marks[phase]));
  const phases: BuildPhases = { startup: 0, contentSync: 0, bundle: 0, render: 0, images: 0, finish: 0 };
  for (const [index, phase] of BUILD_PHASES.entries()) {
    const start = starts[index];
    if (start === undefined) continue;
    const next = starts.slice(index + 1).find((value) => value !== undefined) ?? endedAt;
    phases[phase] = Math.max(0, Math.round(next - start));
  }
  return phases;
}

export const BUILD_KINDS = ['scoped', 'full', 'rollback', 'dispatch'] as const;
export const BUILD_MODES = ['warm', 'primed', 'cold'] as const;
export type BuildMode = (typeof BUILD_MODES)[number];

/**
 * The gate of a primed build. The publish service's warm worker starts its next build as soon as the
 * last one ends (publish/src/build-worker.ts): Astro's start-up — config, Vite, the content config — and
 * its Vite bundle run while nothing is published, and the content sync waits here, before it reads the
 * scope or asks the CMS anything, until the build is asked for (the site runs it after the bundle:
 * site/src/lib/strapi/deferred-sync.ts). Builds without a gate (the CLI, a fresh process) pass at once.
 * Kept on globalThis: the loaders run in Vite's module graph, the worker in Node's, in one process.
 */
const BUILD_GATE = Symbol.for('tilshi.build-gate');
const gateHolder = globalThis as typeof globalThis & { [BUILD_GATE]?: Promise<void> };

/** The worker's side: the build about to start waits for `gate` (undefined: no gate). */
export function setBuildGate(gate: Promise<void> | undefined): void {
  gateHolder[BUILD_GATE] = gate;
}

/** The loaders' side: returns once the build may read its scope and the CMS (at once without a gate). */
export async function passBuildGate(): Promise<void> {
  await gateHolder[BUILD_GATE];
}

/** Whether the build running now is a primed one (it has a gate, open or not). */
export function buildIsPrimed(): boolean {
  return gateHolder[BUILD_GATE] !== undefined;
}

/**
 * One content sync for a full build rendered by several processes on one machine. Partition 0 (the lead)
 * syncs the archive from the CMS into its store as a build alone would; once the store is written (Astro's
 * astro:build:start, after the content sync) it writes the ready file. The other partitions start beside
 * it with `from` set to the lead's store file: their loaders wait for the ready file and fetch nothing
 * (their own store stays empty), and their pages read the lead's store. So the CMS is read once, and the
 * partitions render from the very same content. (CI shard jobs, on separate runners, sync each on its own.)
 */
export type SharedStore = {
  /** TILSHI_STORE_READY: the file the lead writes when its store is complete; the others wait for it. */
  ready: string;
  /** TILSHI_STORE_FROM: the lead's store file, which this partition's pages read (absent: this is the lead). */
  from?: string;
};

/** The file Astro writes a build's content store to, in its cacheDir (`getDataStoreFile` in astro/dist/content/paths.js). */
export const CONTENT_STORE_FILE = 'data-store.json';

/** What the lead writes to the ready file: its store file and when it was complete. */
export const storeReadySchema = z.strictObject({ store: z.string(), at: z.number() });
export type StoreReady = z.infer<typeof storeReadySchema>;

/**
 * A scoped build's time outside `astro build`, in order (ms): `scope` — the pages the change needs (the
 * index, the CMS's facts for "read next", a catch-up's query) until the build is asked for; `checks` —
 * the build's manifest and files read, its pages parsed and their links checked; `apply` — the files
 * written into the live tree and the deletions; `after` — the index, Telegram and the rest until the
 * record ends.
 */
export const serviceStepsSchema = z.strictObject({ scope: ms, checks: ms, apply: ms, after: ms });
export type ServiceSteps = z.infer<typeof serviceStepsSchema>;

/**
 * A full build's time, in order (ms): `render` — its `astro build` process(es), their manifests read and
 * partitions merged; `search` — the search index it goes live with (the live one linked, or none: it
 * follows after the switch; one-off commands build it here); `checks` — its files listed and checked;
 * `catchUp` — a full build beside scoped ones: what they published while it built, re-rendered into the
 * new release while publishing goes on (0 otherwise); `switch` — waiting for the live tree, catching up
 * with what they published during the catch-up, the switch and the old releases' removal.
 */
export const fullBuildStepsSchema = z.strictObject({ render: ms, search: ms, checks: ms, catchUp: ms, switch: ms });
export type FullBuildSteps = z.infer<typeof fullBuildStepsSchema>;

/**
 * One operation of the publish service as `/status` lists it (`recent`, `lastSuccess`, `lastFailure`)
 * and `cli.ts apply --report` writes it: a build, a rollback or a dispatch to CI, with its outcome,
 * the files it changed and where its time went. The service records them (publish/src/publisher.ts);
 * the panel widget, the tests and the benchmarks read them.
 */
export const buildRecordSchema = z.object({
  id: z.string(),
  kind: z.enum(BUILD_KINDS),
  batch: z.number().int().nullable(),
  startedAt: z.string(),
  finishedAt: z.string(),
  durationMs: z.number(),
  ok: z.boolean(),
  /** Why it failed (null on success). */
  reason: z.string().nullable(),
  trigger: z.array(z.string()),
  articles: z.number().int(),
  written: z.number().int(),
  deleted: z.number().int(),
  unchanged: z.number().int(),
  /** When the first event of the batch arrived (the wait before the build: debounce and queue). */
  firstEventAt: z.string().nullable(),
  /** Time in `astro build` (the rest: scope, checks, apply). */
  buildMs: z.number().nullable(),
  /** Where the build's time went (ms per phase), from its build result file. */
  phases: buildPhasesSchema.nullable(),
  /** What the articles loader did, from the build result file; null when unknown. */
  contentSync: collectionSyncSchema.nullable(),
  /** Where a scoped build's time outside `astro build` went (ms); null for other operations. */
  steps: serviceStepsSchema.nullable(),
  /** A full build's steps (fullBuildStepsSchema); null for other operations and a full build that failed before its switch. */
  fullSteps: fullBuildStepsSchema.nullable(),
  /** The `astro build` processes a full build rendered in (partitions of its pages); null for other operations. */
  processes: z.number().int().positive().nullable(),
  /**
   * Where the build ran: the warm worker (`primed`: a build the worker had started ahead, its start-up
   * done before the change arrived; see `passBuildGate`) or a fresh process; null without a build.
   */
  mode: z.enum(BUILD_MODES).nullable(),
  /** The release it made live; null when none. */
  release: z.string().nullable(),
});
export type BuildRecord = z.infer<typeof buildRecordSchema>;
