/**
 * What editors read in the panel instead of attribute names: the name of
 * every content type and component, the label of every field and list column,
 * and a readable text for every enumeration value, in Russian and Kazakh.
 *
 * Declared once, used twice:
 * - src/bootstrap/panel-labels.ts writes the Russian labels into the content
 *   manager's configuration at every start (edit form and list columns), so
 *   every interface language shows them instead of `publicationDate`;
 * - src/admin/labels.ts turns them into the panel's translation messages
 *   (Strapi looks labels up as `content-manager.content-types.<uid>.<field>`,
 *   component fields as `content-manager.components.<uid>.<field>`, content
 *   type names by their `displayName`, enumeration values by the value
 *   itself), so the Kazakh interface shows the Kazakh ones.
 *
 * A label may name a field that does not exist (yet): it is simply not used.
 */

export type Label = { ru: string; kk: string };
export type TypeLabels = {
  /** The `info.displayName` of the schema: Strapi's translation id of the type's name. */
  displayName: string;
  /** The name editors read in the menu and the list title (plural for collection types). */
  name: Label;
  fields: Record<string, Label>;
};

/** Fields Strapi adds to every content type (list columns, filters, sort options). */
export const SYSTEM_FIELD_LABELS: Record<string, Label> = {
  id: { ru: 'ID', kk: 'ID' },
  documentId: { ru: 'ID документа', kk: 'Құжат ID' },
  createdAt: { ru: 'Создан', kk: 'Құрылған' },
  updatedAt: { ru: 'Изменён', kk: 'Өзгертілген' },
  publishedAt: { ru: 'Опубликован', kk: 'Жарияланған' },
  createdBy: { ru: 'Автор записи', kk: 'Жазбаны құрған' },
  updatedBy: { ru: 'Кто изменил', kk: 'Кім өзгертті' },
  locale: { ru: 'Язык', kk: 'Тіл' },
};

