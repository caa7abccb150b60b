/**
 * Reader comments: the public contract of the comments function (the
 * `comments/` package), which the site's comment island calls under
 * `/api/…`. Readers never talk to Strapi directly, so these are the
 * function's own requests and responses, not Strapi's (the function keeps
 * the schemas of what Strapi answers it to itself).
 *
 * Every text a reader wrote (`body`, `username`) is plain text: render it
 * escaped (Astro's `{…}`, `textContent`), never as HTML.
 */
import { z } from 'zod';
import { dateTimeSchema, idSchema, localeSchema } from './common.ts';

export const COMMENT_STATUSES = ['pending', 'approved', 'rejected'] as const;
export const commentStatusSchema = z.enum(COMMENT_STATUSES);
export type CommentStatus = z.infer<typeof commentStatusSchema>;

/** Limits of a comment's text, in characters (Unicode code points), after trimming. */
export const COMMENT_BODY_MIN = 2;
export const COMMENT_BODY_MAX = 2000;
/** At most this many links in one comment. */
export const COMMENT_MAX_LINKS = 2;

/** A Strapi 5 document id (cuid2: lower-case letters and digits). */
export const commentDocumentIdSchema = z.string().regex(/^[a-z0-9]{1,64}$/, 'not a Strapi document id');

/**
 * Stable error codes: the island branches on `code`, shows `message` (already
 * in the reader's language). Never renamed; new ones may be added.
 */
export const COMMENT_ERROR_CODES = [
  'invalid_json',
  'invalid_request',
  'invalid_article_id',
  'invalid_cursor',
  'invalid_idempotency_key',
  'body_too_short',
  'body_too_long',
  'too_many_links',
  'spam_detected',
  'invalid_username',
  'invalid_email',
  'weak_password',
  'unsupported_media_type',
  'payload_too_large',
  'unauthorized',
  'invalid_credentials',
  'account_blocked',
  'forbidden_origin',
  'article_not_found',
  'comment_not_found',
  'not_found',
  'method_not_allowed',
  'account_exists',
  'idempotency_key_reused',
  'rate_limited',
  'internal_error',
  'cms_error',
  'cms_unavailable',
  /** The host has no valid configuration for the function (a deployment error): 503, `details.variables` names what to set. */
  'not_configured',
] as const;
export const commentErrorCodeSchema = z.enum(COMMENT_ERROR_CODES);
export type CommentErrorCode = z.infer<typeof commentErrorCodeSchema>;

/** Every error answer: `{ error: { code, message, status, details? } }`. */
export const commentErrorResponseSchema = z.object({
  error: z.object({
    code: commentErrorCodeSchema,
    /** In the reader's language (ru/kk). */
    message: z.string().min(1),
    status: z.number().int().min(400).max(599),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});
export type CommentErrorResponse = z.infer<typeof commentErrorResponseSchema>;

/** A comment as the function shows it: the author by username only, never an e-mail. */
export const publicCommentSchema = z.object({
  /** The comment's Strapi documentId (DELETE /api/comments/<id>). */
  id: commentDocumentIdSchema,
  /** The article's documentId. */
  article: commentDocumentIdSchema,
  /** Plain text as the reader wrote it (trimmed); render escaped. */
  body: z.string(),
  status: commentStatusSchema,
  author: z.object({ username: z.string().min(1) }),
  createdAt: dateTimeSchema,
});
export type PublicComment = z.infer<typeof publicCommentSchema>;

/** GET /api/comments?article=<documentId>&cursor=<nextCursor>: approved comments, oldest first. */
export const commentListResponseSchema = z.object({
  data: z.array(publicCommentSchema),
  meta: z.object({
    /** Pass as `cursor` for the next page; null on the last page. */
    nextCursor: z.string().nullable(),
  }),
});
export type CommentListResponse = z.infer<typeof commentListResponseSchema>;

/** GET /api/comments/counts?articles=a,b,c: approved comments per article (0 for drafts and unknown ids). */
export const commentCountsResponseSchema = z.object({
  data: z.record(z.string(), z.number().int().nonnegative()),
});
export type CommentCountsResponse = z.infer<typeof commentCountsResponseSchema>;

/** POST /api/comments → 201: the stored comment and its moderation state. */
export const commentCreatedResponseSchema = z.object({
  data: publicCommentSchema,
  meta: z.object({
    moderation: z.object({
      status: commentStatusSchema,
      /** "Published" or "will appear after moderation", in the reader's language. */
      message: z.string().min(1),
    }),
  }),
});
export type CommentCreatedResponse = z.infer<typeof commentCreatedResponseSchema>;

/** The signed-in reader as the function shows them (no e-mail). */
export const readerSchema = z.object({
  id: idSchema,
  username: z.string().min(1),
  /** Whether their comments are published at once: the moderators' flag, or trust earned by approved comments. */
  trusted: z.boolean(),
});
export type Reader = z.infer<typeof readerSchema>;

/**
 * POST /api/auth/register (201) and POST /api/auth/login (200). The session
 * is also set as an HttpOnly cookie; browsers should rely on the cookie and
 * never store `token` (it is there for non-browser clients).
 */
export const authResponseSchema = z.object({
  data: z.object({
    user: readerSchema,
    token: z.string().min(1),
    expiresAt: dateTimeSchema,
  }),
});
export type AuthResponse = z.infer<typeof authResponseSchema>;

/** GET /api/auth/me. */
export const meResponseSchema = z.object({ data: z.object({ user: readerSchema }) });
export type MeResponse = z.infer<typeof meResponseSchema>;

/** Body of POST /api/comments. `website` is a honeypot: the form hides it, people leave it empty. */
export const postCommentRequestSchema = z.object({
  article: z.string(),
  body: z.string(),
  website: z.string().optional(),
  locale: localeSchema.optional(),
});
export type PostCommentRequest = z.infer<typeof postCommentRequestSchema>;

/** Body of POST /api/auth/register (same honeypot as comments). */
export const registerRequestSchema = z.object({
  username: z.string(),
  email: z.string(),
  password: z.string(),
  website: z.string().optional(),
  locale: localeSchema.optional(),
});
export type RegisterRequest = z.infer<typeof registerRequestSchema>;

/** Body of POST /api/auth/login: `identifier` is the e-mail or the username. */
export const loginRequestSchema = z.object({
  identifier: z.string(),
  password: z.string(),
  locale: localeSchema.optional(),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;
