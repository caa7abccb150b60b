/**
 * Building blocks shared by every schema: Strapi's system fields, its scalar
 * formats and the locales of the newsroom.
 */
import { z } from 'zod';

/** Locales of the newsroom; the first one is the default (mirrors cms/src/constants.ts). */
export const LOCALES = ['ru', 'kk'] as const;
export const DEFAULT_LOCALE = 'ru';
export const localeSchema = z.enum(LOCALES);
export type Locale = z.infer<typeof localeSchema>;

/** A `datetime` attribute and the system timestamps: ISO 8601, e.g. "2026-11-25T07:18:59.747Z". */
export const dateTimeSchema = z.iso.datetime({ offset: true });
/** A `date` attribute: "2026-11-20". */
export const dateSchema = z.iso.date();
/** A `time` attribute: "10:00:00.000" (SQLite) or "10:00:00" (PostgreSQL). */
export const timeSchema = z.iso.time();

/** A `uid` attribute, as Strapi allows it (`^[A-Za-z0-9-_.~]*$`), never empty. */
export const slugSchema = z.string().regex(/^[A-Za-z0-9\-_.~]+$/, 'not a valid Strapi uid');

/** A required text attribute: Strapi refuses to save it empty. */
export const requiredText = z.string().trim().min(1);

/** An optional text attribute: Strapi returns `null` when it is empty. */
export const optionalText = z.string().nullable();

/** A web address of an http(s) link attribute (`regex: "^https?://"` in the CMS). */
export const httpUrlSchema = z.string().regex(/^https?:\/\//, 'must start with http:// or https://');

export const idSchema = z.number().int().positive();
export const documentIdSchema = z.string().min(1);

/**
 * Fields of every entry served by the public API. `publishedAt` is set on every
 * type (Strapi 5 sets it even without Draft & Publish) and never null here: the
 * public API serves published versions only.
 */
export const entryFields = {
  id: idSchema,
  documentId: documentIdSchema,
  createdAt: dateTimeSchema,
  updatedAt: dateTimeSchema,
  publishedAt: dateTimeSchema,
};

/** Fields of an entry of a localized (i18n) type. */
export const localizedEntryFields = {
  ...entryFields,
  locale: localeSchema,
};

/** Every component instance carries its own numeric id. */
export const componentFields = {
  id: idSchema,
};
