/**
 * The narrow store the handler needs: everything it reads or writes, and
 * nothing else. One implementation, strapi-store.ts, talks to Strapi's REST
 * API with the server-only comments token; the handler never sees Strapi.
 *
 * Store methods throw the named errors below, which the handler turns into
 * answers: StoreUnavailableError → 503 cms_unavailable,
 * StoreResponseError → 502 cms_error, and the auth errors into their codes.
 */
import type { CommentStatus, Locale, ModerationReason } from '@tilshi/shared-types';

/** A comment as stored. `body` and `authorName` are reader input: plain text, never HTML. */
export type StoredComment = {
  /** Numeric row id: the order of creation, used by the list cursor. */
  id: number;
  documentId: string;
  articleDocumentId: string;
  /** Unsanitised reader input (plain text). */
  body: string;
  status: CommentStatus;
  authorId: number;
  /** Unsanitised reader input (the username at the time of posting). */
  authorName: string;
  language: Locale;
  /** `<authorId>:<Idempotency-Key>`, null when the request had no key. */
  idempotencyKey: string | null;
  createdAt: string;
};

export type NewComment = {
  articleDocumentId: string;
  body: string;
  status: Extract<CommentStatus, 'pending' | 'approved'>;
  authorId: number;
  authorName: string;
  language: Locale;
  /** The request's Idempotency-Key as sent (the store keeps it unique per reader); null without one. */
  idempotencyKey: string | null;
  moderationNote: string | null;
  /** Why it waits for a moderator (empty when approved at once). */
  moderationReasons: ModerationReason[];
};

/** What the function may know about a reader account (no e-mail). */
export type ReaderAccount = {
  id: number;
  username: string;
  /** The panel's flag. */
  trusted: boolean;
  blocked: boolean;
  /** Moves on at logout and password change; a session of an older version is over. */
  sessionVersion: number;
  /** How many of their comments moderators approved and rejected (earned trust). */
  approvedComments: number;
  rejectedComments: number;
};

/** A reader's comments since a moment: how many, and the creation times of the newest few. */
export type RecentActivity = { total: number; newest: Date[] };

/** An account whose credentials or code were right: whose it is and its session version. */
export type SessionGrant = { userId: number; sessionVersion: number };

/** Registration: a code for a new (or never confirmed) account, an already confirmed e-mail, or a username someone else has. */
export type RegisterOutcome = { outcome: 'code'; userId: number; code: string } | { outcome: 'existing'; userId: number } | { outcome: 'username_taken' };
export type LoginOutcome =
  | ({ outcome: 'ok' } & SessionGrant)
  | { outcome: 'invalid' }
  | { outcome: 'blocked' }
  /** Right password, e-mail never confirmed: `code` is a fresh confirmation code for it. */
  | { outcome: 'unconfirmed'; userId: number; email: string; code: string };
export type CodeOutcome = ({ outcome: 'ok' } & SessionGrant) | { outcome: 'invalid' };
export type ResetOutcome = { outcome: 'code'; userId: number; code: string } | { outcome: 'none' };

/** One hit in a shared rate-limit window: how many hits the window holds now and when it ends (ms since the epoch). */
export type LimitHit = { bucket: string; windowSeconds: number };
export type LimitCount = { bucket: string; hits: number; resetsAt: number };

export type PublishedArticle = { documentId: string; locales: Locale[] };

export interface CommentsStore {
  /** The article when it has a published version in any locale; null for drafts, deleted and unknown ids. */
  findArticle(documentId: string): Promise<PublishedArticle | null>;
  /** Approved comments of an article with an id greater than `afterId`, oldest first, at most `limit`. */
  listApproved(articleDocumentId: string, page: { afterId: number | null; limit: number }): Promise<StoredComment[]>;
  /** Approved comments per article; 0 for articles without a published version. */
  countApproved(articleDocumentIds: string[]): Promise<Record<string, number>>;
  /**
   * The rate-limit window of a reader in one query: how many comments they
   * created since `since` (the day), and the creation times of the newest
   * `take` of them, newest first (is the `take`-th newest within the minute?).
   */
  recentByAuthor(authorId: number, window: { since: Date; take: number }): Promise<RecentActivity>;
  /** The comment a reader already created with this Idempotency-Key, if any. */
  findByIdempotencyKey(authorId: number, key: string): Promise<StoredComment | null>;
  /** Throws DuplicateIdempotencyKeyError when another request stored the same key first. */
  createComment(comment: NewComment): Promise<StoredComment>;
  /** Deletes a comment if that reader wrote it; false when there is no such comment of theirs. */
  deleteOwnComment(documentId: string, authorId: number): Promise<boolean>;
  getUser(id: number): Promise<ReaderAccount | null>;
  /** The banned-word list, as moderators typed it (a trailing `*` matches any ending). */
  bannedWords(): Promise<string[]>;
  /** Creates (or renews, while unconfirmed) an account; never says more than the outcome. */
  registerAccount(input: { username: string; email: string; password: string }): Promise<RegisterOutcome>;
  /** Confirms a new account's e-mail with its code. */
  verifyAccount(input: { email: string; code: string }): Promise<CodeOutcome>;
  login(input: { identifier: string; password: string }): Promise<LoginOutcome>;
  /** Ends every session of a reader (their session version moves on). */
  revokeSessions(userId: number): Promise<{ sessionVersion: number }>;
  changePassword(input: { userId: number; currentPassword: string; newPassword: string }): Promise<CodeOutcome>;
  requestPasswordReset(input: { email: string }): Promise<ResetOutcome>;
  confirmPasswordReset(input: { email: string; code: string; newPassword: string }): Promise<CodeOutcome>;
  /** Counts one hit in each shared window (rate limits that hold across instances). */
  hitLimits(hits: LimitHit[]): Promise<LimitCount[]>;
}

type StoreErrorContext = { operation: string; cause?: unknown };

/** Strapi could not be reached, timed out, or answered 502/503/504. */
export class StoreUnavailableError extends Error {
  readonly operation: string;
  constructor(message: string, context: StoreErrorContext) {
    super(`${context.operation}: ${message}`, context.cause === undefined ? undefined : { cause: context.cause });
    this.name = 'StoreUnavailableError';
    this.operation = context.operation;
  }
}

/** Strapi answered, but not as its API promises (unexpected status or shape, rejected token). */
export class StoreResponseError extends Error {
  readonly operation: string;
  readonly status: number | null;
  constructor(message: string, context: StoreErrorContext & { status: number | null }) {
    super(`${context.operation}: ${message}`, context.cause === undefined ? undefined : { cause: context.cause });
    this.name = 'StoreResponseError';
    this.operation = context.operation;
    this.status = context.status;
  }
}

/** The Idempotency-Key is already stored (a concurrent retry won the race). */
export class DuplicateIdempotencyKeyError extends Error {
  readonly key: string;
  constructor(key: string) {
    super(`a comment with the idempotency key "${key}" already exists`);
    this.name = 'DuplicateIdempotencyKeyError';
    this.key = key;
  }
}
