import { describe, expect, it } from 'vitest';
import { buildResultSchema, describeSync, phasesOf } from './build-contract.ts';

describe('the phases of a build', () => {
  it('last from each mark to the next, start-up from the caller’s start, finish to its end', () => {
    const marks = { contentSync: 1700, bundle: 2000, render: 2600, images: 2800, finish: 2850 };
    expect(phasesOf(marks, 1000, 2900)).toEqual({ startup: 700, contentSync: 300, bundle: 600, render: 200, images: 50, finish: 50 });
  });

  it('give a missing mark’s time to the phase before (no images to optimize)', () => {
    const marks = { contentSync: 1700, bundle: 2000, render: 2600, finish: 2850 };
    expect(phasesOf(marks, 1000, 2900)).toEqual({ startup: 700, contentSync: 300, bundle: 600, render: 250, images: 0, finish: 50 });
  });

  it('are unknown without the content sync or the rendering', () => {
    expect(phasesOf({ bundle: 2000, render: 2600 }, 1000, 2900)).toBeNull();
    expect(phasesOf({ contentSync: 1700 }, 1000, 2900)).toBeNull();
  });
});

/** A scoped build's article counts, as the loader reports them. */
const SCOPED_COUNTS = {
  mode: 'scoped',
  changedDocuments: 1,
  daysInScope: 1,
  requests: 9,
  fetchedInFull: 3,
  fetchedAsSummaries: 4,
  updated: 5,
  removed: 0,
  inStore: 7,
} as const;

describe('a build result file', () => {
  it('holds each collection’s sync counts by mode', () => {
    const result = buildResultSchema.parse({
      version: 1,
      marks: { contentSync: 1, render: 2 },
      sync: {
        articles: SCOPED_COUNTS,
        tags: { mode: 'incremental', updated: 0, removed: 0, inStore: 12 },
      },
    });
    expect(result.sync.tags?.mode).toBe('incremental');
  });

  it('rejects counts of another mode’s shape', () => {
    const parsed = buildResultSchema.safeParse({
      version: 1,
      marks: {},
      sync: { tags: { mode: 'full', updated: 1, removed: 0, inStore: 1, requests: 3 } },
    });
    expect(parsed.success).toBe(false);
  });
});

describe('sync counts in words', () => {
  it('read as the loaders’ summary lines', () => {
    expect(describeSync({ mode: 'incremental', updated: 1, removed: 1, inStore: 40 })).toBe(
      'incremental sync, 1 updated, 1 removed, 40 in store',
    );
    expect(describeSync(SCOPED_COUNTS)).toBe(
      'scoped sync, 1 changed document(s), 1 day(s) in scope, 9 request(s), 3 fetched in full, 4 as summaries, 5 updated, 0 removed, 7 in store',
    );
  });
});
