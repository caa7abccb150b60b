/**
 * The demo newsroom as the CMS will hold it, computed from the data files
 * without touching the CMS: each story's versions (title, slug, lead, body
 * with the closing demo note), its publication instant and archive day
 * (Aktau time), and the dates of the events. Pure, so the seed and the tests
 * agree on what "seeded at `now`" means.
 */
import type { BodyBlock } from '../importer/parse.ts';
import { NEWSROOM_EVENTS, NEWSROOM_NOTE, type NewsroomEventSeed } from './data/newsroom.ts';
import { NEWSROOM_STORIES, type NewsroomStory, type StoryTime } from './data/newsroom-stories.ts';
import type { Locale } from '@tilshi/shared-types';
import { toSlug } from './slug.ts';

/** Aktau is UTC+5 all year (no daylight saving). */
const AKTAU_OFFSET_MS = 5 * 3_600_000;
const DAY_MS = 86_400_000;

export type PlannedVersion = { locale: Locale; title: string; slug: string; lead: string; body: BodyBlock[] };

export type PlannedStory = {
  story: NewsroomStory;
  /** The first version is created, the second (if any) added as its translation. */
  versions: PlannedVersion[];
  publicationDate: string;
  /** `YYYY-MM-DD` in Aktau. */
  day: string;
};

/** The Aktau calendar day of an instant. */
export function aktauDay(instant: Date): string {
  return new Date(instant.getTime() + AKTAU_OFFSET_MS).toISOString().slice(0, 10);
}

/** When a story was published, for a newsroom seeded at `now`. */
export function publicationInstant(time: StoryTime, now: Date): Date {
  // Whole minutes, as an editor would set them.
  if ('hoursAgo' in time) return new Date(Math.floor((now.getTime() - time.hoursAgo * 3_600_000) / 60_000) * 60_000);
  const match = /^(\d{2}):(\d{2})$/.exec(time.at);
  if (!match) throw new RangeError(`newsroom story time "${time.at}" is not HH:MM`);
  const today = Date.parse(`${aktauDay(now)}T00:00:00Z`);
  const local = today - time.daysAgo * DAY_MS + (Number(match[1]) * 60 + Number(match[2])) * 60_000;
  return new Date(local - AKTAU_OFFSET_MS);
}

const paragraph = (text: string): BodyBlock => ({ type: 'paragraph', children: [{ type: 'text', text }] });

/** Every story, newest first, with its versions and dates for a newsroom seeded at `now`. */
export function newsroomPlan(now: Date, stories: readonly NewsroomStory[] = NEWSROOM_STORIES): PlannedStory[] {
  return stories
    .map((story) => {
      const versions = (['ru', 'kk'] as const).flatMap((locale): PlannedVersion[] => {
        const text = story[locale];
        if (!text) return [];
        return [
          {
            locale,
            title: text.title,
            slug: toSlug(text.title),
            lead: text.lead,
            body: [...text.body.map(paragraph), paragraph(NEWSROOM_NOTE[locale])],
          },
        ];
      });
      if (versions.length === 0)
        throw new RangeError(
          `a newsroom story (${story.rubric}, ${JSON.stringify(story.published)}) has neither a Russian nor a Kazakh text`,
        );
      const published = publicationInstant(story.published, now);
      return { story, versions, publicationDate: published.toISOString(), day: aktauDay(published) };
    })
    .sort((a, b) => (a.publicationDate < b.publicationDate ? 1 : -1));
}

/** An event's first and last day (`YYYY-MM-DD`; no last day for a one-day event) for a newsroom seeded at `now`. */
export function eventDates(
  event: Pick<NewsroomEventSeed, 'startsInDays' | 'days'>,
  now: Date,
): { startDate: string; endDate: string | null } {
  const start = Date.parse(`${aktauDay(now)}T00:00:00Z`) + event.startsInDays * DAY_MS;
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { startDate: day(start), endDate: event.days > 1 ? day(start + (event.days - 1) * DAY_MS) : null };
}

export { NEWSROOM_EVENTS };
