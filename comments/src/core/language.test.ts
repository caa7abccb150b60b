import { describe, expect, it } from 'vitest';
import { languageFromAcceptLanguage, readerLanguage } from './language.ts';

describe('languageFromAcceptLanguage', () => {
  it.each([
    ['kk-KZ,kk;q=0.9,ru;q=0.8', 'kk'],
    ['ru-RU,ru;q=0.9,kk;q=0.8', 'ru'],
    ['en-US,en;q=0.9,kk;q=0.5', 'kk'],
    ['ru;q=0.3,kk;q=0.7', 'kk'],
    ['kk;q=0,ru;q=0.1', 'ru'],
  ])('reads %s as %s', (header, expected) => {
    expect(languageFromAcceptLanguage(header)).toBe(expected);
  });

  it('finds nothing when neither Russian nor Kazakh is accepted', () => {
    expect(languageFromAcceptLanguage('en-US,de;q=0.5')).toBeUndefined();
    expect(languageFromAcceptLanguage(null)).toBeUndefined();
  });
});

describe('readerLanguage', () => {
  const request = (url: string, acceptLanguage?: string) =>
    new Request(url, { headers: acceptLanguage ? { 'Accept-Language': acceptLanguage } : {} });

  it('prefers an explicit locale, then ?locale=, then Accept-Language, then Russian', () => {
    expect(readerLanguage(request('http://x/api/comments?locale=ru', 'kk'), 'kk')).toBe('kk');
    expect(readerLanguage(request('http://x/api/comments?locale=kk', 'ru'))).toBe('kk');
    expect(readerLanguage(request('http://x/api/comments', 'kk'))).toBe('kk');
    expect(readerLanguage(request('http://x/api/comments'))).toBe('ru');
  });

  it('ignores an explicit locale that is not ru or kk', () => {
    expect(readerLanguage(request('http://x/api/comments', 'kk'), 'en')).toBe('kk');
  });
});
