/**
 * Who sees what of GET /status. The full status names documents, build
 * reasons (error texts with file paths), releases and search-index details:
 * only callers with the webhook secret get it (the CMS relays it to editors,
 * `npm start` and the tests send the secret). Anyone else gets this summary:
 * whether the site is building, waiting or idle, when it last changed, and
 * how much waits — no document ids, no error texts, no paths.
 *
 * The summary is an allow-list: fields added to the full status later stay
 * behind the secret unless they are added here.
 */
import { SECRET_HEADER } from './webhook.ts';

/** The parts of the full status the summary is made of (the full status has more). */
export type StatusForSummary = {
  service: string;
  now: string;
  live: { updatedAt: string | null };
  building: unknown;
  fullBuild?: unknown;
  queue: {
    articles: number;
    pages: number;
    catchUp: boolean;
    full: boolean;
    retries: number;
    entities: number;
    everything: boolean;
    background: ReadonlyArray<{ total: number; done: number }>;
  };
  lastSuccess: { finishedAt: string } | null;
  lastFailure: { finishedAt: string } | null;
};

export type PublicStatus = {
  service: string;
  now: string;
  /** building: a build runs; queued: changes wait for the next build (or a retry); idle: the site is up to date. */
  state: 'building' | 'queued' | 'idle';
  live: { updatedAt: string | null };
  lastSuccessAt: string | null;
  lastFailureAt: string | null;
  /** Articles and pages waiting for the next build, whether a full build waits, and background rebuilds (pages done of total). */
  queue: { articles: number; pages: number; fullBuild: boolean; background: Array<{ total: number; done: number }> };
  detail: string;
};

export function publicStatus(status: StatusForSummary): PublicStatus {
  const { queue } = status;
  const waiting =
    queue.articles > 0 ||
    queue.pages > 0 ||
    queue.catchUp ||
    queue.full ||
    queue.retries > 0 ||
    queue.entities > 0 ||
    queue.everything ||
    queue.background.length > 0;
  return {
    service: status.service,
    now: status.now,
    state: status.building !== null || (status.fullBuild ?? null) !== null ? 'building' : waiting ? 'queued' : 'idle',
    live: { updatedAt: status.live.updatedAt },
    lastSuccessAt: status.lastSuccess?.finishedAt ?? null,
    lastFailureAt: status.lastFailure?.finishedAt ?? null,
    queue: {
      articles: queue.articles,
      pages: queue.pages,
      fullBuild: queue.full,
      background: queue.background.map(({ total, done }) => ({ total, done })),
    },
    detail: `a summary; the full status (builds, reasons, documents) needs the ${SECRET_HEADER} header`,
  };
}
