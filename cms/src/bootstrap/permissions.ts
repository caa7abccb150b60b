import type { Core } from '@strapi/strapi';
import { PUBLIC_CONTENT_TYPES } from '../constants';

const READ_ACTIONS = ['find', 'findOne'] as const;

/**
 * Every read action of the site's read-only token: find/findOne of the published types, and the
 * approved-comment counts per article (`GET /api/comments/counts`: numbers only, never a comment),
 * which the build bakes into article pages and listings.
 */
export function siteReadActions(): string[] {
  const content = PUBLIC_CONTENT_TYPES.flatMap((uid) => {
    const isSingle = uid === 'api::site-setting.site-setting';
    return isSingle ? [`${uid}.find`] : READ_ACTIONS.map((action) => `${uid}.${action}`);
  });
  return [...content, 'api::comment.comment.counts'];
}

/**
 * users-permissions' roles get no permission at all, on every start.
 *
 * Readers' browsers never talk to Strapi: they read static pages and talk to
 * the comments function, which reaches Strapi with its own API token; the
 * site build reads with the site token. So the `public` role needs nothing —
 * not the content types (anonymous `GET /api/articles` is 403), and not
 * users-permissions' own routes either: `/api/auth/local`, `/api/auth/local/
 * register`, forgot/reset password, e-mail confirmation, `/api/connect/*`
 * and `/api/users/*` are all closed, so every reader account is created and
 * checked by the function's rules (comments/README.md). The `authenticated`
 * role (a users-permissions JWT) gets nothing either: the function issues
 * its own sessions.
 *
 * Idempotent: removes whatever a previous version, the panel or
 * users-permissions' defaults granted to these two roles.
 */
export const CLOSED_ROLES = ['public', 'authenticated'] as const;

export async function ensureClosedRoles(strapi: Core.Strapi): Promise<void> {
  const roles = strapi.db.query('plugin::users-permissions.role');
  const permissions = strapi.db.query('plugin::users-permissions.permission');
  for (const type of CLOSED_ROLES) {
    const role: { id: number } | null = await roles.findOne({ where: { type } });
    if (!role) throw new Error(`users-permissions: the ${type} role does not exist`);
    await permissions.deleteMany({ where: { role: role.id } });
  }
}
