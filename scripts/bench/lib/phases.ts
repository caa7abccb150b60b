/**
 * Where the time of an `astro build` / `astro sync` went: Astro announces
 * each phase of a build with a log line, and measure.ts records when every
 * line arrived, so a phase lasts from its line to the next phase's line (the
 * last one to the process's exit). Used for the "where the time went" table;
 * the patterns follow Astro 7's messages (core/build, content-layer) and the
 * site's integrations (sitemap, Pagefind).
 */
import type { Measurement } from './measure.ts';

/** Columns of the "where the time went" table, in build order; everything else is "other". */
export const PHASE_COLUMNS = [
  'start-up',
  'content sync',
  'data store save',
  'out dir cleanup',
  'Vite bundle',
  'rendering pages',
  'images',
  'search index',
  'other',
] as const;
export type PhaseColumn = (typeof PHASE_COLUMNS)[number];

/**
 * The log line that starts each phase, and the column it is counted in. A
 * marker with `after` only counts once all the markers it names were seen.
 */
const MARKERS: ReadonlyArray<{ name: string; column: PhaseColumn; pattern: RegExp; after?: readonly string[] }> = [
  { name: 'content sync (loaders)', column: 'content sync', pattern: /\[content\] Syncing content/ },
  // The tilshi articles loader finishing; from here to "Synced content" the store is written (data-store.json).
  { name: 'saving the data store', column: 'data store save', pattern: /\[strapi-articles\] articles:/ },
  { name: 'types + config', column: 'other', pattern: /\[content\] Synced content/ },
  { name: 'collecting pages', column: 'other', pattern: /\[build\] Collecting build info/ },
  // Pages collected; Astro now empties the previous output folder (synchronously) before bundling.
  { name: 'emptying the out dir', column: 'out dir cleanup', pattern: /\[build\].*Completed in/ },
  { name: 'Vite bundle', column: 'Vite bundle', pattern: /\[build\] Building (server entrypoints|static entrypoints)/ },
  { name: 'rendering pages', column: 'rendering pages', pattern: /(prerendering|generating) static routes/ },
  { name: 'optimizing images', column: 'images', pattern: /generating optimized images/ },
  { name: 'assets', column: 'other', pattern: /\[build\] Rearranging server assets/ },
  // The build proper is done; the astro:build:done hooks run (the site's Pagefind index; nothing in the ceilings).
  { name: 'build:done hooks (Pagefind)', column: 'search index', pattern: /\[build\].*Completed in/, after: ['assets', 'rendering pages'] },
  // Static-only builds (the ceilings) end with the build summary.
  { name: 'finish', column: 'other', pattern: /\[build\] \d+ page\(s\) built in/ },
  { name: 'finish (after the search index)', column: 'other', pattern: /\[tilshi-pagefind\] search index/ },
];

export type Phase = { name: string; column: PhaseColumn; seconds: number };

/**
 * Phases found in the output, with their durations; the time before the first
 * one is "start-up" (config, Vite, loading the data store). Each marker counts
 * once (its first line), in whatever order Astro printed them: a static-only
 * build rearranges assets before rendering, a server build after.
 */
export function buildPhases(measurement: Measurement): Phase[] {
  const starts: Array<{ name: string; column: PhaseColumn; atS: number }> = [
    { name: 'start-up (config, Vite)', column: 'start-up', atS: 0 },
  ];
  const seen = new Set<string>();
  for (const line of measurement.lines) {
    const marker = MARKERS.find(
      (candidate) =>
        !seen.has(candidate.name) && (candidate.after ?? []).every((name) => seen.has(name)) && candidate.pattern.test(line.text),
    );
    if (!marker) continue;
    seen.add(marker.name);
    starts.push({ name: marker.name, column: marker.column, atS: line.atS });
  }
  starts.sort((a, b) => a.atS - b.atS);
  return starts.map((start, index) => ({
    name: start.name,
    column: start.column,
    seconds: (starts[index + 1]?.atS ?? measurement.wallS) - start.atS,
  }));
}

/** Seconds per column (0 where a phase did not occur). */
export function phaseColumns(measurement: Measurement): Record<PhaseColumn, number> {
  const totals = Object.fromEntries(PHASE_COLUMNS.map((column) => [column, 0])) as Record<PhaseColumn, number>;
  for (const phase of buildPhases(measurement)) totals[phase.column] += phase.seconds;
  return totals;
}

/** True when the output had Astro's phase lines (not Hugo, not a failed start). */
export const hasPhases = (measurement: Measurement): boolean => buildPhases(measurement).length > 1;
