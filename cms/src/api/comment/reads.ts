/**
 * Database reads behind the comments function's own CMS routes (see
 * controllers/comment.ts). They go through Strapi's database layer, not the
 * REST API, so they can group and pick columns; no request input reaches
 * them unparsed (see query.ts).
 */
import type { Core } from '@strapi/strapi';
import type { ReaderAccount } from '@tilshi/shared-types/comments-cms';
import { PHONES_TABLE, rowsOf } from '../reader-account/tables';
import { sqlOf } from './changes';

const ARTICLE = 'api::article.article';
const COMMENT = 'api::comment.comment';
const USER = 'plugin::users-permissions.user';

/** What the function may know about a reader (`ReaderAccount` of the shared contract): never the e-mail or the number. */
export type Reader = ReaderAccount;

/** Database column of an attribute of a model (Strapi snake-cases names and may shorten them). */
function columnOf(strapi: Core.Strapi, uid: string, attribute: string): string {
  const meta = strapi.db.metadata.get(uid);
  const column = Object.entries(meta.columnToAttribute).find(([, name]) => name === attribute)?.[0];
  if (!column) throw new Error(`${uid} has no column for the attribute "${attribute}"`);
  return column;
}

/**
 * Approved comments per article, for the given document ids. An article with
 * no published version (a draft, a deleted or an unknown id) counts 0: the
 * site never shows comments of drafts.
 */
export async function countApprovedByArticle(strapi: Core.Strapi, documentIds: string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = Object.fromEntries(documentIds.map((id) => [id, 0]));
  const published: Array<{ documentId: string }> = await strapi.db.query(ARTICLE).findMany({
    select: ['documentId'],
    where: { documentId: { $in: documentIds }, publishedAt: { $notNull: true } },
  });
  const live = [...new Set(published.map((article) => article.documentId))];
  if (live.length === 0) return counts;

  const table = strapi.db.metadata.get(COMMENT).tableName;
  const articleColumn = columnOf(strapi, COMMENT, 'articleDocumentId');
  const statusColumn = columnOf(strapi, COMMENT, 'moderationStatus');
  const rows: Array<Record<string, unknown>> = await strapi.db
    .getConnection(table)
    .select(articleColumn)
    .count({ total: '*' })
    .whereIn(articleColumn, live)
    .andWhere(statusColumn, 'approved')
    .groupBy(articleColumn);
  for (const row of rows) {
    const id = row[articleColumn];
    // PostgreSQL returns COUNT(*) as a string (bigint), SQLite as a number.
    if (typeof id === 'string' && id in counts) counts[id] = Number(row.total);
  }
  return counts;
}

export async function findReader(strapi: Core.Strapi, id: number): Promise<Reader | null> {
  const user: {
    id: number;
    username: string;
    trusted: boolean | null;
    blocked: boolean | null;
    confirmed: boolean | null;
    sessionVersion: number | null;
    premoderated: boolean | null;
    notifyReplies: boolean | null;
  } | null = await strapi.db.query(USER).findOne({
    select: ['id', 'username', 'trusted', 'blocked', 'confirmed', 'sessionVersion', 'premoderated', 'notifyReplies'],
    where: { id },
  });
  // An account whose e-mail was never confirmed is no reader yet.
  if (!user || user.confirmed !== true) return null;
  const comments = strapi.db.query(COMMENT);
  const [approvedComments, rejectedComments, phoneEnding] = await Promise.all([
    comments.count({ where: { authorId: id, moderationStatus: 'approved' } }),
    comments.count({ where: { authorId: id, moderationStatus: 'rejected' } }),
    phoneEndingOf(strapi, id),
  ]);
  return {
    id: user.id,
    username: user.username,
    trusted: user.trusted === true,
    blocked: user.blocked === true,
    sessionVersion: user.sessionVersion ?? 0,
    approvedComments: Number(approvedComments),
    rejectedComments: Number(rejectedComments),
    premoderated: user.premoderated === true,
    phoneEnding,
    notifyReplies: user.notifyReplies !== false,
  };
}

/** The reader's confirmed number's last two digits (the number itself never leaves the CMS); null without one. */
async function phoneEndingOf(strapi: Core.Strapi, userId: number): Promise<string | null> {
  const rows = rowsOf(
    await (await sqlOf(strapi)).raw(`SELECT phone FROM ${PHONES_TABLE} WHERE user_id = ? AND account_deleted_at IS NULL`, [userId]),
  );
  const phone = rows[0]?.phone;
  return typeof phone === 'string' && phone.length >= 2 ? phone.slice(-2) : null;
}

export { columnOf, phoneEndingOf };
