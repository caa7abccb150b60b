/**
 * Article (api::article.article): localized, with Draft & Publish. The public
 * API serves published versions only. `articleQuery` is the one query the
 * site's loader, the tests and the comments function use; `articleSchema`
 * validates exactly what it returns.
 */
import { z } from 'zod';
import { authorSchema } from './author.ts';
import { blocksSchema } from './blocks.ts';
import {
  componentFields,
  dateTimeSchema,
  documentIdSchema,
  idSchema,
  localeSchema,
  localizedEntryFields,
  optionalText,
  requiredText,
  slugSchema,
} from './common.ts';
import { collectionResponse, singleResponse } from './envelope.ts';
import { ngoEventPopulate, ngoEventSchema } from './ngo-event.ts';
import { photoPopulate, photoSchema } from './photo.ts';
import { rubricSchema } from './rubric.ts';
import { tagSchema } from './tag.ts';

export const AGE_RATINGS = ['age0', 'age6', 'age12', 'age16', 'age18'] as const;
export const ageRatingSchema = z.enum(AGE_RATINGS);
export type AgeRating = z.infer<typeof ageRatingSchema>;

/** Component `article.correction`: an entry of the corrections log. */
export const correctionSchema = z.object({
  ...componentFields,
  date: dateTimeSchema,
  note: requiredText,
});
export type Correction = z.infer<typeof correctionSchema>;

/**
 * The other locale versions of the article, reduced to what a language switch
 * needs. Strapi adds `id` and `documentId` to the requested fields. Only
 * published versions are listed.
 */
export const articleLocalizationSchema = z.object({
  id: idSchema,
  documentId: documentIdSchema,
  slug: slugSchema,
  locale: localeSchema,
});
export type ArticleLocalization = z.infer<typeof articleLocalizationSchema>;

/** What `articleQuery` populates. Use it alone for a single article (`GET /api/articles/<documentId>`). */
export const articlePopulate = {
  cover: photoPopulate,
  gallery: photoPopulate,
  rubric: true,
  tags: true,
  authors: true,
  corrections: true,
  event: { populate: ngoEventPopulate },
  localizations: { fields: ['slug', 'locale'] },
} as const;

/**
 * Where an article embeds media-library files: the image of its cover and of each gallery photo. A
 * file replaced in the media library keeps its URL and changes no article's `updatedAt`, so a sync
 * "changed since" also asks for articles whose files changed (site/src/lib/strapi/loader.ts).
 */
export const articleMediaPaths = [
  ['cover', 'image'],
  ['gallery', 'image'],
] as const;

export const articleEndpoint = '/api/articles';
/** Newest first; the loader adds `locale` and `pagination[page]`. */
export const articleQuery = {
  populate: articlePopulate,
  sort: ['publicationDate:desc', 'id:desc'],
  pagination: { pageSize: 100 },
} as const;

export const articleSchema = z.object({
  ...localizedEntryFields,
  title: requiredText,
  slug: slugSchema,
  lead: requiredText,
  /** `null` when the body was never written. */
  body: blocksSchema.nullable(),
  /** Set by the CMS when the article is first published; editors may backdate it. */
  publicationDate: dateTimeSchema.nullable(),
  sourceAttribution: optionalText,
  ageRating: ageRatingSchema,
  cover: photoSchema.nullable(),
  gallery: z.array(photoSchema),
  rubric: rubricSchema.nullable(),
  tags: z.array(tagSchema),
  authors: z.array(authorSchema),
  event: ngoEventSchema.nullable(),
  corrections: z.array(correctionSchema),
  localizations: z.array(articleLocalizationSchema),
});
export type Article = z.infer<typeof articleSchema>;

export const articlesResponseSchema = collectionResponse(articleSchema);
export type ArticlesResponse = z.infer<typeof articlesResponseSchema>;
export const articleResponseSchema = singleResponse(articleSchema);
export type ArticleResponse = z.infer<typeof articleResponseSchema>;
