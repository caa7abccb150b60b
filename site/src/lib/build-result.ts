/**
 * What a build records for its build result file (TILSHI_BUILD_RESULT; the schema is
 * `buildResultSchema` in @tilshi/shared-types): when its phases began, marked by the
 * build-result integration and its middleware (src/integrations/build-result.ts) and
 * the content loaders, and what each loader did (lib/strapi/loader.ts, scoped.ts).
 *
 * The loaders run in the content layer's module graph (loaded through Vite), the
 * integration in the config's, the middleware in the prerender bundle: one module,
 * three instances in one process. They share this record through globalThis. A process runs one build at a time (the publish service's warm
 * worker runs them one after another): astro:config:setup starts a fresh record.
 */
import { BUILD_RESULT_VERSION, type BuildResultFile, type CollectionSync } from '@tilshi/shared-types';

type Recording = { marks: BuildResultFile['marks']; sync: Record<string, CollectionSync> };
type MarkedPhase = keyof BuildResultFile['marks'];

const KEY = Symbol.for('tilshi.build-result');
const shared = globalThis as typeof globalThis & { [KEY]?: Recording };

function recording(): Recording {
  shared[KEY] ??= { marks: {}, sync: {} };
  return shared[KEY];
}

/** A new build starts: forgets what the previous build in this process recorded. */
export function startRecording(): void {
  shared[KEY] = { marks: {}, sync: {} };
}

/** `phase` begins now (the first mark of a phase counts: the first of several loaders to start begins the sync). */
export function markPhase(phase: MarkedPhase, at = Date.now()): void {
  recording().marks[phase] ??= at;
}

/** `phase` begins again now, whatever its first mark (a primed build's bundle, done before its content sync). */
export function remarkPhase(phase: MarkedPhase, at = Date.now()): void {
  recording().marks[phase] = at;
}

/** A page finished rendering: the images phase begins after the last one (the mark moves with every page). */
export function markPageRendered(at = Date.now()): void {
  recording().marks.images = at;
}

/** What a collection's loader did (the numbers of its summary log line). */
export function recordSync(collection: string, counts: CollectionSync): void {
  recording().sync[collection] = counts;
}

/** The build result file's content for what was recorded so far. */
export function buildResult(): BuildResultFile {
  const { marks, sync } = recording();
  return { version: BUILD_RESULT_VERSION, marks: { ...marks }, sync: { ...sync } };
}
