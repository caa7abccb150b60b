/**
 * Organization (api::organization.organization): an NGO, a state body, a fund…
 * Localized; `legalForm` and `url` are shared by both locales.
 */
import { z } from 'zod';
import { httpUrlSchema, localizedEntryFields, optionalText, requiredText, slugSchema } from './common.ts';
import { collectionResponse, singleResponse } from './envelope.ts';

export const LEGAL_FORMS = ['ngo', 'oyul', 'nao', 'public_fund', 'public_association', 'state_body', 'company', 'other'] as const;
export const legalFormSchema = z.enum(LEGAL_FORMS);
export type LegalForm = z.infer<typeof legalFormSchema>;

export const organizationSchema = z.object({
  ...localizedEntryFields,
  name: requiredText,
  shortName: optionalText,
  slug: slugSchema,
  legalForm: legalFormSchema,
  city: optionalText,
  url: httpUrlSchema.nullable(),
});
export type Organization = z.infer<typeof organizationSchema>;

export const organizationEndpoint = '/api/organizations';
export const organizationQuery = {
  sort: ['name:asc'],
  pagination: { pageSize: 100 },
} as const;

export const organizationsResponseSchema = collectionResponse(organizationSchema);
export type OrganizationsResponse = z.infer<typeof organizationsResponseSchema>;
export const organizationResponseSchema = singleResponse(organizationSchema);
export type OrganizationResponse = z.infer<typeof organizationResponseSchema>;
