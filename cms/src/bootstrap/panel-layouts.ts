import type { Core } from '@strapi/strapi';

/**
 * What editors see in the panel: a Russian description under every field,
 * and list views that show what a newsroom scans for (title, rubric, date;
 * Strapi 5 adds the draft/published status column itself).
 */

type Descriptions = Record<string, string>;

export const FIELD_DESCRIPTIONS: Record<string, Descriptions> = {
  'api::article.article': {
    title: 'Заголовок новости, как на сайте. Из него создаётся адрес страницы (slug).',
    slug: 'Адрес страницы: /news/<slug>/. Можно не заполнять: при сохранении создаётся из заголовка латиницей (русские и казахские буквы); кнопка ↻ покажет его заранее. Уникален в пределах языка.',
    lead: 'Лид: первый абзац, кратко о главном. Показывается в списках, RSS и соцсетях.',
    body: 'Текст материала: абзацы, подзаголовки, цитаты, списки, изображения.',
    publicationDate: 'Дата и время публикации (время Актау). Пусто — подставится момент публикации.',
    sourceAttribution: 'Источник, если материал передан другой организацией, например «Центр общественных коммуникаций».',
    cover: 'Главное фото. Обязательны альтернативный текст и автор фото, иначе материал не опубликовать.',
    gallery: 'Дополнительные фото. Для каждого обязательны альтернативный текст и автор/источник.',
    ageRating: 'Возрастная маркировка материала: 0+, 6+, 12+, 16+ или 18+.',
    rubric: 'Рубрика, в которой выходит материал.',
    tags: 'Теги: сквозные темы, люди, места.',
    authors: 'Авторы материала.',
    event: 'Мероприятие НПО, о котором рассказывает материал: на странице появится карточка события.',
    corrections: 'Журнал исправлений: дата и что исправлено. Показывается читателям.',
    reviewStage:
      'Стадия проверки: черновик → на проверке (репортёр закончил) → готово к публикации (ставит редактор). Фильтр «Стадия» в списке показывает, что ждёт проверки.',
    publishAt:
      'Запланированная публикация: сохраните черновик с этим временем (Актау) — в эту минуту материал опубликуется сам. Пусто — без расписания.',
  },
  'api::rubric.rubric': {
    name: 'Название рубрики на сайте.',
    slug: 'Адрес рубрики: /rubric/<slug>/. Пусто — создаётся из названия при сохранении.',
    description: 'Короткое описание для страницы рубрики и поисковиков.',
    position: 'Порядок в меню: меньше — левее.',
    articles: 'Материалы рубрики (заполняется из материалов).',
  },
  'api::tag.tag': {
    name: 'Название тега.',
    slug: 'Адрес тега: /tag/<slug>/. Пусто — создаётся из названия при сохранении.',
    articles: 'Материалы с этим тегом (заполняется из материалов).',
  },
  'api::author.author': {
    name: 'Имя и фамилия автора, как в подписи.',
    slug: 'Адрес страницы автора: /author/<slug>/. Пусто — создаётся из имени при сохранении.',
    position: 'Должность, например «корреспондент».',
    bio: 'Несколько слов об авторе для его страницы.',
    articles: 'Материалы автора (заполняется из материалов).',
  },
  'api::credit.credit': {
    name: 'Кто автор снимка или откуда он, как в подписи «Фото: …», например «ЦОК Мангистауской области».',
    kind: 'Фотограф, агентство, организация или читатель.',
    url: 'Сайт автора или источника (необязательно), начинается с https://.',
    licenseNote: 'Условия использования: лицензия, разрешение, ограничения.',
  },
  'api::organization.organization': {
    name: 'Полное название организации.',
    shortName: 'Краткое название или аббревиатура, например «Гражданский Альянс».',
    slug: 'Адрес страницы организации: /organizations/<slug>/. Пусто — создаётся из названия при сохранении.',
    legalForm: 'Организационно-правовая форма: НПО, ОЮЛ, НАО, общественный фонд, государственный орган…',
    city: 'Город, где работает организация.',
    url: 'Сайт организации, начинается с https://.',
    eventsOrganized: 'Мероприятия, которые организация провела.',
    eventsSupported: 'Мероприятия, которые организация поддержала.',
  },
  'api::ngo-event.ngo-event': {
    title: 'Название мероприятия.',
    slug: 'Адрес страницы мероприятия: /events/<slug>/. Пусто — создаётся из названия при сохранении.',
    kind: 'Тип: день открытых дверей, форум, грантовый конкурс…',
    startDate: 'Дата начала.',
    startTime: 'Время начала по Актау (необязательно: не выдумывайте, если неизвестно).',
    endDate: 'Дата окончания, если мероприятие длилось несколько дней.',
    city: 'Город проведения.',
    venue: 'Место проведения: здание, адрес, зал.',
    projectName: 'Проект, в рамках которого проходит мероприятие.',
    organizers: 'Организаторы.',
    supporters: 'При поддержке кого проведено мероприятие.',
    participants: 'Группы участников и их число, например «руководители НПО — 26».',
    keyFigures: 'Ключевые цифры: подпись, значение и единица, например «проекты — 33».',
    proposals: 'Предложения, прозвучавшие на мероприятии.',
    quotes: 'Цитаты участников: текст, кто сказал, должность или организация.',
    articles: 'Материалы об этом мероприятии.',
  },
  'api::site-setting.site-setting': {
    siteName: 'Название сайта в шапке и в поисковиках.',
    ageLabel: 'Возрастная метка в шапке сайта, например «18+».',
    telegramUrl: 'Ссылка на Telegram-канал, начинается с https://t.me/.',
    telegramCta: 'Призыв подписаться, например «Подпишись на наш канал в Telegram».',
    telegramCtaNote: 'Подпись под призывом, например «быстро, бесплатно и без рекламы».',
    telegramButton: 'Текст кнопки, например «Подписаться».',
    commentsNotice: 'Текст о том, что комментировать могут только зарегистрированные читатели.',
    commentsDisclaimer: 'Оговорка редакции об ответственности за комментарии.',
  },
  'api::comment.comment': {
    body: 'Текст комментария, как его написал читатель (простой текст; на сайте выводится как текст, не HTML).',
    moderationStatus: 'Модерация: «Ждёт проверки», «Одобрен» — опубликован на сайте, «Отклонён» — не показывается.',
    moderationNote: 'Заметка модератора: почему комментарий задержан или отклонён. Читатели её не видят.',
    article: 'Материал, к которому оставлен комментарий.',
    articleDocumentId: 'documentId материала (заполняет функция комментариев; по нему комментарий выводится на сайте).',
    author: 'Читатель, написавший комментарий.',
    authorId: 'id читателя (заполняет функция комментариев).',
    authorName: 'Имя читателя на момент публикации; на сайте показывается только оно, e-mail — никогда.',
    language: 'Язык сайта, на котором читатель оставил комментарий.',
    idempotencyKey: 'Технический ключ повтора: повторная отправка той же формы не создаёт второй комментарий.',
  },
  'api::banned-word.banned-word': {
    word: 'Стоп-слово целиком, например «дурак». Звёздочка в конце ловит все формы: «дурак*» — дурака, дураки…',
    language: 'Язык слова. Проверяются все слова списка, на каком бы языке ни был комментарий.',
  },
  'media.photo': {
    image: 'Файл изображения (JPEG, PNG, WebP, AVIF).',
    caption: 'Подпись к фото для читателей.',
    alt: 'Альтернативный текст: что изображено, для незрячих читателей и поисковиков. Обязателен.',
    credit: 'Автор или источник фото. Обязателен для публикации.',
  },
  'article.correction': {
    date: 'Когда внесено исправление.',
    note: 'Что было исправлено.',
  },
  'event.participant': {
    group: 'Кто участвовал, например «руководители НПО».',
    count: 'Сколько человек.',
  },
  'event.key-figure': {
    label: 'Что считаем, например «реализуемые проекты».',
    value: 'Число, например 264.',
    unit: 'Единица, например «млн тенге» или «тыс. человек».',
  },
  'event.proposal': {
    text: 'Текст предложения.',
  },
  'event.quote': {
    text: 'Текст цитаты без кавычек.',
    speaker: 'Кто сказал.',
    role: 'Должность или организация говорящего.',
  },
};

