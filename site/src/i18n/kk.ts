/**
 * Kazakh UI strings. Typed as `Dictionary`: a key missing here (or one that
 * ru.ts does not have) is a type error.
 */
import type { Dictionary } from './ru.ts';
import { pluralForms } from './plural.ts';

export const kk: Dictionary = {
  skipToContent: 'Мазмұнға өту',
  mainNav: 'Айдарлар',
  home: 'Басты бет',
  search: 'Іздеу',
  archive: 'Мұрағат',
  languageSwitch: 'Сайт тілі',
  localeName: 'Қазақша',
  notInThisLanguage: 'Бұл материал қазақ тілінде жарияланбаған',
  ageLabelTitle: 'Жас шектеуі',

  latestNews: 'Соңғы жаңалықтар',
  olderInArchive: 'Бұрынғы материалдар — айлар бойынша мұрағатта',
  noArticles: 'Әзірге материал жоқ',
  rubric: 'Айдар',
  tag: 'Тег',
  tags: 'Тегтер',
  author: 'Автор',
  authors: 'Авторлар',
  authorArticles: 'Автордың материалдары',
  published: 'Жарияланды',
  updated: 'Жаңартылды',
  source: 'Дереккөз',
  photo: 'Фото',
  breadcrumbs: 'Навигация тізбегі',

  eventBox: 'Іс-шара туралы',
  eventWhen: 'Қашан',
  eventWhere: 'Қайда',
  eventProject: 'Жоба',
  eventOrganizers: 'Ұйымдастырушылар',
  eventSupporters: 'Қолдау көрсеткендер',
  eventParticipants: 'Қатысушылар',
  eventKeyFigures: 'Сандар',
  eventProposals: 'Ұсыныстар',
  eventQuotes: 'Дәйексөздер',
  eventArticles: 'Іс-шара туралы материалдар',
  eventPage: 'Іс-шара туралы барлық материалдар',
  events: 'Іс-шаралар',
  eventKinds: {
    open_day: 'Ашық есік күні',
    forum: 'Форум',
    grant_contest: 'Гранттық конкурс',
    round_table: 'Дөңгелек үстел',
    training: 'Оқыту',
    hearing: 'Қоғамдық тыңдау',
    meeting: 'Кездесу',
    other: 'Іс-шара',
  },

  organization: 'Ұйым',
  organizationWebsite: 'Ұйымның сайты',
  organizationArticles: 'Ұйым туралы материалдар',
  legalForms: {
    ngo: 'ҮЕҰ',
    oyul: 'Заңды тұлғалар бірлестігі',
    nao: 'Коммерциялық емес акционерлік қоғам',
    public_fund: 'Қоғамдық қор',
    public_association: 'Қоғамдық бірлестік',
    state_body: 'Мемлекеттік орган',
    company: 'Компания',
    other: 'Ұйым',
  },

  corrections: 'Түзетулер',
  telegramCta: 'Telegram-дағы арнамызға жазылыңыз',
  telegramCtaNote: '– жылдам, тегін және жарнамасыз',
  telegramButton: 'Жазылу',

  comments: 'Пікірлер',
  commentsNotice: 'Пікір қалдыру тек тіркелген пайдаланушыларға ғана мүмкін.',
  commentsRegister: 'Тіркеліңіз',
  commentsOr: 'немесе',
  commentsLogin: 'жүйеге кіріңіз',
  /** Kazakh plural categories: one and other; the noun keeps its form after a numeral. */
  commentForms: pluralForms({ one: 'пікір', other: 'пікір' }),

  archiveIndex: 'Айлар бойынша мұрағат',
  archiveTitle: (month: string): string => `Мұрағат: ${month}`,
  archiveArticles: 'Айдың материалдары',

  searchTitle: 'Сайттан іздеу',
  searchLabel: 'Не іздейміз',
  searchButton: 'Табу',
  searchNoResults: 'Ештеңе табылмады',
  searchFound: 'Табылды',
  searchUnavailable: 'Іздеу уақытша қолжетімсіз',
  searchNeedsScript: 'Іздеу үшін JavaScript қосулы болуы керек.',

  notFoundTitle: 'Бет табылмады',
  notFoundText: 'Сілтеме ескірген немесе қате терілген болуы мүмкін. Басты беттен бастаңыз немесе іздеуді пайдаланыңыз.',

  feed: 'RSS арнасы',
  feedTitle: (name: string): string => `${name}: жаңалықтар`,
  footerNote: 'Ақтау мен Маңғыстау облысының өңірлік жаңалықтары',
};
