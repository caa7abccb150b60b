import { describe, expect, it } from 'vitest';
import settingsRu from '../fixtures/site-settings.json' with { type: 'json' };
import settingsKk from '../fixtures/site-settings.kk.json' with { type: 'json' };
import { changed, issuePaths, REMOVE } from '../test/helpers.ts';
import { siteSettingsResponseSchema } from './site-settings.ts';

describe('siteSettingsResponseSchema', () => {
  it('parses the ru settings Strapi returned', () => {
    expect(siteSettingsResponseSchema.parse(settingsRu)).toEqual(settingsRu);
  });

  it('parses the kk settings, where the optional texts are still null', () => {
    const { data } = siteSettingsResponseSchema.parse(settingsKk);
    expect(data).toMatchObject({ locale: 'kk', siteName: 'Тілші', telegramUrl: null, commentsNotice: null });
  });

  it('rejects a Telegram link that is not a t.me address', () => {
    expect(issuePaths(siteSettingsResponseSchema, changed(settingsRu, ['data', 'telegramUrl'], 'https://telegram.org/tilshi'))).toEqual([
      'data.telegramUrl',
    ]);
  });

  it('rejects settings without the age label', () => {
    expect(issuePaths(siteSettingsResponseSchema, changed(settingsRu, ['data', 'ageLabel'], REMOVE))).toEqual(['data.ageLabel']);
  });
});
