import { describe, expect, it } from 'vitest';
import { CommentQueryError, MAX_COUNT_ARTICLES, parseArticleIds, parseReaderId } from './query';

describe('parseArticleIds', () => {
  it('splits a comma-separated list and drops duplicates, keeping the order', () => {
    expect(parseArticleIds('b2,a1,b2')).toEqual(['b2', 'a1']);
  });

  it('accepts the array qs makes of repeated parameters', () => {
    expect(parseArticleIds(['a1', 'b2,c3'])).toEqual(['a1', 'b2', 'c3']);
  });

  it.each([
    ['nothing', undefined],
    ['an empty string', ''],
    ['an id with upper-case letters', 'ABC'],
    ['an injection attempt', "a1' OR 1=1"],
    ['an object', { $ne: 'x' }],
  ])('refuses %s', (_what, raw) => {
    expect(() => parseArticleIds(raw)).toThrow(CommentQueryError);
  });

  it(`refuses more than ${MAX_COUNT_ARTICLES} ids`, () => {
    const many = Array.from({ length: MAX_COUNT_ARTICLES + 1 }, (_, index) => `a${index}`).join(',');
    expect(() => parseArticleIds(many)).toThrow(/at most/);
  });
});

describe('parseReaderId', () => {
  it('reads a positive integer', () => {
    expect(parseReaderId('42')).toBe(42);
  });

  it.each(['0', '-1', '1.5', '1e3', 'abc', '', '99999999999999999'])('refuses %j', (raw) => {
    expect(() => parseReaderId(raw)).toThrow(CommentQueryError);
  });
});
