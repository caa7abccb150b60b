/**
 * The CommentsStore on Strapi 5's REST API. Reads and writes go with the
 * server-only comments token (its permissions: cms/src/bootstrap/comments.ts),
 * reader accounts too: users-permissions' own public auth routes are closed,
 * the CMS's /api/reader-accounts/* routes answer this token only.
 * Every answer is validated with zod: nothing from the network is trusted
 * or cast.
 *
 * Comments are looked up by the plain `articleDocumentId` and `authorId`
 * columns, not through the `article`/`author` relations: see
 * cms/src/bootstrap/comments.ts for why.
 */
import { LOCALES, readerAccountSchema, STORED_COMMENT_FIELDS, type StrapiQuery } from '@tilshi/shared-types';
import { StrapiClient, StrapiRequestError, StrapiResponseError, StrapiUnreachableError } from '@tilshi/strapi-client';
import { z } from 'zod';
import { StoreResponseError, StoreUnavailableError, type CommentsStore, type ReaderAccount, type StoredComment } from './store.ts';

export type StrapiStoreOptions = {
  /** Strapi's base URL as the function reaches it, e.g. http://127.0.0.1:1337 (no trailing /api). */
  url: string;
  /** Secret of the comments API token (STRAPI_COMMENTS_TOKEN). */
  token: string;
  /** Per-request timeout; past it Strapi counts as unavailable. */
  timeoutMs?: number;
  fetch?: typeof fetch;
};

const statusSchema = z.enum(['pending', 'approved', 'rejected']);
const localeSchema = z.enum(LOCALES);

/** A comment as Strapi's REST API returns it to the comments token (extra fields are dropped). */
const strapiCommentSchema = z.object({
  id: z.number().int().positive(),
  documentId: z.string().min(1),
  articleDocumentId: z.string().min(1),
  body: z.string(),
  moderationStatus: statusSchema,
  authorId: z.number().int().positive(),
  authorName: z.string(),
  language: localeSchema,
  idempotencyKey: z.string().nullable(),
  createdAt: z.string().min(1),
  parentDocumentId: z
    .string()
    .nullable()
    .optional()
    .transform((value) => value ?? null),
});

const paginationSchema = z.object({
  page: z.number().int().optional(),
  pageSize: z.number().int().optional(),
  pageCount: z.number().int().optional(),
  total: z.number().int().nonnegative().optional(),
});

function pageOf<Item extends z.ZodType>(item: Item) {
  return z.object({ data: z.array(item), meta: z.object({ pagination: paginationSchema }) });
}