export const CONTENT_TYPE_LABELS: Record<string, TypeLabels> = {
  'api::article.article': {
    displayName: 'Article',
    name: { ru: 'Материалы', kk: 'Материалдар' },
    fields: {
      title: { ru: 'Заголовок', kk: 'Тақырып' },
      slug: { ru: 'Адрес (slug)', kk: 'Мекенжай (slug)' },
      lead: { ru: 'Лид', kk: 'Лид' },
      body: { ru: 'Текст', kk: 'Мәтін' },
      publicationDate: { ru: 'Дата публикации', kk: 'Жариялану күні' },
      publishAt: { ru: 'Опубликовать в', kk: 'Жариялау уақыты' },
      reviewStage: { ru: 'Стадия', kk: 'Саты' },
      translationSource: { ru: 'Переведено с версии', kk: 'Аударылған нұсқа' },
      sourceAttribution: { ru: 'Источник', kk: 'Дереккөз' },
      cover: { ru: 'Главное фото', kk: 'Басты фото' },
      gallery: { ru: 'Галерея', kk: 'Галерея' },
      ageRating: { ru: 'Возрастная маркировка', kk: 'Жас шектеуі' },
      rubric: { ru: 'Рубрика', kk: 'Айдар' },
      tags: { ru: 'Теги', kk: 'Тегтер' },
      authors: { ru: 'Авторы', kk: 'Авторлар' },
      event: { ru: 'Мероприятие НПО', kk: 'ҮЕҰ іс-шарасы' },
      corrections: { ru: 'Исправления', kk: 'Түзетулер' },
    },
  },
  'api::rubric.rubric': {
    displayName: 'Rubric',
    name: { ru: 'Рубрики', kk: 'Айдарлар' },
    fields: {
      name: { ru: 'Название', kk: 'Атауы' },
      slug: { ru: 'Адрес (slug)', kk: 'Мекенжай (slug)' },
      description: { ru: 'Описание', kk: 'Сипаттамасы' },
      position: { ru: 'Порядок в меню', kk: 'Мәзірдегі реті' },
      articles: { ru: 'Материалы', kk: 'Материалдар' },
    },
  },
  'api::tag.tag': {
    displayName: 'Tag',
    name: { ru: 'Теги', kk: 'Тегтер' },
    fields: {
      name: { ru: 'Название', kk: 'Атауы' },
      slug: { ru: 'Адрес (slug)', kk: 'Мекенжай (slug)' },
      articles: { ru: 'Материалы', kk: 'Материалдар' },
    },
  },
  'api::author.author': {
    displayName: 'Author',
    name: { ru: 'Авторы', kk: 'Авторлар' },
    fields: {
      name: { ru: 'Имя', kk: 'Аты-жөні' },
      slug: { ru: 'Адрес (slug)', kk: 'Мекенжай (slug)' },
      position: { ru: 'Должность', kk: 'Лауазымы' },
      bio: { ru: 'Об авторе', kk: 'Автор туралы' },
      articles: { ru: 'Материалы', kk: 'Материалдар' },
      needsReview: { ru: 'Проверить', kk: 'Тексеру керек' },
    },
  },
  'api::credit.credit': {
    displayName: 'Credit',
    name: { ru: 'Авторы фото', kk: 'Фото авторлары' },
    fields: {
      name: { ru: 'Подпись «Фото: …»', kk: '«Фото: …» қолтаңбасы' },
      kind: { ru: 'Кто это', kk: 'Кім' },
      url: { ru: 'Сайт', kk: 'Сайты' },
      licenseNote: { ru: 'Условия использования', kk: 'Пайдалану шарттары' },
      needsReview: { ru: 'Проверить', kk: 'Тексеру керек' },
    },
  },
  'api::organization.organization': {
    displayName: 'Organization',
    name: { ru: 'Организации', kk: 'Ұйымдар' },
    fields: {
      name: { ru: 'Полное название', kk: 'Толық атауы' },
      shortName: { ru: 'Краткое название', kk: 'Қысқа атауы' },
      slug: { ru: 'Адрес (slug)', kk: 'Мекенжай (slug)' },
      legalForm: { ru: 'Форма', kk: 'Ұйымдық-құқықтық нысаны' },
      city: { ru: 'Город', kk: 'Қала' },
      url: { ru: 'Сайт', kk: 'Сайты' },
      eventsOrganized: { ru: 'Провела мероприятия', kk: 'Өткізген іс-шаралары' },
      eventsSupported: { ru: 'Поддержала мероприятия', kk: 'Қолдаған іс-шаралары' },
    },
  },
  'api::ngo-event.ngo-event': {
    displayName: 'NGO event',
    name: { ru: 'Мероприятия НПО', kk: 'ҮЕҰ іс-шаралары' },
    fields: {
      title: { ru: 'Название', kk: 'Атауы' },
      slug: { ru: 'Адрес (slug)', kk: 'Мекенжай (slug)' },
      kind: { ru: 'Тип', kk: 'Түрі' },
      startDate: { ru: 'Дата начала', kk: 'Басталу күні' },
      startTime: { ru: 'Время начала', kk: 'Басталу уақыты' },
      endDate: { ru: 'Дата окончания', kk: 'Аяқталу күні' },
      city: { ru: 'Город', kk: 'Қала' },
      venue: { ru: 'Место', kk: 'Өтетін орны' },
      projectName: { ru: 'Проект', kk: 'Жоба' },
      organizers: { ru: 'Организаторы', kk: 'Ұйымдастырушылар' },
      supporters: { ru: 'При поддержке', kk: 'Қолдау көрсеткендер' },
      participants: { ru: 'Участники', kk: 'Қатысушылар' },
      keyFigures: { ru: 'Ключевые цифры', kk: 'Негізгі көрсеткіштер' },
      proposals: { ru: 'Предложения', kk: 'Ұсыныстар' },
      quotes: { ru: 'Цитаты', kk: 'Дәйексөздер' },
      articles: { ru: 'Материалы', kk: 'Материалдар' },
    },
  },
  'api::site-setting.site-setting': {
    displayName: 'Site settings',
    name: { ru: 'Настройки сайта', kk: 'Сайт баптаулары' },
    fields: {
      siteName: { ru: 'Название сайта', kk: 'Сайт атауы' },
      ageLabel: { ru: 'Возрастная метка', kk: 'Жас белгісі' },
      telegramUrl: { ru: 'Telegram-канал', kk: 'Telegram-арна' },
      telegramCta: { ru: 'Призыв подписаться', kk: 'Жазылуға шақыру' },
      telegramCtaNote: { ru: 'Подпись под призывом', kk: 'Шақыру астындағы жазу' },
      telegramButton: { ru: 'Текст кнопки', kk: 'Түйме мәтіні' },
      commentsNotice: { ru: 'Кто может комментировать', kk: 'Кім пікір жаза алады' },
      commentsDisclaimer: { ru: 'Оговорка о комментариях', kk: 'Пікірлер туралы ескерту' },
    },
  },
  'api::comment.comment': {
    displayName: 'Comment',
    name: { ru: 'Комментарии', kk: 'Пікірлер' },
    fields: {
      body: { ru: 'Текст комментария', kk: 'Пікір мәтіні' },
      moderationStatus: { ru: 'Модерация', kk: 'Модерация' },
      moderationNote: { ru: 'Заметка модератора', kk: 'Модератор жазбасы' },
      moderationReasons: { ru: 'Почему на проверке', kk: 'Неліктен тексеруде' },
      article: { ru: 'Материал', kk: 'Материал' },
      articleDocumentId: { ru: 'ID материала', kk: 'Материал ID' },
      author: { ru: 'Читатель', kk: 'Оқырман' },
      authorId: { ru: 'ID читателя', kk: 'Оқырман ID' },
      authorName: { ru: 'Имя читателя', kk: 'Оқырман аты' },
      language: { ru: 'Язык сайта', kk: 'Сайт тілі' },
      idempotencyKey: { ru: 'Ключ повтора', kk: 'Қайталау кілті' },
      parentDocumentId: { ru: 'Ответ на комментарий (ID)', kk: 'Жауап берілген пікір (ID)' },
      reportCount: { ru: 'Жалобы читателей', kk: 'Оқырмандардың шағымдары' },
      reportReasons: { ru: 'Причины жалоб', kk: 'Шағым себептері' },
      reportedAt: { ru: 'Последняя жалоба', kk: 'Соңғы шағым' },
      replyNotifiedAt: { ru: 'Автору ответа написали', kk: 'Жауап туралы хабарланды' },
    },
  },
  'api::banned-word.banned-word': {
    displayName: 'Banned word',
    name: { ru: 'Стоп-слова', kk: 'Тыйым сөздер' },
    fields: {
      word: { ru: 'Слово', kk: 'Сөз' },
      language: { ru: 'Язык', kk: 'Тіл' },
    },
  },
  'api::import-record.import-record': {
    displayName: 'Import record',
    name: { ru: 'Импорт архива', kk: 'Мұрағат импорты' },
    fields: {
      sourceHash: { ru: 'Отпечаток файла', kk: 'Файл іздері' },
      sourcePath: { ru: 'Файл архива', kk: 'Мұрағат файлы' },
      articleDocumentId: { ru: 'ID материала', kk: 'Материал ID' },
      articleLocale: { ru: 'Язык материала', kk: 'Материал тілі' },
      title: { ru: 'Заголовок', kk: 'Тақырып' },
      publicationDate: { ru: 'Дата публикации', kk: 'Жариялану күні' },
      figures: { ru: 'Что распознано', kk: 'Не танылды' },
      photoCount: { ru: 'Фото', kk: 'Фото' },
      warningCount: { ru: 'Предупреждения', kk: 'Ескертулер' },
    },
  },
  'plugin::users-permissions.user': {
    displayName: 'User',
    name: { ru: 'Читатели', kk: 'Оқырмандар' },
    fields: {
      username: { ru: 'Имя на сайте', kk: 'Сайттағы аты' },
      email: { ru: 'Эл. почта', kk: 'Эл. пошта' },
      provider: { ru: 'Способ входа', kk: 'Кіру тәсілі' },
      password: { ru: 'Пароль', kk: 'Құпиясөз' },
      resetPasswordToken: { ru: 'Токен сброса пароля', kk: 'Құпиясөзді қалпына келтіру токені' },
      confirmationToken: { ru: 'Токен подтверждения', kk: 'Растау токені' },
      confirmed: { ru: 'Почта подтверждена', kk: 'Пошта расталған' },
      blocked: { ru: 'Заблокирован', kk: 'Бұғатталған' },
      role: { ru: 'Роль', kk: 'Рөлі' },
      trusted: { ru: 'Доверенный (без модерации)', kk: 'Сенімді (модерациясыз)' },
      sessionVersion: { ru: 'Версия сеансов', kk: 'Сеанстар нұсқасы' },
      premoderated: { ru: 'Всегда на премодерации', kk: 'Әрдайым алдын ала модерацияда' },
      notifyReplies: { ru: 'Письма об ответах', kk: 'Жауаптар туралы хаттар' },
    },
  },
};

