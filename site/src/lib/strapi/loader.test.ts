import { articleMediaPaths, toQueryString } from '@tilshi/shared-types';
import { describe, expect, it } from 'vitest';
import { changedSinceFilter, entryChangedAt } from './loader.ts';

const marker = '2026-12-06T01:58:00.000Z';

describe('the loader’s “changed since”', () => {
  it('asks for entries edited or published since the marker, and for articles whose cover or gallery file changed since', () => {
    expect(changedSinceFilter(marker)).toEqual({ $or: [{ updatedAt: { $gte: marker } }, { publishedAt: { $gte: marker } }] });
    const filter = changedSinceFilter(marker, articleMediaPaths);
    expect(filter.$or).toEqual([
      { updatedAt: { $gte: marker } },
      { publishedAt: { $gte: marker } },
      { cover: { image: { updatedAt: { $gte: marker } } } },
      { gallery: { image: { updatedAt: { $gte: marker } } } },
    ]);
    // As Strapi reads it (deep filters through the component and the media relation).
    expect(decodeURIComponent(toQueryString({ filters: filter }))).toContain(`filters[$or][2][cover][image][updatedAt][$gte]=${marker}`);
  });

  it('moves the sync marker past a replaced file, so the next sync does not fetch its articles again', () => {
    const article = {
      updatedAt: '2026-12-01T10:00:00.000Z',
      publishedAt: '2026-12-01T10:00:05.000Z',
      cover: { image: { updatedAt: '2026-11-30T09:00:00.000Z' } },
      gallery: [{ image: { updatedAt: '2026-12-06T01:58:13.000Z' } }, { image: { updatedAt: '2026-12-02T00:00:00.000Z' } }],
    };
    expect(entryChangedAt(article)).toBe('2026-12-01T10:00:05.000Z');
    expect(entryChangedAt(article, articleMediaPaths)).toBe('2026-12-06T01:58:13.000Z');
    // No cover, an empty gallery, a file without a date: the entry's own times.
    expect(entryChangedAt({ updatedAt: '2026-12-01T10:00:00.000Z', cover: null, gallery: [] }, articleMediaPaths)).toBe(
      '2026-12-01T10:00:00.000Z',
    );
    expect(entryChangedAt({ updatedAt: '2026-12-01T10:00:00.000Z', cover: { image: {} } }, articleMediaPaths)).toBe(
      '2026-12-01T10:00:00.000Z',
    );
  });
});