const commentPageSchema = pageOf(strapiCommentSchema);
const countPageSchema = z.object({
  data: z.array(z.unknown()),
  meta: z.object({ pagination: z.object({ total: z.number().int().nonnegative() }) }),
});
const articlePageSchema = pageOf(z.object({ documentId: z.string(), locale: localeSchema, slug: z.string().nullable().optional() }));
const bannedWordPageSchema = pageOf(z.object({ word: z.string() }));
const countsSchema = z.object({ data: z.record(z.string(), z.number().int().nonnegative()) });
const readerSchema = z.object({ data: readerAccountSchema });
const userId = z.number().int().positive();
const sessionVersion = z.number().int().nonnegative();
const grant = z.object({ outcome: z.literal('ok'), userId, sessionVersion });
const invalid = z.object({ outcome: z.literal('invalid') });
const code = z.string().regex(/^\d{6}$/);
const outcomeSchemas = {
  register: z.discriminatedUnion('outcome', [
    z.object({ outcome: z.literal('code'), userId, code }),
    z.object({ outcome: z.literal('existing'), userId }),
    z.object({ outcome: z.literal('username_taken') }),
  ]),
  login: z.discriminatedUnion('outcome', [
    grant,
    invalid,
    z.object({ outcome: z.literal('blocked') }),
    z.object({ outcome: z.literal('unconfirmed'), userId, email: z.string().min(3), code }),
  ]),
  code: z.discriminatedUnion('outcome', [grant, invalid]),
  reset: z.discriminatedUnion('outcome', [
    z.object({ outcome: z.literal('code'), userId, code }),
    z.object({ outcome: z.literal('none') }),
  ]),
  revoke: z.object({ sessionVersion }),
  phone: z.discriminatedUnion('outcome', [z.object({ outcome: z.literal('code'), code }), invalid]),
  phoneVerify: z.discriminatedUnion('outcome', [
    z.object({ outcome: z.literal('ok'), phoneEnding: z.string().regex(/^\d{2}$/) }),
    invalid,
    z.object({ outcome: z.literal('taken') }),
  ]),
  deleteAccount: z.discriminatedUnion('outcome', [z.object({ outcome: z.literal('ok'), articles: z.array(z.string()) }), invalid]),
  notifications: z.discriminatedUnion('outcome', [z.object({ outcome: z.literal('ok') }), invalid]),
  report: z.discriminatedUnion('outcome', [
    z.object({ outcome: z.literal('reported'), hidden: z.boolean() }),
    z.object({ outcome: z.literal('not_found') }),
    z.object({ outcome: z.literal('own') }),
    z.object({ outcome: z.literal('already') }),
  ]),
  notices: z.array(
    z.object({
      reply: z.object({ id: z.string(), article: z.string(), body: z.string(), authorName: z.string(), language: localeSchema }),
      to: z.object({ userId, username: z.string(), email: z.string().min(3) }),
    }),
  ),
  changes: z.object({ seq: z.number().int().nonnegative(), articles: z.array(z.string()), reset: z.boolean() }),
  submit: z.array(
    z.discriminatedUnion('outcome', [
      z.object({ outcome: z.enum(['created', 'replayed']), comment: strapiCommentSchema }),
      z.object({ outcome: z.enum(['unauthorized', 'blocked', 'phone_required', 'article_not_found', 'parent_not_found']) }),
      z.object({
        outcome: z.literal('rate_limited'),
        window: z.enum(['minute', 'day', 'address']),
        limit: z.number().int().positive(),
        retryAfter: z.number().int().positive(),
      }),
    ]),
  ),
  limits: z.array(z.object({ bucket: z.string(), hits: z.number().int().positive(), resetsAt: z.number().int() })),
};
type RequestInput = {
  operation: string;
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  query?: StrapiQuery;
  body?: unknown;
};

const UNAVAILABLE_STATUS = new Set([502, 503, 504]);

