/**
 * Tag (api::tag.tag): a cross-cutting topic. Localized; the ru and kk versions
 * of one tag share its `documentId`.
 */
import { z } from 'zod';
import { localizedEntryFields, requiredText, slugSchema } from './common.ts';
import { collectionResponse, singleResponse } from './envelope.ts';

export const tagSchema = z.object({
  ...localizedEntryFields,
  name: requiredText,
  slug: slugSchema,
});
export type Tag = z.infer<typeof tagSchema>;

export const tagEndpoint = '/api/tags';
export const tagQuery = {
  sort: ['name:asc'],
  pagination: { pageSize: 100 },
} as const;

export const tagsResponseSchema = collectionResponse(tagSchema);
export type TagsResponse = z.infer<typeof tagsResponseSchema>;
export const tagResponseSchema = singleResponse(tagSchema);
export type TagResponse = z.infer<typeof tagResponseSchema>;
