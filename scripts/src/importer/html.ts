/**
 * A saved HTML article page of a news site → the same article as a text
 * export gives. The article is extracted by Mozilla's Readability (Firefox's
 * reader view) on a linkedom DOM — no hand-written guessing of which <div>
 * is the text. What the importer adds on top:
 *
 * - metadata Readability does not give: the publication date from
 *   `article:published_time`, JSON-LD `datePublished`, `<time datetime>` or a
 *   visible date line; the title from `og:title` / `<h1>` (without the site
 *   name); the page's `lang` as a hint only (old sites put lang="ru" on Kazakh
 *   pages);
 * - the extracted content walked into items (paragraphs with links and
 *   bold/italic, headings, lists, blockquotes, figures with captions), to
 *   which the rules of ./article.ts apply as to text exports: credit lines
 *   («Фото: …» in a caption or a paragraph), «Источник:», «Автор:», quotes,
 *   «Читайте также», the site's boilerplate;
 * - images: a relative `src` is a file saved next to the page
 *   («page_files/photo.jpg»), which the importer uploads; an absolute URL is
 *   referenced (the photo slot gets a placeholder and the caption names the
 *   URL), never downloaded.
 *
 * Line numbers are where the text first appears in the saved file (best
 * effort: entities and markup inside a paragraph may hide it).
 */
import path from 'node:path';
import { Readability } from '@mozilla/readability';
import type { InlineNode, TextNode } from '@tilshi/shared-types';
import { isAllowedLinkUrl } from '@tilshi/shared-types';
import { parseHTML } from 'linkedom';
import type { Locale } from '@tilshi/shared-types';
import { buildArticle, LIMITS, type ArticleItem, type ImageRef, type Note, type ParsedArticle } from './article.ts';
import { authorLine, creditLine } from './bylines.ts';
import { AQTAU_OFFSET_HOURS, DATE_FORMATS_HINT, InvalidDateError, parseDateLine } from './dates.ts';
import { decodeExport } from './decode.ts';
import { ImportParseError } from './errors.ts';

/** The DOM as this module uses it (linkedom's nodes), without the browser's lib. */
type DomNode = {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  parentNode: DomNode | null;
  getAttribute?(name: string): string | null;
  querySelector?(selector: string): DomNode | null;
  querySelectorAll?(selector: string): ArrayLike<DomNode>;
};
type DomDocument = DomNode & {
  documentElement: DomNode;
  querySelector(selector: string): DomNode | null;
  querySelectorAll(selector: string): ArrayLike<DomNode>;
};

const ELEMENT = 1;
const TEXT = 3;
const clean = (value: string) =>
  value
    .replace(/[\u00A0\u2007\u202F]/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
const tag = (node: DomNode) => node.nodeName.toLowerCase();
const attr = (node: DomNode, name: string) => node.getAttribute?.(name) ?? null;

export function looksLikeHtml(text: string): boolean {
  return /^\s*(?:<!doctype html|<html[\s>]|<head[\s>]|<meta\s)/iu.test(text.slice(0, 2000));
}

// --- metadata ----------------------------------------------------------------------

function metaContent(document: DomDocument, selectors: string[]): string | null {
  for (const selector of selectors) {
    const value = document.querySelector(selector)?.getAttribute?.('content');
    if (value && clean(value) !== '') return clean(value);
  }
  return null;
}

function jsonLdDate(document: DomDocument): string | null {
  for (const script of Array.from(document.querySelectorAll('script[type="application/ld+json"]'))) {
    const match = /"datePublished"\s*:\s*"([^"]+)"/u.exec(script.textContent ?? '');
    if (match?.[1]) return match[1];
  }
  return null;
}

