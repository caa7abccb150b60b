/**
 * Russian UI strings. This file defines the dictionary's shape (`Dictionary`);
 * kk.ts must provide every key, or the type check fails.
 */
import type { EventKind, LegalForm } from '@tilshi/shared-types';

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

  topStories: 'Главное',
  relatedArticles: 'Читайте также',
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
  // The island's own strings and the plural forms of the count are in comments.ts (shipped to the browser).

  registerTitle: 'Регистрация',
  registerIntro: 'Зарегистрируйтесь, чтобы комментировать материалы. Комментарии публикуются после проверки модератором.',
  registerSubmit: 'Зарегистрироваться',
  loginTitle: 'Вход',
  loginIntro: 'Войдите, чтобы комментировать материалы.',
  loginSubmit: 'Войти',
  authUsername: 'Имя пользователя',
  authUsernameHint: 'От 3 до 30 букв, цифр, точек, дефисов или подчёркиваний. Его увидят другие читатели.',
  authEmail: 'Электронная почта',
  authEmailHint: 'Адрес никому не показывается.',
  authIdentifier: 'E-mail или имя пользователя',
  authPassword: 'Пароль',
  authPasswordHint: 'От 8 до 64 символов, хотя бы одна буква и одна цифра.',
  authHaveAccount: 'Уже зарегистрированы?',
  authNoAccount: 'Ещё нет учётной записи?',
  authNeedsScript: 'Для регистрации и входа нужен включённый JavaScript.',
  authForgot: 'Забыли пароль?',
  authCode: 'Код из письма',
  authCodeHint: '6 цифр. Код действует 15 минут; если письма нет, проверьте папку «Спам» или отправьте форму ещё раз.',
  authCodeSubmit: 'Подтвердить',
  authNewPassword: 'Новый пароль',
  resetTitle: 'Восстановление пароля',
  resetIntro: 'Укажите адрес, с которым вы регистрировались: мы отправим на него код для смены пароля. После смены пароля все ваши сеансы завершатся.',
  resetSubmit: 'Получить код',

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
