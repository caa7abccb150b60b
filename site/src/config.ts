/**
 * Site-wide constants, declared once: locales and their URL prefixes, the
 * newsroom's time zone and date format, image widths and the length of the
 * "latest N" listings. Everything else reads them from here.
 */
import { DEFAULT_LOCALE, LOCALES, type Locale } from '@tilshi/shared-types';

export { DEFAULT_LOCALE, LOCALES, type Locale };

/** The newsroom is in Aktau: every date on the site is shown in this zone. */
export const TIME_ZONE = 'Asia/Aqtau';

/** How dates look everywhere on the site: 05.11.2022, 16:03. */
export const DATE_TIME_PATTERN = 'dd.MM.yyyy, HH:mm';

/** BCP 47 tags for `lang`, `og:locale`, hreflang and Intl APIs. */
export const LOCALE_TAGS: Record<Locale, { lang: string; og: string; hreflang: string }> = {
  ru: { lang: 'ru', og: 'ru_KZ', hreflang: 'ru' },
  kk: { lang: 'kk', og: 'kk_KZ', hreflang: 'kk' },
};

/** URL prefix of a locale: the default locale lives at the root, Kazakh under /kk/. */
export const LOCALE_PREFIX: Record<Locale, string> = { ru: '', kk: '/kk' };

/** Widths (px) generated for every photo; the browser picks one through srcset. */
export const IMAGE_WIDTHS = [480, 800, 1200] as const;
/** The layout width of the article column, for the `sizes` attribute. */
export const IMAGE_SIZES = '(max-width: 760px) 100vw, 720px';
/** AVIF and WebP sources; WebP is also the `<img>` fallback. */
export const IMAGE_FORMATS = ['avif'] as const;
export const IMAGE_FALLBACK_FORMAT = 'webp';

/**
 * Length of every listing (home, rubric, tag, author, event, organization):
 * the latest N articles. Older ones are reached through the month archives,
 * so adding an article never shifts numbered pages.
 */
export const LATEST_N = 30;

/** Home page: the stories after the lead, as photo cards. */
export const HOME_TOP_CARDS = 6;
/** Home page: the news feed beside the top stories (the latest N; the archive has the rest). */
export const HOME_FEED_ITEMS = 15;
/** Home page: stories in each rubric's block (besides those in the lead and the cards). */
export const HOME_RUBRIC_ITEMS = 4;
/** How many of a rubric's latest a scoped build loads for its block on the home page. */
export const HOME_RUBRIC_DEPTH = 1 + HOME_TOP_CARDS + HOME_RUBRIC_ITEMS;

/** Widths of listing thumbnails: a subset of IMAGE_WIDTHS, so a cover is never encoded twice. */
export const THUMB_WIDTHS = [480, 800] as const;
/** A thumbnail is 7rem wide on phones (beside its title) and a card's width on wider screens. */
export const THUMB_SIZES = '(max-width: 760px) 7rem, 15rem';
/** The home page's lead photo: the full width on phones, the wide column otherwise. */
export const LEAD_PHOTO_SIZES = '(max-width: 760px) 100vw, 46rem';

/** "Read next" at the end of an article: how many (see lib/related.ts for which). */
export const RELATED_N = 4;

/** Items in the RSS feeds. */
export const FEED_ITEMS = 50;

/** The Google News sitemap lists articles published in this window. */
export const NEWS_SITEMAP_WINDOW_HOURS = 48;

/**
 * The pages sitemap (every page but articles) is `/${PAGES_SITEMAP_BASE}-0.xml`,
 * written by src/pages/[pagesSitemap].xml.ts; /sitemap-index.xml lists it.
 */
export const PAGES_SITEMAP_BASE = 'sitemap-pages';
/** One sitemap file holds at most this many URLs (the protocol allows 50 000). */
export const PAGES_SITEMAP_ENTRY_LIMIT = 45_000;