/** An ISO 8601 date with or without an offset; without one it is Aqtau time. */
function isoDate(value: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?$/u.exec(value.trim());
  if (!match) return null;
  const [, year, month, day, hour = '00', minute = '00', second = '00', zone] = match;
  const offset =
    zone === undefined
      ? `+0${AQTAU_OFFSET_HOURS}:00`
      : zone === 'Z'
        ? 'Z'
        : zone.includes(':')
          ? zone
          : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const date = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}${offset}`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

type Located = { text: string; line: number };

function findDate(
  document: DomDocument,
  lineOf: (text: string) => number,
  source: string | null,
): { iso: string; from: string; hasTime: boolean } {
  const candidates: Array<{ value: string | null; from: string }> = [
    {
      value: metaContent(document, [
        'meta[property="article:published_time"]',
        'meta[name="article:published_time"]',
        'meta[itemprop="datePublished"]',
        'meta[name="pubdate"]',
        'meta[name="date"]',
      ]),
      from: "the page's article:published_time",
    },
    { value: jsonLdDate(document), from: "the page's JSON-LD datePublished" },
    { value: document.querySelector('time[datetime]')?.getAttribute?.('datetime') ?? null, from: 'the <time datetime> of the page' },
  ];
  for (const candidate of candidates) {
    if (!candidate.value) continue;
    const iso = isoDate(candidate.value);
    if (!iso)
      throw new ImportParseError({
        line: lineOf(candidate.value),
        expected: 'an ISO 8601 date (2024-08-28T16:03:00+05:00)',
        found: `«${candidate.value}» in ${candidate.from}`,
        source,
      });
    return { iso, from: `${candidate.from} «${candidate.value}»`, hasTime: /T|\s\d/u.test(candidate.value) };
  }
  // A visible date line: the first short element whose whole text is a date.
  for (const element of Array.from(document.querySelectorAll('time, .date, .time, .meta, .article-date, .news-date, span, div, p'))) {
    const text = clean(element.textContent ?? '');
    if (text.length === 0 || text.length > 60) continue;
    try {
      const parsed = parseDateLine(text);
      if (parsed)
        return { iso: parsed.iso, from: `the date «${text}» on the page (line ${lineOf(text)}, Asia/Aqtau)`, hasTime: parsed.hasTime };
    } catch (error) {
      if (error instanceof InvalidDateError)
        throw new ImportParseError({ line: lineOf(text), expected: 'a real date and time', found: `«${text}»`, source });
      throw error;
    }
  }
  throw new ImportParseError({
    line: 1,
    expected: `a publication date (meta article:published_time, <time datetime>, or a date like ${DATE_FORMATS_HINT} on the page)`,
    found: 'none',
    source,
  });
}

function findTitle(
  document: DomDocument,
  readabilityTitle: string | null | undefined,
  siteName: string | null,
  lineOf: (text: string) => number,
  source: string | null,
): Located {
  const h1 = clean(document.querySelector('h1')?.textContent ?? '');
  const og = metaContent(document, ['meta[property="og:title"]', 'meta[name="twitter:title"]']);
  let title = h1 || og || clean(readabilityTitle ?? '') || clean(document.querySelector('title')?.textContent ?? '');
  if (siteName) title = title.replace(new RegExp(`\\s*[-–—|:]\\s*${siteName.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')}\\s*$`, 'u'), '');
  if (!title) throw new ImportParseError({ line: 1, expected: 'a title (<h1>, og:title or <title>)', found: 'none', source });
  if (title.length > LIMITS.title)
    throw new ImportParseError({
      line: lineOf(title),
      expected: `a title of at most ${LIMITS.title} characters`,
      found: `${title.length} characters`,
      source,
    });
  return { text: title, line: lineOf(title) };
}

// --- content -------------------------------------------------------------------------

type Marks = { bold?: true; italic?: true };

function inlineNodes(node: DomNode, marks: Marks = {}): InlineNode[] {
  const out: InlineNode[] = [];
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType === TEXT) {
      const text = (child.textContent ?? '').replace(/[\u00A0\u2007\u202F]/gu, ' ').replace(/\s+/gu, ' ');
      if (text !== '') out.push({ type: 'text', text, ...marks });
      continue;
    }
    if (child.nodeType !== ELEMENT) continue;
    const name = tag(child);
    if (name === 'br') {
      out.push({ type: 'text', text: '\n', ...marks });
    } else if (name === 'a') {
      const href = attr(child, 'href') ?? '';
      const children = inlineNodes(child, marks).filter((inline): inline is TextNode => inline.type === 'text');
      if (/^https?:\/\//iu.test(href) && isAllowedLinkUrl(href) && children.length > 0) out.push({ type: 'link', url: href, children });
      else out.push(...children);
    } else if (name === 'b' || name === 'strong') {
      out.push(...inlineNodes(child, { ...marks, bold: true }));
    } else if (name === 'i' || name === 'em') {
      out.push(...inlineNodes(child, { ...marks, italic: true }));
    } else {
      out.push(...inlineNodes(child, marks));
    }
  }
  return out;
}

