import { COMMENT_ERROR_CODES } from '@tilshi/shared-types';
import { describe, expect, it } from 'vitest';
import { CommentsError, ERROR_CATALOG, errorMessage } from './errors.ts';

describe('the error catalogue', () => {
  it('has exactly the codes of the shared contract', () => {
    expect(Object.keys(ERROR_CATALOG).sort()).toEqual([...COMMENT_ERROR_CODES].sort());
  });

  it.each(COMMENT_ERROR_CODES)('has a Russian and a different Kazakh message for %s', (code) => {
    const ru = errorMessage(code, 'ru');
    const kk = errorMessage(code, 'kk');
    expect(ru.length).toBeGreaterThan(5);
    expect(kk.length).toBeGreaterThan(5);
    expect(kk).not.toBe(ru);
  });

  it('gives each code an HTTP error status', () => {
    for (const entry of Object.values(ERROR_CATALOG)) {
      expect(entry.status).toBeGreaterThanOrEqual(400);
      expect(entry.status).toBeLessThan(600);
    }
  });
});

describe('CommentsError', () => {
  it('carries its code, status, details and extra headers', () => {
    const error = new CommentsError('rate_limited', { details: { window: 'minute' }, headers: { 'Retry-After': '60' } });
    expect(error).toMatchObject({ name: 'CommentsError', code: 'rate_limited', status: 429, details: { window: 'minute' } });
    expect(error.headers['Retry-After']).toBe('60');
  });
});
