import { describe, expect, it } from 'vitest';
import { notModified } from './conditional-uploads';

const file = { etag: 'W/"10c-1a2420891e6"', lastModified: 'Fri, 04 Dec 2026 17:09:47 GMT' };

describe('notModified (RFC 9110 preconditions of a GET)', () => {
  it('matches If-None-Match weakly, in a list, and * for any file', () => {
    expect(notModified({ 'if-none-match': 'W/"10c-1a2420891e6"' }, file)).toBe(true);
    expect(notModified({ 'if-none-match': '"10c-1a2420891e6"' }, file)).toBe(true);
    expect(notModified({ 'if-none-match': '"other", W/"10c-1a2420891e6"' }, file)).toBe(true);
    expect(notModified({ 'if-none-match': '*' }, file)).toBe(true);
    expect(notModified({ 'if-none-match': 'W/"10c-1a2420891e7"' }, file)).toBe(false);
    expect(notModified({ 'if-none-match': 'W/"10c-1a2420891e6"' }, { lastModified: file.lastModified })).toBe(false);
  });

  it('lets If-None-Match decide when both are sent: a replaced file within the same second is modified', () => {
    expect(notModified({ 'if-none-match': 'W/"10c-0"', 'if-modified-since': file.lastModified }, file)).toBe(false);
  });

  it('compares If-Modified-Since with Last-Modified, and ignores a date that is not one', () => {
    expect(notModified({ 'if-modified-since': file.lastModified }, file)).toBe(true);
    expect(notModified({ 'if-modified-since': 'Sat, 05 Dec 2026 00:00:00 GMT' }, file)).toBe(true);
    expect(notModified({ 'if-modified-since': 'Fri, 04 Dec 2026 17:09:46 GMT' }, file)).toBe(false);
    expect(notModified({ 'if-modified-since': 'yesterday' }, file)).toBe(false);
    expect(notModified({ 'if-modified-since': file.lastModified }, { etag: file.etag })).toBe(false);
  });

  it('never answers 304 to a request without validators', () => {
    expect(notModified({}, file)).toBe(false);
    expect(notModified({ 'cache-control': 'no-cache' }, file)).toBe(false);
  });
});
