/**
 * The `media.photo` component: an image with its alt text, caption and credit.
 * Published articles always have both alt text and a credit on every photo
 * (the CMS refuses to publish otherwise), so both are required here.
 */
import { z } from 'zod';
import { componentFields, optionalText, requiredText } from './common.ts';
import { creditSchema } from './credit.ts';
import { imageFileSchema } from './media.ts';

export const photoSchema = z.object({
  ...componentFields,
  image: imageFileSchema,
  caption: optionalText,
  alt: requiredText,
  credit: creditSchema,
});
export type Photo = z.infer<typeof photoSchema>;

/** How a `media.photo` attribute is populated (the image file and the credit). */
export const photoPopulate = { populate: ['image', 'credit'] } as const;
