/**
 * The seed: everything a fresh CMS needs to show a real page, written over
 * REST with the write token — site settings, credits, authors, rubrics,
 * tags, organizations, the NGO open-day event and its article (ru + kk,
 * published) — plus, on request, the demo newsroom (newsroom.ts: what
 * `npm start` shows) and N synthetic demo articles for load tests. Idempotent:
 * each entry is looked up by its slug or name first, so a second run leaves
 * every count unchanged. Used by `npm start` (scripts/tasks/seed.ts) and by
 * the CMS integration tests' global setup.
 */
import type { Locale } from '@tilshi/shared-types';
import { StrapiClient } from '@tilshi/strapi-client';
import { seedDemo, type DemoReport } from './demo.ts';
import { seedNewsroom, type NewsroomReport } from './newsroom.ts';
import { seedNgoOpenDayArticle, seedNgoOpenDayEvent } from './ngo-open-day.ts';
import { seedReference, seedSiteSettings } from './reference.ts';
import { newLocalizedTally, newTally, type LocalizedTally, type Tally } from './upsert.ts';

export type { DemoReport } from './demo.ts';
export type { NewsroomReport } from './newsroom.ts';
export type { LocalizedTally, Tally } from './upsert.ts';

export type SeedReport = {
  url: string;
  durationMs: number;
  siteSettings: { written: Locale[]; unchanged: Locale[] };
  credits: Tally;
  authors: Tally;
  rubrics: LocalizedTally;
  tags: LocalizedTally;
  organizations: LocalizedTally;
  events: LocalizedTally;
  /** The seed article (the demo articles are counted in `demo`). */
  articles: LocalizedTally;
  photos: { uploaded: number; reused: number };
  seedArticle: { documentId: string; slugs: Record<Locale, string>; eventDocumentId: string };
  /** The demo newsroom (`newsroom: true`), else null. */
  newsroom: NewsroomReport | null;
  demo: DemoReport | null;
};

export type SeedOptions = {
  url: string;
  writeToken: string;
  /** Also seed the demo newsroom: 40 stories over 36 months with events and illustrations (what `npm start` shows). */
  newsroom?: boolean;
  /** N synthetic demo articles for load tests (`--demo N`). */
  demo?: number;
  /** The moment new newsroom stories are dated from (default: now). */
  now?: Date;
  log?: (line: string) => void;
  /** Progress of the newsroom's stories (done of total). */
  progress?: (done: number, total: number) => void;
};

function describe(label: string, tally: Tally | LocalizedTally): string {
  const one = (item: Tally) => `${item.created} created, ${item.existing} existing`;
  return 'created' in tally ? `${label}: ${one(tally)}` : `${label}: ru ${one(tally.ru)}; kk ${one(tally.kk)}`;
}

export async function runSeed(options: SeedOptions): Promise<SeedReport> {
  const started = Date.now();
  const log = options.log ?? (() => {});
  const demoCount = options.demo ?? 0;
  if (!Number.isInteger(demoCount) || demoCount < 0 || demoCount > 99_999) {
    throw new RangeError(`demo must be a whole number from 0 to 99999; got ${demoCount}`);
  }
  const rest = new StrapiClient({ baseUrl: options.url, token: options.writeToken });

  const siteSettings = await seedSiteSettings(rest);
  log(`site settings: ${siteSettings.written.length ? `written (${siteSettings.written.join(', ')})` : 'unchanged'}`);

  const tallies = {
    credits: newTally(),
    authors: newTally(),
    rubrics: newLocalizedTally(),
    tags: newLocalizedTally(),
    organizations: newLocalizedTally(),
    events: newLocalizedTally(),
    articles: newLocalizedTally(),
  };
  const refs = await seedReference(rest, tallies);
  for (const key of ['credits', 'authors', 'rubrics', 'tags', 'organizations'] as const) log(describe(key, tallies[key]));

  const eventId = await seedNgoOpenDayEvent(rest, refs, tallies.events);
  log(describe('events', tallies.events));
  const article = await seedNgoOpenDayArticle(rest, refs, eventId, tallies.articles);
  log(describe('seed article', tallies.articles));
  log(
    `seed article: /${article.slugs.ru} (ru), /${article.slugs.kk} (kk); photos ${article.photos.uploaded} uploaded, ${article.photos.reused} reused`,
  );

  const newsroom = options.newsroom
    ? await seedNewsroom(rest, {
        refs,
        log,
        ...(options.now ? { now: options.now } : {}),
        ...(options.progress ? { progress: options.progress } : {}),
      })
    : null;

  let demo: DemoReport | null = null;
  if (demoCount > 0) {
    log(`demo: ${demoCount} synthetic article(s) requested`);
    demo = await seedDemo(rest, { count: demoCount, refs, log });
    log(
      `demo: done in ${(demo.durationMs / 1000).toFixed(1)} s — ${demo.documentsCreated} articles and ${demo.translationsCreated} Kazakh translations created, ${demo.skipped} already complete (plan: ${demo.plan.ru} ru only, ${demo.plan['ru+kk']} ru+kk, ${demo.plan.kk} kk only)`,
    );
  }

  return {
    url: rest.baseUrl,
    durationMs: Date.now() - started,
    siteSettings,
    ...tallies,
    photos: article.photos,
    seedArticle: { documentId: article.articleDocumentId, slugs: article.slugs, eventDocumentId: article.eventDocumentId },
    newsroom,
    demo,
  };
}
