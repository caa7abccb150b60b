import { describe, expect, it } from 'vitest';
import { publicStatus, type StatusForSummary } from './public-status.ts';

const failure = {
  id: 'scoped-7',
  kind: 'scoped',
  finishedAt: '2026-12-01T10:00:05.000Z',
  reason: 'articles: entry x8f2abc (kk) is invalid at cover.alt — /srv/tilshi/publish/.data/work/scoped-7/build.log',
  trigger: ['entry.publish x8f2abc (kk)'],
};
const success = {
  id: 'full-3',
  kind: 'full',
  finishedAt: '2026-12-01T10:00:00.000Z',
  reason: null,
  trigger: ['start-up full build'],
  release: '20261201T100000000Z-003',
};

const idleQueue: StatusForSummary['queue'] = {
  articles: 0,
  pages: 0,
  catchUp: false,
  full: false,
  retries: 0,
  entities: 0,
  everything: false,
  background: [],
};

/** A full status as the service records it (more fields than the summary reads). */
function status(overrides: Partial<StatusForSummary> = {}): StatusForSummary {
  const live = { updatedAt: '2026-12-01T10:00:00.000Z', release: success.release, articleVersions: 2 };
  const full = {
    service: 'tilshi-publish',
    now: '2026-12-01T10:01:00.000Z',
    live,
    building: null,
    queue: idleQueue,
    lastSuccess: success,
    lastFailure: failure,
    recent: [failure, success],
    search: {
      pendingSince: null,
      lastIndexedAt: '2026-12-01T10:00:03.000Z',
      lastError: 'pagefind failed in /srv/tilshi/publish/.data/live',
    },
  };
  return { ...full, ...overrides };
}

describe('publicStatus', () => {
  it('keeps the state, the last success and failure times and the queue length', () => {
    expect(publicStatus(status())).toMatchObject({
      service: 'tilshi-publish',
      state: 'idle',
      live: { updatedAt: '2026-12-01T10:00:00.000Z' },
      lastSuccessAt: success.finishedAt,
      lastFailureAt: failure.finishedAt,
      queue: { articles: 0, pages: 0, fullBuild: false },
    });
  });

  it('drops document ids, build reasons, triggers, releases and paths', () => {
    const text = JSON.stringify(publicStatus(status()));
    for (const secret of [
      'x8f2abc',
      '/srv/',
      'cover.alt',
      'scoped-7',
      'full-3',
      success.release,
      'start-up full build',
      'pagefind failed',
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it('says "building" while a build runs and "queued" while changes or a retry wait', () => {
    expect(publicStatus(status({ building: { id: 'scoped-8', reasons: ['entry.publish x8f2abc'] } })).state).toBe('building');
    const queue = (over: Partial<StatusForSummary['queue']>): Partial<StatusForSummary> => ({ queue: { ...idleQueue, ...over } });
    expect(publicStatus(status(queue({ articles: 2 }))).state).toBe('queued');
    expect(publicStatus(status(queue({ retries: 1 }))).state).toBe('queued');
    expect(publicStatus(status(queue({ catchUp: true }))).state).toBe('queued');
    expect(publicStatus(status(queue({ entities: 1 }))).state).toBe('queued');
    expect(publicStatus(status(queue({ full: true }))).queue.fullBuild).toBe(true);
  });

  it('shows the progress of a background rebuild, without its label (which names a document)', () => {
    const background = [
      { id: 1, label: 'organization x8f2abc changed', total: 3100, done: 1240, failed: 0, startedAt: '2026-12-01T10:00:00.000Z' },
    ];
    const summary = publicStatus(status({ queue: { ...idleQueue, background } }));
    expect(summary.state).toBe('queued');
    expect(summary.queue.background).toEqual([{ total: 3100, done: 1240 }]);
    expect(JSON.stringify(summary)).not.toContain('x8f2abc');
  });
});
