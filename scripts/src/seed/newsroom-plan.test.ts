/**
 * The demo newsroom's plan: every rubric and both languages, 36 months with
 * stories from the last hours, dates in Aktau time, slugs unique per
 * language, every relation named in the data defined there.
 */
import { describe, expect, it } from 'vitest';
import { RUBRICS, TAGS } from './data/taxonomy.ts';
import { AUTHORS } from './data/people.ts';
import { ILLUSTRATIONS, NEWSROOM_AUTHORS, NEWSROOM_EVENTS, NEWSROOM_TAGS } from './data/newsroom.ts';
import { aktauDay, eventDates, newsroomPlan, publicationInstant } from './newsroom-plan.ts';

const NOW = new Date('2026-06-15T09:30:00Z'); // 14:30 in Aktau
const plan = newsroomPlan(NOW);

describe('newsroomPlan', () => {
  it('has about forty stories in every rubric, newest first', () => {
    expect(plan.length).toBeGreaterThanOrEqual(38);
    expect(plan.length).toBeLessThanOrEqual(45);
    const rubrics = new Set(plan.map((item) => item.story.rubric));
    expect([...rubrics].sort()).toEqual(RUBRICS.map((rubric) => rubric.ru.slug).sort());
    for (const slug of rubrics) expect(plan.filter((item) => item.story.rubric === slug).length, slug).toBeGreaterThanOrEqual(5);
    const dates = plan.map((item) => item.publicationDate);
    expect([...dates].sort().reverse()).toEqual(dates);
  });

  it('covers both languages: most stories in both, some in Russian or in Kazakh only', () => {
    const kinds = plan.map((item) => item.versions.map((version) => version.locale).join('+'));
    expect(kinds.filter((kind) => kind === 'ru+kk').length).toBeGreaterThan(plan.length / 2);
    expect(kinds.filter((kind) => kind === 'ru').length).toBeGreaterThanOrEqual(3);
    expect(kinds.filter((kind) => kind === 'kk').length).toBeGreaterThanOrEqual(3);
  });

  it('spreads the stories over 36 months, with some from today and yesterday, none in the future', () => {
    const days = plan.map((item) => item.day);
    const today = aktauDay(NOW);
    expect(days.filter((day) => day === today).length).toBeGreaterThanOrEqual(3);
    expect(days.filter((day) => day === '2026-06-14').length).toBeGreaterThanOrEqual(2);
    expect(plan.every((item) => Date.parse(item.publicationDate) <= NOW.getTime())).toBe(true);
    const oldest = plan.at(-1);
    expect(oldest && NOW.getTime() - Date.parse(oldest.publicationDate)).toBeGreaterThan(34 * 30 * 86_400_000);
    expect(oldest && NOW.getTime() - Date.parse(oldest.publicationDate)).toBeLessThan(36.5 * 30.5 * 86_400_000);
    expect(new Set(days.map((day) => day.slice(0, 7))).size).toBeGreaterThanOrEqual(20);
  });

  it('dates a story of N days ago at its Aktau time', () => {
    expect(publicationInstant({ daysAgo: 2, at: '11:20' }, NOW).toISOString()).toBe('2026-06-13T06:20:00.000Z');
    expect(publicationInstant({ hoursAgo: 1 }, NOW).toISOString()).toBe('2026-06-15T08:30:00.000Z');
    expect(() => publicationInstant({ daysAgo: 1, at: '9:5' }, NOW)).toThrow(/not HH:MM/);
    // 23:30 UTC is already the next day in Aktau.
    expect(aktauDay(new Date('2026-06-14T23:30:00Z'))).toBe('2026-06-15');
  });

  it('gives unique slugs per language and ends every body with the demo note', () => {
    for (const locale of ['ru', 'kk'] as const) {
      const slugs = plan.flatMap((item) => item.versions.filter((version) => version.locale === locale).map((version) => version.slug));
      expect(new Set(slugs).size).toBe(slugs.length);
      expect(slugs.every((slug) => /^[a-z0-9-]{10,120}$/.test(slug))).toBe(true);
    }
    for (const version of plan.flatMap((item) => item.versions)) {
      expect(JSON.stringify(version.body.at(-1))).toMatch(/Демонстрационный материал|Демонстрациялық материал/);
    }
  });

  it('names only tags, authors, events and illustrations the seed defines', () => {
    const tags = new Set([...TAGS, ...NEWSROOM_TAGS].map((tag) => tag.ru.slug));
    const authors = new Set([...AUTHORS, ...NEWSROOM_AUTHORS].map((author) => author.slug));
    const events = new Set(NEWSROOM_EVENTS.map((event) => event.ru.slug));
    for (const { story } of plan) {
      for (const tag of story.tags) expect(tags.has(tag), tag).toBe(true);
      for (const author of story.authors) expect(authors.has(author), author).toBe(true);
      if (story.event) expect(events.has(story.event), story.event).toBe(true);
      expect(ILLUSTRATIONS.has(story.illustration), story.illustration).toBe(true);
    }
    // Every event has stories, so its page and the related articles have something to show.
    for (const event of events)
      expect(
        plan.some((item) => item.story.event === event),
        event,
      ).toBe(true);
  });

  it('dates events from the seeding day: start, and an end only for events of several days', () => {
    expect(eventDates({ startsInDays: -12, days: 1 }, NOW)).toEqual({ startDate: '2026-06-03', endDate: null });
    expect(eventDates({ startsInDays: 9, days: 3 }, NOW)).toEqual({ startDate: '2026-06-24', endDate: '2026-06-26' });
  });
});
