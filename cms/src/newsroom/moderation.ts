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
import { reportsOf, type ReportDetail } from '../api/comment/reports';
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
 * The queue's views, each a filter on comments and an order. `pending`: every
 * comment off the site waiting for a decision — new ones held by the rules and
 * those readers' reports hid (reason `reader_reports`). `reported`: comments
 * still on the site that readers reported, fewer times than hide one
 * (COMMENTS_REPORTS_TO_HIDE), most recently reported first. The two never
 * overlap, so the menu's number is their sum (queueCounts).
 */
export const QUEUE_VIEWS = {
  pending: { where: { moderationStatus: 'pending' }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] },
  reported: { where: { moderationStatus: 'approved', reportCount: { $gt: 0 } }, orderBy: [{ reportedAt: 'desc' }, { id: 'desc' }] },
} as const;
export type QueueView = keyof typeof QUEUE_VIEWS;

/**
 * What a moderator can decide, on one comment or many:
 * - `approve`: on the site (a hidden or new comment goes up at once);
 * - `keep`: the readers' reports are dismissed and the comment stays on the
 *   site (for a comment that waits, the same as approving it). Both clear the
 *   report count: every decision does (bootstrap/comments.ts);
 * - `reject`: off the site;
 * - `ban`: blocks the reader (users-permissions `blocked`: the comments
 *   function then refuses their session and new comments, submit.ts) and
 *   rejects the decided comments and everything of theirs still waiting;
 * - `premoderate`: keeps the reader always on pre-moderation (the User's
 *   `premoderated` flag, also in the Content Manager): their next comments
 *   wait, even if they are trusted. The decided comments stay as they are,
 *   for a decision of their own.
 */
export const DECISIONS = ['approve', 'keep', 'reject', 'ban', 'premoderate'] as const;
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
  reader: { id: number; username: string; blocked: boolean; trusted: boolean; premoderated: boolean } | null;
  /** Readers' reports since the last decision: how many, per reason, and the latest ones with their notes (unsanitised reader input). */
  reports: QueueReports;
  article: { documentId: string; locale: string | null; title: string | null; published: boolean; siteUrl: string | null } | null;
};

export type QueueReports = {
  count: number;
  reasons: Array<{ reason: string; count: number }>;
  lastAt: string | null;
  latest: Array<{ reason: string; note: string | null; createdAt: string }>;
};

/** How many of a comment's reports the queue shows with their notes. */
const LATEST_REPORTS = 10;

/**
 * The reports a moderator has not answered yet: a comment's `reportCount`
 * newest rows (every report adds one row and one to the count; a decision
 * sets the count to 0 and keeps the rows, api/comment/reports.ts), counted
 * per reason. Rows of readers who deleted their account are gone, so the
 * reasons then count the reports still known; `count` is the comment's own.
 */
export function summariseReports(count: number, storedReasons: unknown, rows: ReportDetail[], lastAt: string | null): QueueReports {
  if (count <= 0) return { count: 0, reasons: [], lastAt: null, latest: [] };
  const open = rows.slice(0, count);
  const perReason = new Map<string, number>();
  for (const row of open) perReason.set(row.reason, (perReason.get(row.reason) ?? 0) + 1);
  if (Array.isArray(storedReasons))
    for (const reason of storedReasons) if (typeof reason === 'string' && !perReason.has(reason)) perReason.set(reason, 0);
  return {
    count,
    reasons: [...perReason].map(([reason, times]) => ({ reason, count: times })).sort((a, b) => b.count - a.count),
    lastAt,
    latest: open.slice(0, LATEST_REPORTS).map((row) => ({ reason: row.reason, note: row.note, createdAt: row.createdAt })),
  };
}

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
  const rows =
    documentIds.length === 0
      ? []
      : await query(strapi, ARTICLE_UID).findMany({
          select: ['documentId', 'locale', 'title', 'slug', 'publishedAt'],
          where: { documentId: { $in: documentIds } },
        });
  const byDocument = new Map<string, ArticleRow[]>();
  for (const row of rows) {
    if (typeof row.documentId !== 'string' || typeof row.locale !== 'string') continue;
    const published = row.publishedAt !== null && row.publishedAt !== undefined;
    const list = byDocument.get(row.documentId) ?? [];
    const known = list.findIndex((item) => item.locale === row.locale);
    const item = {
      documentId: row.documentId,
      locale: row.locale,
      title: typeof row.title === 'string' ? row.title : null,
      slug: typeof row.slug === 'string' ? row.slug : null,
      published,
    };
    if (known === -1) list.push(item);
    else if (published) list[known] = item;
    byDocument.set(row.documentId, list);
  }
  return byDocument;
}

