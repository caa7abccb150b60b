/**
 * What every route of the function shares: the request context, the route
 * shape, and the kit of helpers built once per handler (the reader's session,
 * JSON bodies, session answers, rate limits). routes/auth.ts and
 * routes/comments.ts each declare their routes over this kit; handler.ts
 * dispatches to them and turns errors into answers.
 */
import type { IdentityMode, Locale, Reader } from '@tilshi/shared-types';
import type { CountryCode } from 'libphonenumber-js';
import { CommentsError } from './errors.ts';
import { clearedSessionCookie, jsonResponse, readJsonBody, sessionCookie, type CookieOptions } from './http.ts';
import { readerLanguage } from './language.ts';
import type { LimitCheck, Limiter, Limits } from './limits.ts';
import type { ReadCache } from './read-cache.ts';
import type { OptOutTokens } from './tokens.ts';
import type { Mailer } from './mail.ts';
import { earnedTrust, stripBidiControls } from './rules.ts';
import type { Sessions, VerifiedSession } from './sessions.ts';
import type { SmsSender } from './sms.ts';
import type { CommentsStore, ReaderAccount, SessionGrant } from './store.ts';

export type Context = {
  request: Request;
  url: URL;
  /** The reader's language; a `locale` field of the JSON body may change it. */
  language: Locale;
  params: Record<string, string>;
  /** The reader's address key for rate limits (client-address.ts); null when unknown. */
  address: string | null;
  /** Headers every answer to this request gets (a renewed session cookie). */
  extraHeaders: Headers;
};

/** `anyOrigin`: the route authenticates by a token of its own, so POSTs without the site's Origin are fine. */
export type Route = { method: string; pattern: RegExp; anyOrigin?: boolean; run: (context: Context) => Promise<Response> };

/**
 * A zod schema, described by what is used of it: the request schemas come
 * from @tilshi/shared-types, which has its own copy of zod.
 */
export type SafeParser<T> = {
  safeParse(
    input: unknown,
  ): { success: true; data: T } | { success: false; error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey> }> } };
};

export type KitOptions = {
  store: CommentsStore;
  sessions: Sessions;
  limit: Limiter;
  /** The rules of the limits, and the names of their shared buckets (the write path counts the address in the CMS). */
  limits: Limits;
  bucketOf: (check: LimitCheck) => Promise<string>;
  mailer: Mailer;
  /** Sends the one-time codes that confirm mobile numbers (sms.ts). */
  sms: SmsSender;
  /** `phone`: commenting needs a confirmed mobile number; `email`: the e-mail account alone. */
  identity: IdentityMode;
  /** Countries whose mobile numbers are accepted (phone.ts). */
  phoneCountries: readonly CountryCode[];
  /** The site's first origin: links in e-mails point there. */
  siteOrigin: string;
  /** The opt-out links of e-mails (tokens.ts). */
  tokens: OptOutTokens;
  /** The read cache of the public GETs (read-cache.ts). */
  cache: ReadCache;
  /** Sends the e-mails of replies approved since the last time (notices.ts); never throws. */
  sendReplyNotices: () => Promise<void>;
  /** What the CMS's hook must carry as its Bearer value (derived from the comments token). */
  hookSecret: Promise<string>;
  cookie: CookieOptions;
  maxBodyBytes: number;
  autoTrustAfter: number;
  /** The site's name in e-mails (the host of its first origin). */
  siteName: string;
  /** Answers of routes that must not tell known from unknown e-mails take at least this long. */
  authFloorMs: number;
  now: () => Date;
};

/** A signed-in reader: the account and the session that proved it. */
export type SignedIn = { account: ReaderAccount; session: VerifiedSession };

/** zod issues of a request body → field paths, for `details` (never the values: they may be passwords). */
function issuePaths(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey> }>): string[] {
  return issues.map((issue) => issue.path.map(String).join('.') || '(root)');
}

export type Kit = ReturnType<typeof createKit>;

