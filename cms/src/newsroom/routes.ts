/**
 * Admin routes of the newsroom's panel pages (type `admin`: signed-in panel
 * users only, never the public API), registered at bootstrap like
 * src/bootstrap/publish-status.ts. Each is checked against the user's admin
 * permissions: the moderation queue and the audit list against the
 * newsroom's own actions (src/newsroom/roles.ts), an article's versions
 * against the Content Manager's read (list, compare) and update (restore)
 * permissions on that article's locale.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { requestActor } from './actor';
import { AUDIT_ACTIONS, listAudit, type AuditAction, type AuditSubject } from './audit';
import { ARTICLE_UID, listVersions, query, restoreVersion, VERSION_UID, versionDetail } from './history';
import { DECISIONS, decide, listQueue, QUEUE_VIEWS, queueCounts, type Decision, type QueueView } from './moderation';
import { NEWSROOM_ACTIONS } from './roles';

type Ability = { can(action: string, subject?: unknown): boolean };
type Context = {
  query: Record<string, unknown>;
  params: Record<string, string>;
  request: { body?: unknown };
  state: { userAbility?: Ability };
  body: unknown;
  set(name: string, value: string): void;
};

const DOCUMENT_ID = /^[a-z0-9]{1,64}$/;
const LOCALE = /^[a-z]{2}(-[A-Za-z]{2,4})?$/;
const MAX_BATCH = 100;

const invalid = (message: string, path: string): errors.ValidationError =>
  new errors.ValidationError(message, { errors: [{ path: [path], message, name: 'ValidationError' }] });

/** A positive integer query parameter within bounds, or its default; anything else is a 400 naming the parameter. */
function intParam(ctx: Context, name: string, fallback: number, max: number): number {
  const raw = ctx.query[name];
  if (raw === undefined || raw === '') return fallback;
  const value = typeof raw === 'string' && /^\d{1,6}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(value) || value < 1 || value > max)
    throw invalid(`Параметр «${name}» должен быть целым числом от 1 до ${max}`, name);
  return value;
}

function paging(ctx: Context): { page: number; pageSize: number } {
  return { page: intParam(ctx, 'page', 1, 100_000), pageSize: intParam(ctx, 'pageSize', 25, 100) };
}

function oneOf<T extends string>(ctx: Context, name: string, allowed: readonly T[], fallback: T): T {
  const raw = ctx.query[name];
  if (raw === undefined || raw === '') return fallback;
  const found = allowed.find((value) => value === raw);
  if (!found) throw invalid(`Параметр «${name}» должен быть одним из: ${allowed.join(', ')}`, name);
  return found;
}

function ability(ctx: Context): Ability {
  const found = ctx.state.userAbility;
  if (!found) throw new errors.UnauthorizedError('Войдите в панель');
  return found;
}

/** Refuses unless the user may do `action` (read/update) on that locale of articles, in the Content Manager's terms. */
function requireArticlePermission(strapi: Core.Strapi, ctx: Context, action: 'read' | 'update', locale: string): void {
  const checker = (
    strapi.plugin('content-manager').service('permission-checker') as unknown as {
      create(options: { userAbility: Ability; model: string }): { can(action: string, entity?: Record<string, unknown>): boolean };
    }
  ).create({ userAbility: ability(ctx), model: ARTICLE_UID });
  if (!checker.can(`plugin::content-manager.explorer.${action}`, { locale })) {
    throw new errors.ForbiddenError(
      action === 'read'
        ? 'Нет права читать материалы на этом языке'
        : 'Нет права править материалы на этом языке: восстановить версию нельзя',
    );
  }
}

async function versionLocale(strapi: Core.Strapi, id: number): Promise<string> {
  const row = await query(strapi, VERSION_UID).findOne({ select: ['locale'], where: { id } });
  if (!row || typeof row.locale !== 'string') throw new errors.NotFoundError(`Версия №${id} не найдена`);
  return row.locale;
}

function versionId(ctx: Context): number {
  const raw = ctx.params.id ?? '';
  if (!/^\d{1,12}$/.test(raw)) throw invalid('Номер версии должен быть целым числом', 'id');
  return Number(raw);
}

type DecisionBody = { decision: Decision; comments: string[]; note: string | null };

/** The body of POST /tilshi-moderation/decisions, checked field by field. */
export function parseDecision(body: unknown): DecisionBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw invalid('Ожидается объект JSON: { decision, comments, note? }', 'body');
  const record = body as Record<string, unknown>;
  const decision = DECISIONS.find((value) => value === record.decision);
  if (!decision) throw invalid(`«decision» должно быть одним из: ${DECISIONS.join(', ')}`, 'decision');
  const { comments } = record;
  if (!Array.isArray(comments) || comments.length === 0 || comments.length > MAX_BATCH)
    throw invalid(`«comments» — список от 1 до ${MAX_BATCH} documentId комментариев`, 'comments');
  comments.forEach((id, index) => {
    if (typeof id !== 'string' || !DOCUMENT_ID.test(id))
      throw invalid(`«comments[${index}]» — не documentId комментария`, `comments.${index}`);
  });
  const { note } = record;
  if (note !== undefined && note !== null && (typeof note !== 'string' || note.length > 1000))
    throw invalid('«note» — текст не длиннее 1000 символов', 'note');
  return { decision, comments: comments as string[], note: typeof note === 'string' && note.trim() !== '' ? note.trim() : null };
}

const NO_STORE = (ctx: Context) => ctx.set('Cache-Control', 'no-store');

