/**
 * The messages of the newsroom's own panel additions (ids `tilshi.*`), in
 * Russian (also each component's default message) and Kazakh.
 */

/** The «Сайт» widget and side panel (../publish-status.tsx). */
export const SITE_MESSAGES = {
  'tilshi.publish.widget.title': 'Сайт',
  'tilshi.site.unavailable': 'Статус сайта недоступен: {error}',
  'tilshi.site.loading': 'Загрузка…',
  'tilshi.site.not-configured': 'Сервис публикации не настроен (PUBLISH_WEBHOOK_URL).',
  'tilshi.site.unreachable': 'Сервис публикации не отвечает: {error}',
  'tilshi.site.updated': 'Сайт обновлён: {time}',
  'tilshi.site.building': 'Идёт сборка с {time}…',
  'tilshi.site.building-full': 'Идёт полная сборка с {time}…',
  'tilshi.site.queued': 'В очереди: {count}',
  'tilshi.site.up-to-date': 'Все опубликованные изменения на сайте.',
  'tilshi.site.last-build': 'Последняя сборка: {time}, {seconds} с',
  'tilshi.site.failed': 'Сбой {time}: {reason}',
  'tilshi.site.search-pending': 'Поиск по сайту обновится через минуту.',
  'tilshi.site.background': '{what}: обновлено {done} из {total} страниц',
  'tilshi.site.background.tag': 'Тег изменён',
  'tilshi.site.background.author': 'Автор изменён',
  'tilshi.site.background.credit': 'Автор фото изменён',
  'tilshi.site.background.event': 'Событие изменено',
  'tilshi.site.background.organization': 'Организация изменена',
  'tilshi.site.background.file': 'Фото заменено',
  'tilshi.site.background.everything': 'Настройки сайта или рубрики изменены',
} as const;

const SITE_MESSAGES_KK: Record<keyof typeof SITE_MESSAGES, string> = {
  'tilshi.publish.widget.title': 'Сайт',
  'tilshi.site.unavailable': 'Сайт күйі белгісіз: {error}',
  'tilshi.site.loading': 'Жүктелуде…',
  'tilshi.site.not-configured': 'Жариялау қызметі бапталмаған (PUBLISH_WEBHOOK_URL).',
  'tilshi.site.unreachable': 'Жариялау қызметі жауап бермейді: {error}',
  'tilshi.site.updated': 'Сайт жаңартылды: {time}',
  'tilshi.site.building': '{time} бастап жинақталуда…',
  'tilshi.site.building-full': '{time} бастап толық жинақталуда…',
  'tilshi.site.queued': 'Кезекте: {count}',
  'tilshi.site.up-to-date': 'Жарияланған өзгерістердің бәрі сайтта.',
  'tilshi.site.last-build': 'Соңғы жинақ: {time}, {seconds} с',
  'tilshi.site.failed': '{time} сәтсіздік: {reason}',
  'tilshi.site.search-pending': 'Сайттағы іздеу бір минутта жаңарады.',
  'tilshi.site.background': '{what}: {total} беттің {done} жаңартылды',
  'tilshi.site.background.tag': 'Тег өзгертілді',
  'tilshi.site.background.author': 'Автор өзгертілді',
  'tilshi.site.background.credit': 'Фото авторы өзгертілді',
  'tilshi.site.background.event': 'Оқиға өзгертілді',
  'tilshi.site.background.organization': 'Ұйым өзгертілді',
  'tilshi.site.background.file': 'Фото ауыстырылды',
  'tilshi.site.background.everything': 'Сайт баптаулары не айдарлар өзгертілді',
};

/** Translations ru ⇄ kk: the «Перевод» side panel and the «Переводы» list column (../translations-panel.tsx). */
export const TRANSLATION_MESSAGES = {
  'tilshi.translations.column': 'Переводы',
  'tilshi.translations.panel': 'Перевод',
  'tilshi.translations.missing': 'нет',
  'tilshi.translations.original': 'оригинал',
  'tilshi.translations.untranslated': 'не переведён',
  'tilshi.translations.outdated': 'устарел',
  'tilshi.translations.current': 'актуален',
  'tilshi.translations.published': 'опубликован',
  'tilshi.translations.draft': 'черновик',
  'tilshi.translations.not-created': 'не создан',
  'tilshi.translations.only-version': 'Других языковых версий пока нет.',
  'tilshi.translations.unavailable': 'Не удалось узнать состояние переводов.',
  'tilshi.translations.this-is-original': 'Это оригинал. Переводы:',
  'tilshi.translations.original-changed': 'Оригинал ({original}) изменён после последнего сохранения перевода: сверьте текст.',
  'tilshi.translations.confirm': 'Перевод актуален',
  'tilshi.translations.new-version': 'Новая языковая версия: переводится с оригинала ({original}). Сохраните, когда переведёте.',
  'tilshi.translations.matches-original': 'Перевод сделан по последней версии оригинала ({original}).',
  'tilshi.translations.pending':
    '{count, plural, one {Ещё не переведено # поле:} few {Ещё не переведены # поля:} other {Ещё не переведено # полей:}}',
  'tilshi.translations.all-translated': 'Все тексты отличаются от оригинала.',
} as const;