export const COMPONENT_LABELS: Record<string, TypeLabels> = {
  'media.photo': {
    displayName: 'Photo',
    name: { ru: 'Фото', kk: 'Фото' },
    fields: {
      image: { ru: 'Файл', kk: 'Файл' },
      caption: { ru: 'Подпись', kk: 'Сурет астындағы жазу' },
      alt: { ru: 'Альтернативный текст', kk: 'Балама мәтін' },
      credit: { ru: 'Автор фото', kk: 'Фото авторы' },
    },
  },
  'article.correction': {
    displayName: 'Correction',
    name: { ru: 'Исправление', kk: 'Түзету' },
    fields: {
      date: { ru: 'Когда', kk: 'Қашан' },
      note: { ru: 'Что исправлено', kk: 'Не түзетілді' },
    },
  },
  'event.participant': {
    displayName: 'Participant group',
    name: { ru: 'Группа участников', kk: 'Қатысушылар тобы' },
    fields: {
      group: { ru: 'Кто', kk: 'Кімдер' },
      count: { ru: 'Сколько', kk: 'Саны' },
    },
  },
  'event.key-figure': {
    displayName: 'Key figure',
    name: { ru: 'Ключевая цифра', kk: 'Негізгі көрсеткіш' },
    fields: {
      label: { ru: 'Что считаем', kk: 'Не есептеледі' },
      value: { ru: 'Число', kk: 'Саны' },
      unit: { ru: 'Единица', kk: 'Өлшем бірлігі' },
    },
  },
  'event.proposal': {
    displayName: 'Proposal',
    name: { ru: 'Предложение', kk: 'Ұсыныс' },
    fields: {
      text: { ru: 'Текст', kk: 'Мәтін' },
    },
  },
  'event.quote': {
    displayName: 'Quote',
    name: { ru: 'Цитата', kk: 'Дәйексөз' },
    fields: {
      text: { ru: 'Цитата', kk: 'Дәйексөз' },
      speaker: { ru: 'Кто сказал', kk: 'Кім айтты' },
      role: { ru: 'Должность или организация', kk: 'Лауазымы немесе ұйымы' },
    },
  },
};

