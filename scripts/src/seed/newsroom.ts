/**
 * Writes the demo newsroom (data/newsroom.ts, data/newsroom-stories.ts):
 * its authors, credit, tags, organizations and events, the illustrations the
 * stories share (generated once, reused by file name), and the stories,
 * published, with a bounded number of requests in flight. Idempotent: every
 * entry is found by its natural key (slug, name, file name) first, so a rerun
 * creates nothing and keeps the dates of the first run.
 */
import { z } from 'zod';
import { renderIllustrationJpeg } from '../../lib/illustration.ts';
import type { Locale } from '@tilshi/shared-types';
import type { StrapiClient } from '@tilshi/strapi-client';
import {
  ILLUSTRATION_CREDIT,
  ILLUSTRATIONS,
  NEWSROOM_AUTHORS,
  NEWSROOM_CREDITS,
  NEWSROOM_ORGANIZATIONS,
  NEWSROOM_TAGS,
} from './data/newsroom.ts';
import { eventDates, NEWSROOM_EVENTS, newsroomPlan, type PlannedStory } from './newsroom-plan.ts';
import type { ReferenceIds } from './reference.ts';
import {
  ensureDocuments,
  ensureLocalizedDocuments,
  idsOf,
  newLocalizedTally,
  newTally,
  type LocalizedTally,
  type Tally,
} from './upsert.ts';

export type NewsroomReport = {
  /** The instant the dates of stories created by this run are counted from. */
  now: string;
  stories: { planned: number; created: number; translationsAdded: number; existing: number };
  authors: Tally;
  credits: Tally;
  tags: LocalizedTally;
  organizations: LocalizedTally;
  events: LocalizedTally;
  illustrations: { uploaded: number; reused: number };
  durationMs: number;
};

export type NewsroomOptions = {
  refs: ReferenceIds;
  now?: Date;
  log?: (line: string) => void;
  /** Called after each story with how many of the planned stories are done. */
  progress?: (done: number, total: number) => void;
  concurrency?: number;
};

const SlugRef = z.looseObject({ documentId: z.string(), slug: z.string() });

/** slug → documentId of the articles of `locale` whose slug is one of `slugs`. */
async function articlesBySlug(rest: StrapiClient, locale: Locale, slugs: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (let start = 0; start < slugs.length; start += 50) {
    const chunk = slugs.slice(start, start + 50);
    for (const item of await rest.find('articles', { locale, fields: ['slug'], filters: { slug: { $in: chunk } } }, SlugRef))
      found.set(item.slug, item.documentId);
  }
  return found;
}

/** Runs `work` over `items` with at most `limit` pending; the first failure stops taking new items and is rethrown. */
async function inPool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const item = items[next] as T;
      next += 1;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
}

/** The upload id of each illustration the stories use; generates and uploads the missing ones. */
async function ensureIllustrations(rest: StrapiClient, keys: ReadonlySet<string>, report: NewsroomReport): Promise<Map<string, number>> {
  const existing = await rest.findFiles({ name: { $startsWith: 'tilshi-newsroom-' } });
  const ids = new Map<string, number>();
  for (const key of keys) {
    const spec = ILLUSTRATIONS.get(key);
    if (!spec) throw new Error(`seed data refers to illustration "${key}", which data/newsroom.ts does not define`);
    const found = existing.find((file) => file.name === spec.fileName);
    if (found) {
      ids.set(key, found.id);
      report.illustrations.reused += 1;
      continue;
    }
    const jpeg = await renderIllustrationJpeg({ motif: spec.motif, palette: spec.palette });
    const file = await rest.upload(jpeg, spec.fileName, 'image/jpeg', {
      name: spec.fileName,
      alternativeText: spec.ru.alt,
      caption: spec.ru.caption,
    });
    ids.set(key, file.id);
    report.illustrations.uploaded += 1;
  }
  return ids;
}

