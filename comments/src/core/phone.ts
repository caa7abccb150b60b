/**
 * Readers' mobile numbers: parsed and checked with libphonenumber-js's
 * mobile-only metadata (a landline or an invalid number is refused), accepted
 * only from the countries the site names (`COMMENTS_PHONE_COUNTRIES`, KZ by
 * default: +7 7xx…; Russia's +7 9xx… is another country), normalised to E.164.
 * The number goes to the CMS, which keeps it out of every API; logs and
 * answers show at most its last two digits (`maskPhone`).
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/mobile';
import { isSupportedCountry } from 'libphonenumber-js';

/** ISO 3166 codes such as "KZ,UZ" → the country list; throws naming the first code it does not know. */
export function parsePhoneCountries(value: string): CountryCode[] {
  const codes = value
    .split(',')
    .map((item) => item.trim().toUpperCase())
    .filter(Boolean);
  if (codes.length === 0) throw new Error('must list at least one country code, e.g. KZ');
  const countries: CountryCode[] = [];
  for (const code of codes) {
    if (!isSupportedCountry(code)) throw new Error(`"${code}" is not a country code libphonenumber knows (e.g. KZ, UZ, KG)`);
    countries.push(code);
  }
  return countries;
}

/**
 * A number as a reader typed it ("+7 701 123-45-67", "8 701 1234567",
 * "701 123 45 67") → E.164 ("+77011234567"), or null when it is not a mobile
 * number of one of `countries` (the first one is assumed when the reader typed
 * no country code; "8…" is the national prefix of Kazakhstan and Russia).
 */
export function normalizePhone(raw: string, countries: readonly CountryCode[]): string | null {
  const text = raw.normalize('NFKC').trim();
  if (text.length === 0 || text.length > 32 || !/^[+\d\s().-]+$/.test(text)) return null;
  const parsed = parsePhoneNumberFromString(text, countries[0]);
  if (!parsed?.isValid() || !parsed.country || !countries.includes(parsed.country)) return null;
  return parsed.number;
}

/** "+77011234567" → "+7 *** *** ** 67": what logs may show. */
export function maskPhone(phone: string): string {
  return `${phone.slice(0, 2)} *** *** ** ${phone.slice(-2)}`;
}
