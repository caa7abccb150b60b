/**
 * The narrow store the handler needs: everything it reads or writes, and
 * nothing else. One implementation, strapi-store.ts, talks to Strapi's REST
 * API with the server-only comments token; the handler never sees Strapi.
 *
 * Store methods throw the named errors below, which the handler turns into
 * answers: StoreUnavailableError → 503 cms_unavailable,
 * StoreResponseError → 502 cms_error, and the auth errors into their codes.
 */
import type { CommentStatus, Locale, ModerationReason, ReaderAccount } from '@tilshi/shared-types';

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
  /** The top-level comment this one replies to; null for a top-level comment. */
  parentDocumentId: string | null;
};

/** A moderation decision the function would make: the CMS picks one by the reader's trust (rules.ts). */
export type Decision = {
  status: Extract<CommentStatus, 'pending' | 'approved'>;
  /** Why it waits (the moderation queue shows them; empty when approved at once). */
  reasons: ModerationReason[];
  note: string | null;
};

/** One new comment for the CMS's write path (cms/src/api/comment/submit.ts). `body` is reader input, checked. */
export type SubmitItem = {
  readerId: number;
  /** The session's version: the CMS refuses a session that logout or a password change ended. */
  sessionVersion: number;
  /** Identity mode `phone`: the reader must have a confirmed number. */
  requirePhone: boolean;
  article: string;
  /** The top-level comment answered; null for a top-level comment. */
  parent: string | null;
  body: string;
  language: Locale;
  /** `<readerId>:<Idempotency-Key>`, unique in the CMS; null without one. */
  idempotencyKey: string | null;
  window: { perMinute: number; perDay: number; now: number };
  addressLimit: { bucket: string; limit: number; windowSeconds: number } | null;
  autoTrustAfter: number;
  decisions: { trusted: Decision; untrusted: Decision; premoderated: Decision };
};

export type SubmitOutcome =
  | { outcome: 'created' | 'replayed'; comment: StoredComment }
  | { outcome: 'unauthorized' | 'blocked' | 'phone_required' | 'article_not_found' | 'parent_not_found' }
  | { outcome: 'rate_limited'; window: 'minute' | 'day' | 'address'; limit: number; retryAfter: number };

/** What the function may know about a reader account (no e-mail, no number): the CMS's answer, declared in shared-types. */
export type { ReaderAccount };

/** An account whose credentials or code were right: whose it is and its session version. */
export type SessionGrant = { userId: number; sessionVersion: number };

/** Registration: a code for a new (or never confirmed) account, an already confirmed e-mail, or a username someone else has. */
export type RegisterOutcome =
  { outcome: 'code'; userId: number; code: string } | { outcome: 'existing'; userId: number } | { outcome: 'username_taken' };
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

/** A published article: its locales and the slug of each (the article's page is /news/<slug>/, /kk/news/<slug>/). */
export type PublishedArticle = { documentId: string; locales: Locale[]; slugs: Partial<Record<Locale, string>> };

export type PhoneVerifyOutcome = { outcome: 'ok'; phoneEnding: string } | { outcome: 'invalid' } | { outcome: 'taken' };
export type ReportOutcome =
  { outcome: 'reported'; hidden: boolean } | { outcome: 'not_found' } | { outcome: 'own' } | { outcome: 'already' };
/** An approved reply whose parent's author wants to hear of it (claimed once across instances). `body` and `authorName` are reader input. */
export type ReplyNotice = {
  reply: { id: string; article: string; body: string; authorName: string; language: Locale };
  to: { userId: number; username: string; email: string };
};
/** The change feed the read cache follows: articles changed after a number, the newest number, and whether to forget everything. */
export type ChangesPage = { seq: number; articles: string[]; reset: boolean };

export interface CommentsStore {
  /** The article when it has a published version in any locale; null for drafts, deleted and unknown ids. */
  findArticle(documentId: string): Promise<PublishedArticle | null>;
  /** Approved comments of an article with an id greater than `afterId`, oldest first, at most `limit`. */
  listApproved(articleDocumentId: string, page: { afterId: number | null; limit: number }): Promise<StoredComment[]>;
  /** Approved comments per article; 0 for articles without a published version. */
  countApproved(articleDocumentIds: string[]): Promise<Record<string, number>>;
  /**
   * New comments, checked and written in one transaction by the CMS (reader, session version, number,
   * idempotency, published article, parent, the reader's and the address's windows, the moderation
   * decision): one outcome per item, in order.
   */
  submitComments(items: SubmitItem[]): Promise<SubmitOutcome[]>;
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
  /** A code to confirm `phone` (E.164) for a signed-in reader; `invalid` for an unknown, unconfirmed or blocked account. */
  requestPhone(input: { userId: number; phone: string }): Promise<{ outcome: 'code'; code: string } | { outcome: 'invalid' }>;
  /** Confirms the number the reader's code was sent to. */
  verifyPhone(input: { userId: number; code: string }): Promise<PhoneVerifyOutcome>;
  /** Deletes the account and its comments (with the password); answers the articles whose comments changed. */
  deleteAccount(input: { userId: number; password: string }): Promise<{ outcome: 'ok'; articles: string[] } | { outcome: 'invalid' }>;
  /** Turns e-mails about replies on or off. */
  setNotifications(input: { userId: number; notifyReplies: boolean }): Promise<{ outcome: 'ok' } | { outcome: 'invalid' }>;
  /** Records a reader's report; `hideAt` reports since the last moderator decision hide the comment. */
  reportComment(input: {
    commentDocumentId: string;
    readerId: number;
    reason: string;
    note: string | null;
    hideAt: number;
  }): Promise<ReportOutcome>;
  /** Claims approved replies nobody was told about yet (each once, across instances). */
  claimReplyNotices(limit: number): Promise<ReplyNotice[]>;
  /** The change feed after `after`. */
  changesAfter(after: number): Promise<ChangesPage>;
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
