/**
 * Site settings (api::site-setting.site-setting): a localized single type,
 * `GET /api/site-setting?locale=kk`.
 */
import { z } from 'zod';
import { localizedEntryFields, optionalText, requiredText } from './common.ts';
import { singleResponse } from './envelope.ts';

export const siteSettingsSchema = z.object({
  ...localizedEntryFields,
  siteName: requiredText,
  /** e.g. "18+" */
  ageLabel: requiredText,
  telegramUrl: z
    .string()
    .regex(/^https:\/\/t\.me\//, 'must start with https://t.me/')
    .nullable(),
  telegramCta: optionalText,
  telegramCtaNote: optionalText,
  telegramButton: optionalText,
  commentsNotice: optionalText,
  commentsDisclaimer: optionalText,
});
export type SiteSettings = z.infer<typeof siteSettingsSchema>;

export const siteSettingsEndpoint = '/api/site-setting';
/** No relations to populate; the loader adds `locale`. */
export const siteSettingsQuery = {} as const;

export const siteSettingsResponseSchema = singleResponse(siteSettingsSchema);
export type SiteSettingsResponse = z.infer<typeof siteSettingsResponseSchema>;