// eslint-disable-next-line max-lines-per-function -- the store factory: its body is the CommentsStore methods, each one request
export function createStrapiStore(options: StrapiStoreOptions): CommentsStore {
  const timeoutMs = options.timeoutMs ?? 5000;
  // No retries: a reader's request waits for this answer; the island tries again after a 503.
  const client = new StrapiClient({
    baseUrl: options.url,
    token: options.token,
    timeoutMs,
    retries: 0,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });

  /** The client's error as the store's: no answer or a gateway error is "unavailable", anything else a wrong answer. */
  function storeError(input: RequestInput, error: unknown): unknown {
    const where = `${input.method} ${input.path}`;
    if (error instanceof StrapiUnreachableError) {
      const reason = error.timedOut ? `no answer within ${timeoutMs} ms` : 'connection failed';
      return new StoreUnavailableError(`${input.method} ${client.baseUrl}${input.path}: ${reason}`, {
        operation: input.operation,
        cause: error,
      });
    }
    if (error instanceof StrapiResponseError) {
      return new StoreResponseError(`${where} → ${error.status} with a body that is not JSON`, {
        operation: input.operation,
        status: error.status,
        cause: error,
      });
    }
    if (!(error instanceof StrapiRequestError)) return error;
    if (error.status !== null && UNAVAILABLE_STATUS.has(error.status)) {
      return new StoreUnavailableError(`${where} → ${error.status}`, { operation: input.operation, cause: error });
    }
    const hint =
      error.status === 401 || error.status === 403
        ? ' (is STRAPI_COMMENTS_TOKEN the secret Strapi provisioned, with its permissions?)'
        : '';
    return new StoreResponseError(
      `${where} → ${error.status}${error.errorName ? ` ${error.errorName}` : ''}${error.strapiMessage ? `: ${error.strapiMessage}` : ''}${hint}`,
      { operation: input.operation, status: error.status },
    );
  }

  /** One exchange; answers the JSON body (null for 204). */
  async function exchange(input: RequestInput): Promise<unknown> {
    try {
      return await client.request(input.method, input.path, {
        ...(input.query ? { query: input.query } : {}),
        ...(input.body === undefined ? {} : { json: input.body }),
      });
    } catch (error) {
      throw storeError(input, error);
    }
  }

  /** An exchange whose answer must match `schema`. */
  async function call<Schema extends z.ZodType>(input: RequestInput, schema: Schema): Promise<z.infer<Schema>> {
    const parsed = schema.safeParse(await exchange(input));
    if (!parsed.success) {
      throw new StoreResponseError(`${input.method} ${input.path}: unexpected answer: ${z.prettifyError(parsed.error).slice(0, 500)}`, {
        operation: input.operation,
        status: 200,
        cause: parsed.error,
      });
    }
    return parsed.data;
  }

  function toStored({ moderationStatus, ...entry }: z.infer<typeof strapiCommentSchema>): StoredComment {
    return { ...entry, status: moderationStatus };
  }

  /** A POST of `{ data }` to one of the CMS's reader-account routes, answering `{ data: <outcome> }`. */
  async function post<Output>(operation: string, path: string, data: unknown, schema: z.ZodType<Output>): Promise<Output> {
    return (await call({ operation, method: 'POST', path, body: { data } }, z.object({ data: schema }))).data;
  }

  return {
    async findArticle(documentId) {
      const page = await call(
        {
          operation: 'findArticle',
          method: 'GET',
          path: '/api/articles',
          // The public API serves published versions only (cms published-only middleware); `*` = every locale.
          query: {
            filters: { documentId: { $eq: documentId } },
            locale: '*',
            fields: ['locale', 'slug'],
            pagination: { page: 1, pageSize: 10 },
          },
        },
        articlePageSchema,
      );
      const entries = page.data.filter((entry) => entry.documentId === documentId);
      const locales = [...new Set(entries.map((entry) => entry.locale))];
      const slugs = Object.fromEntries(entries.flatMap((entry) => (entry.slug ? [[entry.locale, entry.slug]] : [])));
      return locales.length > 0 ? { documentId, locales, slugs } : null;
    },

    async listApproved(articleDocumentId, { afterId, limit }) {
      const page = await call(
        {
          operation: 'listApproved',
          method: 'GET',
          path: '/api/comments',
          query: {
            filters: {
              articleDocumentId: { $eq: articleDocumentId },
              moderationStatus: { $eq: 'approved' },
              ...(afterId === null ? {} : { id: { $gt: afterId } }),
            },
            fields: STORED_COMMENT_FIELDS,
            sort: ['id:asc'],
            pagination: { page: 1, pageSize: limit, withCount: false },
          },
        },
        commentPageSchema,
      );
      return page.data.map(toStored);
    },

    async countApproved(articleDocumentIds) {
      if (articleDocumentIds.length === 0) return {};
      const counts = await call(
        { operation: 'countApproved', method: 'GET', path: '/api/comments/counts', query: { articles: articleDocumentIds.join(',') } },
        countsSchema,
      );
      return Object.fromEntries(articleDocumentIds.map((id) => [id, counts.data[id] ?? 0]));
    },

    async deleteOwnComment(documentId, authorId) {
      const page = await call(
        {
          operation: 'deleteOwnComment',
          method: 'GET',
          path: '/api/comments',
          query: {
            filters: { documentId: { $eq: documentId }, authorId: { $eq: authorId } },
            fields: ['id'],
            pagination: { page: 1, pageSize: 1 },
          },
        },
        countPageSchema,
      );
      if (page.data.length === 0) return false;
      await exchange({ operation: 'deleteOwnComment', method: 'DELETE', path: `/api/comments/${encodeURIComponent(documentId)}` });
      return true;
    },

    async getUser(id): Promise<ReaderAccount | null> {
      try {
        return (await call({ operation: 'getUser', method: 'GET', path: `/api/comments/readers/${id}` }, readerSchema)).data;
      } catch (error) {
        if (error instanceof StoreResponseError && error.status === 404) return null;
        throw error;
      }
    },

    async bannedWords() {
      const words: string[] = [];
      for (let page = 1; page <= 50; page += 1) {
        const answer = await call(
          {
            operation: 'bannedWords',
            method: 'GET',
            path: '/api/banned-words',
            query: { fields: ['word'], sort: ['id:asc'], pagination: { page, pageSize: 100 } },
          },
          bannedWordPageSchema,
        );
        words.push(...answer.data.map((entry) => entry.word));
        if (page >= (answer.meta.pagination.pageCount ?? 1)) break;
      }
      return words;
    },

    registerAccount(input) {
      return post('registerAccount', '/api/reader-accounts/register', input, outcomeSchemas.register);
    },

    verifyAccount(input) {
      return post('verifyAccount', '/api/reader-accounts/verify', input, outcomeSchemas.code);
    },

    login(input) {
      return post('login', '/api/reader-accounts/login', input, outcomeSchemas.login);
    },

    revokeSessions(userId) {
      return post('revokeSessions', '/api/reader-accounts/sessions/revoke', { userId }, outcomeSchemas.revoke);
    },

    changePassword(input) {
      return post('changePassword', '/api/reader-accounts/password', input, outcomeSchemas.code);
    },

    requestPasswordReset(input) {
      return post('requestPasswordReset', '/api/reader-accounts/password-reset', input, outcomeSchemas.reset);
    },

    confirmPasswordReset(input) {
      return post('confirmPasswordReset', '/api/reader-accounts/password-reset/confirm', input, outcomeSchemas.code);
    },

    hitLimits(hits) {
      return post('hitLimits', '/api/rate-limits', { hits }, outcomeSchemas.limits);
    },

    requestPhone(input) {
      return post('requestPhone', '/api/reader-accounts/phone', input, outcomeSchemas.phone);
    },

    verifyPhone(input) {
      return post('verifyPhone', '/api/reader-accounts/phone/verify', input, outcomeSchemas.phoneVerify);
    },

    deleteAccount(input) {
      return post('deleteAccount', '/api/reader-accounts/delete', input, outcomeSchemas.deleteAccount);
    },

    setNotifications(input) {
      return post('setNotifications', '/api/reader-accounts/notifications', input, outcomeSchemas.notifications);
    },

    async submitComments(items) {
      const outcomes = await post('submitComments', '/api/comments/submit', { items }, outcomeSchemas.submit);
      return outcomes.map((outcome) => ('comment' in outcome ? { outcome: outcome.outcome, comment: toStored(outcome.comment) } : outcome));
    },

    reportComment({ commentDocumentId, ...data }) {
      return post('reportComment', `/api/comments/${encodeURIComponent(commentDocumentId)}/reports`, data, outcomeSchemas.report);
    },

    claimReplyNotices(limit) {
      return post('claimReplyNotices', '/api/comments/reply-notices/claim', { limit }, outcomeSchemas.notices);
    },

    async changesAfter(after) {
      const answer = await call(
        { operation: 'changesAfter', method: 'GET', path: '/api/comments/changes', query: { after: String(after) } },
        z.object({ data: outcomeSchemas.changes }),
      );
      return answer.data;
    },
  };
}
