/**
 * Every text of the newsroom's panel pages (moderation, history, audit,
 * review stages), in Russian and Kazakh, declared once. Components read them
 * through react-intl (`msg(key)` → `{ id, defaultMessage }`), and app.tsx
 * hands `newsroomTranslations` to the panel's translations, so an editor who
 * switches the interface to Kazakh gets the Kazakh ones. The Russian text is
 * also the default message: an interface in English still shows Russian.
 */

const MESSAGES = {
  // moderation
  'moderation.menu': { ru: 'Модерация', kk: 'Модерация' },
  'moderation.title': { ru: 'Модерация комментариев', kk: 'Пікірлерді модерациялау' },
  'moderation.subtitle': {
    ru: 'Все комментарии, которые ждут решения, по всем материалам: не опубликованные и те, на которые пожаловались читатели; новые сверху.',
    kk: 'Шешім күтіп тұрған барлық пікірлер, барлық материал бойынша: жарияланбағандар және оқырмандар шағымданғандар; жаңалары жоғарыда.',
  },
  'moderation.count': { ru: 'Ждут решения: {count}', kk: 'Шешім күтуде: {count}' },
  'moderation.view.pending': { ru: 'Ждут проверки', kk: 'Тексеруді күтуде' },
  'moderation.view.reported': { ru: 'Жалобы на сайте', kk: 'Сайттағы шағымдар' },
  'moderation.empty': { ru: 'Очередь пуста: все комментарии проверены.', kk: 'Кезек бос: барлық пікір тексерілді.' },
  'moderation.empty.reported': { ru: 'Жалоб без ответа нет.', kk: 'Жауапсыз шағым жоқ.' },
  'moderation.column.comment': { ru: 'Комментарий', kk: 'Пікір' },
  'moderation.column.article': { ru: 'Материал', kk: 'Материал' },
  'moderation.column.reader': { ru: 'Читатель', kk: 'Оқырман' },
  'moderation.column.reason': { ru: 'Почему на проверке', kk: 'Неліктен тексеруде' },
  'moderation.column.date': { ru: 'Когда', kk: 'Қашан' },
  'moderation.column.actions': { ru: 'Решение', kk: 'Шешім' },
  'moderation.select.all': { ru: 'Выбрать все на странице', kk: 'Беттегінің бәрін таңдау' },
  'moderation.select.one': { ru: 'Выбрать комментарий', kk: 'Пікірді таңдау' },
  'moderation.selected': { ru: 'Выбрано: {count}', kk: 'Таңдалды: {count}' },
  'moderation.approve': { ru: 'Одобрить', kk: 'Мақұлдау' },
  'moderation.reject': { ru: 'Отклонить', kk: 'Қабылдамау' },
  'moderation.ban': { ru: 'Заблокировать читателя', kk: 'Оқырманды бұғаттау' },
  'moderation.keep': { ru: 'Оставить, снять жалобы', kk: 'Қалдыру, шағымдарды алу' },
  'moderation.premoderate': { ru: 'Всегда на премодерацию', kk: 'Әрдайым алдын ала модерацияға' },
  'moderation.approve.selected': { ru: 'Одобрить выбранные', kk: 'Таңдалғандарды мақұлдау' },
  'moderation.reject.selected': { ru: 'Отклонить выбранные', kk: 'Таңдалғандарды қабылдамау' },
  'moderation.ban.selected': { ru: 'Заблокировать авторов', kk: 'Авторларды бұғаттау' },
  'moderation.keep.selected': { ru: 'Оставить выбранные, снять жалобы', kk: 'Таңдалғандарды қалдыру, шағымдарды алу' },
  'moderation.premoderate.selected': { ru: 'Авторов — всегда на премодерацию', kk: 'Авторларды әрдайым алдын ала модерацияға' },
  'moderation.done.approve': { ru: 'Одобрено: {count}. Комментарии уже на сайте.', kk: 'Мақұлданды: {count}. Пікірлер сайтта.' },
  'moderation.done.reject': { ru: 'Отклонено: {count}.', kk: 'Қабылданбады: {count}.' },
  'moderation.done.ban': {
    ru: 'Заблокировано читателей: {readers}; отклонено их комментариев: {count}.',
    kk: 'Бұғатталған оқырмандар: {readers}; қабылданбаған пікірлері: {count}.',
  },
  'moderation.done.keep': {
    ru: 'Жалобы сняты, комментарии остаются на сайте: {count}.',
    kk: 'Шағымдар алынды, пікірлер сайтта қалады: {count}.',
  },
  'moderation.done.premoderate': {
    ru: 'Поставлено на премодерацию читателей: {readers}. Их новые комментарии будут ждать проверки.',
    kk: 'Алдын ала модерацияға қойылған оқырмандар: {readers}. Олардың жаңа пікірлері тексеруді күтеді.',
  },
  'moderation.failed': { ru: 'Не удалось: {error}', kk: 'Болмады: {error}' },
  'moderation.reason.new_reader': { ru: 'Новый читатель', kk: 'Жаңа оқырман' },
  'moderation.reason.banned_words': { ru: 'Стоп-слова', kk: 'Тыйым салынған сөздер' },
  'moderation.reason.links': { ru: 'Ссылки', kk: 'Сілтемелер' },
  'moderation.reason.premoderated_reader': { ru: 'На премодерации', kk: 'Алдын ала модерацияда' },
  'moderation.reason.reader_reports': { ru: 'Жалобы читателей', kk: 'Оқырмандардың шағымдары' },
  'moderation.reader.blocked': { ru: 'заблокирован', kk: 'бұғатталған' },
  'moderation.reader.trusted': { ru: 'доверенный', kk: 'сенімді' },
  'moderation.reader.premoderated': { ru: 'всегда на премодерации', kk: 'әрдайым алдын ала модерацияда' },
  'moderation.reports': { ru: 'Жалоб: {count}', kk: 'Шағымдар: {count}' },
  'moderation.reports.last': { ru: 'последняя {time}', kk: 'соңғысы {time}' },
  'moderation.report.spam': { ru: 'Спам', kk: 'Спам' },
  'moderation.report.insult': { ru: 'Оскорбления', kk: 'Қорлау' },
  'moderation.report.off_topic': { ru: 'Не по теме', kk: 'Тақырыпқа қатысы жоқ' },
  'moderation.report.illegal': { ru: 'Нарушает закон', kk: 'Заң бұзады' },
  'moderation.report.other': { ru: 'Другое', kk: 'Басқа' },
  'moderation.article.site': { ru: 'на сайте', kk: 'сайтта' },
  'moderation.article.panel': { ru: 'в панели', kk: 'панельде' },
  'moderation.article.draft': { ru: 'не опубликован', kk: 'жарияланбаған' },
  'moderation.article.unknown': { ru: 'материал удалён', kk: 'материал жойылған' },
  'moderation.page': { ru: 'Страница {page} из {pages}', kk: '{pages} беттің {page}-і' },
  'common.previous': { ru: 'Назад', kk: 'Артқа' },
  'common.next': { ru: 'Дальше', kk: 'Әрі қарай' },
  'common.loading': { ru: 'Загрузка…', kk: 'Жүктелуде…' },
  'common.error': { ru: 'Ошибка: {error}', kk: 'Қате: {error}' },
  'common.forbidden': {
    ru: 'У вас нет права на эту страницу. Обратитесь к главному редактору.',
    kk: 'Бұл бетке құқығыңыз жоқ. Бас редакторға хабарласыңыз.',
  },

  // history and audit
  'audit.menu': { ru: 'Журнал', kk: 'Журнал' },
  'audit.title': { ru: 'Журнал действий', kk: 'Әрекеттер журналы' },
  'audit.subtitle': {
    ru: 'Кто и когда публиковал, снимал, удалял и восстанавливал материалы, решал судьбу комментариев и блокировал читателей.',
    kk: 'Кім және қашан материалдарды жариялады, алып тастады, жойды, қалпына келтірді, пікірлер туралы шешім қабылдады және оқырмандарды бұғаттады.',
  },
  'audit.filter': { ru: 'Показать', kk: 'Көрсету' },
  'audit.filter.all': { ru: 'Все действия', kk: 'Барлық әрекет' },
  'audit.filter.articles': { ru: 'Публикации, снятия, удаления, восстановления', kk: 'Жариялау, алып тастау, жою, қалпына келтіру' },
  'audit.filter.moderation': { ru: 'Модерация', kk: 'Модерация' },
  'audit.empty': { ru: 'Пока ничего не записано.', kk: 'Әзірге ештеңе жазылмаған.' },
  'audit.column.when': { ru: 'Когда', kk: 'Қашан' },
  'audit.column.who': { ru: 'Кто', kk: 'Кім' },
  'audit.column.action': { ru: 'Действие', kk: 'Әрекет' },
  'audit.column.subject': { ru: 'Что', kk: 'Не' },
  'audit.action.publish': { ru: 'Опубликовал(а)', kk: 'Жариялады' },
  'audit.action.unpublish': { ru: 'Снял(а) с публикации', kk: 'Жариялаудан алып тастады' },
  'audit.action.delete': { ru: 'Удалил(а)', kk: 'Жойды' },
  'audit.action.restore': { ru: 'Восстановил(а) версию', kk: 'Нұсқаны қалпына келтірді' },
  'audit.action.comment_approve': { ru: 'Одобрил(а) комментарий', kk: 'Пікірді мақұлдады' },
  'audit.action.comment_reject': { ru: 'Отклонил(а) комментарий', kk: 'Пікірді қабылдамады' },
  'audit.action.comment_pending': { ru: 'Вернул(а) комментарий на проверку', kk: 'Пікірді тексеруге қайтарды' },
  'audit.action.comment_delete': { ru: 'Удалил(а) комментарий', kk: 'Пікірді жойды' },
  'audit.action.reader_ban': { ru: 'Заблокировал(а) читателя', kk: 'Оқырманды бұғаттады' },
  'audit.action.reader_unban': { ru: 'Разблокировал(а) читателя', kk: 'Оқырманды бұғаттан шығарды' },
  'audit.action.comment_keep': { ru: 'Оставил(а) комментарий, сняв жалобы', kk: 'Шағымдарды алып, пікірді қалдырды' },
  'audit.action.reader_premoderate': { ru: 'Поставил(а) читателя на премодерацию', kk: 'Оқырманды алдын ала модерацияға қойды' },
  'audit.action.reader_unpremoderate': { ru: 'Снял(а) читателя с премодерации', kk: 'Оқырманды алдын ала модерациядан алды' },
  'actor.scheduled': { ru: 'Отложенная публикация', kk: 'Кейінге қалдырылған жариялау' },
  'actor.system': { ru: 'Система', kk: 'Жүйе' },
  'actor.api-token': { ru: 'API-токен «{name}»', kk: '«{name}» API-токені' },
  'actor.reader': { ru: 'Читатель {name}', kk: 'Оқырман {name}' },

  'history.panel.title': { ru: 'История', kk: 'Тарих' },
  'history.panel.none': { ru: 'Версий пока нет: они появятся после сохранения.', kk: 'Нұсқалар әлі жоқ: сақтағаннан кейін пайда болады.' },
  'history.panel.all': { ru: 'Все версии и сравнение', kk: 'Барлық нұсқа және салыстыру' },
  'history.title': { ru: 'История версий', kk: 'Нұсқалар тарихы' },
  'history.subtitle': {
    ru: 'Каждое сохранение и публикация — отдельная версия: кто, когда и что изменил.',
    kk: 'Әр сақтау мен жариялау — жеке нұсқа: кім, қашан және не өзгертті.',
  },
  'history.back': { ru: 'К материалу', kk: 'Материалға' },
  'history.locale': { ru: 'Язык', kk: 'Тіл' },
  'history.event.create': { ru: 'Создан', kk: 'Құрылды' },
  'history.event.update': { ru: 'Сохранён', kk: 'Сақталды' },
  'history.event.publish': { ru: 'Опубликован', kk: 'Жарияланды' },
  'history.event.discard': { ru: 'Черновик отменён', kk: 'Нобай болдырылмады' },
  'history.event.restore': { ru: 'Восстановлена версия №{from}', kk: '№{from} нұсқа қалпына келтірілді' },
  'history.version': { ru: 'Версия №{id}', kk: '№{id} нұсқа' },
  'history.changed': { ru: 'Изменено: {fields}', kk: 'Өзгертілді: {fields}' },
  'history.unchanged': { ru: 'Без изменений текста', kk: 'Мәтін өзгермеген' },
  'history.against.previous': { ru: 'Что изменилось в этой версии', kk: 'Бұл нұсқада не өзгерді' },
  'history.against.current': { ru: 'Отличия от текущего черновика', kk: 'Қазіргі нобайдан айырмашылық' },
  'history.no.changes': { ru: 'Отличий нет.', kk: 'Айырмашылық жоқ.' },
  'history.restore': { ru: 'Восстановить эту версию', kk: 'Осы нұсқаны қалпына келтіру' },
  'history.restore.title': { ru: 'Восстановить версию №{id}?', kk: '№{id} нұсқаны қалпына келтіру керек пе?' },
  'history.restore.body': {
    ru: 'Текст этой версии станет новым черновиком. Опубликованная версия на сайте не изменится, пока вы не нажмёте «Опубликовать». Адрес страницы, дата публикации и стадия проверки останутся прежними.',
    kk: 'Осы нұсқаның мәтіні жаңа нобай болады. Сайттағы жарияланған нұсқа «Жариялау» баспайынша өзгермейді. Бет мекенжайы, жариялану күні және тексеру сатысы сол күйінде қалады.',
  },
  'history.restore.confirm': { ru: 'Восстановить', kk: 'Қалпына келтіру' },
  'history.restore.cancel': { ru: 'Отмена', kk: 'Болдырмау' },
  'history.restore.done': { ru: 'Версия №{id} восстановлена как черновик.', kk: '№{id} нұсқа нобай ретінде қалпына келтірілді.' },
  'history.restore.missing': { ru: 'Не восстановлено (больше не существует): {missing}', kk: 'Қалпына келтірілмеді (енді жоқ): {missing}' },
  'history.before': { ru: 'было', kk: 'бұрын' },
  'history.after': { ru: 'стало', kk: 'қазір' },

  // fields of an article, as versions name them
  'field.title': { ru: 'Заголовок', kk: 'Тақырып' },
  'field.slug': { ru: 'Адрес (slug)', kk: 'Мекенжай (slug)' },
  'field.lead': { ru: 'Лид', kk: 'Лид' },
  'field.body': { ru: 'Текст', kk: 'Мәтін' },
  'field.publicationDate': { ru: 'Дата публикации', kk: 'Жариялану күні' },
  'field.publishAt': { ru: 'Опубликовать в', kk: 'Жариялау уақыты' },
  'field.reviewStage': { ru: 'Стадия', kk: 'Саты' },
  'field.sourceAttribution': { ru: 'Источник', kk: 'Дереккөз' },
  'field.cover': { ru: 'Главное фото', kk: 'Басты фото' },
  'field.gallery': { ru: 'Галерея', kk: 'Галерея' },
  'field.ageRating': { ru: 'Возрастная маркировка', kk: 'Жас шектеуі' },
  'field.rubric': { ru: 'Рубрика', kk: 'Айдар' },
  'field.tags': { ru: 'Теги', kk: 'Тегтер' },
  'field.authors': { ru: 'Авторы', kk: 'Авторлар' },
  'field.event': { ru: 'Мероприятие', kk: 'Іс-шара' },
  'field.corrections': { ru: 'Исправления', kk: 'Түзетулер' },

  // review stages and the publish button
  'stage.draft': { ru: 'Черновик', kk: 'Нобай' },
  'stage.in_review': { ru: 'На проверке', kk: 'Тексеруде' },
  'stage.ready': { ru: 'Готово к публикации', kk: 'Жариялауға дайын' },
  'publish.refused.title': { ru: 'Публикует редактор', kk: 'Редактор жариялайды' },
  'publish.refused.body': {
    ru: 'У вашей роли нет права публиковать. Поставьте стадию «На проверке» и сохраните материал: редактор увидит его в списке (фильтр «Стадия») и опубликует.',
    kk: 'Сіздің рөліңізде жариялау құқығы жоқ. «Тексеруде» сатысын қойып, материалды сақтаңыз: редактор оны тізімнен («Саты» сүзгісі) көріп, жариялайды.',
  },
  'publish.refused.ok': { ru: 'Понятно', kk: 'Түсінікті' },
} as const satisfies Record<string, { ru: string; kk: string }>;

