import { describe, expect, it } from 'vitest';
import { originalOf, sourceStamp, type TranslatableVersion } from './translations';

const ru: TranslatableVersion = {
  documentId: 'a',
  locale: 'ru',
  createdAt: '2026-12-01T10:00:00.000Z',
  title: 'Порт',
  lead: 'Лид',
  body: [{ type: 'paragraph', children: [{ type: 'text', text: 'Текст' }] }],
  cover: { caption: 'Причал', alt: 'Порт' },
  gallery: [],
};

describe('translation stamps', () => {
  it('change when the original’s text changes, photo captions and alt texts included', () => {
    const stamp = sourceStamp(ru);
    expect(stamp).toMatch(/^ru:[0-9a-f]{20}$/);
    expect(sourceStamp({ ...ru, title: 'Порт Актау' })).not.toBe(stamp);
    expect(sourceStamp({ ...ru, cover: { caption: 'Причал', alt: 'Паром' } })).not.toBe(stamp);
    expect(sourceStamp({ ...ru, gallery: [{ caption: 'Ещё', alt: 'Ещё' }] })).not.toBe(stamp);
  });

  it('stay the same when nothing translatable changed', () => {
    expect(sourceStamp({ ...ru, createdAt: '2026-12-02T00:00:00.000Z', translationSource: 'kk:x' })).toBe(sourceStamp(ru));
  });

  it('take the earliest created locale version as the original', () => {
    const kk = { ...ru, locale: 'kk', createdAt: '2026-12-01T11:00:00.000Z' };
    expect(originalOf([kk, ru])?.locale).toBe('ru');
    expect(originalOf([{ ...kk, createdAt: '2026-11-30T00:00:00.000Z' }, ru])?.locale).toBe('kk');
    expect(originalOf([])).toBeUndefined();
  });
});
