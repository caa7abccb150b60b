import { describe, expect, it } from 'vitest';
import { sourceStamp, type TranslatableVersion } from '../document-middlewares/translations';
import { translationState } from './translation-status';

const ru: TranslatableVersion = { documentId: 'a', locale: 'ru', createdAt: '2026-12-01T10:00:00.000Z', title: 'Порт', lead: 'Лид' };
const kk: TranslatableVersion = {
  documentId: 'a',
  locale: 'kk',
  createdAt: '2026-12-01T11:00:00.000Z',
  title: 'Порт (kk)',
  lead: 'Лид',
  translationSource: sourceStamp(ru),
};

describe('the translation state of an article', () => {
  it('calls a translation current while the original is unchanged since it was saved', () => {
    expect(translationState([ru, kk], new Set(['ru']))).toEqual({
      original: 'ru',
      locales: {
        ru: { published: true, original: true, outdated: false, untranslated: false },
        kk: { published: false, original: false, outdated: false, untranslated: false },
      },
    });
  });

  it('calls it out of date once the original’s text changed', () => {
    expect(translationState([{ ...ru, lead: 'Новый лид' }, kk], new Set()).locales.kk?.outdated).toBe(true);
  });

  it('calls it untranslated while it keeps the original’s title', () => {
    expect(translationState([ru, { ...kk, title: 'Порт' }], new Set()).locales.kk?.untranslated).toBe(true);
  });

  it('knows an article in one language only', () => {
    expect(translationState([ru], new Set())).toEqual({
      original: 'ru',
      locales: { ru: { published: false, original: true, outdated: false, untranslated: false } },
    });
  });
});
