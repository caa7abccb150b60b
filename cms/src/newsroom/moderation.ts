/**
 * The moderation queue: every comment waiting for a moderator across all
 * articles, newest first, with the article, the reader and why it waits, and
 * decisions on one comment or many at once. Served to the panel's
 * «Модерация» page (src/admin/moderation/) by the admin routes of
 * src/newsroom/routes.ts.
 *
 * Decisions go through the Document Service, so the audit list records them
 * (src/document-middlewares/history.ts) and the comments function sees them
 * at once. A batch is all or nothing: every comment is checked first, then
 * all are changed in one transaction.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { settlePushes } from '../api/comment/changes';
import { DEFAULT_LOCALE, PREVIEW } from '../constants';
import { ARTICLE_UID, query } from './history';

export const COMMENT_UID = 'api::comment.comment';
const USER_UID = 'plugin::users-permissions.user';

/**
 * Why a comment waits: the same list as MODERATION_REASONS in
 * shared-types/src/comment.ts (moderation.test.ts keeps them equal). The
 * comments function stores the first four with a new comment (submit.ts);
 * `reader_reports` is set when readers' reports hide an approved comment
 * (api/comment/reports.ts), which puts it back in the `pending` view.
 * Comments stored before reasons existed have none; the queue then shows
 * their moderation note.
 */
export const MODERATION_REASONS = ['new_reader', 'banned_words', 'links', 'premoderated_reader', 'reader_reports'] as const;
export type ModerationReason = (typeof MODERATION_REASONS)[number];

/**
 * The queue's views, each a filter on comments. A comment that readers'
 * reports hid is `pending` again (reason `reader_reports`), so it is in this
 * view. Reported comments still below the threshold (approved, `reportCount`
 * > 0) are filtered in the Content Manager for now; a `reported` view would be
 * one more entry here and one more column in the panel page.
 */
export const QUEUE_VIEWS = {
  pending: { where: { moderationStatus: 'pending' } },
} as const;
export type QueueView = keyof typeof QUEUE_VIEWS;

/**
 * What a moderator can decide. `ban` blocks the reader (users-permissions
 * `blocked`: the comments function then refuses their session) and rejects
 * every comment of theirs still waiting (the comments function also refuses
 * a blocked reader's new comments, in the CMS's write path, submit.ts).
 * "Always pre-moderate" is the reader's `premoderated` flag, set on the User
 * in the Content Manager; a `premoderate` decision here would be one more
 * entry and one more case in applySanction.
 */
export const DECISIONS = ['approve', 'reject', 'ban'] as const;
export type Decision = (typeof DECISIONS)[number];

export type QueueItem = {
  documentId: string;
  /** Unsanitised reader input: plain text, rendered as text. */
  body: string;
  createdAt: string;
  language: string;
  status: string;
  reasons: ModerationReason[];
  note: string | null;
  reader: { id: number; username: string; blocked: boolean; trusted: boolean } | null;
  article: { documentId: string; locale: string | null; title: string | null; published: boolean; siteUrl: string | null } | null;
};

const asReasons = (value: unknown): ModerationReason[] =>
  Array.isArray(value) ? value.filter((reason): reason is ModerationReason => MODERATION_REASONS.some((known) => known === reason)) : [];

const asIso = (value: unknown): string => new Date(value instanceof Date ? value : String(value)).toISOString();

/** The article's page on the public site, for the locale the reader commented in. */
export function articleSiteUrl(siteUrl: string | undefined, locale: string, slug: string): string | null {
  if (!siteUrl) return null;
  try {
    return new URL(`${locale === DEFAULT_LOCALE ? '' : `/${locale}`}/news/${slug}/`, siteUrl).href;
  } catch {
    return null;
  }
}

type ArticleRow = { documentId: string; locale: string; title: string | null; slug: string | null; published: boolean };

/** Articles by document id: per locale, the published row when there is one, else the draft. */
async function articlesOf(strapi: Core.Strapi, documentIds: string[]): Promise<Map<string, ArticleRow[]>> {
  const rows = documentIds.length === 0 ? [] : await query(strapi, ARTICLE_UID).findMany({
    select: ['documentId', 'locale', 'title', 'slug', 'publishedAt'],
    where: { documentId: { $in: documentIds } },
  });
  const byDocument = new Map<string, ArticleRow[]>();
  for (const row of rows) {
    if (typeof row.documentId !== 'string' || typeof row.locale !== 'string') continue;
    const published = row.publishedAt !== null && row.publishedAt !== undefined;
    const list = byDocument.get(row.documentId) ?? [];
    const known = list.findIndex((item) => item.locale === row.locale);
    const item = { documentId: row.documentId, locale: row.locale, title: typeof row.title === 'string' ? row.title : null, slug: typeof row.slug === 'string' ? row.slug : null, published };
    if (known === -1) list.push(item);
    else if (published) list[known] = item;
    byDocument.set(row.documentId, list);
  }
  return byDocument;
}

