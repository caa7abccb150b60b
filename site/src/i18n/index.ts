/**
 * The UI dictionaries by locale, and the labels built from them.
 */
import type { Locale } from '@tilshi/shared-types';
import { kk } from './kk.ts';
import { ru, type Dictionary } from './ru.ts';

export type { Dictionary };
/** Counted at build time and by the comments island with the same function (i18n/comments.ts). */
export { commentCountLabel, commentsUi, type CommentsUi } from './comments.ts';

const dictionaries: Record<Locale, Dictionary> = { ru, kk };

/** The UI strings of a locale. */
export function t(locale: Locale): Dictionary {
  return dictionaries[locale];
}
