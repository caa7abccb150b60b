/**
 * Publication dates as the newsroom's exports write them, in Asia/Aqtau
 * local time (UTC+5 all year, no DST since 2005):
 *
 *   05.11.2022, 16:03        05.11.2022 16:03        16:03, 05.11.2022
 *   28 августа 2024, 16:03   28 августа 2024 г. в 16:03   16:03, 28 августа 2024
 *   28 тамыз 2024, 16:03     2024 жылғы 28 тамыз, 16:03   28 тамыз 2024 ж. 16:03
 *
 * and the same without the time (the report then says no time was given).
 * `looksLikeDate` recognizes a line that is meant as a date but written in a
 * form not listed above, so the error names that line instead of the next one.
 */

export const AQTAU_OFFSET_HOURS = 5;

const MONTHS: Record<string, number> = {
  // Russian, genitive and nominative
  января: 1,
  январь: 1,
  февраля: 2,
  февраль: 2,
  марта: 3,
  март: 3,
  апреля: 4,
  апрель: 4,
  мая: 5,
  май: 5,
  июня: 6,
  июнь: 6,
  июля: 7,
  июль: 7,
  августа: 8,
  август: 8,
  сентября: 9,
  сентябрь: 9,
  октября: 10,
  октябрь: 10,
  ноября: 11,
  ноябрь: 11,
  декабря: 12,
  декабрь: 12,
  // Kazakh
  қаңтар: 1,
  ақпан: 2,
  наурыз: 3,
  сәуір: 4,
  мамыр: 5,
  маусым: 6,
  шілде: 7,
  тамыз: 8,
  қыркүйек: 9,
  қазан: 10,
  қараша: 11,
  желтоқсан: 12,
};
const MONTH_NAMES = Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join('|');

const TIME = String.raw`(?<hour>\d{1,2}):(?<minute>\d{2})`;
const NUMERIC = String.raw`(?<day>\d{1,2})\.(?<month>\d{1,2})\.(?<year>\d{4})(?:\s*г\.?)?`;
const YEAR_SUFFIX = String.raw`(?:\s*(?:г\.|г|года|ж\.|ж|жыл|жылы))?`;
const WORDED = String.raw`(?<day>\d{1,2})\s+(?<monthName>${MONTH_NAMES})\s+(?<year>\d{4})${YEAR_SUFFIX}`;
const KAZAKH_YEAR_FIRST = String.raw`(?<year>\d{4})\s*(?:жылғы|ж\.|ж)\s+(?<day>\d{1,2})\s+(?<monthName>${MONTH_NAMES})`;
const TIME_JOIN = String.raw`(?:\s*,\s*|\s+в\s+|\s+)`;

const FORMATS: RegExp[] = [NUMERIC, WORDED, KAZAKH_YEAR_FIRST].flatMap((date) => [
  new RegExp(`^${date}${TIME_JOIN}${TIME}$`, 'iu'),
  new RegExp(`^${TIME}\\s*,?\\s*${date}$`, 'iu'),
  new RegExp(`^${date}$`, 'iu'),
]);

export type ParsedDate = { iso: string; hasTime: boolean };

/** An impossible date or time: the line is a date, but not a real one. */
export class InvalidDateError extends Error {}

/** Parses a date line; null when the line is not in a known date format. Throws InvalidDateError for 31.02 or 25:00. */
export function parseDateLine(line: string): ParsedDate | null {
  const text = line.trim().replace(/\s+/gu, ' ');
  for (const format of FORMATS) {
    const groups = format.exec(text)?.groups;
    if (!groups) continue;
    const day = Number(groups.day);
    const month = groups.monthName ? (MONTHS[groups.monthName.toLocaleLowerCase('ru')] ?? 0) : Number(groups.month);
    const year = Number(groups.year);
    const hasTime = groups.hour !== undefined;
    const hour = hasTime ? Number(groups.hour) : 0;
    const minute = hasTime ? Number(groups.minute) : 0;
    const local = new Date(Date.UTC(year, month - 1, day, hour, minute));
    const valid =
      hour < 24 && minute < 60 && local.getUTCFullYear() === year && local.getUTCMonth() === month - 1 && local.getUTCDate() === day;
    if (!valid) throw new InvalidDateError(`${text} is not a real date and time`);
    return { iso: new Date(local.getTime() - AQTAU_OFFSET_HOURS * 3600_000).toISOString(), hasTime };
  }
  return null;
}

const MONTH_WORD = new RegExp(`(?:^|\\s)(?:${MONTH_NAMES})(?:\\s|,|$)`, 'iu');

/** A short line with a year, a time or a month name next to a number: meant as a date. */
export function looksLikeDate(line: string): boolean {
  if (line.length > 60) return false;
  const hasYear = /(?:^|\D)(?:19|20)\d{2}(?:\D|$)/u.test(line);
  const hasTime = /(?:^|\D)\d{1,2}:\d{2}(?:\D|$)/u.test(line);
  const hasMonth = MONTH_WORD.test(line) && /\d/u.test(line);
  const numericDate = /\d{1,4}[./-]\d{1,2}[./-]\d{1,4}/u.test(line);
  const words = line.split(/\s+/u).filter((word) => /\p{L}{3,}/u.test(word) && !MONTH_WORD.test(` ${word} `)).length;
  return (hasTime || hasMonth || numericDate || (hasYear && words === 0)) && words <= 2;
}

export const DATE_FORMATS_HINT = '"dd.mm.yyyy, HH:MM", "HH:MM, dd.mm.yyyy", "28 августа 2024, 16:03" or "28 тамыз 2024, 16:03"';
