/**
 * The comments function in the site tests: the built site served by its Node
 * server WITH the function's settings (as `npm start` runs it), a moderator
 * acting through Strapi's admin API (the comments tests' helper), and
 * requests to /api/ as a browser or another client sends them.
 */
import type { SiteFixture } from '../global-setup.ts';
import { createModerator, type Moderator } from '../../../comments/tests/moderator.ts';
import { serveSite, type RunningSite } from './site.ts';

/** The function's server settings for a site served at `url` (its own origin is the one allowed). */
export function commentsEnv(site: SiteFixture): (url: string) => Record<string, string> {
  return (url) => ({ STRAPI_COMMENTS_TOKEN: site.comments.token, STRAPI_JWT_SECRET: site.comments.jwtSecret, SITE_ORIGIN: url });
}

/** The shared build, served with the comments function under /api/. */
export function serveWithComments(site: SiteFixture): Promise<RunningSite> {
  return serveSite(site.outDir, { env: commentsEnv(site) });
}

export function moderatorOf(site: SiteFixture): Moderator {
  return createModerator({ url: site.strapi.url, adminToken: site.comments.adminToken });
}

/** Approves the newest comment whose text is exactly `body`, as a moderator does in the panel. */
export async function approveComment(site: SiteFixture, body: string): Promise<void> {
  const moderator = moderatorOf(site);
  const [comment] = await moderator.findComments(body);
  if (!comment) throw new Error(`no comment with the text ${JSON.stringify(body)} awaits moderation`);
  await moderator.moderate(comment.documentId, 'approved');
}
