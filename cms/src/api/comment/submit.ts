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
 * 6. the comment is stored with the query engine, with the same rows the
 *    Document Service and the comment rule of bootstrap/comments.ts would
 *    write (the panel's relations to the reader and the article), at a
 *    fraction of the cost: see writeComment and submitComments.
 */
import type { Core } from '@strapi/strapi';
import { STORED_COMMENT_FIELDS } from '@tilshi/shared-types/comments-cms';
import { z } from 'zod';
import { MODERATION_REASONS } from '../../newsroom/moderation';
import { LIMITS_TABLE, PHONES_TABLE, rowsOf } from '../reader-account/tables';
import { recordChanges, settlePushes, sqlOf } from './changes';

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

/** A table's column for each attribute, from Strapi's metadata (snake_case today; never spelt by hand). */
function columnsOf(strapi: Core.Strapi, uid: string): { table: string; column(attribute: string): string } {
  const meta = strapi.db.metadata.get(uid);
  return {
    table: meta.tableName,
    column(attribute) {
      const found = (meta.attributes[attribute] as { columnName?: string } | undefined)?.columnName;
      if (!found) throw new Error(`${uid} has no column for ${attribute}`);
      return found;
    },
  };
}

/** A boolean column as the driver answers it (SQLite: 0/1; PostgreSQL: true/false). */
const isTrue = (value: unknown) => value === true || value === 1 || value === '1';

/** What one comment's checks need, read in one statement: the reader, their number, the key, the parent, the windows, the trust. */
async function factsOf(strapi: Core.Strapi, item: SubmitItem) {
  const sql = await sqlOf(strapi);
  const users = columnsOf(strapi, USER);
  const comments = columnsOf(strapi, COMMENT);
  const c = (attribute: string) => comments.column(attribute);
  const u = (attribute: string) => users.column(attribute);
  const byAuthor = `FROM ${comments.table} WHERE ${c('authorId')} = u.id`;
  const since = new Date(item.window.now - 24 * 60 * 60 * 1000);
  const [row] = rowsOf(
    await sql.raw(
      `SELECT u.id AS id, u.${u('username')} AS username, u.${u('confirmed')} AS confirmed, u.${u('blocked')} AS blocked,
         u.${u('sessionVersion')} AS session_version, u.${u('trusted')} AS trusted, u.${u('premoderated')} AS premoderated,
         (SELECT COUNT(*) FROM ${PHONES_TABLE} WHERE user_id = u.id AND account_deleted_at IS NULL) AS phones,
         (SELECT COUNT(*) ${byAuthor} AND ${c('idempotencyKey')} = ?) AS replays,
         (SELECT COUNT(*) FROM ${comments.table} WHERE ${c('documentId')} = ? AND ${c('articleDocumentId')} = ?
            AND ${c('moderationStatus')} = 'approved' AND ${c('parentDocumentId')} IS NULL) AS parents,
         (SELECT COUNT(*) FROM (SELECT 1 AS one ${byAuthor} AND ${c('createdAt')} >= ? LIMIT ?) AS d) AS day_total,
         (SELECT ${c('createdAt')} ${byAuthor} AND ${c('createdAt')} >= ?
            ORDER BY ${c('createdAt')} DESC, id DESC LIMIT 1 OFFSET ?) AS minute_edge,
         (SELECT COUNT(*) FROM (SELECT 1 AS one ${byAuthor} AND ${c('moderationStatus')} = 'approved' LIMIT ?) AS a) AS approved,
         (SELECT COUNT(*) FROM (SELECT 1 AS one ${byAuthor} AND ${c('moderationStatus')} = 'rejected' LIMIT 1) AS r) AS rejected
       FROM ${users.table} u WHERE u.id = ?`,
      [
        item.idempotencyKey ?? '',
        item.parent ?? '',
        item.article,
        since,
        item.window.perDay,
        since,
        item.window.perMinute - 1,
        Math.max(1, item.autoTrustAfter),
        item.readerId,
      ],
    ),
  );
  if (!row) return null;
  return {
    id: Number(row.id),
    username: String(row.username),
    confirmed: isTrue(row.confirmed),
    blocked: isTrue(row.blocked),
    sessionVersion: Number(row.session_version ?? 0),
    trusted: isTrue(row.trusted),
    premoderated: isTrue(row.premoderated),
    hasPhone: Number(row.phones) > 0,
    replayed: item.idempotencyKey !== null && Number(row.replays) > 0,
    parentFound: item.parent === null || Number(row.parents) > 0,
    dayTotal: Number(row.day_total),
    minuteEdge: row.minute_edge === null || row.minute_edge === undefined ? null : new Date(asIso(row.minute_edge)).getTime(),
    approved: Number(row.approved),
    rejected: Number(row.rejected),
  };
}

type ArticleRow = { id: number; locale: string | null; published: boolean };

/** The rows of an article (each locale's draft and published row), read once per batch. */
type ArticleRows = (documentId: string) => Promise<ArticleRow[]>;

function articleRowsReader(strapi: Core.Strapi): ArticleRows {
  const cache = new Map<string, Promise<ArticleRow[]>>();
  return (documentId) => {
    let rows = cache.get(documentId);
    if (!rows) {
      const articles = columnsOf(strapi, ARTICLE);
      rows = sqlOf(strapi).then(async (sql) =>
        rowsOf(
          await sql.raw(
            `SELECT id, ${articles.column('locale')} AS locale, ${articles.column('publishedAt')} AS published_at FROM ${articles.table} WHERE ${articles.column('documentId')} = ?`,
            [documentId],
          ),
        ).map((row) => ({
          id: Number(row.id),
          locale: typeof row.locale === 'string' ? row.locale : null,
          published: row.published_at !== null,
        })),
      );
      cache.set(documentId, rows);
    }
    return rows;
  };
}

async function submitOne(strapi: Core.Strapi, item: SubmitItem, batch: Batch): Promise<SubmitOutcome> {
  const sql = await sqlOf(strapi);
  if (strapi.db.dialect.client === 'postgres')
    await sql.raw(`SELECT id FROM ${columnsOf(strapi, USER).table} WHERE id = ? FOR UPDATE`, [item.readerId]);
  const user = await factsOf(strapi, item);
  if (!user || !user.confirmed || user.sessionVersion !== item.sessionVersion) return { outcome: 'unauthorized' };
  if (user.blocked) return { outcome: 'blocked' };
  if (item.requirePhone && !user.hasPhone) return { outcome: 'phone_required' };
  if (user.replayed) {
    const existing = await strapi.db
      .query(COMMENT)
      .findOne({ select: FIELDS, where: { idempotencyKey: item.idempotencyKey, authorId: user.id } });
    if (existing) return { outcome: 'replayed', comment: stored(existing) };
  }
  const rows = await batch.articleRowsOf(item.article);
  if (!rows.some((row) => row.published)) return { outcome: 'article_not_found' };
  if (!user.parentFound) return { outcome: 'parent_not_found' };

  // The reader's windows: the day's total, and whether the perMinute-th newest is under a minute old.
  const now = item.window.now;
  if (user.dayTotal >= item.window.perDay) return { outcome: 'rate_limited', window: 'day', limit: item.window.perDay, retryAfter: 3600 };
  if (user.minuteEdge !== null && now - user.minuteEdge < 60_000) {
    return {
      outcome: 'rate_limited',
      window: 'minute',
      limit: item.window.perMinute,
      retryAfter: Math.max(1, Math.ceil((user.minuteEdge + 60_000 - now) / 1000)),
    };
  }
  if (item.addressLimit) {
    const hit = await hitAddress(strapi, batch, item.addressLimit, now);
    if (hit.hits > item.addressLimit.limit) {
      return {
        outcome: 'rate_limited',
        window: 'address',
        limit: item.addressLimit.limit,
        retryAfter: Math.max(1, Math.ceil((hit.windowEnds - now) / 1000)),
      };
    }
  }

  let chosen = item.decisions.untrusted;
  if (user.premoderated) chosen = item.decisions.premoderated;
  else if (user.trusted) chosen = item.decisions.trusted;
  else if (item.autoTrustAfter > 0 && user.approved >= item.autoTrustAfter && user.rejected === 0) chosen = item.decisions.trusted;

  const comment = await writeComment(strapi, batch, articleLinks(rows), {
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
  });
  return { outcome: 'created', comment };
}

/**
 * The rows of the article a new comment's panel relation points at, as the
 * Document Service connects `{ documentId, locale }`: the draft and the
 * published row of the Russian version when there is one (else of the first
 * locale), the draft first.
 */
function articleLinks(rows: ArticleRow[]): number[] {
  const locales = rows.filter((row) => !row.published).map((row) => row.locale);
  const locale = locales.includes('ru') ? 'ru' : locales[0];
  return rows
    .filter((row) => row.locale === locale)
    .sort((a, b) => Number(a.published) - Number(b.published))
    .map((row) => row.id);
}

type NewComment = Omit<StoredFields, 'id' | 'documentId' | 'createdAt'> & {
  moderationNote: string | null;
  moderationReasons: string[];
};

/**
 * Stores one new comment in the running transaction: its row (a document id as Strapi makes one, the
 * timestamps, and — the type having no Draft & Publish — `publishedAt`, as the Document Service sets
 * them); the panel's relation rows (the reader; the article's draft and published row) are written
 * for the whole batch at its end (writeLinks). The same
 * rows as `strapi.documents(COMMENT).create` with the comment rule of bootstrap/comments.ts
 * (cms/tests/comments-write-path.test.ts compares them on both databases), for a fraction of the
 * cost: what submitItemSchema checked is not validated again, nothing is looked up, nothing re-read.
 */
async function writeComment(strapi: Core.Strapi, batch: Batch, articleRows: number[], data: NewComment): Promise<StoredFields> {
  const sql = await sqlOf(strapi);
  const meta = strapi.db.metadata.get(COMMENT);
  const { table, column } = columnsOf(strapi, COMMENT);
  const makeDocumentId = (meta.attributes.documentId as { default?: unknown }).default;
  if (typeof makeDocumentId !== 'function') throw new Error(`${COMMENT}: Strapi's metadata has no documentId generator`);
  const documentId = String(makeDocumentId());
  const now = new Date();
  const values: Record<string, unknown> = {
    documentId,
    ...data,
    moderationReasons: JSON.stringify(data.moderationReasons),
    reportCount: 0,
    createdAt: now,
    updatedAt: now,
    publishedAt: now,
  };
  const names = Object.keys(values);
  const [row] = rowsOf(
    await sql.raw(
      `INSERT INTO ${table} (${names.map(column).join(', ')}) VALUES (${names.map(() => '?').join(', ')}) RETURNING id`,
      names.map((name) => values[name]),
    ),
  );
  const id = Number(row?.id);
  batch.links.author.push([id, data.authorId]);
  for (const target of articleRows) batch.links.article.push([id, target]);
  return {
    id,
    documentId,
    articleDocumentId: data.articleDocumentId,
    body: data.body,
    moderationStatus: data.moderationStatus,
    authorId: data.authorId,
    authorName: data.authorName,
    language: data.language,
    idempotencyKey: data.idempotencyKey,
    createdAt: now.toISOString(),
    parentDocumentId: data.parentDocumentId,
  };
}

/**
 * What the comments of one batch share: the articles' rows read once, the relation rows written once,
 * and the address buckets' counters (a flood from one address is one batch of many comments).
 */
type Batch = {
  articleRowsOf: ArticleRows;
  links: { author: Array<[number, number]>; article: Array<[number, number]> };
  buckets: Map<string, { hits: number; windowEnds: number; unwritten: number }>;
};

/**
 * Counts one comment against its address's shared bucket (every attempt counts, refused or not). The
 * first comment of a batch from a bucket counts in the table (one atomic upsert that also starts a new
 * window when the last one ended); the batch's further comments from it count in memory and are
 * added in one UPDATE at the end of the batch, inside the same transaction (writeBuckets).
 */
async function hitAddress(
  strapi: Core.Strapi,
  batch: Batch,
  rule: NonNullable<SubmitItem['addressLimit']>,
  now: number,
): Promise<{ hits: number; windowEnds: number }> {
  const known = batch.buckets.get(rule.bucket);
  if (known) {
    known.hits += 1;
    known.unwritten += 1;
    return known;
  }
  const sql = await sqlOf(strapi);
  const ends = now + rule.windowSeconds * 1000;
  const [hit] = rowsOf(
    await sql.raw(
      `INSERT INTO ${LIMITS_TABLE} (bucket, hits, window_ends) VALUES (?, 1, ?)
       ON CONFLICT (bucket) DO UPDATE SET
         hits = CASE WHEN ${LIMITS_TABLE}.window_ends <= ? THEN 1 ELSE ${LIMITS_TABLE}.hits + 1 END,
         window_ends = CASE WHEN ${LIMITS_TABLE}.window_ends <= ? THEN excluded.window_ends ELSE ${LIMITS_TABLE}.window_ends END
       RETURNING hits, window_ends`,
      [rule.bucket, ends, now, now],
    ),
  );
  const counted = { hits: Number(hit?.hits ?? 1), windowEnds: Number(hit?.window_ends ?? ends), unwritten: 0 };
  batch.buckets.set(rule.bucket, counted);
  return counted;
}

async function writeBuckets(strapi: Core.Strapi, batch: Batch): Promise<void> {
  const sql = await sqlOf(strapi);
  for (const [bucket, { unwritten }] of batch.buckets) {
    if (unwritten > 0) await sql.raw(`UPDATE ${LIMITS_TABLE} SET hits = hits + ? WHERE bucket = ?`, [unwritten, bucket]);
  }
}

/** The panel's relation rows of the batch's new comments: one INSERT per relation. */
async function writeLinks(strapi: Core.Strapi, batch: Batch): Promise<void> {
  const sql = await sqlOf(strapi);
  const { attributes } = strapi.db.metadata.get(COMMENT);
  for (const [name, rows] of Object.entries(batch.links)) {
    const { joinTable } = attributes[name] as {
      joinTable?: { name: string; joinColumn: { name: string }; inverseJoinColumn: { name: string } };
    };
    if (!joinTable) throw new Error(`${COMMENT}.${name} has no join table in Strapi's metadata`);
    if (rows.length === 0) continue;
    await sql.raw(
      `INSERT INTO ${joinTable.name} (${joinTable.joinColumn.name}, ${joinTable.inverseJoinColumn.name}) VALUES ${rows.map(() => '(?, ?)').join(', ')}`,
      rows.flat(),
    );
  }
}

/**
 * Writes a batch in one transaction, in order; each comment gets its own outcome. The comments
 * created approved (a trusted reader's) go to the change feed, once per article, so the function
 * instances drop those articles' cached lists and counts before the authors get their answers; a
 * comment waiting for moderation changes no cached read and adds no feed row. After the commit,
 * every created comment is announced as the Document Service would (`entry.create`: Strapi's
 * webhooks, the publish service's count update).
 */
export async function submitComments(strapi: Core.Strapi, items: SubmitItem[]): Promise<SubmitOutcome[]> {
  const outcomes = await strapi.db.transaction(async () => {
    const written: SubmitOutcome[] = [];
    const batch: Batch = { articleRowsOf: articleRowsReader(strapi), links: { author: [], article: [] }, buckets: new Map() };
    for (const item of items) written.push(await submitOne(strapi, item, batch));
    await writeLinks(strapi, batch);
    await writeBuckets(strapi, batch);
    await recordChanges(
      strapi,
      createdOf(written)
        .filter((comment) => comment.moderationStatus === 'approved')
        .map((comment) => comment.articleDocumentId),
    );
    return written;
  });
  await settlePushes();
  for (const comment of createdOf(outcomes)) {
    await strapi.eventHub.emit('entry.create', { model: 'comment', uid: COMMENT, entry: comment });
  }
  return outcomes;
}

function createdOf(outcomes: SubmitOutcome[]): StoredFields[] {
  return outcomes.flatMap((outcome) => (outcome.outcome === 'created' ? [outcome.comment] : []));
}
