import { describe, expect, it } from 'vitest';
import { maskPhone, normalizePhone, parsePhoneCountries } from './phone.ts';

describe('normalizePhone', () => {
  it('accepts a Kazakh mobile number however a reader types it, as E.164', () => {
    for (const typed of [
      '+7 701 123 45 67',
      '+7 (701) 123-45-67',
      '8 701 123 45 67',
      '87011234567',
      '701 123 45 67',
      '７０１１２３４５６７',
    ]) {
      expect(normalizePhone(typed, ['KZ']), typed).toBe('+77011234567');
    }
  });

  it('refuses landlines, other countries, too short or too long numbers and anything that is not a number', () => {
    for (const typed of [
      '+7 7272 12 34 56',
      '+7 916 123 45 67',
      '+998 90 123 45 67',
      '701 123',
      '+7701123456789012',
      'seven',
      '',
      '+7 701 123 45 67; DROP TABLE',
    ]) {
      expect(normalizePhone(typed, ['KZ']), typed).toBeNull();
    }
  });

  it('accepts another country only when the operator lists it', () => {
    expect(normalizePhone('+998 90 123 45 67', ['KZ', 'UZ'])).toBe('+998901234567');
    expect(normalizePhone('+7 916 123 45 67', ['KZ', 'RU'])).toBe('+79161234567');
  });
});

describe('maskPhone', () => {
  it('keeps the country code and the last two digits only', () => {
    expect(maskPhone('+77011234567')).toBe('+7 *** *** ** 67');
  });
});

describe('parsePhoneCountries', () => {
  it('reads a comma-separated list of ISO codes and names a code it does not know', () => {
    expect(parsePhoneCountries(' kz, UZ ')).toEqual(['KZ', 'UZ']);
    expect(() => parsePhoneCountries('KZ,XX')).toThrow(/"XX" is not a country code/);
    expect(() => parsePhoneCountries('')).toThrow(/at least one country/);
  });
});