export function registerNewsroomRoutes(strapi: Core.Strapi): void {
  const moderate = {
    policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [NEWSROOM_ACTIONS.moderate] } }],
  };
  const audit = {
    policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [NEWSROOM_ACTIONS.audit] } }],
  };
  const signedIn = { policies: ['admin::isAuthenticatedAdmin'] };

  strapi.server.routes({
    type: 'admin',
    routes: [
      /** GET /tilshi-moderation/queue?view=pending|reported&page=&pageSize= — moderators; the comments of a queue view (with their open reports), newest first. */
      {
        method: 'GET',
        path: '/tilshi-moderation/queue',
        handler: async (ctx: Context) => {
          NO_STORE(ctx);
          const view = oneOf<QueueView>(ctx, 'view', Object.keys(QUEUE_VIEWS) as QueueView[], 'pending');
          const page = paging(ctx);
          const [{ items, total }, counts] = await Promise.all([listQueue(strapi, view, page), queueCounts(strapi)]);
          ctx.body = { data: items, meta: { view, ...page, total, counts } };
        },
        config: moderate,
      },
      /** GET /tilshi-moderation/counts — moderators; how many comments wait in each view (the menu's number is their sum). */
      {
        method: 'GET',
        path: '/tilshi-moderation/counts',
        handler: async (ctx: Context) => {
          NO_STORE(ctx);
          ctx.body = { data: await queueCounts(strapi) };
        },
        config: moderate,
      },
      /** POST /tilshi-moderation/decisions { decision: approve|keep|reject|ban|premoderate, comments: [documentId…], note? } — moderators; all or nothing. */
      {
        method: 'POST',
        path: '/tilshi-moderation/decisions',
        handler: async (ctx: Context) => {
          ctx.body = { data: await decide(strapi, parseDecision(ctx.request.body)) };
        },
        config: moderate,
      },
      /** GET /tilshi-history/articles/:documentId/versions?locale=ru&page=&pageSize= — readers of that locale; newest first. */
      {
        method: 'GET',
        path: '/tilshi-history/articles/:documentId/versions',
        handler: async (ctx: Context) => {
          NO_STORE(ctx);
          const documentId = ctx.params.documentId ?? '';
          if (!DOCUMENT_ID.test(documentId)) throw invalid('Неверный documentId материала', 'documentId');
          const locale = typeof ctx.query.locale === 'string' && ctx.query.locale !== '' ? ctx.query.locale : 'ru';
          if (!LOCALE.test(locale)) throw invalid('Неверный код языка', 'locale');
          requireArticlePermission(strapi, ctx, 'read', locale);
          const page = paging(ctx);
          const { versions, total } = await listVersions(strapi, documentId, locale, page);
          ctx.body = { data: versions, meta: { documentId, locale, ...page, total } };
        },
        config: signedIn,
      },
      /** GET /tilshi-history/versions/:id?against=previous|current — readers of that locale; the version and what changed. */
      {
        method: 'GET',
        path: '/tilshi-history/versions/:id',
        handler: async (ctx: Context) => {
          NO_STORE(ctx);
          const id = versionId(ctx);
          requireArticlePermission(strapi, ctx, 'read', await versionLocale(strapi, id));
          ctx.body = { data: await versionDetail(strapi, id, oneOf(ctx, 'against', ['previous', 'current'] as const, 'previous')) };
        },
        config: signedIn,
      },
      /** POST /tilshi-history/versions/:id/restore — editors of that locale; the version becomes the new draft. */
      {
        method: 'POST',
        path: '/tilshi-history/versions/:id/restore',
        handler: async (ctx: Context) => {
          const id = versionId(ctx);
          requireArticlePermission(strapi, ctx, 'update', await versionLocale(strapi, id));
          const actor = requestActor(strapi);
          if (!actor) throw new errors.UnauthorizedError('Войдите в панель');
          ctx.body = { data: await restoreVersion(strapi, id, actor) };
        },
        config: signedIn,
      },
      /** GET /tilshi-audit/entries?action=publish,delete&subjectType=&subjectId=&page=&pageSize= — the audit list, newest first. */
      {
        method: 'GET',
        path: '/tilshi-audit/entries',
        handler: async (ctx: Context) => {
          NO_STORE(ctx);
          const rawActions = typeof ctx.query.action === 'string' && ctx.query.action !== '' ? ctx.query.action.split(',') : [];
          const actions = rawActions.map((raw) => {
            const found = AUDIT_ACTIONS.find((action) => action === raw);
            if (!found) throw invalid(`Параметр «action»: неизвестное действие «${raw}»; возможны: ${AUDIT_ACTIONS.join(', ')}`, 'action');
            return found;
          });
          const subjectType = oneOf<AuditSubject | ''>(ctx, 'subjectType', ['article', 'comment', 'reader', ''], '');
          const subjectId = typeof ctx.query.subjectId === 'string' && ctx.query.subjectId !== '' ? ctx.query.subjectId : undefined;
          if (subjectId !== undefined && !/^[A-Za-z0-9]{1,64}$/.test(subjectId)) throw invalid('Неверный «subjectId»', 'subjectId');
          const page = paging(ctx);
          const filter: { actions: AuditAction[]; subjectType?: AuditSubject; subjectId?: string } = { actions };
          if (subjectType !== '') filter.subjectType = subjectType;
          if (subjectId !== undefined) filter.subjectId = subjectId;
          const { entries, total } = await listAudit(strapi, filter, page);
          ctx.body = { data: entries, meta: { ...page, total } };
        },
        config: audit,
      },
    ],
  } as never);
}
