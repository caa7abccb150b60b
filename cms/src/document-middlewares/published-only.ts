import type { Core } from '@strapi/strapi';

/**
 * Drafts never leave the CMS through its public REST API.
 *
 * Strapi 5 answers `?status=draft` to anyone allowed to `find`, and its
 * router matches paths case-insensitively (`/API/articles`), so stripping the
 * parameter from URLs that start with `/api/` (the Koa middleware this
 * replaces) was bypassable. This is a Document Service middleware instead: it
 * sees every read whatever the spelling of the URL, the method (HEAD) or the
 * parameters, and forces the published status on every read of a
 * draft-and-publish type made while serving a content-API route.
 *
 * Exceptions, all decided here:
 * - the panel (admin routes), cron tasks and start-up code: not content-API
 *   requests, untouched;
 * - API tokens that may already *write* the type (`<uid>.update`, or a
 *   full-access token): the seed and importer token creates and edits drafts,
 *   so reading them back reveals nothing it could not write. The site's and
 *   the comments function's read tokens never qualify;
 * - the signed preview route (src/api/article-preview): after checking the
 *   link's signature it grants exactly one document, locale and status
 *   through `grantPreview`.
 *
 * Relations are the other way to reach a draft (`/api/authors?filters[articles]
 * [title][$contains]=…` matched draft rows): the inverse `articles` relations
 * of authors, rubrics, tags and NGO events are `private` in their schemas, so
 * Strapi's own query sanitizer refuses them in filters, sort, fields and
 * populate of the content API.
 *
 * Internal code that runs inside a read-only content-API request and needs a
 * draft must use `strapi.db.query`, not the Document Service.
 */

const READ_ACTIONS = new Set(['findMany', 'findOne', 'findFirst', 'count']);
const PREVIEW_GRANT = 'tilshiPreviewGrant';

export type PreviewGrant = { uid: string; documentId: string; status: 'draft' | 'published' };

type Ability = { can(action: string): boolean };
type RequestState = {
  route?: { info?: { type?: string } };
  auth?: { strategy?: { name?: string }; credentials?: { type?: string } | null; ability?: Ability | null };
  [PREVIEW_GRANT]?: PreviewGrant;
};
type RequestContext = { state?: RequestState };

function hasDraftAndPublish(strapi: Core.Strapi, uid: string): boolean {
  const model = strapi.getModel(uid as Parameters<Core.Strapi['getModel']>[0]) as { options?: { draftAndPublish?: boolean } } | undefined;
  return model?.options?.draftAndPublish === true;
}

/** Whether the caller is an API token that may write this type anyway (the seed/importer token). */
function mayWrite(state: RequestState, uid: string): boolean {
  const auth = state.auth;
  if (auth?.strategy?.name !== 'content-api-token' && auth?.strategy?.name !== 'api-token') return false;
  if (auth.credentials?.type === 'full-access') return true;
  return auth.ability?.can(`${uid}.update`) === true;
}

function isGranted(state: RequestState, uid: string, params: Record<string, unknown>): boolean {
  const grant = state[PREVIEW_GRANT];
  return grant !== undefined && grant.uid === uid && grant.documentId === params.documentId && grant.status === params.status;
}

/** Lets the signed preview route read one version of one document (called after the signature was checked). */
export function grantPreview(ctx: { state: object }, grant: PreviewGrant): void {
  Object.assign(ctx.state, { [PREVIEW_GRANT]: grant });
}

export function registerPublishedOnly(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    if (!READ_ACTIONS.has(context.action) || !hasDraftAndPublish(strapi, context.uid)) return next();
    const request = strapi.requestContext.get() as RequestContext | undefined;
    const state = request?.state;
    if (state?.route?.info?.type !== 'content-api') return next();
    const params = (context.params ?? {}) as Record<string, unknown>;
    if (mayWrite(state, context.uid) || isGranted(state, context.uid, params)) return next();
    context.params = { ...params, status: 'published' } as typeof context.params;
    return next();
  });
}