/**
 * Readable enumeration values. Strapi translates a value by using it as the
 * message id, so one value has one text wherever it appears (`other` is
 * «Другое» both as an event type and a legal form).
 */
export const ENUM_LABELS: Record<string, Label> = {
  // article.ageRating
  age0: { ru: '0+', kk: '0+' },
  age6: { ru: '6+', kk: '6+' },
  age12: { ru: '12+', kk: '12+' },
  age16: { ru: '16+', kk: '16+' },
  age18: { ru: '18+', kk: '18+' },
  // credit.kind
  photographer: { ru: 'Фотограф', kk: 'Фототілші' },
  agency: { ru: 'Агентство', kk: 'Агенттік' },
  organization: { ru: 'Организация', kk: 'Ұйым' },
  reader: { ru: 'Читатель', kk: 'Оқырман' },
  openSources: { ru: 'Открытые источники', kk: 'Ашық дереккөздер' },
  // ngo-event.kind
  open_day: { ru: 'День открытых дверей', kk: 'Ашық есік күні' },
  forum: { ru: 'Форум', kk: 'Форум' },
  grant_contest: { ru: 'Грантовый конкурс', kk: 'Гранттық конкурс' },
  round_table: { ru: 'Круглый стол', kk: 'Дөңгелек үстел' },
  training: { ru: 'Обучение', kk: 'Оқыту' },
  hearing: { ru: 'Общественные слушания', kk: 'Қоғамдық тыңдау' },
  meeting: { ru: 'Встреча', kk: 'Кездесу' },
  other: { ru: 'Другое', kk: 'Басқа' },
  // organization.legalForm
  ngo: { ru: 'НПО', kk: 'ҮЕҰ' },
  oyul: { ru: 'ОЮЛ', kk: 'ЗТБ' },
  nao: { ru: 'НАО', kk: 'КЕАҚ' },
  public_fund: { ru: 'Общественный фонд', kk: 'Қоғамдық қор' },
  public_association: { ru: 'Общественное объединение', kk: 'Қоғамдық бірлестік' },
  state_body: { ru: 'Государственный орган', kk: 'Мемлекеттік орган' },
  company: { ru: 'Компания', kk: 'Компания' },
  // article.reviewStage (the same texts as the newsroom's stage badge, src/admin/newsroom/messages.ts)
  draft: { ru: 'Черновик', kk: 'Нобай' },
  in_review: { ru: 'На проверке', kk: 'Тексеруде' },
  ready: { ru: 'Готово к публикации', kk: 'Жариялауға дайын' },
  // comment.moderationStatus
  pending: { ru: 'Ждёт проверки', kk: 'Тексеруді күтуде' },
  approved: { ru: 'Одобрен', kk: 'Мақұлданған' },
  rejected: { ru: 'Отклонён', kk: 'Қабылданбаған' },
  // comment.language, banned-word.language
  ru: { ru: 'Русский', kk: 'Орыс тілі' },
  kk: { ru: 'Казахский', kk: 'Қазақ тілі' },
};
