/**
 * Site settings (single type) in both locales. The Telegram and comments
 * texts come from the newsroom's page (scripts/seed/article-ngo-open-day-aktau.txt),
 * with «Лада.kz» replaced by our site's name and the punctuation tidied.
 */
import type { Bilingual, SiteSettingsSeed } from './types.ts';

export const SITE_SETTINGS: Bilingual<SiteSettingsSeed> = {
  ru: {
    siteName: 'Новости Актау и Мангыстау',
    ageLabel: '18+',
    telegramUrl: 'https://t.me/aktau_mangystau_news',
    telegramCta: 'Подпишись на наш канал в Telegram',
    telegramCtaNote: '– быстро, бесплатно и без рекламы',
    telegramButton: 'Подписаться',
    commentsNotice: 'Комментарии могут оставлять только зарегистрированные пользователи. Зарегистрируйтесь либо авторизуйтесь.',
    commentsDisclaimer:
      'Содержание комментариев не имеет отношения к редакционной политике сайта «Новости Актау и Мангыстау». Редакция не несёт ответственности за форму и характер комментариев, оставляемых пользователями сайта.',
  },
  kk: {
    siteName: 'Ақтау және Манғыстау жаңалықтары',
    ageLabel: '18+',
    telegramUrl: 'https://t.me/aktau_mangystau_news',
    telegramCta: 'Telegram-дағы арнамызға жазылыңыз',
    telegramCtaNote: '– жылдам, тегін және жарнамасыз',
    telegramButton: 'Жазылу',
    commentsNotice: 'Пікір қалдыру тек тіркелген пайдаланушыларға ғана мүмкін. Тіркеліңіз немесе жүйеге кіріңіз.',
    commentsDisclaimer:
      'Пікірлердің мазмұнының «Ақтау және Манғыстау жаңалықтары» сайтының редакциялық саясатына қатысы жоқ. Редакция сайт пайдаланушылары қалдыратын пікірлердің түрі мен сипаты үшін жауап бермейді.',
  },
};
