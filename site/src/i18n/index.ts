/**
 * The UI dictionaries by locale, and the labels built from them.
 */
import type { Locale } from '@tilshi/shared-types';
import { kk } from './kk.ts';
import { pluralLabel } from './plural.ts';
import { ru, type Dictionary } from './ru.ts';

export type { Dictionary };

const dictionaries: Record<Locale, Dictionary> = { ru, kk };

/** The UI strings of a locale. */
export function t(locale: Locale): Dictionary {
  return dictionaries[locale];
}

/** "0 комментариев", "1 комментарий", "2 комментария"; "1 пікір", "5 пікір". */
export function commentCountLabel(n: number, locale: Locale): string {
  return pluralLabel(n, locale, t(locale).commentForms);
}
