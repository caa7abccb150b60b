/**
 * The newsroom around the editor (issue #14, items 5–7): the moderation
 * queue, roles and review stages, versions and the audit list. Two entry
 * points for src/index.ts; the panel side is src/admin/newsroom.tsx.
 */
import type { Core } from '@strapi/strapi';
import { registerHistory } from '../document-middlewares/history';
import { registerReviewStages } from '../document-middlewares/review-stage';
import { ensureNewsroomRoles, registerNewsroomActions } from './roles';
import { registerNewsroomRoutes } from './routes';

/** register(): the admin actions (before Strapi hands every action to the super admin) and the Document Service middlewares. */
export async function registerNewsroom(strapi: Core.Strapi): Promise<void> {
  await registerNewsroomActions(strapi);
  registerReviewStages(strapi);
  registerHistory(strapi);
}

/** bootstrap(): the roles and the panel pages' admin routes. */
export async function bootstrapNewsroom(strapi: Core.Strapi): Promise<void> {
  await ensureNewsroomRoles(strapi);
  registerNewsroomRoutes(strapi);
}
