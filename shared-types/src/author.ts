/**
 * Author (api::author.author): a journalist. Not localized (no `locale`).
 */
import { z } from 'zod';
import { entryFields, optionalText, requiredText, slugSchema } from './common.ts';
import { collectionResponse, singleResponse } from './envelope.ts';

export const authorSchema = z.object({
  ...entryFields,
  name: requiredText,
  slug: slugSchema,
  /** Job title, e.g. "Корреспондент". */
  position: optionalText,
  bio: optionalText,
});
export type Author = z.infer<typeof authorSchema>;

export const authorEndpoint = '/api/authors';
export const authorQuery = {
  sort: ['name:asc'],
  pagination: { pageSize: 100 },
} as const;

export const authorsResponseSchema = collectionResponse(authorSchema);
export type AuthorsResponse = z.infer<typeof authorsResponseSchema>;
export const authorResponseSchema = singleResponse(authorSchema);
export type AuthorResponse = z.infer<typeof authorResponseSchema>;
