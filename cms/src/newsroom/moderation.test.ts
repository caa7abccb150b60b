import { MODERATION_REASONS as CONTRACT_REASONS } from '@tilshi/shared-types';
import { describe, expect, it } from 'vitest';
import { articleSiteUrl, DECISIONS, MODERATION_REASONS, QUEUE_VIEWS, summariseReports } from './moderation';
import { parseDecision } from './routes';

describe('the moderation queue', () => {
  it('knows the same reasons as the comments function writes (shared-types)', () => {
    expect([...MODERATION_REASONS]).toEqual([...CONTRACT_REASONS]);
  });

  it('has a view of waiting comments and one of reported comments still on the site, and decisions for both', () => {
    expect(Object.keys(QUEUE_VIEWS)).toEqual(['pending', 'reported']);
    expect(QUEUE_VIEWS.reported.where).toEqual({ moderationStatus: 'approved', reportCount: { $gt: 0 } });
    expect([...DECISIONS]).toEqual(['approve', 'keep', 'reject', 'ban', 'premoderate']);
  });

  it('summarises only the reports since the last decision, per reason, most frequent first', () => {
    const row = (reason: string, note: string | null, createdAt: string) => ({ comment: 'c1', readerId: 1, reason, note, createdAt });
    // Newest first, as reportsOf answers; the oldest one was answered by a decision before.
    const rows = [
      row('insult', 'Грубо', '2025-03-03T00:00:00.000Z'),
      row('spam', null, '2025-03-02T00:00:00.000Z'),
      row('insult', null, '2025-03-01T12:00:00.000Z'),
      row('other', 'старая', '2025-03-01T00:00:00.000Z'),
    ];
    expect(summariseReports(3, ['insult', 'spam'], rows, '2025-03-03T00:00:00.000Z')).toEqual({
      count: 3,
      reasons: [
        { reason: 'insult', count: 2 },
        { reason: 'spam', count: 1 },
      ],
      lastAt: '2025-03-03T00:00:00.000Z',
      latest: [
        { reason: 'insult', note: 'Грубо', createdAt: '2025-03-03T00:00:00.000Z' },
        { reason: 'spam', note: null, createdAt: '2025-03-02T00:00:00.000Z' },
        { reason: 'insult', note: null, createdAt: '2025-03-01T12:00:00.000Z' },
      ],
    });
    expect(summariseReports(0, null, rows, null)).toEqual({ count: 0, reasons: [], lastAt: null, latest: [] });
    // A reporter deleted their account: the count stays the comment's, the stored reason is still named.
    expect(summariseReports(2, ['illegal'], [], '2025-03-03T00:00:00.000Z').reasons).toEqual([{ reason: 'illegal', count: 0 }]);
  });

  it('links a comment to the article page in the reader’s language', () => {
    expect(articleSiteUrl('https://tilshi.kz', 'ru', 'parom')).toBe('https://tilshi.kz/news/parom/');
    expect(articleSiteUrl('https://tilshi.kz/', 'kk', 'parom')).toBe('https://tilshi.kz/kk/news/parom/');
    expect(articleSiteUrl(undefined, 'ru', 'parom')).toBeNull();
  });
});

describe('parseDecision', () => {
  const message = (body: unknown): string => {
    try {
      parseDecision(body);
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
    return 'accepted';
  };

  it('accepts a decision on up to 100 comments, trimming the note', () => {
    expect(parseDecision({ decision: 'approve', comments: ['abc123', 'def456'], note: '  спам  ' })).toEqual({
      decision: 'approve',
      comments: ['abc123', 'def456'],
      note: 'спам',
    });
    expect(parseDecision({ decision: 'ban', comments: ['abc123'] }).note).toBeNull();
  });

  it('refuses what is not a decision, naming the field', () => {
    expect(message(null)).toContain('объект JSON');
    expect(message([])).toContain('объект JSON');
    expect(message({ decision: 'delete', comments: ['abc'] })).toContain('«decision»');
    expect(message({ decision: 'approve', comments: [] })).toContain('«comments»');
    expect(message({ decision: 'approve', comments: Array.from({ length: 101 }, (_, index) => `c${index}`) })).toContain('от 1 до 100');
    expect(message({ decision: 'approve', comments: ['abc', "x' OR 1=1"] })).toContain('«comments[1]»');
    expect(message({ decision: 'approve', comments: ['abc'], note: 'я'.repeat(1001) })).toContain('«note»');
  });
});
