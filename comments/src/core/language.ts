/**
 * The reader's language (ru or kk) for messages: an explicit `locale` (JSON
 * field or `?locale=`) wins, then the first of ru/kk in `Accept-Language` by
 * preference, then Russian, the site's default.
 */
import { DEFAULT_LOCALE, LOCALES, type Locale } from '@tilshi/shared-types';

function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** `kk-KZ,kk;q=0.9,ru;q=0.8,en;q=0.5` → 'kk'; nothing usable → undefined. */
export function languageFromAcceptLanguage(header: string | null): Locale | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .slice(0, 20)
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((param) => param.trim()).find((param) => param.startsWith('q='));
      const quality = q === undefined ? 1 : Number(q.slice(2));
      return { primary: tag.trim().toLowerCase().split('-')[0], quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((entry) => entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  return ranked.map((entry) => entry.primary).find(isLocale);
}

export function readerLanguage(request: Request, explicit?: unknown): Locale {
  if (isLocale(explicit)) return explicit;
  const fromQuery = new URL(request.url).searchParams.get('locale');
  if (isLocale(fromQuery)) return fromQuery;
  return languageFromAcceptLanguage(request.headers.get('accept-language')) ?? DEFAULT_LOCALE;
}
