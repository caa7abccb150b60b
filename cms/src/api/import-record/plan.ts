/**
 * The import plan the archive importer (scripts/src/importer/plan.ts) sends
 * to POST /api/import-records/import: everything one article needs, already
 * parsed and checked on the importer's side; validated here again (yup, as
 * Strapi's own controllers do) because the route writes several types at once.
 */
import { yup } from '@strapi/utils';

const LOCALES = ['ru', 'kk'] as const;
const CREDIT_KINDS = ['photographer', 'agency', 'organization', 'reader', 'openSources'] as const;

const photoSchema = yup.object({
  slot: yup.mixed<'cover' | 'gallery'>().oneOf(['cover', 'gallery']).required(),
  imageId: yup.number().integer().positive().nullable().defined(),
  alt: yup.string().max(300).nullable().defined(),
  caption: yup.string().max(500).nullable().defined(),
  /** The name of one of `credits`, or null. */
  credit: yup.string().nullable().defined(),
});

export const importPlanSchema = yup.object({
  sourceHash: yup
    .string()
    .matches(/^[0-9a-f]{64}$/u, 'sourceHash must be a SHA-256 in hex')
    .required(),
  sourcePath: yup.string().max(1000).required(),
  locale: yup
    .mixed<(typeof LOCALES)[number]>()
    .oneOf([...LOCALES])
    .required(),
  linkTranslations: yup.boolean().required(),
  warningCount: yup.number().integer().min(0).required(),
  article: yup
    .object({
      title: yup.string().max(300).required(),
      lead: yup.string().max(1000).required(),
      body: yup.array().of(yup.object()).required(),
      publicationDate: yup.string().required(),
      sourceAttribution: yup.string().max(200).nullable().defined(),
    })
    .noUnknown()
    .required(),
  authors: yup.array().of(yup.string().max(150).required()).required(),
  credits: yup
    .array()
    .of(
      yup.object({
        name: yup.string().max(200).required(),
        kind: yup
          .mixed<(typeof CREDIT_KINDS)[number]>()
          .oneOf([...CREDIT_KINDS])
          .required(),
      }),
    )
    .required(),
  photos: yup.array().of(photoSchema).required(),
  fingerprint: yup
    .object({ figures: yup.array().of(yup.string().required()).required(), photos: yup.number().integer().min(0).required() })
    .required(),
});

export type ImportPlan = yup.InferType<typeof importPlanSchema>;

export const publishRequestSchema = yup.object({
  documents: yup
    .array()
    .of(
      yup.object({
        documentId: yup.string().max(64).required(),
        locale: yup
          .mixed<(typeof LOCALES)[number]>()
          .oneOf([...LOCALES])
          .required(),
      }),
    )
    .max(200)
    .required(),
});
