/**
 * Rubric (api::rubric.rubric): a section of the site. Localized; the ru and kk
 * versions of one rubric share its `documentId`.
 */
import { z } from 'zod';
import { localizedEntryFields, optionalText, requiredText, slugSchema } from './common.ts';
import { collectionResponse, singleResponse } from './envelope.ts';

export const rubricSchema = z.object({
  ...localizedEntryFields,
  name: requiredText,
  slug: slugSchema,
  description: optionalText,
  /** Order in menus, ascending; not localized. */
  position: z.number().int().nullable(),
});
export type Rubric = z.infer<typeof rubricSchema>;

export const rubricEndpoint = '/api/rubrics';
export const rubricQuery = {
  sort: ['position:asc', 'name:asc'],
  pagination: { pageSize: 100 },
} as const;

export const rubricsResponseSchema = collectionResponse(rubricSchema);
export type RubricsResponse = z.infer<typeof rubricsResponseSchema>;
export const rubricResponseSchema = singleResponse(rubricSchema);
export type RubricResponse = z.infer<typeof rubricResponseSchema>;
