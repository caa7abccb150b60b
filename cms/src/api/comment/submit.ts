/**
 * New comments in one request and one transaction: the write path of the
 * comments function (`POST /api/comments/submit`, the comments token only).
 *
 * The function checks what it can alone (the session's signature, the text's
 * rules, banned words) and sends the rest here, in batches: while one batch is
 * being written, the comments that arrive meanwhile wait for the next, so a
 * busy site pays one HTTP request and one transaction for many comments.
 * For each comment, in order, inside the transaction:
 *
 * 1. the reader: exists, confirmed, not blocked, the session's version, a
 *    confirmed number when the function asks for one; on PostgreSQL the row is
 *    locked (FOR UPDATE), so two comments of one reader never count the same
 *    window (SQLite has one connection: transactions never overlap);
 * 2. a retry with the same Idempotency-Key answers the comment stored for it;
 * 3. the article is published; a reply answers an approved top-level comment
 *    of that article;
 * 4. the reader's windows (comments of the last minute and day) and the
 *    address's shared rate-limit bucket;
 * 5. the moderation decision: the function sends the three it would make
 *    (for a trusted reader, an untrusted one, one kept on pre-moderation) and
 *    this picks by the reader's flags and earned trust;
 * 6. the comment is created through the Document Service (so the panel's
 *    relations are set and the change feed is told, bootstrap/comments.ts).
 */
import type { Core } from '@strapi/strapi';
import { STORED_COMMENT_FIELDS } from '@tilshi/shared-types/comments-cms';
import { z } from 'zod';
import { MODERATION_REASONS } from '../../newsroom/moderation';
import { LIMITS_TABLE, PHONES_TABLE, rowsOf } from '../reader-account/tables';
import { settlePushes, sqlOf } from './changes';

const COMMENT = 'api::comment.comment';
const USER = 'plugin::users-permissions.user';
const ARTICLE = 'api::article.article';

/** One decision the function would make: the status, why it waits (the moderation queue shows them), the note for moderators. */
const decision = z.object({
  status: z.enum(['pending', 'approved']),
  reasons: z.array(z.enum(MODERATION_REASONS)).max(MODERATION_REASONS.length),
  note: z.string().max(1000).nullable(),
});

export const submitItemSchema = z.object({
  readerId: z.number().int().positive(),
  sessionVersion: z.number().int().nonnegative(),
  requirePhone: z.boolean(),
  article: z.string().regex(/^[a-z0-9]{1,64}$/),
  parent: z
    .string()
    .regex(/^[a-z0-9]{1,64}$/)
    .nullable(),
  body: z.string().min(1).max(4000),
  language: z.enum(['ru', 'kk']),
  /** `<readerId>:<Idempotency-Key>`, or null. */
  idempotencyKey: z.string().max(200).nullable(),
  window: z.object({ perMinute: z.number().int().positive(), perDay: z.number().int().positive(), now: z.number().int().positive() }),
  /** The shared bucket of the reader's address (an HMAC, never the address) and its limit. */
  addressLimit: z
    .object({ bucket: z.string().max(200), limit: z.number().int().positive(), windowSeconds: z.number().int().positive() })
    .nullable(),
  autoTrustAfter: z.number().int().nonnegative(),
  decisions: z.object({ trusted: decision, untrusted: decision, premoderated: decision }),
});
export type SubmitItem = z.infer<typeof submitItemSchema>;

type StoredFields = {
  id: number;
  documentId: string;
  articleDocumentId: string;
  body: string;
  moderationStatus: string;
  authorId: number;
  authorName: string;
  language: string;
  idempotencyKey: string | null;
  createdAt: string;
  parentDocumentId: string | null;
};

export type SubmitOutcome =
  | { outcome: 'created' | 'replayed'; comment: StoredFields }
  | { outcome: 'unauthorized' | 'blocked' | 'phone_required' | 'article_not_found' | 'parent_not_found' }
  | { outcome: 'rate_limited'; window: 'minute' | 'day' | 'address'; limit: number; retryAfter: number };

const FIELDS = ['id', 'documentId', ...STORED_COMMENT_FIELDS];

function asIso(value: unknown): string {
  return new Date(value instanceof Date ? value : typeof value === 'number' ? value : String(value)).toISOString();
}

function stored(row: Record<string, unknown>): StoredFields {
  return {
    id: Number(row.id),
    documentId: String(row.documentId),
    articleDocumentId: String(row.articleDocumentId),
    body: String(row.body),
    moderationStatus: String(row.moderationStatus),
    authorId: Number(row.authorId),
    authorName: String(row.authorName),
    language: String(row.language),
    idempotencyKey: typeof row.idempotencyKey === 'string' ? row.idempotencyKey : null,
    createdAt: asIso(row.createdAt),
    parentDocumentId: typeof row.parentDocumentId === 'string' ? row.parentDocumentId : null,
  };
}

