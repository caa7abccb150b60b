/**
 * The Dzen feed (`/dzen.xml`, `/kk/dzen.xml`): RSS 2.0 with the elements of
 * Dzen's published format, «Разметка и подключение ленты RSS»
 * (https://dzen.ru/help/ru/website/rss-modify) — not the plain RSS of
 * lib/feeds.ts, whose items have only a lead:
 *
 * - namespaces content, dc, media, atom;
 * - per item: title, link, guid (stable: Dzen updates an item by its guid),
 *   pubDate (RFC 822), author, the categories Dzen reads for the kind of
 *   publication (`format-article`), its indexing (`index`) and comments
 *   (`comment-all`), `media:rating` (`adult` for 18+ material, else
 *   `nonadult`), the cover as `enclosure` (an image at least
 *   DZEN_MIN_IMAGE_WIDTH px wide, or none), the lead as description and the
 *   full text in `content:encoded` (HTML of the tags Dzen accepts: p, h2–h4,
 *   blockquote, ul/ol/li, a, b/strong, i/em, u, s, figure, img, figcaption);
 * - only material of the last DZEN_WINDOW_HOURS (Dzen asks for the last two
 *   or three days and ignores what it already imported), at most
 *   DZEN_MAX_ITEMS.
 *
 * Pure string building; the endpoints feed it (src/pages/[...locale]/dzen.xml.ts).
 */
import { escapeHtml } from '@tilshi/shared-types';

export const DZEN_MIN_IMAGE_WIDTH = 700;
export const DZEN_WINDOW_HOURS = 72;
export const DZEN_MAX_ITEMS = 500;

export type DzenImage = {
  url: string;
  width: number;
  type: 'image/jpeg' | 'image/png' | 'image/webp';
  caption: string | null;
  credit: string | null;
};

export type DzenItem = {
  title: string;
  link: string;
  guid: string;
  published: Date;
  author: string | null;
  description: string;
  /** The article's body as HTML (lib/blocks.ts). */
  bodyHtml: string;
  cover: DzenImage | null;
  adult: boolean;
};

export type DzenChannel = { title: string; link: string; description: string; language: string; selfUrl: string };

const xml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
/** CDATA that cannot be closed by the text inside. */
const cdata = (text: string) => `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;

/** The full text for content:encoded: the cover as a figure, then the body. */
export function dzenContent(item: Pick<DzenItem, 'bodyHtml' | 'cover' | 'title'>): string {
  const figure = item.cover
    ? `<figure><img src="${escapeHtml(item.cover.url)}" width="${item.cover.width}"><figcaption>${escapeHtml([item.cover.caption, item.cover.credit].filter(Boolean).join(' '))}</figcaption></figure>`
    : '';
  return `${figure}${item.bodyHtml}`;
}

export function dzenFeedXml(channel: DzenChannel, items: readonly DzenItem[]): string {
  const body = items
    .map((item) => {
      const enclosure =
        item.cover && item.cover.width >= DZEN_MIN_IMAGE_WIDTH ? `<enclosure url="${xml(item.cover.url)}" type="${item.cover.type}"/>` : '';
      return [
        '<item>',
        `<title>${xml(item.title)}</title>`,
        `<link>${xml(item.link)}</link>`,
        `<guid isPermaLink="false">${xml(item.guid)}</guid>`,
        `<pubDate>${item.published.toUTCString().replace('GMT', '+0000')}</pubDate>`,
        item.author ? `<author>${xml(item.author)}</author>` : '',
        '<category>format-article</category><category>index</category><category>comment-all</category>',
        `<media:rating scheme="urn:simple">${item.adult ? 'adult' : 'nonadult'}</media:rating>`,
        enclosure,
        `<description>${cdata(item.description)}</description>`,
        `<content:encoded>${cdata(dzenContent(item))}</content:encoded>`,
        '</item>',
      ].join('');
    })
    .join('\n');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/" xmlns:atom="http://www.w3.org/2005/Atom">',
    '<channel>',
    `<title>${xml(channel.title)}</title>`,
    `<link>${xml(channel.link)}</link>`,
    `<description>${xml(channel.description)}</description>`,
    `<language>${xml(channel.language)}</language>`,
    `<atom:link href="${xml(channel.selfUrl)}" rel="self" type="application/rss+xml"/>`,
    body,
    '</channel>',
    '</rss>',
    '',
  ].join('\n');
}
