/**
 * Readers' reports of comments, and the e-mails about replies: the CMS side of
 * the comments function's routes POST /api/comments/<id>/reports and the
 * notification of reply authors' counterparts (the function sends the mail).
 *
 * A report is one row per reader and comment (tilshi_comment_reports, so a
 * reader reports a comment once) and counts on the comment: `reportCount`
 * (reports since the last moderator decision), `reportReasons` (their distinct
 * reasons) and `reportedAt` (the latest). When the count reaches the
 * function's threshold an approved comment is hidden: it goes back to
 * `pending` with a moderation note, so it waits in the moderators' queue until
 * one of them decides. A moderator's decision (any save of moderationStatus
 * through the Document Service: the panel, the queue) clears the count and the
 * reasons (bootstrap/comments.ts); the rows stay, so the same readers cannot
 * hide it again.
 *
 * The moderation queue (newsroom/moderation.ts) lists reported comments still
 * on the site in its `reported` view (approved, `reportCount > 0`) and hidden
 * ones in `pending` (reason `reader_reports`); `reportsOf` gives each report's
 * reason and note, of which the newest `reportCount` are the open ones.
 */
import type { Core } from '@strapi/strapi';
import { REPORTS_TABLE, rowsOf } from '../reader-account/tables';
import { recordChanges, settlePushes, sqlOf } from './changes';
import { columnOf } from './reads';

const COMMENT = 'api::comment.comment';
const USER = 'plugin::users-permissions.user';

