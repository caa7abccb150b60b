/**
 * History and accountability for every way into the CMS: a Document Service
 * middleware sees the panel, REST (importer, seed, comments function) and
 * scheduled publishing alike, and records
 *
 * - a version of the article's draft after each create, save, publish,
 *   discard and restore (src/newsroom/history.ts);
 * - an audit entry for each publish, unpublish, deletion and restore of an
 *   article, each moderation decision on a comment (approve, reject, back to
 *   pending, delete by a moderator) and each ban or unban of a reader
 *   (src/newsroom/audit.ts).
 *
 * Who: src/newsroom/actor.ts. Recording runs after the action succeeded; a
 * refused action (e.g. a publish the photo rules refuse) records nothing. A
 * failure to record is logged and does not undo the editor's action.
 */
import type { Core, Modules } from '@strapi/strapi';
import { DEFAULT_LOCALE } from '../constants';
import { currentActor, currentScope, type Actor } from '../newsroom/actor';
import { recordAudit, type AuditAction } from '../newsroom/audit';
import { ARTICLE_UID, articleLocales, draftSnapshot, query, recordVersion, VERSION_UID } from '../newsroom/history';

const COMMENT_UID = 'api::comment.comment';
const USER_UID = 'plugin::users-permissions.user';

type Params = Record<string, unknown>;
type Middleware = Modules.Documents.Middleware.Middleware;
type Next = Parameters<Middleware>[1];
type Result = ReturnType<Middleware>;

const asRecord = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;

/** The locales an article action targets: `'*'` is every locale the document has; none is the default one. */
async function targetLocales(strapi: Core.Strapi, params: Params, documentId: string): Promise<string[]> {
  const { locale } = params;
  if (locale === '*') return articleLocales(strapi, documentId);
  if (Array.isArray(locale)) return locale.filter((item): item is string => typeof item === 'string');
  return [typeof locale === 'string' ? locale : DEFAULT_LOCALE];
}

/**
 * Versions created during the request being served, by `documentId:locale`:
 * the panel's Publish saves the form and then publishes it in one request,
 * which is one version (a publish), not two.
 */
const versionsOfRequest = new WeakMap<object, Map<string, number>>();

function requestVersions(strapi: Core.Strapi): Map<string, number> | undefined {
  const ctx = strapi.requestContext.get();
  if (typeof ctx !== 'object' || ctx === null) return undefined;
  let versions = versionsOfRequest.get(ctx);
  if (!versions) {
    versions = new Map();
    versionsOfRequest.set(ctx, versions);
  }
  return versions;
}

/**
 * Records the versions of an action. A publish in the same request as a save
 * (the panel's Publish with unsaved changes, REST create with publishing) is
 * one version: the save's version becomes the publish, with the content as
 * published (publishing may fill fields, e.g. the publication date).
 */
async function keepVersions(
  strapi: Core.Strapi,
  documentId: string,
  locales: string[],
  event: 'create' | 'update' | 'publish' | 'discard',
  actor: Actor,
): Promise<void> {
  const inRequest = requestVersions(strapi);
  for (const locale of locales) {
    const key = `${documentId}:${locale}`;
    const earlier = inRequest?.get(key);
    if (event === 'publish' && earlier !== undefined) {
      const snapshot = await draftSnapshot(strapi, documentId, locale);
      if (snapshot) {
        await strapi.db.query(VERSION_UID as never).update({
          where: { id: earlier },
          data: { event: 'publish', snapshot, title: typeof snapshot.title === 'string' ? snapshot.title.slice(0, 300) : null },
        });
        continue;
      }
    }
    const created = await recordVersion(strapi, { documentId, locale, event, actor });
    if (created !== null && inRequest) inRequest.set(key, created);
  }
}

type ArticleRow = { locale: string; title: string | null; published: boolean };

async function articleRows(strapi: Core.Strapi, documentId: string, locales: string[]): Promise<ArticleRow[]> {
  const rows = await query(strapi, ARTICLE_UID).findMany({
    select: ['locale', 'title', 'publishedAt'],
    where: { documentId, locale: { $in: locales } },
  });
  const byLocale = new Map<string, ArticleRow>();
  for (const row of rows) {
    if (typeof row.locale !== 'string') continue;
    const known = byLocale.get(row.locale);
    const published = row.publishedAt !== null && row.publishedAt !== undefined;
    const title = typeof row.title === 'string' ? row.title : null;
    // The draft's title names the version (after a restore it differs from the published one).
    byLocale.set(row.locale, {
      locale: row.locale,
      title: published ? (known?.title ?? title) : title,
      published: published || (known?.published ?? false),
    });
  }
  return [...byLocale.values()];
}

