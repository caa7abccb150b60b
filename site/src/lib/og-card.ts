/**
 * Link-preview cards for pages without a photo (home, rubric, tag, author,
 * event, organization, archive, search, sign-in pages, articles without a
 * cover): a 1200×630 PNG with the site's name, the kind of page and its
 * title, drawn with sharp in DejaVu Sans from the `dejavu-fonts-ttf` package
 * — a font file that covers Russian and the Kazakh letters (ә ғ қ ң ө ұ ү һ
 * і), so the card does not depend on the fonts of the build machine.
 *
 * A page asks for its card with `ogCard()` while it renders: it gets the
 * card's URL at once (`/_astro/og-<hash>.png`, named by a hash of what the
 * card shows, so a card never changes under its name) and the card is noted
 * in a registry on `globalThis` (pages and integrations run in separate
 * module instances of one process). In a build the og-cards integration
 * starts drawing a card into its cache folder the moment it is first noted,
 * one at a time beside the rendering (a card is ~35 ms of sharp and Pango,
 * in libuv's threads), and puts the noted cards into the output after the
 * build (`astro:build:done`), drawing there only what is not drawn yet;
 * cards drawn by earlier builds come from the cache folder.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import sharp, { type OverlayOptions } from 'sharp';

export const OG_CARD_WIDTH = 1200;
export const OG_CARD_HEIGHT = 630;
/** Bump when the drawing changes: every card gets a new name. */
const CARD_VERSION = 1;

export type OgCardSpec = { siteName: string; title: string; kind: string | null; lang: string };
export type OgCardImage = { url: string; width: number; height: number; alt: string };

const require = createRequire(import.meta.url);
const FONT = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
};

const KEY = Symbol.for('tilshi.og-cards');
/** Called once per card, when a page of the build first notes it. */
export type CardNoted = (name: string, spec: OgCardSpec) => void;
type Registry = { cards: Map<string, OgCardSpec>; onNoted: CardNoted | null };
type Holder = { [KEY]?: Registry };

function registry(): Registry {
  const holder = globalThis as Holder;
  holder[KEY] ??= { cards: new Map(), onNoted: null };
  return holder[KEY];
}

/** The cards noted since the build started (file name → spec). */
export function notedCards(): Map<string, OgCardSpec> {
  return registry().cards;
}

/** Starts a new build's registry (a warm build worker runs many builds); `onNoted` hears of each new card. */
export function resetNotedCards(onNoted: CardNoted | null = null): void {
  (globalThis as Holder)[KEY] = { cards: new Map(), onNoted };
}

/** The card's file name under `_astro/`: a hash of everything it shows. */
export function cardFileName(spec: OgCardSpec): string {
  const hash = createHash('sha256')
    .update(JSON.stringify([CARD_VERSION, spec.siteName, spec.kind, spec.title, spec.lang]))
    .digest('hex');
  return `og-${hash.slice(0, 24)}.png`;
}

/** The alt text of a card: what it shows, in the page's language. */
export function cardAlt(spec: OgCardSpec): string {
  return `${spec.siteName}${spec.kind ? ` · ${spec.kind}` : ''}: ${spec.title}`;
}

/** The card of a page: its URL path, size and alt text; the build draws it (integrations/og-cards.ts). */
export function ogCard(spec: OgCardSpec): OgCardImage {
  const name = cardFileName(spec);
  const { cards, onNoted } = registry();
  if (!cards.has(name)) {
    cards.set(name, spec);
    onNoted?.(name, spec);
  }
  return { url: `/_astro/${name}`, width: OG_CARD_WIDTH, height: OG_CARD_HEIGHT, alt: cardAlt(spec) };
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A line (or wrapped lines) of text in DejaVu Sans as a transparent PNG. */
export async function text(markup: string, options: { size: number; bold?: boolean; width: number; colour: string }) {
  const { data, info } = await sharp({
    text: {
      text: `<span foreground="${options.colour}">${markup}</span>`,
      font: `DejaVu Sans${options.bold ? ' Bold' : ''} ${options.size}`,
      fontfile: options.bold ? FONT.bold : FONT.regular,
      width: options.width,
      wrap: 'word',
      rgba: true,
      dpi: 72,
    },
  })
    .png()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** The title at the largest size (72 → 40 px) that fits the card's text area; very long titles are cut with «…». */
async function titleImage(title: string, width: number, height: number) {
  const clipped = title.length > 150 ? `${title.slice(0, 149).trimEnd()}…` : title;
  for (const size of [72, 64, 56, 50, 44, 40]) {
    const image = await text(escape(clipped), { size, bold: true, width, colour: '#1b1b1b' });
    if (image.height <= height) return image;
  }
  return text(escape(clipped.length > 110 ? `${clipped.slice(0, 109).trimEnd()}…` : clipped), {
    size: 40,
    bold: true,
    width,
    colour: '#1b1b1b',
  });
}

/** Draws a card as PNG. */
export async function renderOgCard(spec: OgCardSpec): Promise<Buffer> {
  const margin = 80;
  const band = 110;
  const textWidth = OG_CARD_WIDTH - 2 * margin;
  const site = await text(escape(spec.siteName), { size: 40, bold: true, width: textWidth, colour: '#ffffff' });
  const kind = spec.kind
    ? await text(escape(spec.kind.toLocaleUpperCase(spec.lang)), { size: 30, width: textWidth, colour: '#0b5394' })
    : null;
  const titleTop = band + 60 + (kind ? kind.height + 24 : 0);
  const title = await titleImage(spec.title, textWidth, OG_CARD_HEIGHT - titleTop - 70);
  const background = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${OG_CARD_WIDTH}" height="${OG_CARD_HEIGHT}">` +
      `<rect width="100%" height="100%" fill="#ffffff"/><rect width="100%" height="${band}" fill="#0b5394"/>` +
      `<rect y="${OG_CARD_HEIGHT - 18}" width="100%" height="18" fill="#0b5394"/></svg>`,
  );
  const layers: OverlayOptions[] = [
    { input: site.data, left: margin, top: Math.round((band - site.height) / 2) },
    ...(kind ? [{ input: kind.data, left: margin, top: band + 60 }] : []),
    { input: title.data, left: margin, top: titleTop },
  ];
  return sharp(background).composite(layers).png({ palette: true, compressionLevel: 9 }).toBuffer();
}
