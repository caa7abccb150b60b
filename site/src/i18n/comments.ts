/**
 * The strings of the comments island (what every reader downloads: the list,
 * the count, the notice) and of the browser's request helper; the form's own
 * strings are in i18n/comment-form.ts (loaded for signed-in readers only), the
 * sign-in pages' in i18n/account.ts. ru.ts and kk.ts stay on the build side. `commentCountLabel` lives here so the build and
 * the island count with one function and one set of plural forms.
 *
 * Error messages are not here: the comments function answers them in the
 * reader's language (its stable codes are in @tilshi/shared-types).
 */
import type { Locale } from '@tilshi/shared-types';
import { pluralForms, pluralLabel } from './plural.ts';

const ru = {
  /** Intl.PluralRules categories of Russian: one (1, 21), few (2–4, 22), many (0, 5–20), other (fractions). */
  commentForms: pluralForms({ one: 'комментарий', few: 'комментария', many: 'комментариев', other: 'комментария' }),
  loadMore: 'Показать ещё',
  offline: 'Нет связи с сайтом. Проверьте подключение и попробуйте ещё раз.',
  failed: 'Что-то пошло не так. Попробуйте ещё раз чуть позже.',
  /** Label of the honeypot field (hidden from people; bots fill it in). */
  honeypot: 'Оставьте это поле пустым',
  reply: 'Ответить',
  cancel: 'Отмена',
  report: 'Пожаловаться',
  phoneNeeded: 'Чтобы комментировать, подтвердите номер телефона',
  phoneNeededLink: 'в профиле',
};

/** The shape every locale provides. */
export type CommentsUi = typeof ru;

const kk: CommentsUi = {
  /** Kazakh plural categories: one and other; the noun keeps its form after a numeral. */
  commentForms: pluralForms({ one: 'пікір', other: 'пікір' }),
  loadMore: 'Тағы көрсету',
  offline: 'Сайтпен байланыс жоқ. Қосылымды тексеріп, қайталап көріңіз.',
  failed: 'Бірдеңе дұрыс болмады. Сәлден кейін қайталап көріңіз.',
  honeypot: 'Бұл өрісті бос қалдырыңыз',
  reply: 'Жауап беру',
  cancel: 'Болдырмау',
  report: 'Шағымдану',
  phoneNeeded: 'Пікір қалдыру үшін телефон нөміріңізді растаңыз:',
  phoneNeededLink: 'профильде',
};

export const commentsUi: Record<Locale, CommentsUi> = { ru, kk };

/** "0 комментариев", "1 комментарий", "2 комментария"; "1 пікір", "5 пікір". */
export function commentCountLabel(n: number, locale: Locale): string {
  return pluralLabel(n, locale, commentsUi[locale].commentForms);
}
