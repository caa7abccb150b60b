/**
 * Reader comments: the public contract of the comments function (the
 * `comments/` package), which the site's comment island calls under
 * `/api/…`. Readers never talk to Strapi directly, so these are the
 * function's own requests and responses, not Strapi's (what the CMS's
 * comment routes and the function both rely on is in comments-cms.ts).
 *
 * Every text a reader wrote (`body`, `username`) is plain text: render it
 * escaped (Astro's `{…}`, `textContent`), never as HTML.
 */
import { z } from 'zod';
import { dateTimeSchema, idSchema, localeSchema } from './common.ts';

export const COMMENT_STATUSES = ['pending', 'approved', 'rejected'] as const;
export const commentStatusSchema = z.enum(COMMENT_STATUSES);
export type CommentStatus = z.infer<typeof commentStatusSchema>;

/**
 * Why a comment waits for a moderator: stored on the comment
 * (`moderationReasons`) and shown in the panel's moderation queue. The
 * comments function gives the first four when it stores a comment
 * (`premoderated_reader`: a moderator keeps the reader on pre-moderation);
 * the CMS adds `reader_reports` when readers' reports hide an approved one.
 * A new reason is added here and in the CMS's copy (cms/src/newsroom/moderation.ts).
 */
export const MODERATION_REASONS = ['new_reader', 'banned_words', 'links', 'premoderated_reader', 'reader_reports'] as const;
export const moderationReasonSchema = z.enum(MODERATION_REASONS);
export type ModerationReason = z.infer<typeof moderationReasonSchema>;

/** Limits of a comment's text, in characters (Unicode code points), after trimming. */
export const COMMENT_BODY_MIN = 2;
export const COMMENT_BODY_MAX = 2000;
/** At most this many links in one comment. */
export const COMMENT_MAX_LINKS = 2;

/** Reader accounts: a username of 3–30 letters, digits, `_`, `.` or `-` (any script; no spaces, no control or bidi characters). */
export const USERNAME_PATTERN = /^[\p{L}\p{N}_.-]{3,30}$/u;
export const USERNAME_MIN = 3;
export const USERNAME_MAX = 30;
/** Passwords: 8–64 characters with at least one letter and one digit, not the username or the e-mail. */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 64;
/** One-time codes (e-mail confirmation, password reset): 6 digits, valid 15 minutes, 5 attempts. */
export const VERIFICATION_CODE_PATTERN = /^\d{6}$/;
export const VERIFICATION_CODE_TTL_MINUTES = 15;

/**
 * How readers are identified before they may comment (`COMMENTS_IDENTITY` of
 * the function; comments/README.md, "Identified readers"):
 * - `phone` (default): an e-mail account plus a mobile number confirmed by a
 *   one-time SMS code — what Kazakhstan's law on informatization requires of
 *   sites that publish readers' comments;
 * - `email`: the e-mail account alone, for jurisdictions without such a rule.
 */
export const IDENTITY_MODES = ['phone', 'email'] as const;
export type IdentityMode = (typeof IDENTITY_MODES)[number];

/** Why a reader reports a comment (POST /api/comments/<id>/reports). */
export const REPORT_REASONS = ['spam', 'insult', 'off_topic', 'illegal', 'other'] as const;
export const reportReasonSchema = z.enum(REPORT_REASONS);
export type ReportReason = z.infer<typeof reportReasonSchema>;
/** The longest note a reader may add to a report. */
export const REPORT_NOTE_MAX = 500;

/** Whether a password follows the rule above for this username and e-mail. */
export function isStrongPassword(password: string, account: { username?: string; email?: string }): boolean {
  const lower = password.toLowerCase();
  return (
    password.length >= PASSWORD_MIN &&
    password.length <= PASSWORD_MAX &&
    /\p{L}/u.test(password) &&
    /\p{N}/u.test(password) &&
    lower !== account.username?.toLowerCase() &&
    lower !== account.email?.toLowerCase()
  );
}

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
  /** Another account has this username (usernames are public; e-mails are never confirmed or denied). */
  'username_taken',
  /** The one-time code is wrong, expired or used up. */
  'invalid_code',
  /** Right password, but the e-mail was never confirmed: a new code was sent to it. */
  'verification_required',
  /** The function cannot send e-mail right now (503). */
  'mail_unavailable',
  /** Commenting, replying and reporting need a mobile number confirmed by SMS first (identity mode `phone`). */
  'phone_required',
  /** Not a mobile number of the countries the site accepts. */
  'invalid_phone',
  /** The number was confirmed by its owner, but it belongs to another account already. */
  'phone_taken',
  /** The function cannot send SMS right now (503). */
  'sms_unavailable',
  /** This reader already reported this comment. */
  'already_reported',
  /** Readers cannot report their own comments. */
  'own_comment',
  /** An unsubscribe link that is not (or no longer) valid. */
  'invalid_token',
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
  /** The comment this one replies to (replies are one level deep: always a top-level comment); null for a top-level comment. */
  parent: commentDocumentIdSchema.nullable(),
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
  /** Whether a mobile number is confirmed for this account; the number itself never leaves the CMS. */
  phoneVerified: z.boolean(),
  /** The last two digits of the confirmed number ("…45"), so the reader can tell which one it is; null without one. */
  phoneEnding: z
    .string()
    .regex(/^\d{2}$/)
    .nullable(),
  /** Whether replies to their comments are e-mailed to them. */
  notifyReplies: z.boolean(),
});
export type Reader = z.infer<typeof readerSchema>;

