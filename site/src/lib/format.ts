/**
 * Dates as the newsroom prints them: always in Asia/Aqtau, `dd.MM.yyyy, HH:mm`
 * whatever the reader's locale, plus the machine-readable forms (ISO 8601 with
 * the zone's offset) and the day and month keys of the archive.
 */
import type { Locale } from '@tilshi/shared-types';
import { TIME_ZONE } from '../config.ts';

type Parts = { year: string; month: string; day: string; hour: string; minute: string; second: string; offset: string };

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'longOffset',
});

/**
 * Parts of the instants already formatted (ISO strings of the CMS): a full build formats each
 * article's dates on its own page, in every listing and day page that shows it and in the feeds,
 * and `formatToParts` was a tenth of the rendering time. Bounded: emptied when full.
 */
const partsCache = new Map<string, Readonly<Parts>>();
const PARTS_CACHE_LIMIT = 200_000;

/** A date's wall-clock parts in the newsroom's zone. */
export function zonedParts(input: string | Date): Readonly<Parts> {
  if (typeof input !== 'string') return computeParts(input, input);
  const known = partsCache.get(input);
  if (known) return known;
  const parts = Object.freeze(computeParts(new Date(input), input));
  if (partsCache.size >= PARTS_CACHE_LIMIT) partsCache.clear();
  partsCache.set(input, parts);
  return parts;
}

function computeParts(date: Date, input: string | Date): Parts {
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a date: ${String(input)}`);
  const parts: Record<string, string> = {};
  for (const part of partsFormat.formatToParts(date)) parts[part.type] = part.value;
  // "GMT+05:00" → "+05:00"; "GMT" (UTC itself) → "+00:00".
  const offset = (parts.timeZoneName ?? 'GMT').replace('GMT', '') || '+00:00';
  return {
    year: parts.year ?? '',
    month: parts.month ?? '',
    day: parts.day ?? '',
    hour: parts.hour ?? '',
    minute: parts.minute ?? '',
    second: parts.second ?? '',
    offset,
  };
}

/** "05.11.2022, 16:03" (DATE_TIME_PATTERN) in Asia/Aqtau. */
export function formatDateTime(input: string | Date): string {
  const p = zonedParts(input);
  return `${p.day}.${p.month}.${p.year}, ${p.hour}:${p.minute}`;
}

/** "05.11, 16:03": the short form of the home page's feed, in Asia/Aqtau. */
export function formatShortDateTime(input: string | Date): string {
  const p = zonedParts(input);
  return `${p.day}.${p.month}, ${p.hour}:${p.minute}`;
}

/** "2022-11-05T16:03:00+05:00": the `datetime` of a <time>, the same instant with the newsroom's offset. */
export function isoInZone(input: string | Date): string {
  const p = zonedParts(input);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${p.offset}`;
}

/** The archive month an instant falls in, in the newsroom's zone: { year: "2022", month: "11" }. */
export function monthOf(input: string | Date): { year: string; month: string } {
  const p = zonedParts(input);
  return { year: p.year, month: p.month };
}

/** The archive day an instant falls in, in the newsroom's zone: "2022-11-05". */
export function dayOf(input: string | Date): string {
  const p = zonedParts(input);
  return `${p.year}-${p.month}-${p.day}`;
}

/** One formatter per locale and form (creating an Intl.DateTimeFormat costs far more than formatting with it). */
const labelFormats = new Map<string, Intl.DateTimeFormat>();

function labelFormat(locale: Locale, form: 'day' | 'month'): Intl.DateTimeFormat {
  const key = `${locale}|${form}`;
  let format = labelFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(
      locale,
      form === 'day'
        ? { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }
        : { month: 'long', year: 'numeric', timeZone: 'UTC' },
    );
    labelFormats.set(key, format);
  }
  return format;
}

/** "5 ноября 2022 г." / "2022 ж. 5 қараша": a day's name for archive headings (`day`: YYYY-MM-DD). */
export function dayLabel(day: string, locale: Locale): string {
  const [year = 0, month = 1, date = 1] = day.split('-').map(Number);
  // Noon UTC of that calendar date: the label names the date itself, whatever the zone.
  return labelFormat(locale, 'day').format(new Date(Date.UTC(year, month - 1, date, 12)));
}

/** "ноябрь 2022 г." / "2022 ж. қараша": a month's name for archive headings. */
export function monthLabel(year: string, month: string, locale: Locale): string {
  // Noon UTC on the 15th is inside the month in every zone.
  return labelFormat(locale, 'month').format(new Date(Date.UTC(Number(year), Number(month) - 1, 15, 12)));
}

/** A calendar date of the CMS ("2022-11-05", no zone) as "05.11.2022". */
export function formatCalendarDate(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`not a calendar date: ${date}`);
  return `${match[3]}.${match[2]}.${match[1]}`;
}

/** A time of the CMS ("16:03:00.000") as "16:03". */
export function formatClockTime(time: string): string {
  return time.slice(0, 5);
}

/** The instant an event starts, ISO with the newsroom's offset (for JSON-LD and <time>). */
export function eventStartIso(startDate: string, startTime: string | null): string {
  if (!startTime) return startDate;
  const offset = zonedParts(`${startDate}T12:00:00Z`).offset;
  return `${startDate}T${startTime.slice(0, 8)}${offset}`;
}