/** One page of a queue view, newest first, and how many comments it holds. */
export async function listQueue(
  strapi: Core.Strapi,
  view: QueueView,
  page: { page: number; pageSize: number },
): Promise<{ items: QueueItem[]; total: number }> {
  const { where, orderBy } = QUEUE_VIEWS[view];
  const [total, rows] = await Promise.all([
    query(strapi, COMMENT_UID).count({ where }),
    query(strapi, COMMENT_UID).findMany({
      select: [
        'documentId',
        'body',
        'createdAt',
        'language',
        'moderationStatus',
        'moderationNote',
        'moderationReasons',
        'articleDocumentId',
        'authorId',
        'authorName',
        'reportCount',
        'reportReasons',
        'reportedAt',
      ],
      where,
      orderBy: [...orderBy],
      offset: (page.page - 1) * page.pageSize,
      limit: page.pageSize,
    }),
  ]);
  const articleIds = [...new Set(rows.map((row) => row.articleDocumentId).filter((id): id is string => typeof id === 'string'))];
  const readerIds = [...new Set(rows.map((row) => row.authorId).filter((id): id is number => typeof id === 'number'))];
  const reportedIds = rows.filter((row) => Number(row.reportCount ?? 0) > 0).map((row) => String(row.documentId));
  const [articles, readers, reports] = await Promise.all([
    articlesOf(strapi, articleIds),
    readerIds.length === 0
      ? []
      : query(strapi, USER_UID).findMany({
          select: ['id', 'username', 'blocked', 'trusted', 'premoderated'],
          where: { id: { $in: readerIds } },
        }),
    reportsOf(strapi, reportedIds),
  ]);
  const siteUrl = process.env[PREVIEW.siteUrlEnv];
  const items = rows.map((row): QueueItem => {
    const language = typeof row.language === 'string' ? row.language : DEFAULT_LOCALE;
    const versions = typeof row.articleDocumentId === 'string' ? (articles.get(row.articleDocumentId) ?? []) : [];
    const version =
      versions.find((item) => item.locale === language) ?? versions.find((item) => item.locale === DEFAULT_LOCALE) ?? versions[0];
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
        ? {
            id: Number(reader.id),
            username: String(reader.username),
            blocked: reader.blocked === true,
            trusted: reader.trusted === true,
            premoderated: reader.premoderated === true,
          }
        : typeof row.authorId === 'number'
          ? {
              id: row.authorId,
              username: typeof row.authorName === 'string' ? row.authorName : `#${row.authorId}`,
              blocked: false,
              trusted: false,
              premoderated: false,
            }
          : null,
      reports: summariseReports(
        Number(row.reportCount ?? 0),
        row.reportReasons,
        reports.filter((report) => report.comment === row.documentId),
        row.reportedAt === null || row.reportedAt === undefined ? null : asIso(row.reportedAt),
      ),
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

/** How many comments wait in each view (the menu's number is their sum: the views never overlap). */
export async function queueCounts(strapi: Core.Strapi): Promise<Record<QueueView, number>> {
  const entries = await Promise.all(
    (Object.keys(QUEUE_VIEWS) as QueueView[]).map(
      async (view) => [view, await query(strapi, COMMENT_UID).count({ where: QUEUE_VIEWS[view].where })] as const,
    ),
  );
  return Object.fromEntries(entries) as Record<QueueView, number>;
}

export type DecisionInput = { decision: Decision; comments: string[]; note: string | null };
export type DecisionResult = { decision: Decision; comments: number; rejected: number; readersBanned: number; readersPremoderated: number };

type Documents = { update(params: Record<string, unknown>): Promise<unknown> };
const documents = (strapi: Core.Strapi, uid: string): Documents => strapi.documents(uid as never) as unknown as Documents;

/** Blocks a reader (see DECISIONS). */
async function applySanction(strapi: Core.Strapi, reader: { documentId: string; blocked: boolean }): Promise<boolean> {
  if (reader.blocked) return false;
  await documents(strapi, USER_UID).update({ documentId: reader.documentId, data: { blocked: true } });
  return true;
}

/** Keeps a reader always on pre-moderation (see DECISIONS). */
async function applyPremoderation(strapi: Core.Strapi, reader: { documentId: string; premoderated: boolean }): Promise<boolean> {
  if (reader.premoderated) return false;
  await documents(strapi, USER_UID).update({ documentId: reader.documentId, data: { premoderated: true } });
  return true;
}

type DecidedRow = Record<string, unknown>;

const authorsOf = (rows: DecidedRow[]): number[] => [
  ...new Set(rows.map((row) => row.authorId).filter((id): id is number => typeof id === 'number')),
];

/** Sets the status of comments, one Document Service update each (audit, change feed, cleared reports). */
async function setStatus(
  strapi: Core.Strapi,
  ids: string[],
  moderationStatus: 'approved' | 'rejected',
  note: Record<string, string>,
): Promise<void> {
  for (const id of ids) await documents(strapi, COMMENT_UID).update({ documentId: id, data: { moderationStatus, ...note } });
}

async function decideWithin(strapi: Core.Strapi, input: DecisionInput, ids: string[], rows: DecidedRow[]): Promise<DecisionResult> {
  const note: Record<string, string> = input.note === null ? {} : { moderationNote: input.note };
  const result = { decision: input.decision, comments: ids.length, rejected: 0, readersBanned: 0, readersPremoderated: 0 };
  switch (input.decision) {
    case 'approve':
    case 'keep':
      await setStatus(strapi, ids, 'approved', note);
      return result;
    case 'reject':
      await setStatus(strapi, ids, 'rejected', note);
      return { ...result, rejected: ids.length };
    case 'premoderate': {
      const readerIds = authorsOf(rows);
      const readers =
        readerIds.length === 0
          ? []
          : await query(strapi, USER_UID).findMany({ select: ['documentId', 'premoderated'], where: { id: { $in: readerIds } } });
      for (const reader of readers) {
        if (await applyPremoderation(strapi, { documentId: String(reader.documentId), premoderated: reader.premoderated === true }))
          result.readersPremoderated += 1;
      }
      return result;
    }
    case 'ban': {
      // Block each reader once, then reject the decided comments and everything of theirs that still waits.
      const readerIds = authorsOf(rows);
      const readers =
        readerIds.length === 0
          ? []
          : await query(strapi, USER_UID).findMany({ select: ['documentId', 'blocked'], where: { id: { $in: readerIds } } });
      for (const reader of readers) {
        if (await applySanction(strapi, { documentId: String(reader.documentId), blocked: reader.blocked === true }))
          result.readersBanned += 1;
      }
      const waiting =
        readerIds.length === 0
          ? []
          : await query(strapi, COMMENT_UID).findMany({
              select: ['documentId'],
              where: { authorId: { $in: readerIds }, moderationStatus: 'pending' },
            });
      const decided = rows.filter((row) => row.moderationStatus !== 'rejected').map((row) => String(row.documentId));
      const toReject = [...new Set([...decided, ...waiting.map((row) => String(row.documentId))])];
      await setStatus(strapi, toReject, 'rejected', { moderationNote: input.note ?? 'Читатель заблокирован модератором.' });
      return { ...result, rejected: toReject.length };
    }
  }
}

/** Applies a moderator's decision to comments of the queue: all of them, or none when any is unknown. */
export async function decide(strapi: Core.Strapi, input: DecisionInput): Promise<DecisionResult> {
  const ids = [...new Set(input.comments)];
  const rows: DecidedRow[] = await query(strapi, COMMENT_UID).findMany({
    select: ['documentId', 'authorId', 'moderationStatus'],
    where: { documentId: { $in: ids } },
  });
  const unknown = ids.filter((id) => !rows.some((row) => row.documentId === id));
  if (unknown.length > 0)
    throw new errors.NotFoundError(`Комментарии не найдены: ${unknown.join(', ')}. Обновите очередь: их могли удалить.`, {
      comments: unknown,
    });

  const result = await strapi.db.transaction(() => decideWithin(strapi, input, ids, rows));
  // The comments function's instances drop their cached lists (api/comment/changes.ts) before the moderator gets the answer.
  await settlePushes();
  return result;
}
