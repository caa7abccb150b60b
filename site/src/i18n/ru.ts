/**
 * Russian UI strings. This file defines the dictionary's shape (`Dictionary`);
 * kk.ts must provide every key, or the type check fails.
 */
import type { EventKind, LegalForm } from '@tilshi/shared-types';
import { pluralForms } from './plural.ts';

export const ru = {
  skipToContent: 'Перейти к содержанию',
  mainNav: 'Рубрики',
  home: 'Главная',
  search: 'Поиск',
  archive: 'Архив',
  languageSwitch: 'Язык сайта',
  /** Name of THIS locale, written in it: the label of links that lead here. */
  localeName: 'Русский',
  /** Shown (in this language) where a link to this language's version would be, when there is none. */
  notInThisLanguage: 'Этот материал не опубликован на русском языке',
  ageLabelTitle: 'Возрастное ограничение',

  latestNews: 'Последние новости',
  olderInArchive: 'Более ранние материалы — в архиве по месяцам',
  noArticles: 'Пока нет материалов',
  rubric: 'Рубрика',
  tag: 'Тег',
  tags: 'Теги',
  author: 'Автор',
  authors: 'Авторы',
  authorArticles: 'Материалы автора',
  published: 'Опубликовано',
  updated: 'Обновлено',
  source: 'Источник',
  photo: 'Фото',
  breadcrumbs: 'Навигационная цепочка',

  eventBox: 'О мероприятии',
  eventWhen: 'Когда',
  eventWhere: 'Где',
  eventProject: 'Проект',
  eventOrganizers: 'Организаторы',
  eventSupporters: 'При поддержке',
  eventParticipants: 'Участники',
  eventKeyFigures: 'Цифры',
  eventProposals: 'Предложения',
  eventQuotes: 'Цитаты',
  eventArticles: 'Материалы о мероприятии',
  eventPage: 'Все материалы о мероприятии',
  events: 'Мероприятия',
  eventKinds: {
    open_day: 'День открытых дверей',
    forum: 'Форум',
    grant_contest: 'Грантовый конкурс',
    round_table: 'Круглый стол',
    training: 'Обучение',
    hearing: 'Общественные слушания',
    meeting: 'Встреча',
    other: 'Мероприятие',
  } satisfies Record<EventKind, string>,

  organization: 'Организация',
  organizationWebsite: 'Сайт организации',
  organizationArticles: 'Материалы об организации',
  legalForms: {
    ngo: 'НПО',
    oyul: 'Объединение юридических лиц',
    nao: 'Некоммерческое акционерное общество',
    public_fund: 'Общественный фонд',
    public_association: 'Общественное объединение',
    state_body: 'Государственный орган',
    company: 'Компания',
    other: 'Организация',
  } satisfies Record<LegalForm, string>,

  corrections: 'Исправления',
  telegramCta: 'Подпишитесь на наш канал в Telegram',
  telegramCtaNote: '– быстро, бесплатно и без рекламы',
  telegramButton: 'Подписаться',

  comments: 'Комментарии',
  commentsNotice: 'Комментарии могут оставлять только зарегистрированные пользователи.',
  /** The link words; when the settings notice contains them, they become the links there. */
  commentsRegister: 'Зарегистрируйтесь',
  commentsOr: 'либо',
  commentsLogin: 'авторизуйтесь',
  /** Intl.PluralRules categories of Russian: one (1, 21), few (2–4, 22), many (0, 5–20), other (fractions). */
  commentForms: pluralForms({ one: 'комментарий', few: 'комментария', many: 'комментариев', other: 'комментария' }),

  archiveIndex: 'Архив по месяцам',
  archiveTitle: (month: string): string => `Архив: ${month}`,
  archiveArticles: 'Материалы месяца',

  searchTitle: 'Поиск по сайту',
  searchLabel: 'Что найти',
  searchButton: 'Найти',
  searchNoResults: 'Ничего не найдено',
  searchFound: 'Найдено',
  searchUnavailable: 'Поиск временно недоступен',
  searchNeedsScript: 'Для поиска нужен включённый JavaScript.',

  notFoundTitle: 'Страница не найдена',
  notFoundText: 'Возможно, ссылка устарела или в ней опечатка. Начните с главной страницы или воспользуйтесь поиском.',

  feed: 'RSS-лента',
  feedTitle: (name: string): string => `${name}: новости`,
  footerNote: 'Региональные новости Актау и Мангистауской области',
};

/** The dictionary's shape: every locale provides exactly these keys and types. */
export type Dictionary = typeof ru;