/** Trims the ends, merges neighbours with the same marks, drops empty text. */
function tidy(nodes: InlineNode[]): InlineNode[] {
  const merged: InlineNode[] = [];
  for (const node of nodes) {
    const last = merged[merged.length - 1];
    if (
      node.type === 'text' &&
      last?.type === 'text' &&
      Boolean(last.bold) === Boolean(node.bold) &&
      Boolean(last.italic) === Boolean(node.italic)
    ) {
      merged[merged.length - 1] = { ...last, text: last.text + node.text };
    } else merged.push(node);
  }
  const first = merged[0];
  if (first?.type === 'text') merged[0] = { ...first, text: first.text.trimStart() };
  const lastIndex = merged.length - 1;
  const last = merged[lastIndex];
  if (last?.type === 'text') merged[lastIndex] = { ...last, text: last.text.trimEnd() };
  return merged.filter((node) => node.type !== 'text' || node.text !== '');
}

const plainText = (nodes: InlineNode[]) =>
  clean(nodes.map((node) => (node.type === 'text' ? node.text : node.children.map((child) => child.text).join(''))).join(''));

/** Splits a paragraph at its <br>s: old sites write one paragraph per line with <br>. */
function splitAtBreaks(nodes: InlineNode[]): InlineNode[][] {
  const parts: InlineNode[][] = [[]];
  for (const node of nodes) {
    if (node.type === 'text' && node.text.includes('\n')) {
      const pieces = node.text.split('\n');
      pieces.forEach((piece, index) => {
        if (index > 0) parts.push([]);
        if (piece !== '') (parts[parts.length - 1] as InlineNode[]).push({ ...node, text: piece });
      });
    } else (parts[parts.length - 1] as InlineNode[]).push(node);
  }
  return parts.map(tidy).filter((part) => part.length > 0);
}

type WalkContext = {
  items: ArticleItem[];
  warnings: Note[];
  lineOf: (text: string) => number;
  resolveImage: (src: string) => ImageRef | null;
  title: string;
};

function imageItem(image: DomNode, caption: string | null, context: WalkContext, line: number): void {
  const src = attr(image, 'src') ?? attr(image, 'data-src') ?? '';
  const ref = context.resolveImage(src);
  if (!ref) {
    context.warnings.push({ line, message: `an image with an unusable src «${src.slice(0, 80)}» was left out` });
    return;
  }
  let captionText = caption;
  let credit = null;
  if (captionText) {
    // «Главная аллея сквера. Фото: Айдос Касымов» → caption + credit
    const split = /^(.*?)[.\s]*\s((?:Фото|Сурет)\s*[:—–-]\s*.+)$/u.exec(captionText);
    const whole = creditLine(captionText);
    if (whole !== undefined) {
      credit = whole.credit;
      captionText = null;
    } else if (split?.[2]) {
      const trailing = creditLine(split[2]);
      if (trailing !== undefined) {
        credit = trailing.credit;
        captionText = split[1] ? `${split[1].replace(/[.\s]+$/u, '')}.` : null;
      }
    }
  }
  const alt = clean(attr(image, 'alt') ?? '') || null;
  context.items.push({ kind: 'image', image: ref, alt, caption: captionText, credit, line });
}

