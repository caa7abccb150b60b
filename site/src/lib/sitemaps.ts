/**
 * XML of the site's own sitemaps: per-day article sitemaps with hreflang
 * alternates, the Google News sitemap and the sitemap index. Pure string
 * builders; the endpoints under pages/ feed them.
 */
import { isoInZone } from './format.ts';

export function xmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';

export type SitemapUrl = {
  loc: string;
  /** Omitted for pages whose change time is not tracked (the pages sitemap). */
  lastmod?: string;
  /** Every language version including this one; omitted unless the page exists in more than one language. */
  alternates?: ReadonlyArray<{ hreflang: string; href: string }>;
};

/** <urlset> with xhtml:link alternates (only for entries that have them). */
export function urlsetXml(urls: readonly SitemapUrl[]): string {
  const body = urls
    .map((url) => {
      const links = (url.alternates ?? [])
        .map((alt) => `<xhtml:link rel="alternate" hreflang="${xmlEscape(alt.hreflang)}" href="${xmlEscape(alt.href)}"/>`)
        .join('');
      return `<url><loc>${xmlEscape(url.loc)}</loc>${url.lastmod ? `<lastmod>${isoInZone(url.lastmod)}</lastmod>` : ''}${links}</url>`;
    })
    .join('\n');
  return `${XML_HEAD}<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n${body}\n</urlset>\n`;
}

export type NewsUrl = { loc: string; title: string; language: string; publicationName: string; published: string };

/** Google News sitemap (<news:news>), for articles of the last 48 hours. */
export function newsSitemapXml(urls: readonly NewsUrl[]): string {
  const body = urls
    .map(
      (url) =>
        `<url><loc>${xmlEscape(url.loc)}</loc><news:news><news:publication><news:name>${xmlEscape(url.publicationName)}</news:name>` +
        `<news:language>${xmlEscape(url.language)}</news:language></news:publication>` +
        `<news:publication_date>${isoInZone(url.published)}</news:publication_date><news:title>${xmlEscape(url.title)}</news:title></news:news></url>`,
    )
    .join('\n');
  return `${XML_HEAD}<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n${body}\n</urlset>\n`;
}

/** <sitemapindex> listing sitemap files. */
export function sitemapIndexXml(sitemaps: ReadonlyArray<{ loc: string; lastmod?: string | undefined }>): string {
  const body = sitemaps
    .map((s) => `<sitemap><loc>${xmlEscape(s.loc)}</loc>${s.lastmod ? `<lastmod>${isoInZone(s.lastmod)}</lastmod>` : ''}</sitemap>`)
    .join('\n');
  return `${XML_HEAD}<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${body}\n</sitemapindex>\n`;
}

/** The articles of the Google News sitemap: those of every locale published in the window before `now`. */
export function newsSitemapArticles<T extends { date: string }>(
  byLocale: ReadonlyArray<readonly T[]>,
  now: Date,
  windowHours: number,
): T[] {
  return byLocale.flatMap((articles) => articles.filter((article) => isRecent(article.date, now, windowHours)));
}

/** Whether an article published at `published` belongs in a News sitemap built at `now`. */
export function isRecent(published: string, now: Date, windowHours: number): boolean {
  const age = now.getTime() - new Date(published).getTime();
  return age >= 0 && age <= windowHours * 3_600_000;
}

export const xmlResponse = (xml: string): Response => new Response(xml, { headers: { 'Content-Type': 'application/xml; charset=utf-8' } });