/**
 * A started session: POST /api/auth/verify, /auth/login, /auth/password,
 * /auth/password-reset/confirm (200) and GET /api/auth/me. The session itself
 * travels only as the HttpOnly cookie, never in the body; `expiresAt` says
 * when it ends unless it is renewed (any signed-in request renews it).
 */
export const authResponseSchema = z.object({
  data: z.object({
    user: readerSchema,
    expiresAt: dateTimeSchema,
    /** True when the reader must confirm a mobile number before commenting (identity mode `phone`). */
    phoneRequired: z.boolean(),
  }),
});
export type AuthResponse = z.infer<typeof authResponseSchema>;

/** GET /api/auth/me: the same as a started session. */
export const meResponseSchema = authResponseSchema;
export type MeResponse = AuthResponse;

/**
 * POST /api/auth/register and /api/auth/password-reset → 202: "if the address
 * can have it, a code is on its way" — the same answer whether or not the
 * e-mail belongs to an account, so nobody learns who reads the site.
 */
export const codeSentResponseSchema = z.object({
  data: z.object({
    /** What the reader does next: enter the code at /auth/verify, /auth/password-reset/confirm or /auth/phone/verify (SMS). */
    next: z.enum(['verify', 'reset', 'phone']),
    codeTtlMinutes: z.number().int().positive(),
  }),
});
export type CodeSentResponse = z.infer<typeof codeSentResponseSchema>;

/** Body of POST /api/comments. `website` is a honeypot: the form hides it, people leave it empty. */
export const postCommentRequestSchema = z.object({
  article: z.string(),
  body: z.string(),
  /** The comment this one replies to (a reply to a reply answers its top-level comment). */
  replyTo: z.string().optional(),
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

/** Body of POST /api/auth/verify: the code the registration e-mail carried. */
export const verifyRequestSchema = z.object({
  email: z.string(),
  code: z.string(),
  locale: localeSchema.optional(),
});
export type VerifyRequest = z.infer<typeof verifyRequestSchema>;

/** Body of POST /api/auth/password (signed in): every other session of the reader ends. */
export const passwordChangeRequestSchema = z.object({
  currentPassword: z.string(),
  password: z.string(),
  locale: localeSchema.optional(),
});
export type PasswordChangeRequest = z.infer<typeof passwordChangeRequestSchema>;

/** Body of POST /api/auth/password-reset (same honeypot as registration). */
export const passwordResetRequestSchema = z.object({
  email: z.string(),
  website: z.string().optional(),
  locale: localeSchema.optional(),
});
export type PasswordResetRequest = z.infer<typeof passwordResetRequestSchema>;

/** Body of POST /api/auth/password-reset/confirm: the e-mailed code and the new password; every earlier session ends. */
export const passwordResetConfirmRequestSchema = z.object({
  email: z.string(),
  code: z.string(),
  password: z.string(),
  locale: localeSchema.optional(),
});
export type PasswordResetConfirmRequest = z.infer<typeof passwordResetConfirmRequestSchema>;

/** Body of POST /api/auth/phone (signed in): the mobile number to confirm, as typed ("+7 701 123 45 67", "8 701…"). */
export const phoneRequestSchema = z.object({
  phone: z.string(),
  locale: localeSchema.optional(),
});
export type PhoneRequest = z.infer<typeof phoneRequestSchema>;

/** Body of POST /api/auth/phone/verify: the code of the SMS. */
export const phoneVerifyRequestSchema = z.object({
  code: z.string(),
  locale: localeSchema.optional(),
});
export type PhoneVerifyRequest = z.infer<typeof phoneVerifyRequestSchema>;

/** Body of DELETE /api/auth/account: the password, so a session left open cannot delete the account. */
export const accountDeleteRequestSchema = z.object({
  password: z.string(),
  locale: localeSchema.optional(),
});
export type AccountDeleteRequest = z.infer<typeof accountDeleteRequestSchema>;

/** Body of POST /api/auth/notifications (signed in). */
export const notificationsRequestSchema = z.object({
  notifyReplies: z.boolean(),
  locale: localeSchema.optional(),
});
export type NotificationsRequest = z.infer<typeof notificationsRequestSchema>;

/** Body of POST /api/notifications/unsubscribe: the token of the e-mail's opt-out link (no session needed). */
export const unsubscribeRequestSchema = z.object({
  token: z.string(),
  locale: localeSchema.optional(),
});
export type UnsubscribeRequest = z.infer<typeof unsubscribeRequestSchema>;

/** Body of POST /api/comments/<id>/reports. `note` is unsanitised reader input, for moderators only. */
export const reportRequestSchema = z.object({
  reason: z.string(),
  note: z.string().optional(),
  locale: localeSchema.optional(),
});
export type ReportRequest = z.infer<typeof reportRequestSchema>;

/** POST /api/comments/<id>/reports → 202: the report is recorded; `hidden` when it was the one that hid the comment. */
export const reportedResponseSchema = z.object({
  data: z.object({ reported: z.literal(true), hidden: z.boolean() }),
});
export type ReportedResponse = z.infer<typeof reportedResponseSchema>;
