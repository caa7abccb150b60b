import { describe, expect, it } from 'vitest';
import { absoluteUrl, localeFromParam, localeParam, paths } from './urls.ts';

describe('site URLs', () => {
  it('puts Russian pages at the root and Kazakh ones under /kk/', () => {
    expect(paths.article('ru', 'den-otkrytykh-dverey')).toBe('/news/den-otkrytykh-dverey/');
    expect(paths.article('kk', 'ashyq-esik')).toBe('/kk/news/ashyq-esik/');
    expect(paths.home('ru')).toBe('/');
    expect(paths.home('kk')).toBe('/kk/');
    expect(paths.archive('kk', '2022', '11')).toBe('/kk/archive/2022/11/');
    expect(paths.archiveDay('ru', '2022-11-05')).toBe('/archive/2022/11/05/');
    expect(paths.event('ru', 'npo-day')).toBe('/events/npo-day/');
  });

  it('maps locales to the [...locale] route parameter and back', () => {
    expect(localeParam('ru')).toBeUndefined();
    expect(localeParam('kk')).toBe('kk');
    expect(localeFromParam(undefined)).toBe('ru');
    expect(localeFromParam('kk')).toBe('kk');
    expect(() => localeFromParam('en')).toThrow(RangeError);
  });

  it('makes absolute URLs against the configured site', () => {
    expect(absoluteUrl('/kk/news/x/', 'https://example.kz')).toBe('https://example.kz/kk/news/x/');
    expect(paths.daySitemap('2022-11-05')).toBe('/sitemaps/news-2022-11-05.xml');
  });
});