const TRANSLATION_MESSAGES_KK: Record<keyof typeof TRANSLATION_MESSAGES, string> = {
  'tilshi.translations.column': 'Аудармалар',
  'tilshi.translations.panel': 'Аударма',
  'tilshi.translations.missing': 'жоқ',
  'tilshi.translations.original': 'түпнұсқа',
  'tilshi.translations.untranslated': 'аударылмаған',
  'tilshi.translations.outdated': 'ескірген',
  'tilshi.translations.current': 'өзекті',
  'tilshi.translations.published': 'жарияланған',
  'tilshi.translations.draft': 'жоба',
  'tilshi.translations.not-created': 'жасалмаған',
  'tilshi.translations.only-version': 'Басқа тілдегі нұсқасы әзірге жоқ.',
  'tilshi.translations.unavailable': 'Аудармалардың күйін білу мүмкін болмады.',
  'tilshi.translations.this-is-original': 'Бұл түпнұсқа. Аудармалар:',
  'tilshi.translations.original-changed': 'Түпнұсқа ({original}) аударма соңғы рет сақталғаннан кейін өзгерді: мәтінді салыстырыңыз.',
  'tilshi.translations.confirm': 'Аударма өзекті',
  'tilshi.translations.new-version': 'Жаңа тілдік нұсқа: түпнұсқадан ({original}) аударылады. Аударған соң сақтаңыз.',
  'tilshi.translations.matches-original': 'Аударма түпнұсқаның ({original}) соңғы нұсқасы бойынша жасалған.',
  'tilshi.translations.pending': '{count, plural, other {Әлі аударылмаған # өріс:}}',
  'tilshi.translations.all-translated': 'Барлық мәтін түпнұсқадан өзгеше.',
};

/** The «Предпросмотр» side panel (../preview-panel.tsx). */
export const PREVIEW_MESSAGES = {
  'tilshi.preview.panel': 'Предпросмотр на сайте',
  'tilshi.preview.needs-draft': 'Предпросмотр показывает сохранённый черновик: сохраните материал, и кнопки предпросмотра появятся здесь.',
  'tilshi.preview.save-draft': 'Сохранить черновик',
  'tilshi.preview.unsaved-note': 'Есть несохранённые изменения: перед предпросмотром черновик будет сохранён (не опубликован).',
  'tilshi.preview.save-and-open': 'Сохранить и открыть черновик',
  'tilshi.preview.open-draft': 'Открыть черновик',
  'tilshi.preview.open-published': 'Открыть опубликованную версию',
  'tilshi.preview.not-saved': 'Черновик не сохранён: исправьте отмеченные поля и попробуйте снова.',
  'tilshi.preview.unavailable': 'Предпросмотр недоступен: сервер не выдал ссылку (TILSHI_PREVIEW_SECRET не задан?).',
} as const;

const PREVIEW_MESSAGES_KK: Record<keyof typeof PREVIEW_MESSAGES, string> = {
  'tilshi.preview.panel': 'Сайтта алдын ала қарау',
  'tilshi.preview.needs-draft': 'Алдын ала қарау сақталған жобаны көрсетеді: материалды сақтаңыз, сонда батырмалар осында шығады.',
  'tilshi.preview.save-draft': 'Жобаны сақтау',
  'tilshi.preview.unsaved-note': 'Сақталмаған өзгерістер бар: алдын ала қарау алдында жоба сақталады (жарияланбайды).',
  'tilshi.preview.save-and-open': 'Сақтап, жобаны ашу',
  'tilshi.preview.open-draft': 'Жобаны ашу',
  'tilshi.preview.open-published': 'Жарияланған нұсқаны ашу',
  'tilshi.preview.not-saved': 'Жоба сақталмады: белгіленген өрістерді түзетіп, қайталап көріңіз.',
  'tilshi.preview.unavailable': 'Алдын ала қарау қолжетімсіз: сервер сілтеме бермеді (TILSHI_PREVIEW_SECRET берілмеген бе?).',
};

export const TILSHI_RU: Record<string, string> = { ...SITE_MESSAGES, ...TRANSLATION_MESSAGES, ...PREVIEW_MESSAGES };
export const TILSHI_KK: Record<string, string> = { ...SITE_MESSAGES_KK, ...TRANSLATION_MESSAGES_KK, ...PREVIEW_MESSAGES_KK };