export const REPORT_REASONS = ['spam', 'insult', 'off_topic', 'illegal', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

const REASON_LABELS: Record<ReportReason, string> = {
  spam: 'спам',
  insult: 'оскорбления',
  off_topic: 'не по теме',
  illegal: 'нарушает закон',
  other: 'другое',
};

export type ReportOutcome =
  { outcome: 'reported'; hidden: boolean } | { outcome: 'not_found' } | { outcome: 'own' } | { outcome: 'already' };

type CommentRow = {
  id: number;
  documentId: string;
  authorId: number | null;
  moderationStatus: string;
  articleDocumentId: string | null;
  moderationNote: string | null;
};

/** Records a reader's report; hides the comment when it is the `hideAt`-th since the last decision. */
export async function reportComment(
  strapi: Core.Strapi,
  input: { commentDocumentId: string; readerId: number; reason: ReportReason; note: string | null; hideAt: number },
  now = Date.now(),
): Promise<ReportOutcome> {
  const outcome = await strapi.db.transaction(async (): Promise<ReportOutcome> => {
    const sql = await sqlOf(strapi);
    const comment: CommentRow | null = await strapi.db.query(COMMENT).findOne({
      select: ['id', 'documentId', 'authorId', 'moderationStatus', 'articleDocumentId', 'moderationNote'],
      where: { documentId: input.commentDocumentId },
    });
    if (!comment || comment.moderationStatus !== 'approved') return { outcome: 'not_found' };
    if (comment.authorId === input.readerId) return { outcome: 'own' };
    const inserted = rowsOf(
      await sql.raw(
        `INSERT INTO ${REPORTS_TABLE} (comment_document_id, reader_id, reason, note, created_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (comment_document_id, reader_id) DO NOTHING RETURNING reader_id`,
        [comment.documentId, input.readerId, input.reason, input.note, now],
      ),
    );
    if (inserted.length === 0) return { outcome: 'already' };
    const table = strapi.db.metadata.get(COMMENT).tableName;
    const countColumn = columnOf(strapi, COMMENT, 'reportCount');
    const [counted] = rowsOf(
      await sql.raw(
        `UPDATE ${table} SET ${countColumn} = COALESCE(${countColumn}, 0) + 1 WHERE id = ? RETURNING ${countColumn} AS reports`,
        [comment.id],
      ),
    );
    const reports = Number(counted?.reports ?? 1);
    const current: { reportReasons: unknown } | null = await strapi.db
      .query(COMMENT)
      .findOne({ select: ['reportReasons'], where: { id: comment.id } });
    const known = Array.isArray(current?.reportReasons)
      ? current.reportReasons.filter((reason): reason is string => typeof reason === 'string')
      : [];
    const reasons = [...new Set([...known, input.reason])];
    const hidden = reports >= input.hideAt;
    const note = `Скрыт после ${reports} жалоб читателей (${reasons.map((reason) => REASON_LABELS[reason as ReportReason] ?? reason).join(', ')}).`;
    await strapi.db.query(COMMENT).update({
      where: { id: comment.id },
      data: {
        reportReasons: reasons,
        reportedAt: new Date(now),
        ...(hidden
          ? {
              moderationStatus: 'pending',
              moderationReasons: ['reader_reports'],
              moderationNote: comment.moderationNote ? `${note} ${comment.moderationNote}`.slice(0, 1000) : note,
            }
          : {}),
      },
    });
    if (hidden && comment.articleDocumentId) await recordChanges(strapi, [comment.articleDocumentId], now);
    return { outcome: 'reported', hidden };
  });
  await settlePushes();
  if (outcome.outcome === 'reported' && outcome.hidden) {
    // Written with the query engine, so no Document Service event: tell the webhooks (the publish service
    // rebuilds the article's pages, whose count went down) as a moderation update would.
    const hiddenComment: { documentId: string; articleDocumentId: string | null; moderationStatus: string } | null = await strapi.db
      .query(COMMENT)
      .findOne({ select: ['documentId', 'articleDocumentId', 'moderationStatus'], where: { documentId: input.commentDocumentId } });
    if (hiddenComment) await strapi.eventHub.emit('entry.update', { model: 'comment', uid: COMMENT, entry: hiddenComment });
  }
  return outcome;
}

export type ReportDetail = { comment: string; readerId: number; reason: string; note: string | null; createdAt: string };

/** Every report of these comments, newest first: for the moderators' queue (never shown to readers). */
export async function reportsOf(strapi: Core.Strapi, commentDocumentIds: string[]): Promise<ReportDetail[]> {
  if (commentDocumentIds.length === 0) return [];
  const sql = await sqlOf(strapi);
  const rows = rowsOf(
    await sql.raw(
      `SELECT comment_document_id, reader_id, reason, note, created_at FROM ${REPORTS_TABLE} WHERE comment_document_id IN (${commentDocumentIds.map(() => '?').join(', ')}) ORDER BY created_at DESC`,
      commentDocumentIds,
    ),
  );
  return rows.map((row) => ({
    comment: String(row.comment_document_id),
    readerId: Number(row.reader_id),
    reason: String(row.reason),
    note: typeof row.note === 'string' ? row.note : null,
    createdAt: new Date(Number(row.created_at)).toISOString(),
  }));
}

/** A reply whose parent's author should hear of it: what the function needs to write the e-mail. */
export type ReplyNotice = {
  reply: { id: string; article: string; body: string; authorName: string; language: string };
  to: { userId: number; username: string; email: string };
};

/**
 * Claims up to `limit` approved replies nobody was told about yet (each is
 * claimed once, whichever function instance asks: an atomic update) and
 * answers those whose parent's author wants e-mails about replies and is
 * someone else. Claimed replies without a notice are simply done.
 */
export async function claimReplyNotices(strapi: Core.Strapi, limit: number, now = Date.now()): Promise<ReplyNotice[]> {
  const comments = strapi.db.query(COMMENT);
  const candidates: Array<{
    id: number;
    documentId: string;
    parentDocumentId: string;
    articleDocumentId: string;
    body: string;
    authorId: number;
    authorName: string;
    language: string;
  }> = await comments.findMany({
    select: ['id', 'documentId', 'parentDocumentId', 'articleDocumentId', 'body', 'authorId', 'authorName', 'language'],
    where: { parentDocumentId: { $notNull: true }, moderationStatus: 'approved', replyNotifiedAt: { $null: true } },
    orderBy: { id: 'asc' },
    limit,
  });
  const notices: ReplyNotice[] = [];
  for (const reply of candidates) {
    const claimed = await comments.updateMany({
      where: { id: reply.id, replyNotifiedAt: { $null: true } },
      data: { replyNotifiedAt: new Date(now) },
    });
    if (Number(claimed.count) !== 1) continue;
    const parent: { authorId: number | null } | null = await comments.findOne({
      select: ['authorId'],
      where: { documentId: reply.parentDocumentId },
    });
    if (!parent?.authorId || parent.authorId === reply.authorId) continue;
    const user: {
      id: number;
      username: string;
      email: string;
      notifyReplies: boolean | null;
      blocked: boolean | null;
      confirmed: boolean | null;
    } | null = await strapi.db
      .query(USER)
      .findOne({ select: ['id', 'username', 'email', 'notifyReplies', 'blocked', 'confirmed'], where: { id: parent.authorId } });
    if (!user || user.notifyReplies === false || user.blocked === true || user.confirmed !== true) continue;
    notices.push({
      reply: {
        id: reply.documentId,
        article: reply.articleDocumentId,
        body: reply.body,
        authorName: reply.authorName,
        language: reply.language,
      },
      to: { userId: user.id, username: user.username, email: user.email },
    });
  }
  return notices;
}