export type MessageKey = keyof typeof MESSAGES;

const PREFIX = 'tilshi.newsroom.';

/** A message descriptor for react-intl's formatMessage. */
export function msg(key: MessageKey): { id: string; defaultMessage: string } {
  return { id: `${PREFIX}${key}`, defaultMessage: MESSAGES[key].ru };
}

/** Whether a key names a message (e.g. `field.<attribute>` for a field a version changed). */
export function isMessageKey(key: string): key is MessageKey {
  return key in MESSAGES;
}

/**
 * The enumeration values of the article's review stage, translated the way
 * the Content Manager translates enumeration options (id = the value) in the
 * form and in the list's filter.
 */
const STAGE_VALUES = ['draft', 'in_review', 'ready'] as const;

/** Translations for app.tsx's `config.translations`, per admin locale. */
export function newsroomTranslations(): { ru: Record<string, string>; kk: Record<string, string> } {
  const ru: Record<string, string> = {};
  const kk: Record<string, string> = {};
  for (const [key, text] of Object.entries(MESSAGES)) {
    ru[`${PREFIX}${key}`] = text.ru;
    kk[`${PREFIX}${key}`] = text.kk;
  }
  for (const value of STAGE_VALUES) {
    const text = MESSAGES[`stage.${value}`];
    ru[value] = text.ru;
    kk[value] = text.kk;
  }
  return { ru, kk };
}
