/**
 * Credit (api::credit.credit): who took or supplied a photo. Not localized.
 */
import { z } from 'zod';
import { entryFields, httpUrlSchema, optionalText, requiredText } from './common.ts';
import { collectionResponse, singleResponse } from './envelope.ts';

/** `openSources`: «из открытых источников» and the like — nobody in particular, named by a fixed phrase. */
export const CREDIT_KINDS = ['photographer', 'agency', 'organization', 'reader', 'openSources'] as const;
export const creditKindSchema = z.enum(CREDIT_KINDS);
export type CreditKind = z.infer<typeof creditKindSchema>;

export const creditSchema = z.object({
  ...entryFields,
  name: requiredText,
  kind: creditKindSchema,
  url: httpUrlSchema.nullable(),
  licenseNote: optionalText,
});
export type Credit = z.infer<typeof creditSchema>;

export const creditEndpoint = '/api/credits';
export const creditQuery = {
  sort: ['name:asc'],
  pagination: { pageSize: 100 },
} as const;

export const creditsResponseSchema = collectionResponse(creditSchema);
export type CreditsResponse = z.infer<typeof creditsResponseSchema>;
export const creditResponseSchema = singleResponse(creditSchema);
export type CreditResponse = z.infer<typeof creditResponseSchema>;
