import { MODERATION_REASONS as CONTRACT_REASONS } from '@tilshi/shared-types';
import { describe, expect, it } from 'vitest';
import { articleSiteUrl, DECISIONS, MODERATION_REASONS, QUEUE_VIEWS } from './moderation';
import { parseDecision } from './routes';

describe('the moderation queue', () => {
  it('knows the same reasons as the comments function writes (shared-types)', () => {
    expect([...MODERATION_REASONS]).toEqual([...CONTRACT_REASONS]);
  });

  it('has the pending view, and decisions approve, reject and ban', () => {
    expect(Object.keys(QUEUE_VIEWS)).toEqual(['pending']);
    expect([...DECISIONS]).toEqual(['approve', 'reject', 'ban']);
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
    expect(parseDecision({ decision: 'approve', comments: ['abc123', 'def456'], note: '  спам  ' })).toEqual({ decision: 'approve', comments: ['abc123', 'def456'], note: 'спам' });
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
