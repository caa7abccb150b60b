import { describe, expect, it } from 'vitest';
import events from '../fixtures/ngo-events.json' with { type: 'json' };
import { changed, issuePaths, REMOVE } from '../test/helpers.ts';
import { ngoEventsResponseSchema } from './ngo-event.ts';

describe('ngoEventsResponseSchema', () => {
  it('parses the events Strapi returned for ngoEventQuery, with organizations and every component', () => {
    const [event] = ngoEventsResponseSchema.parse(events).data;
    expect(event).toMatchObject({ kind: 'round_table', startDate: '2026-11-20', startTime: '10:00:00.000', endDate: '2026-11-21' });
    expect(event?.organizers[0]?.shortName).toBe('Зелёный город');
    expect(event?.participants.map((group) => group.count)).toEqual([12, 3]);
    expect(event?.keyFigures.map((figure) => figure.value)).toEqual([1250.5, 3.75]);
    expect(event?.quotes[1]?.role).toBeNull();
    expect(ngoEventsResponseSchema.parse(events)).toEqual(events);
  });

  it('accepts an event without start time or end date', () => {
    const bare = changed(changed(events, ['data', 0, 'startTime'], null), ['data', 0, 'endDate'], null);
    expect(issuePaths(ngoEventsResponseSchema, bare)).toEqual([]);
  });

  it('accepts the time format of PostgreSQL, without milliseconds', () => {
    expect(issuePaths(ngoEventsResponseSchema, changed(events, ['data', 0, 'startTime'], '10:00:00'))).toEqual([]);
  });

  it('rejects an event kind that is not in the CMS enumeration', () => {
    expect(issuePaths(ngoEventsResponseSchema, changed(events, ['data', 0, 'kind'], 'roundtable'))).toEqual(['data.0.kind']);
  });

  it('rejects a date-time where a date belongs', () => {
    expect(issuePaths(ngoEventsResponseSchema, changed(events, ['data', 0, 'startDate'], '2026-11-20T05:00:00.000Z'))).toEqual([
      'data.0.startDate',
    ]);
  });

  it('rejects a participant count that is negative or fractional', () => {
    expect(issuePaths(ngoEventsResponseSchema, changed(events, ['data', 0, 'participants', 0, 'count'], -1))).toEqual([
      'data.0.participants.0.count',
    ]);
    expect(issuePaths(ngoEventsResponseSchema, changed(events, ['data', 0, 'participants', 1, 'count'], 2.5))).toEqual([
      'data.0.participants.1.count',
    ]);
  });

  it('rejects a quote without its speaker', () => {
    expect(issuePaths(ngoEventsResponseSchema, changed(events, ['data', 0, 'quotes', 0, 'speaker'], REMOVE))).toEqual([
      'data.0.quotes.0.speaker',
    ]);
  });

  it('rejects an event fetched without its organizers populated', () => {
    expect(issuePaths(ngoEventsResponseSchema, changed(events, ['data', 0, 'organizers'], REMOVE))).toEqual(['data.0.organizers']);
  });
});
