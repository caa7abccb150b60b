/**
 * The envelopes of Strapi 5's REST responses: a page of a collection, a single
 * entry (findOne, single types) and the error body.
 */
import { z } from 'zod';

export const paginationSchema = z.object({
  page: z.number().int().positive(),
  pageSize: z.number().int().positive(),
  pageCount: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
});
export type Pagination = z.infer<typeof paginationSchema>;

/** `GET /api/<plural>`: one page of entries and the page-based pagination meta. */
export function collectionResponse<Item extends z.ZodType>(itemSchema: Item) {
  return z.object({
    data: z.array(itemSchema),
    meta: z.object({ pagination: paginationSchema }),
  });
}

/** `GET /api/<plural>/<documentId>` and `GET /api/<single type>`: one entry, empty meta. */
export function singleResponse<Item extends z.ZodType>(itemSchema: Item) {
  return z.object({
    data: itemSchema,
    meta: z.object({}),
  });
}

/** The body Strapi sends with a 4xx/5xx, e.g. `{ data: null, error: { status: 404, name: "NotFoundError", … } }`. */
export const strapiErrorSchema = z.object({
  data: z.null(),
  error: z.object({
    status: z.number().int().min(400).max(599),
    name: z.string().min(1),
    message: z.string(),
    details: z.record(z.string(), z.unknown()),
  }),
});
export type StrapiError = z.infer<typeof strapiErrorSchema>;
