import { describe, expect, it } from 'vitest';
import {
  dayLabel,
  dayOf,
  eventStartIso,
  formatCalendarDate,
  formatClockTime,
  formatDateTime,
  isoInZone,
  monthLabel,
  monthOf,
} from './format.ts';

describe('dates in Asia/Aqtau', () => {
  it('prints the seed article time 11:03 UTC as 05.11.2022, 16:03', () => {
    expect(formatDateTime('2022-11-05T11:03:00.000Z')).toBe('05.11.2022, 16:03');
  });

  it('gives the machine-readable time the +05:00 offset of the newsroom', () => {
    expect(isoInZone('2022-11-05T11:03:00.000Z')).toBe('2022-11-05T16:03:00+05:00');
  });

  it('files an article published late on the last evening of a month (UTC) under the next month', () => {
    expect(monthOf('2022-11-30T20:30:00.000Z')).toEqual({ year: '2022', month: '12' });
    expect(monthOf('2022-11-30T18:59:00.000Z')).toEqual({ year: '2022', month: '11' });
  });

  it('files an article under its Aktau day: 20:30 UTC on 30 November is 1 December', () => {
    expect(dayOf('2022-11-30T20:30:00.000Z')).toBe('2022-12-01');
    expect(dayOf('2022-11-30T18:59:00.000Z')).toBe('2022-11-30');
  });

  it('names days in Russian and Kazakh', () => {
    expect(dayLabel('2022-11-05', 'ru')).toMatch(/^5 ноября 2022/);
    expect(dayLabel('2022-11-05', 'kk')).toMatch(/қараша/);
    expect(dayLabel('2022-11-05', 'kk')).toMatch(/\b5\b/);
  });

  it('names months in Russian and Kazakh', () => {
    expect(monthLabel('2022', '11', 'ru')).toMatch(/^ноябрь 2022/);
    expect(monthLabel('2022', '11', 'kk')).toMatch(/қараша/);
  });

  it('formats CMS calendar dates and times without shifting them', () => {
    expect(formatCalendarDate('2022-11-05')).toBe('05.11.2022');
    expect(formatClockTime('10:00:00.000')).toBe('10:00');
    expect(eventStartIso('2022-11-05', '10:00:00.000')).toBe('2022-11-05T10:00:00+05:00');
    expect(eventStartIso('2022-11-05', null)).toBe('2022-11-05');
  });

  it('refuses a string that is not a date instead of printing NaN', () => {
    expect(() => formatDateTime('yesterday')).toThrow(RangeError);
  });
});