/** A paragraph: its text split at <br>s, and the images inside it in their place. */
function paragraph(node: DomNode, context: WalkContext): void {
  let inlines: InlineNode[] = [];
  const flush = () => {
    for (const part of splitAtBreaks(inlines)) {
      const partText = plainText(part);
      context.items.push({ kind: 'text', text: partText, line: context.lineOf(partText), inlines: part });
    }
    inlines = [];
  };
  const visit = (parent: DomNode) => {
    for (const child of Array.from(parent.childNodes)) {
      const images = child.nodeType === ELEMENT ? (tag(child) === 'img' ? [child] : Array.from(child.querySelectorAll?.('img') ?? [])) : [];
      if (images.length === 0) {
        inlines.push(...inlineNodes({ ...parent, childNodes: [child] }));
        continue;
      }
      if (tag(child) === 'img') {
        flush();
        imageItem(child, null, context, context.lineOf(attr(child, 'src') ?? ''));
      } else visit(child);
    }
  };
  visit(node);
  flush();
}

function walk(node: DomNode, context: WalkContext): void {
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType === TEXT) {
      const text = clean(child.textContent ?? '');
      if (text) context.items.push({ kind: 'text', text, line: context.lineOf(text) });
      continue;
    }
    if (child.nodeType !== ELEMENT) continue;
    const name = tag(child);
    const text = clean(child.textContent ?? '');
    if (name === 'p' || name === 'pre' || name === 'address') {
      paragraph(child, context);
    } else if (/^h[1-6]$/u.test(name)) {
      if (text && text !== context.title)
        context.items.push({ kind: 'heading', text, line: context.lineOf(text), inlines: tidy(inlineNodes(child)) });
    } else if (name === 'ul' || name === 'ol') {
      const entries = Array.from(child.childNodes)
        .filter((item) => item.nodeType === ELEMENT && tag(item) === 'li')
        .map((item) => ({ inlines: tidy(inlineNodes(item)) }))
        .map((entry) => ({ ...entry, text: plainText(entry.inlines) }))
        .filter((entry) => entry.text !== '');
      if (entries.length > 0)
        context.items.push({ kind: 'list', ordered: name === 'ol', items: entries, line: context.lineOf(entries[0]?.text ?? '') });
    } else if (name === 'blockquote') {
      if (text)
        context.items.push({
          kind: 'quote',
          text,
          line: context.lineOf(text),
          inlines: tidy(inlineNodes(child)).map((inline) =>
            inline.type === 'text' ? { ...inline, text: inline.text.replace(/\n/gu, ' ') } : inline,
          ),
        });
    } else if (name === 'figure') {
      const image = child.querySelector?.('img') ?? null;
      const caption = clean(child.querySelector?.('figcaption')?.textContent ?? '') || null;
      if (image) imageItem(image, caption, context, context.lineOf(attr(image, 'src') ?? caption ?? ''));
      else if (caption) context.items.push({ kind: 'text', text: caption, line: context.lineOf(caption) });
    } else if (name === 'img') {
      imageItem(child, null, context, context.lineOf(attr(child, 'src') ?? ''));
    } else if (name === 'table') {
      for (const row of Array.from(child.querySelectorAll?.('tr') ?? [])) {
        const cells = Array.from(row.childNodes)
          .filter((cell) => cell.nodeType === ELEMENT)
          .map((cell) => clean(cell.textContent ?? ''))
          .filter(Boolean);
        if (cells.length > 0) context.items.push({ kind: 'text', text: cells.join(' — '), line: context.lineOf(cells[0] ?? '') });
      }
      context.warnings.push({
        line: context.lineOf(text.slice(0, 30)),
        message: 'a table was turned into one paragraph per row; check its layout',
      });
    } else if (name === 'script' || name === 'style' || name === 'noscript' || name === 'iframe' || name === 'form' || name === 'button') {
      continue;
    } else {
      walk(child, context);
    }
  }
}

// --- the parser ------------------------------------------------------------------------

/**
 * Parses a saved HTML article page. `file` is the page's path: relative image
 * sources are resolved against its folder (the parser does not read them).
 */
