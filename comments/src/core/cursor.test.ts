import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { CommentsError } from './errors.ts';

describe('list cursor', () => {
  it('round-trips the id of the last comment of a page', () => {
    expect(decodeCursor(encodeCursor(12345))).toBe(12345);
  });

  it('is URL-safe', () => {
    expect(encodeCursor(987654321)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('means the first page when missing or empty', () => {
    expect(decodeCursor(null)).toBeNull();
    expect(decodeCursor('')).toBeNull();
  });

  it.each(['not a cursor', 'YWJj', btoa('c1:0'), btoa('c1:-5'), btoa('c2:5'), 'x'.repeat(41)])(
    'refuses %j with invalid_cursor',
    (cursor) => {
      expect(() => decodeCursor(cursor)).toThrow(CommentsError);
      try {
        decodeCursor(cursor);
      } catch (error) {
        expect(error instanceof CommentsError && error.code).toBe('invalid_cursor');
      }
    },
  );
});