export async function seedNewsroom(rest: StrapiClient, options: NewsroomOptions): Promise<NewsroomReport> {
  const started = Date.now();
  const now = options.now ?? new Date();
  const log = options.log ?? (() => {});
  const plan = newsroomPlan(now);
  const report: NewsroomReport = {
    now: now.toISOString(),
    stories: { planned: plan.length, created: 0, translationsAdded: 0, existing: 0 },
    authors: newTally(),
    credits: newTally(),
    tags: newLocalizedTally(),
    organizations: newLocalizedTally(),
    events: newLocalizedTally(),
    illustrations: { uploaded: 0, reused: 0 },
    durationMs: 0,
  };

  // Reference entries of the newsroom, merged into the seed's own.
  const authors = new Map([...options.refs.authors, ...(await ensureDocuments(rest, 'authors', 'slug', NEWSROOM_AUTHORS, report.authors))]);
  const credits = new Map([...options.refs.credits, ...(await ensureDocuments(rest, 'credits', 'name', NEWSROOM_CREDITS, report.credits))]);
  const tags = new Map([...options.refs.tags, ...(await ensureLocalizedDocuments(rest, 'tags', NEWSROOM_TAGS, report.tags))]);
  const organizations = new Map([
    ...options.refs.organizations,
    ...(await ensureLocalizedDocuments(
      rest,
      'organizations',
      NEWSROOM_ORGANIZATIONS.map(({ legalForm, url, ru, kk }) => ({ ru: { ...ru, legalForm, url }, kk: { ...kk, legalForm, url } })),
      report.organizations,
    )),
  ]);
  const events = await ensureLocalizedDocuments(
    rest,
    'ngo-events',
    NEWSROOM_EVENTS.map(({ ru, kk, organizers, supporters, startsInDays, days, ...shared }) => {
      const relations = {
        ...eventDates({ startsInDays, days }, now),
        organizers: idsOf(organizations, organizers, 'organization'),
        supporters: idsOf(organizations, supporters, 'organization'),
      };
      return { ru: { ...shared, ...relations, ...ru }, kk: { ...shared, ...relations, ...kk } };
    }),
    report.events,
  );
  log(
    `newsroom: ${report.authors.created} author(s), ${report.tags.ru.created} tag(s), ${report.organizations.ru.created} organization(s), ${report.events.ru.created} event(s) created`,
  );

  const illustrations = await ensureIllustrations(rest, new Set(plan.map((item) => item.story.illustration)), report);
  const [creditId] = idsOf(credits, [ILLUSTRATION_CREDIT], 'credit');

  const slugsOf = (locale: Locale) =>
    plan.flatMap((item) => item.versions.filter((version) => version.locale === locale).map((version) => version.slug));
  const [ruIds, kkIds] = await Promise.all([articlesBySlug(rest, 'ru', slugsOf('ru')), articlesBySlug(rest, 'kk', slugsOf('kk'))]);
  const existingIds = { ru: ruIds, kk: kkIds };

  const dataOf = (item: PlannedStory, locale: Locale) => {
    const version = item.versions.find((candidate) => candidate.locale === locale);
    const picture = ILLUSTRATIONS.get(item.story.illustration);
    if (!version || !picture) throw new Error(`newsroom story ${item.versions[0]?.slug ?? '?'} has no ${locale} version`);
    return {
      title: version.title,
      slug: version.slug,
      lead: version.lead,
      body: version.body,
      publicationDate: item.publicationDate,
      ageRating: item.story.ageRating,
      rubric: idsOf(options.refs.rubrics, [item.story.rubric], 'rubric')[0],
      tags: idsOf(tags, item.story.tags, 'tag'),
      authors: idsOf(authors, item.story.authors, 'author'),
      event: item.story.event ? idsOf(events, [item.story.event], 'event')[0] : null,
      cover: {
        image: illustrations.get(item.story.illustration),
        caption: picture[locale].caption,
        alt: picture[locale].alt,
        credit: creditId,
      },
    };
  };

  let done = 0;
  // Oldest first, so that Strapi's ids follow the dates (listings break ties by id).
  await inPool([...plan].reverse(), options.concurrency ?? 4, async (item) => {
    const [first, second] = item.versions;
    if (!first) return;
    let documentId = existingIds[first.locale].get(first.slug);
    if (documentId) {
      report.stories.existing += 1;
    } else {
      documentId = (await rest.create('articles', dataOf(item, first.locale), { locale: first.locale })).documentId;
      report.stories.created += 1;
    }
    if (second && !existingIds[second.locale].has(second.slug)) {
      await rest.update('articles', documentId, dataOf(item, second.locale), { locale: second.locale });
      report.stories.translationsAdded += 1;
    }
    done += 1;
    options.progress?.(done, plan.length);
  });

  report.durationMs = Date.now() - started;
  log(
    `newsroom: ${report.stories.created} stories and ${report.stories.translationsAdded} translations created, ${report.stories.existing} existing; illustrations ${report.illustrations.uploaded} uploaded, ${report.illustrations.reused} reused (${(report.durationMs / 1000).toFixed(1)} s)`,
  );
  return report;
}
