/**
 * Strapi's "blocks" rich text (the `body` of an article): an array of block
 * nodes. Mirrors the validator Strapi applies on write
 * (@strapi/core entity-validator/blocks-validator), but strict: a node with a
 * key the site's renderer does not know (e.g. an unknown text mark) is
 * rejected rather than silently dropped. Only the embedded file object of an
 * image block accepts extra keys.
 */
import { z } from 'zod';
import { mediaFormatsSchema } from './media.ts';

// --- inline nodes -----------------------------------------------------------

export const textNodeSchema = z.strictObject({
  type: z.literal('text'),
  /** May be "" (e.g. the single child of an image block). */
  text: z.string(),
  bold: z.boolean().optional(),
  italic: z.boolean().optional(),
  underline: z.boolean().optional(),
  strikethrough: z.boolean().optional(),
  code: z.boolean().optional(),
});
export type TextNode = z.infer<typeof textNodeSchema>;

const LINK_PROTOCOLS = new Set(['http:', 'https:', 'ftp:', 'mailto:', 'tel:']);

/** Strapi's own rule: an absolute URL with a safe protocol, or a site path ("/…"). */
export function isAllowedLinkUrl(url: string): boolean {
  try {
    return LINK_PROTOCOLS.has(new URL(url.startsWith('/') ? `https://example.invalid${url}` : url).protocol);
  } catch {
    return false;
  }
}

export const linkNodeSchema = z.strictObject({
  type: z.literal('link'),
  url: z.string().refine(isAllowedLinkUrl, 'not an allowed link (http, https, ftp, mailto, tel or a /path)'),
  children: z.array(textNodeSchema).min(1),
});
export type LinkNode = z.infer<typeof linkNodeSchema>;

export const inlineNodeSchema = z.discriminatedUnion('type', [textNodeSchema, linkNodeSchema]);
export type InlineNode = z.infer<typeof inlineNodeSchema>;

// --- block nodes --------------------------------------------------------------

export const paragraphBlockSchema = z.strictObject({
  type: z.literal('paragraph'),
  children: z.array(inlineNodeSchema).min(1),
});
export type ParagraphBlock = z.infer<typeof paragraphBlockSchema>;

export const HEADING_LEVELS = [1, 2, 3, 4, 5, 6] as const;
export const headingBlockSchema = z.strictObject({
  type: z.literal('heading'),
  level: z.literal(HEADING_LEVELS),
  children: z.array(inlineNodeSchema).min(1),
});
export type HeadingBlock = z.infer<typeof headingBlockSchema>;

export const quoteBlockSchema = z.strictObject({
  type: z.literal('quote'),
  children: z.array(inlineNodeSchema).min(1),
});
export type QuoteBlock = z.infer<typeof quoteBlockSchema>;

export const codeBlockSchema = z.strictObject({
  type: z.literal('code'),
  language: z.string().nullable().optional(),
  children: z.array(textNodeSchema).min(1),
});
export type CodeBlock = z.infer<typeof codeBlockSchema>;

export const listItemNodeSchema = z.strictObject({
  type: z.literal('list-item'),
  /** Strapi allows an empty item. */
  children: z.array(inlineNodeSchema),
});
export type ListItemNode = z.infer<typeof listItemNodeSchema>;

export const LIST_FORMATS = ['ordered', 'unordered'] as const;

/** A list; its children are items or nested lists (with `indentLevel` ≥ 1). */
export const listBlockSchema = z.strictObject({
  type: z.literal('list'),
  format: z.enum(LIST_FORMATS),
  indentLevel: z.number().int().nonnegative().optional(),
  get children(): z.ZodArray<z.ZodDiscriminatedUnion<[typeof listItemNodeSchema, typeof listBlockSchema]>> {
    return z.array(z.discriminatedUnion('type', [listItemNodeSchema, listBlockSchema])).min(1);
  },
});
export type ListBlock = z.infer<typeof listBlockSchema>;

/**
 * The file object an image block embeds: a copy of the media-library file taken
 * when the editor inserted it (so it does not follow later edits of the file).
 * Extra keys (`id`, `documentId`, `focalPoint`, `isUrlSigned`…) are kept.
 */
export const blockImageSchema = z.looseObject({
  name: z.string(),
  alternativeText: z.string().nullable().optional(),
  url: z.string().min(1),
  caption: z.string().nullable().optional(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  formats: mediaFormatsSchema.optional(),
  hash: z.string(),
  ext: z.string(),
  mime: z.string(),
  size: z.number().nonnegative(),
  previewUrl: z.string().nullable().optional(),
  provider: z.string(),
  provider_metadata: z.unknown().nullable().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type BlockImage = z.infer<typeof blockImageSchema>;

export const imageBlockSchema = z.strictObject({
  type: z.literal('image'),
  image: blockImageSchema,
  /** Always a single empty text node. */
  children: z.array(textNodeSchema),
});
export type ImageBlock = z.infer<typeof imageBlockSchema>;

export const blockNodeSchema = z.discriminatedUnion('type', [
  paragraphBlockSchema,
  headingBlockSchema,
  listBlockSchema,
  quoteBlockSchema,
  codeBlockSchema,
  imageBlockSchema,
]);
export type BlockNode = z.infer<typeof blockNodeSchema>;

/** A blocks attribute; Strapi returns `null` when it was never filled (use `.nullable()` where so). */
export const blocksSchema = z.array(blockNodeSchema);
export type Blocks = z.infer<typeof blocksSchema>;
