/**
 * Between the CMS and the comments function (server to server, with the
 * comments token; never public): the shapes the CMS's comment routes answer
 * and the function reads. The CMS imports this module alone
 * (`@tilshi/shared-types/comments-cms`: its TypeScript build compiles what it
 * imports, so this file imports nothing but zod).
 */
import { z } from 'zod';

/** The columns of a stored comment the function reads: the REST `fields` it asks for, the submit route's select. */
export const STORED_COMMENT_FIELDS = [
  'articleDocumentId',
  'body',
  'moderationStatus',
  'authorId',
  'authorName',
  'language',
  'idempotencyKey',
  'createdAt',
  'parentDocumentId',
] as const;

/**
 * A reader account as the CMS hands it to the function (GET /api/comments/readers/:id,
 * cms/src/api/comment/reads.ts): never the e-mail, never the number.
 */
export const readerAccountSchema = z.object({
  id: z.number().int().positive(),
  username: z.string().min(1),
  /** The panel's flag. */
  trusted: z.boolean(),
  blocked: z.boolean(),
  /** Moves on at logout and password change: sessions issued for an older version are over (comments/src/core/auth.ts). */
  sessionVersion: z.number().int().nonnegative(),
  /** How many of their comments moderators approved and rejected: what "earned trust" needs. */
  approvedComments: z.number().int().nonnegative(),
  rejectedComments: z.number().int().nonnegative(),
  /** A moderator keeps this reader's comments waiting for review whatever else holds. */
  premoderated: z.boolean(),
  /** The last two digits of the confirmed mobile number (the number never leaves the CMS); null without one. */
  phoneEnding: z
    .string()
    .regex(/^\d{2}$/)
    .nullable(),
  /** Whether replies to their comments are e-mailed to them. */
  notifyReplies: z.boolean(),
});
export type ReaderAccount = z.infer<typeof readerAccountSchema>;