export function parseHtmlPage(input: string | Uint8Array, options: { source?: string; file?: string } = {}): ParsedArticle {
  const source = options.source ?? null;
  const decoded = decodeExport(input, source);
  const raw = decoded.text;
  const rawLines = raw.split(/\r\n|\r|\n/u);
  const lineStarts: number[] = [];
  let offset = 0;
  for (const line of rawLines) {
    lineStarts.push(offset);
    offset += line.length + 1;
  }
  let lastLine = 1;
  const lineOf = (text: string): number => {
    const probe = text.trim().slice(0, 24);
    const index = probe ? raw.indexOf(probe) : -1;
    if (index < 0) return lastLine;
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if ((lineStarts[middle] ?? 0) <= index) low = middle;
      else high = middle - 1;
    }
    lastLine = low + 1;
    return lastLine;
  };

  const { document } = parseHTML(raw) as unknown as { document: DomDocument };
  const recognized: string[] = [`format: HTML page${decoded.encoding === 'windows-1251' ? ' (Windows-1251, converted to UTF-8)' : ''}`];
  const warnings: Note[] = [];

  const langAttribute = (attr(document.documentElement, 'lang') ?? '').toLowerCase().slice(0, 2);
  const pageLanguage: Locale | null = langAttribute === 'kk' || langAttribute === 'kz' ? 'kk' : langAttribute === 'ru' ? 'ru' : null;
  const siteName = metaContent(document, ['meta[property="og:site_name"]']);
  const date = findDate(document, lineOf, source);
  recognized.push(`publication date from ${date.from} → ${date.iso}`);
  if (!date.hasTime) warnings.push({ line: null, message: 'the page gives a date without a time; 00:00 Aqtau time was used, check it' });
  const metaAuthor = metaContent(document, ['meta[name="author"]', 'meta[property="article:author"]']);

  // Readability works on (and changes) its own copy of the document.
  const { document: copy } = parseHTML(raw) as unknown as { document: DomDocument };
  const extracted = new Readability<DomNode>(copy as never, {
    serializer: (node) => node as unknown as DomNode,
    charThreshold: 200,
  }).parse();
  if (!extracted?.content) {
    throw new ImportParseError({
      line: 1,
      expected: 'an article page (a block of text Readability can find)',
      found: 'no article text on the page',
      source,
    });
  }
  const title = findTitle(document, extracted.title, siteName, lineOf, source);
  recognized.push(`line ${title.line}: title «${title.text}»`);
  if (siteName)
    recognized.push(`the site's name «${siteName}», navigation, share buttons, comments and footer were left out by Readability`);

  const pageFolder = options.file ? path.dirname(options.file) : null;
  const context: WalkContext = {
    items: [],
    warnings,
    lineOf,
    title: title.text,
    resolveImage: (src) => {
      if (/^https?:\/\//iu.test(src)) return { type: 'url', url: src };
      if (src === '' || /^(?:data|javascript|blob):/iu.test(src) || !pageFolder) return null;
      const relative = decodeURIComponent(src.replace(/[?#].*$/u, '').replace(/^file:\/\//iu, ''));
      return { type: 'file', path: path.resolve(pageFolder, relative) };
    },
  };
  walk(extracted.content, context);
  // The byline Readability found is an author line when it names a person.
  const byline = clean(extracted.byline ?? '') || metaAuthor;
  const items = context.items;
  if (byline && !items.some((item) => item.kind === 'text' && authorLine(item.text) !== undefined)) {
    const line = `Автор: ${byline.replace(/^(?:Автор|Авторы|Дайындаған)\s*:\s*/iu, '')}`;
    if (authorLine(line) !== undefined) items.push({ kind: 'text', text: line, line: lineOf(byline) });
    else recognized.push(`the page's byline «${byline}» names no person; not used as the author`);
  }
  for (const item of items)
    if (item.kind === 'image' && item.image?.type === 'url')
      warnings.push({
        line: item.line,
        message: `the image ${item.image.url} is on another site: it was not downloaded; the slot holds a placeholder`,
      });

  const article = buildArticle({
    format: 'html',
    encoding: decoded.encoding,
    source,
    head: { publishedAt: date.iso, title: title.text, titleLine: title.line, mastheadLanguage: null },
    items,
    recognized,
    warnings,
    afterTitleLine: title.line + 1,
  });
  if (pageLanguage && pageLanguage !== article.locale) {
    article.warnings.push({
      line: 1,
      message: `the page says lang="${langAttribute}", but its text is ${article.locale === 'kk' ? 'Kazakh' : 'Russian'} (${article.language.reason}); imported as ${article.locale}`,
    });
  }
  return article;
}