export function createKit(options: KitOptions) {
  const { store, sessions, cookie, now } = options;

  /** Whether a reader's comments are published at once: the panel's flag, or trust earned by approved comments. */
  function isTrusted(account: ReaderAccount): boolean {
    return (
      account.trusted || earnedTrust({ approved: account.approvedComments, rejected: account.rejectedComments }, options.autoTrustAfter)
    );
  }

  function toReader(account: ReaderAccount): Reader {
    return {
      id: account.id,
      username: stripBidiControls(account.username),
      trusted: isTrusted(account),
      phoneVerified: account.phoneEnding !== null,
      phoneEnding: account.phoneEnding,
      notifyReplies: account.notifyReplies,
    };
  }

  /** Whether the reader must confirm a mobile number before commenting. */
  function phoneRequired(account: ReaderAccount): boolean {
    return options.identity === 'phone' && account.phoneEnding === null;
  }

  /** `{ user, expiresAt, phoneRequired }`: what a session answer carries. */
  function sessionData(account: ReaderAccount, expiresAt: Date) {
    return { user: toReader(account), expiresAt: expiresAt.toISOString(), phoneRequired: phoneRequired(account) };
  }

  /** Sets the session cookie of a freshly issued token on a response. */
  function withSessionCookie(response: Response, token: string, expiresAt: Date): Response {
    response.headers.append('Set-Cookie', sessionCookie(cookie, token, (expiresAt.getTime() - now().getTime()) / 1000));
    return response;
  }

  /**
   * The signed-in reader: a valid session (401 otherwise) of an account that
   * still exists, is confirmed, not blocked (403) and whose session version
   * the token carries (logout or a password change ended older sessions).
   * An old enough session is renewed: the fresh cookie rides on the answer.
   */
  async function requireReader(context: Context): Promise<SignedIn> {
    const session = await sessions.verify(context.request);
    const account = await store.getUser(session.readerId);
    if (!account) throw new CommentsError('unauthorized', { details: { reason: 'unknown reader' } });
    if (account.sessionVersion !== session.sessionVersion)
      throw new CommentsError('unauthorized', { details: { reason: 'session ended' } });
    if (account.blocked) throw new CommentsError('account_blocked');
    if (sessions.needsRenewal(session)) {
      const renewed = await sessions.issue({ userId: account.id, sessionVersion: account.sessionVersion }, session.authTime);
      context.extraHeaders.append(
        'Set-Cookie',
        sessionCookie(cookie, renewed.token, (renewed.expiresAt.getTime() - now().getTime()) / 1000),
      );
      return { account, session: { ...session, expiresAt: renewed.expiresAt } };
    }
    return { account, session };
  }

  return {
    ...options,
    isTrusted,
    toReader,
    sessionData,

    requireReader,

    /**
     * The session of the request, checked cryptographically only (401 otherwise), renewed when old
     * enough: for the write path, where the CMS checks the account in the same transaction.
     */
    async requireSession(context: Context): Promise<VerifiedSession> {
      const session = await sessions.verify(context.request);
      if (!sessions.needsRenewal(session)) return session;
      const renewed = await sessions.issue({ userId: session.readerId, sessionVersion: session.sessionVersion }, session.authTime);
      context.extraHeaders.append(
        'Set-Cookie',
        sessionCookie(cookie, renewed.token, (renewed.expiresAt.getTime() - now().getTime()) / 1000),
      );
      return { ...session, expiresAt: renewed.expiresAt };
    },

    /**
     * A signed-in reader who may write (comment, reply, report): with identity
     * mode `phone`, one whose mobile number is confirmed (403 phone_required).
     */
    async requireCommenter(context: Context): Promise<SignedIn> {
      const signedIn = await requireReader(context);
      if (phoneRequired(signedIn.account)) throw new CommentsError('phone_required');
      return signedIn;
    },

    /** Parses a JSON body against a schema (400 invalid_request naming the fields) and adopts its `locale`. */
    async parseBody<T>(context: Context, schema: SafeParser<T>): Promise<T> {
      const raw = await readJsonBody(context.request, options.maxBodyBytes);
      // Adopt a valid `locale` before validating the rest, so the errors of this very body are in that language.
      if (typeof raw === 'object' && raw !== null && 'locale' in raw) context.language = readerLanguage(context.request, raw.locale);
      const parsed = schema.safeParse(raw);
      if (!parsed.success) throw new CommentsError('invalid_request', { details: { fields: issuePaths(parsed.error.issues) } });
      return parsed.data;
    },

    /** 200 with the reader and when the session ends; the session itself only as the HttpOnly cookie. */
    async startSession(grant: SessionGrant): Promise<Response> {
      const account = await store.getUser(grant.userId);
      if (!account) throw new CommentsError('unauthorized', { details: { reason: 'unknown reader' } });
      const issued = await sessions.issue({ userId: account.id, sessionVersion: account.sessionVersion });
      return withSessionCookie(jsonResponse(200, { data: sessionData(account, issued.expiresAt) }), issued.token, issued.expiresAt);
    },

    clearSession(response: Response): Response {
      response.headers.append('Set-Cookie', clearedSessionCookie(cookie));
      return response;
    },

    /**
     * Runs `work` and answers no sooner than `authFloorMs` after it started, so
     * answers about known and unknown e-mails take the same time whatever the
     * work did (hashing, sending mail). Errors wait too.
     */
    async atLeastFloor<T>(work: () => Promise<T>): Promise<T> {
      const started = Date.now();
      const settle = async () => {
        const left = options.authFloorMs - (Date.now() - started);
        if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
      };
      try {
        const result = await work();
        await settle();
        return result;
      } catch (error) {
        await settle();
        throw error;
      }
    },
  };
}
