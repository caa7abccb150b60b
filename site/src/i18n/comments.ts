/**
 * The strings of the comments island and of the register/login scripts: the
 * only part of the UI dictionaries shipped to the browser (ru.ts and kk.ts
 * stay on the build side). `commentCountLabel` lives here so the build and
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
  commentLabel: 'Ваш комментарий',
  commentHint: (min: number, max: number, links: number): string => `От ${min} до ${max} символов, не больше ${links} ссылок.`,
  send: 'Отправить',
  sending: 'Отправляем…',
  signedInAs: (name: string): string => `Вы вошли как ${name}.`,
  logout: 'Выйти',
  loadMore: 'Показать ещё',
  offline: 'Нет связи с сайтом. Проверьте подключение и попробуйте ещё раз.',
  failed: 'Что-то пошло не так. Попробуйте ещё раз чуть позже.',
  draftKept: 'Текст сохранён в этом браузере: его можно отправить ещё раз.',
  /** Label of the honeypot field (hidden from people; bots fill it in). */
  honeypot: 'Оставьте это поле пустым',
  /** Shown when a code was e-mailed (registration, a never confirmed account, password reset). */
  codeSent: (email: string): string => `Если адрес ${email} может получить код, он уже в пути. Введите его ниже.`,
  codeSentTo: 'Мы отправили код на адрес вашей учётной записи. Укажите этот адрес и код.',
  reply: 'Ответить',
  cancel: 'Отмена',
  replyTo: (name: string): string => `Ответ для ${name}`,
  report: 'Пожаловаться',
  reportReasons: { spam: 'Спам', insult: 'Оскорбления', off_topic: 'Не по теме', illegal: 'Нарушает закон', other: 'Другое' },
  reportSend: 'Отправить жалобу',
  reported: 'Жалоба отправлена. Спасибо!',
  phoneNeeded: 'Чтобы комментировать, подтвердите номер телефона',
  phoneNeededLink: 'в профиле',
};

/** The shape every locale provides. */
export type CommentsUi = typeof ru;

const kk: CommentsUi = {
  /** Kazakh plural categories: one and other; the noun keeps its form after a numeral. */
  commentForms: pluralForms({ one: 'пікір', other: 'пікір' }),
  commentLabel: 'Сіздің пікіріңіз',
  commentHint: (min, max, links) => `${min}–${max} таңба, ${links} сілтемеден артық емес.`,
  send: 'Жіберу',
  sending: 'Жіберілуде…',
  signedInAs: (name) => `Сіз ${name} ретінде кірдіңіз.`,
  logout: 'Шығу',
  loadMore: 'Тағы көрсету',
  offline: 'Сайтпен байланыс жоқ. Қосылымды тексеріп, қайталап көріңіз.',
  failed: 'Бірдеңе дұрыс болмады. Сәлден кейін қайталап көріңіз.',
  draftKept: 'Мәтін осы браузерде сақталды: оны қайта жіберуге болады.',
  honeypot: 'Бұл өрісті бос қалдырыңыз',
  codeSent: (email) => `Егер ${email} мекенжайы код ала алатын болса, код жолда. Оны төменде енгізіңіз.`,
  codeSentTo: 'Тіркелгіңіздің мекенжайына код жібердік. Сол мекенжай мен кодты көрсетіңіз.',
  reply: 'Жауап беру',
  cancel: 'Болдырмау',
  replyTo: (name) => `${name} үшін жауап`,
  report: 'Шағымдану',
  reportReasons: { spam: 'Спам', insult: 'Қорлау', off_topic: 'Тақырыпқа қатысы жоқ', illegal: 'Заң бұзады', other: 'Басқа' },
  reportSend: 'Шағым жіберу',
  reported: 'Шағым жіберілді. Рахмет!',
  phoneNeeded: 'Пікір қалдыру үшін телефон нөміріңізді растаңыз:',
  phoneNeededLink: 'профильде',
};

export const commentsUi: Record<Locale, CommentsUi> = { ru, kk };

/** "0 комментариев", "1 комментарий", "2 комментария"; "1 пікір", "5 пікір". */
export function commentCountLabel(n: number, locale: Locale): string {
  return pluralLabel(n, locale, commentsUi[locale].commentForms);
}