/** Columns of list views, per content type. */
const LIST_LAYOUTS: Record<string, string[]> = {
  // The admin adds «Переводы» (locale versions, out of date or not), the status, and the review stage as a badge.
  'api::article.article': ['title', 'rubric', 'reviewStage', 'publicationDate'],
  'api::ngo-event.ngo-event': ['title', 'kind', 'startDate', 'city'],
  'api::organization.organization': ['name', 'shortName', 'legalForm', 'city'],
  'api::credit.credit': ['name', 'kind'],
  'api::comment.comment': ['body', 'article', 'author', 'moderationStatus', 'createdAt'],
  'api::banned-word.banned-word': ['word', 'language', 'updatedAt'],
};

const MAIN_FIELDS: Record<string, string> = {
  'api::article.article': 'title',
  'api::rubric.rubric': 'name',
  'api::tag.tag': 'name',
  'api::author.author': 'name',
  'api::credit.credit': 'name',
  'api::organization.organization': 'name',
  'api::ngo-event.ngo-event': 'title',
  'api::comment.comment': 'body',
  'api::banned-word.banned-word': 'word',
};

type Metadata = { edit?: Record<string, unknown>; list?: Record<string, unknown> };
type Configuration = {
  settings: Record<string, unknown>;
  metadatas: Record<string, Metadata>;
  layouts: { list: string[]; edit: unknown };
};
type ConfigurationService = {
  findConfiguration(target: { uid: string }): Promise<Configuration>;
  updateConfiguration(target: { uid: string }, configuration: Configuration): Promise<unknown>;
};

function withPanelSettings(uid: string, configuration: Configuration): Configuration {
  const metadatas = { ...configuration.metadatas };
  for (const [field, description] of Object.entries(FIELD_DESCRIPTIONS[uid] ?? {})) {
    const metadata = metadatas[field] ?? {};
    metadatas[field] = { ...metadata, edit: { ...metadata.edit, description } };
  }
  const settings = { ...configuration.settings };
  const mainField = MAIN_FIELDS[uid];
  if (mainField) settings.mainField = mainField;
  if (uid === 'api::article.article') {
    settings.defaultSortBy = 'publicationDate';
    settings.defaultSortOrder = 'DESC';
  }
  if (uid === 'api::comment.comment') {
    settings.defaultSortBy = 'createdAt';
    settings.defaultSortOrder = 'DESC';
  }
  const list = LIST_LAYOUTS[uid] ?? configuration.layouts.list;
  return { settings, metadatas, layouts: { ...configuration.layouts, list } };
}

export async function ensurePanelLayouts(strapi: Core.Strapi): Promise<void> {
  const contentManager = strapi.plugin('content-manager');
  for (const uid of Object.keys(FIELD_DESCRIPTIONS)) {
    const service: ConfigurationService = uid.startsWith('api::')
      ? contentManager.service('content-types')
      : contentManager.service('components');
    const current = await service.findConfiguration({ uid });
    const next = withPanelSettings(uid, current);
    if (JSON.stringify(next) !== JSON.stringify({ settings: current.settings, metadatas: current.metadatas, layouts: current.layouts })) {
      await service.updateConfiguration({ uid }, next);
    }
  }
}
