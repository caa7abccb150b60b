/**
 * The audit list, free (Strapi's audit logs are an Enterprise feature): who
 * published, unpublished, deleted or restored which article, and who
 * approved, rejected, kept despite reports or deleted which comment and banned
 * which reader or kept them on pre-moderation, when.
 * Entries are written by the Document Service middleware of
 * src/document-middlewares/history.ts — so a decision made in the moderation
 * queue, in the Content Manager's comment form or by REST is recorded alike —
 * into `api::audit-entry.audit-entry`: no REST routes, hidden in the Content
 * Manager, written with the query engine (no webhook), never edited.
 */
import type { Core } from '@strapi/strapi';
import { actorColumns, type Actor, type ActorColumns } from './actor';
import { query } from './history';

export const AUDIT_UID = 'api::audit-entry.audit-entry';

export const AUDIT_ACTIONS = [
  'publish',
  'unpublish',
  'delete',
  'restore',
  'comment_approve',
  'comment_reject',
  'comment_pending',
  'comment_delete',
  'comment_keep',
  'reader_ban',
  'reader_unban',
  'reader_premoderate',
  'reader_unpremoderate',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
export type AuditSubject = 'article' | 'comment' | 'reader';

export type AuditInput = {
  action: AuditAction;
  subjectType: AuditSubject;
  subjectId: string;
  subjectLocale?: string | null;
  /** The article's title, the start of the comment, the reader's username. */
  subjectTitle?: string | null;
  details?: Record<string, unknown> | null;
};

export async function recordAudit(strapi: Core.Strapi, actor: Actor, entry: AuditInput): Promise<void> {
  await query(strapi, AUDIT_UID).create({
    data: {
      action: entry.action,
      subjectType: entry.subjectType,
      subjectId: entry.subjectId.slice(0, 64),
      subjectLocale: entry.subjectLocale ?? null,
      subjectTitle: entry.subjectTitle ? entry.subjectTitle.slice(0, 300) : null,
      details: entry.details ?? null,
      ...actorColumns(actor),
    },
  });
}

export type AuditEntry = ActorColumns & {
  id: number;
  action: AuditAction;
  subjectType: AuditSubject;
  subjectId: string;
  subjectLocale: string | null;
  subjectTitle: string | null;
  details: Record<string, unknown> | null;
  createdAt: string;
};

export type AuditFilter = { actions?: AuditAction[]; subjectType?: AuditSubject; subjectId?: string };

function toEntry(row: Record<string, unknown>): AuditEntry {
  const createdAt = row.createdAt instanceof Date ? row.createdAt.toISOString() : String(row.createdAt);
  return {
    id: Number(row.id),
    action: AUDIT_ACTIONS.find((action) => action === row.action) ?? 'publish',
    subjectType: row.subjectType === 'comment' || row.subjectType === 'reader' ? row.subjectType : 'article',
    subjectId: String(row.subjectId),
    subjectLocale: typeof row.subjectLocale === 'string' ? row.subjectLocale : null,
    subjectTitle: typeof row.subjectTitle === 'string' ? row.subjectTitle : null,
    details:
      typeof row.details === 'object' && row.details !== null && !Array.isArray(row.details)
        ? (row.details as Record<string, unknown>)
        : null,
    createdAt: new Date(createdAt).toISOString(),
    actorKind: (['admin', 'api-token', 'reader', 'scheduled', 'system'] as const).find((kind) => kind === row.actorKind) ?? 'system',
    actorName: typeof row.actorName === 'string' ? row.actorName : null,
    actorId: typeof row.actorId === 'number' ? row.actorId : null,
  };
}

/** One page of the audit list, newest first. */
export async function listAudit(
  strapi: Core.Strapi,
  filter: AuditFilter,
  page: { page: number; pageSize: number },
): Promise<{ entries: AuditEntry[]; total: number }> {
  const where: Record<string, unknown> = {};
  if (filter.actions && filter.actions.length > 0) where.action = { $in: filter.actions };
  if (filter.subjectType) where.subjectType = filter.subjectType;
  if (filter.subjectId) where.subjectId = filter.subjectId;
  const [total, rows] = await Promise.all([
    query(strapi, AUDIT_UID).count({ where }),
    query(strapi, AUDIT_UID).findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      offset: (page.page - 1) * page.pageSize,
      limit: page.pageSize,
    }),
  ]);
  return { entries: rows.map(toEntry), total };
}