async function articleAction(strapi: Core.Strapi, action: string, params: Params, next: Next): Result {
  const actor = currentActor(strapi);
  const documentId = typeof params.documentId === 'string' ? params.documentId : undefined;
  // What is about to disappear, read before it does.
  const before =
    (action === 'unpublish' || action === 'delete') && documentId
      ? await articleRows(strapi, documentId, await targetLocales(strapi, params, documentId))
      : [];

  const result = await next();

  try {
    const { restoredFrom } = currentScope();
    switch (action) {
      case 'create': {
        const created = asRecord(result);
        if (typeof created?.documentId === 'string') {
          const locale =
            typeof created.locale === 'string'
              ? created.locale
              : ((await targetLocales(strapi, params, created.documentId))[0] ?? DEFAULT_LOCALE);
          await keepVersions(strapi, created.documentId, [locale], 'create', actor);
        }
        break;
      }
      case 'update':
      case 'publish':
      case 'discardDraft': {
        if (!documentId) break;
        const locales = await targetLocales(strapi, params, documentId);
        await keepVersions(strapi, documentId, locales, action === 'discardDraft' ? 'discard' : action, actor);
        if (action === 'publish' || (action === 'update' && restoredFrom !== undefined)) {
          for (const row of await articleRows(strapi, documentId, locales)) {
            await recordAudit(strapi, actor, {
              action: action === 'publish' ? 'publish' : 'restore',
              subjectType: 'article',
              subjectId: documentId,
              subjectLocale: row.locale,
              subjectTitle: row.title,
              details: action === 'publish' ? null : { restoredFrom },
            });
          }
        }
        break;
      }
      case 'unpublish':
      case 'delete': {
        if (!documentId) break;
        for (const row of before) {
          if (action === 'unpublish' && !row.published) continue;
          await recordAudit(strapi, actor, {
            action,
            subjectType: 'article',
            subjectId: documentId,
            subjectLocale: row.locale,
            subjectTitle: row.title,
          });
        }
        break;
      }
    }
  } catch (error) {
    strapi.log.error(
      `history: the ${action} of article ${documentId ?? '(new)'} was done but could not be recorded: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return result;
}

const MODERATION_ACTIONS: Record<string, AuditAction> = {
  approved: 'comment_approve',
  rejected: 'comment_reject',
  pending: 'comment_pending',
};

const excerpt = (body: unknown): string | null => (typeof body === 'string' ? (body.length > 120 ? `${body.slice(0, 119)}…` : body) : null);

/** A moderation decision on a comment: its status changed, or a moderator deleted it. */
async function commentAction(strapi: Core.Strapi, action: string, params: Params, next: Next): Result {
  const documentId = typeof params.documentId === 'string' ? params.documentId : undefined;
  if ((action !== 'update' && action !== 'delete') || !documentId) return next();
  const actor = currentActor(strapi);
  const select = ['moderationStatus', 'moderationNote', 'body', 'articleDocumentId', 'authorId', 'authorName', 'reportCount'];
  const before = await query(strapi, COMMENT_UID).findOne({ select, where: { documentId } });
  const result = await next();
  if (!before) return result;
  try {
    const details = { article: before.articleDocumentId, reader: before.authorName, readerId: before.authorId };
    if (action === 'delete') {
      if (actor.kind === 'admin')
        await recordAudit(strapi, actor, {
          action: 'comment_delete',
          subjectType: 'comment',
          subjectId: documentId,
          subjectTitle: excerpt(before.body),
          details,
        });
      return result;
    }
    const after = await query(strapi, COMMENT_UID).findOne({ select, where: { documentId } });
    const status = after?.moderationStatus;
    const changed = typeof status === 'string' && status !== before.moderationStatus ? MODERATION_ACTIONS[status] : undefined;
    // Kept on the site although readers reported it: the reports are dismissed (the count is cleared by bootstrap/comments.ts).
    const kept =
      status === 'approved' &&
      before.moderationStatus === 'approved' &&
      Number(before.reportCount ?? 0) > 0 &&
      Number(after?.reportCount ?? 0) === 0;
    const audited = changed ?? (kept ? 'comment_keep' : undefined);
    if (audited) {
      await recordAudit(strapi, actor, {
        action: audited,
        subjectType: 'comment',
        subjectId: documentId,
        subjectTitle: excerpt(before.body),
        details: {
          ...details,
          from: before.moderationStatus,
          note: after?.moderationNote ?? null,
          ...(kept ? { reports: Number(before.reportCount) } : {}),
        },
      });
    }
  } catch (error) {
    strapi.log.error(
      `history: the ${action} of comment ${documentId} was done but could not be recorded: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return result;
}

/** A reader blocked or unblocked (users-permissions `blocked`), or put on or taken off pre-moderation, in the queue or in the Content Manager. */
async function readerAction(strapi: Core.Strapi, params: Params, next: Next): Result {
  const documentId = typeof params.documentId === 'string' ? params.documentId : undefined;
  if (!documentId) return next();
  const before = await query(strapi, USER_UID).findOne({ select: ['id', 'username', 'blocked', 'premoderated'], where: { documentId } });
  const result = await next();
  if (!before) return result;
  try {
    const after = await query(strapi, USER_UID).findOne({ select: ['blocked', 'premoderated'], where: { documentId } });
    const actions: AuditAction[] = [];
    if (after && Boolean(after.blocked) !== Boolean(before.blocked)) actions.push(after.blocked ? 'reader_ban' : 'reader_unban');
    if (after && Boolean(after.premoderated) !== Boolean(before.premoderated))
      actions.push(after.premoderated ? 'reader_premoderate' : 'reader_unpremoderate');
    for (const action of actions) {
      await recordAudit(strapi, currentActor(strapi), {
        action,
        subjectType: 'reader',
        subjectId: String(before.id),
        subjectTitle: typeof before.username === 'string' ? before.username : null,
      });
    }
  } catch (error) {
    strapi.log.error(
      `history: the update of reader ${documentId} was done but could not be recorded: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return result;
}

const ARTICLE_ACTIONS = new Set(['create', 'update', 'publish', 'unpublish', 'discardDraft', 'delete']);

export function registerHistory(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    const params = (context.params ?? {}) as Params;
    if (context.uid === ARTICLE_UID && ARTICLE_ACTIONS.has(context.action)) return articleAction(strapi, context.action, params, next);
    if (context.uid === COMMENT_UID) return commentAction(strapi, context.action, params, next);
    if (context.uid === USER_UID && context.action === 'update') return readerAction(strapi, params, next);
    return next();
  });
}
