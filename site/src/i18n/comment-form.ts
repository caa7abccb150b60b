/**
 * Strings of the comment form (src/scripts/comment-form.ts), which the island
 * loads for signed-in readers only, and of the account page's greeting.
 */
import type { Locale } from '@tilshi/shared-types';

const ru = {
  commentLabel: 'Ваш комментарий',
  commentHint: (min: number, max: number, links: number): string => `От ${min} до ${max} символов, не больше ${links} ссылок.`,
  send: 'Отправить',
  sending: 'Отправляем…',
  signedInAs: (name: string): string => `Вы вошли как ${name}.`,
  logout: 'Выйти',
  draftKept: 'Текст сохранён в этом браузере: его можно отправить ещё раз.',
  replyTo: (name: string): string => `Ответ для ${name}`,
};

export type CommentFormUi = typeof ru;

const kk: CommentFormUi = {
  commentLabel: 'Сіздің пікіріңіз',
  commentHint: (min, max, links) => `${min}–${max} таңба, ${links} сілтемеден артық емес.`,
  send: 'Жіберу',
  sending: 'Жіберілуде…',
  signedInAs: (name) => `Сіз ${name} ретінде кірдіңіз.`,
  logout: 'Шығу',
  draftKept: 'Мәтін осы браузерде сақталды: оны қайта жіберуге болады.',
  replyTo: (name) => `${name} үшін жауап`,
};

export const commentFormUi: Record<Locale, CommentFormUi> = { ru, kk };
