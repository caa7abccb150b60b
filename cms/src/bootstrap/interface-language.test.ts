import { describe, expect, it } from 'vitest';
import { AdminLanguageError, adminLanguage } from './interface-language';

describe('the default interface language of the panel', () => {
  it('is Russian unless ADMIN_LANGUAGE says otherwise', () => {
    expect(adminLanguage({})).toBe('ru');
    expect(adminLanguage({ ADMIN_LANGUAGE: ' ' })).toBe('ru');
    expect(adminLanguage({ ADMIN_LANGUAGE: 'kk' })).toBe('kk');
    expect(adminLanguage({ ADMIN_LANGUAGE: 'en' })).toBe('en');
  });

  it('refuses an unknown language, naming the variable and the choices', () => {
    expect(() => adminLanguage({ ADMIN_LANGUAGE: 'de' })).toThrow(AdminLanguageError);
    expect(() => adminLanguage({ ADMIN_LANGUAGE: 'de' })).toThrow(
      'ADMIN_LANGUAGE must be one of ru, kk, en (the panel\'s default interface language); got "de"',
    );
  });
});
