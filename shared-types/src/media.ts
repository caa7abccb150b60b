/**
 * A file of Strapi's media library (plugin::upload.file) as it appears when a
 * media attribute is populated. Extra keys Strapi or an upload provider adds
 * (e.g. `isUrlSigned`, `focalPoint`) are accepted and kept.
 */
import { z } from 'zod';
import { dateTimeSchema, documentIdSchema, idSchema } from './common.ts';

/** One generated size of an image (`thumbnail`, `small`, `medium`, `large`). */
export const mediaFormatSchema = z.looseObject({
  name: z.string(),
  hash: z.string(),
  ext: z.string().nullable(),
  mime: z.string(),
  path: z.string().nullable(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** Kilobytes. */
  size: z.number().nonnegative(),
  sizeInBytes: z.number().int().nonnegative().optional(),
  url: z.string().min(1),
});
export type MediaFormat = z.infer<typeof mediaFormatSchema>;

/**
 * The generated sizes. A size is only made when the original is larger
 * (thumbnail 245×156, small 500, medium 750, large 1000 px); `null` for files
 * that are not images.
 */
export const mediaFormatsSchema = z
  .looseObject({
    thumbnail: mediaFormatSchema.optional(),
    small: mediaFormatSchema.optional(),
    medium: mediaFormatSchema.optional(),
    large: mediaFormatSchema.optional(),
  })
  .nullable();
export type MediaFormats = z.infer<typeof mediaFormatsSchema>;

export const mediaSchema = z.looseObject({
  id: idSchema,
  documentId: documentIdSchema,
  name: z.string(),
  alternativeText: z.string().nullable(),
  caption: z.string().nullable(),
  focalPoint: z.object({ x: z.number(), y: z.number() }).nullable().optional(),
  /** Pixels; `null` for files that are not images. */
  width: z.number().int().positive().nullable(),
  height: z.number().int().positive().nullable(),
  formats: mediaFormatsSchema,
  hash: z.string(),
  ext: z.string().nullable(),
  mime: z.string(),
  /** Kilobytes. */
  size: z.number().nonnegative(),
  /** Relative ("/uploads/…") for the local provider, absolute for cloud providers. */
  url: z.string().min(1),
  previewUrl: z.string().nullable(),
  provider: z.string(),
  provider_metadata: z.unknown().nullable(),
  createdAt: dateTimeSchema,
  updatedAt: dateTimeSchema,
  publishedAt: dateTimeSchema.nullable().optional(),
});
export type Media = z.infer<typeof mediaSchema>;

/** A media file that is an image: it always has its pixel size. */
export const imageFileSchema = mediaSchema.extend({
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  mime: z.string().startsWith('image/', 'not an image'),
});
export type ImageFile = z.infer<typeof imageFileSchema>;