/** One page of a queue view, newest first, and how many comments it holds. */
export async function listQueue(strapi: Core.Strapi, view: QueueView, page: { page: number; pageSize: number }): Promise<{ items: QueueItem[]; total: number }> {
  const { where } = QUEUE_VIEWS[view];
  const [total, rows] = await Promise.all([
    query(strapi, COMMENT_UID).count({ where }),
    query(strapi, COMMENT_UID).findMany({
      select: ['documentId', 'body', 'createdAt', 'language', 'moderationStatus', 'moderationNote', 'moderationReasons', 'articleDocumentId', 'authorId', 'authorName'],
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      offset: (page.page - 1) * page.pageSize,
      limit: page.pageSize,
    }),
  ]);
  const articleIds = [...new Set(rows.map((row) => row.articleDocumentId).filter((id): id is string => typeof id === 'string'))];
  const readerIds = [...new Set(rows.map((row) => row.authorId).filter((id): id is number => typeof id === 'number'))];
  const [articles, readers] = await Promise.all([
    articlesOf(strapi, articleIds),
    readerIds.length === 0 ? [] : query(strapi, USER_UID).findMany({ select: ['id', 'username', 'blocked', 'trusted'], where: { id: { $in: readerIds } } }),
  ]);
  const siteUrl = process.env[PREVIEW.siteUrlEnv];
  const items = rows.map((row): QueueItem => {
    const language = typeof row.language === 'string' ? row.language : DEFAULT_LOCALE;
    const versions = typeof row.articleDocumentId === 'string' ? (articles.get(row.articleDocumentId) ?? []) : [];
    const version = versions.find((item) => item.locale === language) ?? versions.find((item) => item.locale === DEFAULT_LOCALE) ?? versions[0];
    const reader = readers.find((user) => user.id === row.authorId);
    return {
      documentId: String(row.documentId),
      body: typeof row.body === 'string' ? row.body : '',
      createdAt: asIso(row.createdAt),
      language,
      status: String(row.moderationStatus),
      reasons: asReasons(row.moderationReasons),
      note: typeof row.moderationNote === 'string' ? row.moderationNote : null,
      reader: reader
        ? { id: Number(reader.id), username: String(reader.username), blocked: reader.blocked === true, trusted: reader.trusted === true }
        : typeof row.authorId === 'number'
          ? { id: row.authorId, username: typeof row.authorName === 'string' ? row.authorName : `#${row.authorId}`, blocked: false, trusted: false }
          : null,
      article: version
        ? {
            documentId: version.documentId,
            locale: version.locale,
            title: version.title,
            published: version.published,
            siteUrl: version.published && version.slug ? articleSiteUrl(siteUrl, version.locale, version.slug) : null,
          }
        : null,
    };
  });
  return { items, total };
}

/** How many comments wait in each view (the menu's badge shows `pending`). */
export async function queueCounts(strapi: Core.Strapi): Promise<Record<QueueView, number>> {
  const entries = await Promise.all(
    (Object.keys(QUEUE_VIEWS) as QueueView[]).map(async (view) => [view, await query(strapi, COMMENT_UID).count({ where: QUEUE_VIEWS[view].where })] as const),
  );
  return Object.fromEntries(entries) as Record<QueueView, number>;
}

export type DecisionInput = { decision: Decision; comments: string[]; note: string | null };
export type DecisionResult = { decision: Decision; comments: number; rejected: number; readersBanned: number };

type Documents = { update(params: Record<string, unknown>): Promise<unknown> };
const documents = (strapi: Core.Strapi, uid: string): Documents => strapi.documents(uid as never) as unknown as Documents;

/** Blocks a reader (see DECISIONS). */
async function applySanction(strapi: Core.Strapi, reader: { documentId: string; blocked: boolean }): Promise<boolean> {
  if (reader.blocked) return false;
  await documents(strapi, USER_UID).update({ documentId: reader.documentId, data: { blocked: true } });
  return true;
}

/** Applies a moderator's decision to comments of the queue: all of them, or none when any is unknown. */
export async function decide(strapi: Core.Strapi, input: DecisionInput): Promise<DecisionResult> {
  const ids = [...new Set(input.comments)];
  const rows = await query(strapi, COMMENT_UID).findMany({ select: ['documentId', 'authorId', 'moderationStatus'], where: { documentId: { $in: ids } } });
  const unknown = ids.filter((id) => !rows.some((row) => row.documentId === id));
  if (unknown.length > 0) throw new errors.NotFoundError(`Комментарии не найдены: ${unknown.join(', ')}. Обновите очередь: их могли удалить.`, { comments: unknown });

  const result = await strapi.db.transaction(async (): Promise<DecisionResult> => {
    const note = input.note === null ? {} : { moderationNote: input.note };
    if (input.decision === 'approve' || input.decision === 'reject') {
      const moderationStatus = input.decision === 'approve' ? 'approved' : 'rejected';
      for (const id of ids) await documents(strapi, COMMENT_UID).update({ documentId: id, data: { moderationStatus, ...note } });
      return { decision: input.decision, comments: ids.length, rejected: input.decision === 'reject' ? ids.length : 0, readersBanned: 0 };
    }
    // ban: block each reader once, then reject everything of theirs that still waits.
    const readerIds = [...new Set(rows.map((row) => row.authorId).filter((id): id is number => typeof id === 'number'))];
    const readers = readerIds.length === 0 ? [] : await query(strapi, USER_UID).findMany({ select: ['documentId', 'blocked'], where: { id: { $in: readerIds } } });
    let readersBanned = 0;
    for (const reader of readers) {
      if (await applySanction(strapi, { documentId: String(reader.documentId), blocked: reader.blocked === true })) readersBanned += 1;
    }
    const waiting = readerIds.length === 0 ? [] : await query(strapi, COMMENT_UID).findMany({ select: ['documentId'], where: { authorId: { $in: readerIds }, moderationStatus: 'pending' } });
    const toReject = [...new Set([...ids.filter((id) => rows.some((row) => row.documentId === id && row.moderationStatus === 'pending')), ...waiting.map((row) => String(row.documentId))])];
    for (const id of toReject) {
      await documents(strapi, COMMENT_UID).update({ documentId: id, data: { moderationStatus: 'rejected', moderationNote: input.note ?? 'Читатель заблокирован модератором.' } });
    }
    return { decision: input.decision, comments: ids.length, rejected: toReject.length, readersBanned };
  });
  // The comments function's instances drop their cached lists (api/comment/changes.ts) before the moderator gets the answer.
  await settlePushes();
  return result;
}