async function submitOne(strapi: Core.Strapi, item: SubmitItem): Promise<SubmitOutcome> {
  const sql = await sqlOf(strapi);
  const comments = strapi.db.query(COMMENT);
  const usersTable = strapi.db.metadata.get(USER).tableName;
  if (strapi.db.dialect.client === 'postgres') await sql.raw(`SELECT id FROM ${usersTable} WHERE id = ? FOR UPDATE`, [item.readerId]);
  const user: {
    id: number;
    username: string;
    confirmed: boolean | null;
    blocked: boolean | null;
    sessionVersion: number | null;
    trusted: boolean | null;
    premoderated: boolean | null;
  } | null = await strapi.db.query(USER).findOne({
    select: ['id', 'username', 'confirmed', 'blocked', 'sessionVersion', 'trusted', 'premoderated'],
    where: { id: item.readerId },
  });
  if (!user || user.confirmed !== true || (user.sessionVersion ?? 0) !== item.sessionVersion) return { outcome: 'unauthorized' };
  if (user.blocked === true) return { outcome: 'blocked' };
  if (item.requirePhone) {
    const phone = rowsOf(await sql.raw(`SELECT 1 AS one FROM ${PHONES_TABLE} WHERE user_id = ? AND account_deleted_at IS NULL`, [user.id]));
    if (phone.length === 0) return { outcome: 'phone_required' };
  }
  if (item.idempotencyKey !== null) {
    const existing = await comments.findOne({ select: FIELDS, where: { idempotencyKey: item.idempotencyKey, authorId: user.id } });
    if (existing) return { outcome: 'replayed', comment: stored(existing) };
  }
  const published = await strapi.db
    .query(ARTICLE)
    .findOne({ select: ['id'], where: { documentId: item.article, publishedAt: { $notNull: true } } });
  if (!published) return { outcome: 'article_not_found' };
  if (item.parent !== null) {
    const parent = await comments.findOne({
      select: ['id'],
      where: { documentId: item.parent, articleDocumentId: item.article, moderationStatus: 'approved', parentDocumentId: { $null: true } },
    });
    if (!parent) return { outcome: 'parent_not_found' };
  }

  // The reader's windows: the day's total, and whether the perMinute-th newest is under a minute old.
  const now = item.window.now;
  const since = new Date(now - 24 * 60 * 60 * 1000);
  const [dayTotal, newest] = await Promise.all([
    comments.count({ where: { authorId: user.id, createdAt: { $gte: since } } }),
    comments.findMany({
      select: ['createdAt'],
      where: { authorId: user.id, createdAt: { $gte: since } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      limit: item.window.perMinute,
    }),
  ]);
  if (Number(dayTotal) >= item.window.perDay)
    return { outcome: 'rate_limited', window: 'day', limit: item.window.perDay, retryAfter: 3600 };
  const oldestInMinute = newest[item.window.perMinute - 1];
  if (oldestInMinute) {
    const at = new Date(asIso(oldestInMinute.createdAt)).getTime();
    if (now - at < 60_000)
      return {
        outcome: 'rate_limited',
        window: 'minute',
        limit: item.window.perMinute,
        retryAfter: Math.max(1, Math.ceil((at + 60_000 - now) / 1000)),
      };
  }
  if (item.addressLimit) {
    const { bucket, limit, windowSeconds } = item.addressLimit;
    const ends = now + windowSeconds * 1000;
    const [hit] = rowsOf(
      await sql.raw(
        `INSERT INTO ${LIMITS_TABLE} (bucket, hits, window_ends) VALUES (?, 1, ?)
         ON CONFLICT (bucket) DO UPDATE SET
           hits = CASE WHEN ${LIMITS_TABLE}.window_ends <= ? THEN 1 ELSE ${LIMITS_TABLE}.hits + 1 END,
           window_ends = CASE WHEN ${LIMITS_TABLE}.window_ends <= ? THEN excluded.window_ends ELSE ${LIMITS_TABLE}.window_ends END
         RETURNING hits, window_ends`,
        [bucket, ends, now, now],
      ),
    );
    if (Number(hit?.hits ?? 1) > limit) {
      return {
        outcome: 'rate_limited',
        window: 'address',
        limit,
        retryAfter: Math.max(1, Math.ceil((Number(hit?.window_ends ?? ends) - now) / 1000)),
      };
    }
  }

  let chosen = item.decisions.untrusted;
  if (user.premoderated === true) chosen = item.decisions.premoderated;
  else if (user.trusted === true) chosen = item.decisions.trusted;
  else if (item.autoTrustAfter > 0) {
    const [approved, rejected] = await Promise.all([
      comments.count({ where: { authorId: user.id, moderationStatus: 'approved' } }),
      comments.count({ where: { authorId: user.id, moderationStatus: 'rejected' } }),
    ]);
    if (Number(approved) >= item.autoTrustAfter && Number(rejected) === 0) chosen = item.decisions.trusted;
  }

  const created = (await strapi.documents(COMMENT).create({
    data: {
      articleDocumentId: item.article,
      parentDocumentId: item.parent,
      body: item.body,
      moderationStatus: chosen.status,
      moderationNote: chosen.note,
      moderationReasons: chosen.reasons,
      authorId: user.id,
      authorName: user.username,
      language: item.language,
      idempotencyKey: item.idempotencyKey,
    },
  })) as unknown as Record<string, unknown>;
  return { outcome: 'created', comment: stored(created) };
}

/** Writes a batch in one transaction, in order; each comment gets its own outcome. */
export async function submitComments(strapi: Core.Strapi, items: SubmitItem[]): Promise<SubmitOutcome[]> {
  const outcomes = await strapi.db.transaction(async () => {
    const written: SubmitOutcome[] = [];
    for (const item of items) written.push(await submitOne(strapi, item));
    return written;
  });
  // The function instances know of the new comments before their authors get the answer.
  await settlePushes();
  return outcomes;
}
