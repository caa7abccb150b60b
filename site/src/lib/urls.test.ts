import { describe, expect, it } from 'vitest';
import { absoluteUrl, localeFromParam, localeParam, paths, versionedFileUrl } from './urls.ts';

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

  it('versions an uploaded file’s URL by its last change, so that a replaced file (same URL, new bytes) gets new image names', () => {
    const file = { url: '/uploads/mayak_73b1b647.jpg', updatedAt: '2026-12-06T01:30:40.405Z' };
    const before = versionedFileUrl('https://cms.example/uploads/mayak_73b1b647.jpg', file);
    expect(before).toBe(`https://cms.example/uploads/mayak_73b1b647.jpg?v=${Date.parse(file.updatedAt).toString(36)}`);
    expect(versionedFileUrl('https://cms.example/uploads/mayak_73b1b647.jpg', { ...file, updatedAt: '2026-12-06T01:31:02.000Z' })).not.toBe(
      before,
    );
    // A signed URL of a cloud provider keeps its query; a file without a date (a block's old snapshot) is unversioned.
    expect(versionedFileUrl('https://bucket.example/a.jpg?sig=x', file)).toMatch(/^https:\/\/bucket\.example\/a\.jpg\?sig=x&v=[0-9a-z]+$/);
    expect(versionedFileUrl('https://cms.example/uploads/a.jpg', { url: '/uploads/a.jpg' })).toBe('https://cms.example/uploads/a.jpg');
    expect(versionedFileUrl('https://cms.example/uploads/a.jpg', { url: '/uploads/a.jpg', updatedAt: 'not a date' })).toBe(
      'https://cms.example/uploads/a.jpg',
    );
  });
});
