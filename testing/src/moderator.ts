/**
 * A moderator's actions through Strapi's own admin API (the panel's
 * content-manager routes), as a moderator clicks them in the panel:
 * approving or rejecting a comment, ticking "trusted"/"blocked" on a reader,
 * adding a banned word, (un)publishing an article. Parameterized by the
 * connection, so the comments tests and the site's browser tests share it.
 */
import { z } from 'zod';

export type ModeratorConnection = {
  /** Strapi's base URL. */
  url: string;
  /** A panel session token of an admin (POST /admin/login). */
  adminToken: string;
};

export type Moderator = ReturnType<typeof createModerator>;

const USERS = '/content-manager/collection-types/plugin::users-permissions.user';

export function createModerator(connection: ModeratorConnection) {
  async function adminCall(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${connection.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${connection.adminToken}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const json: unknown = text === '' ? null : JSON.parse(text);
    if (response.status >= 300) throw new Error(`admin ${method} ${path} → ${response.status} ${text}`);
    return json;
  }

  async function userDocumentId(userId: number): Promise<string> {
    const list = z
      .object({ results: z.array(z.object({ documentId: z.string() })) })
      .parse(await adminCall('GET', `${USERS}?filters[id][$eq]=${userId}`));
    const [user] = list.results;
    if (!user) throw new Error(`no user ${userId}`);
    return user.documentId;
  }

  return {
    adminCall,
    /** Ticks (or unticks) "trusted" or "blocked" on a reader, as a moderator does in the panel. */
    async setReaderFlags(userId: number, flags: { trusted?: boolean; blocked?: boolean; premoderated?: boolean }): Promise<void> {
      await adminCall('PUT', `${USERS}/${await userDocumentId(userId)}`, flags);
    },
    /** Approves or rejects a comment in the panel. */
    async moderate(commentDocumentId: string, moderationStatus: 'approved' | 'rejected' | 'pending'): Promise<void> {
      await adminCall('PUT', `/content-manager/collection-types/api::comment.comment/${commentDocumentId}`, { moderationStatus });
    },
    /** The comments of the moderation queue whose text is exactly `body` (newest first), as the panel lists them. */
    async findComments(body: string): Promise<Array<{ documentId: string; moderationStatus: string }>> {
      const list = z
        .object({ results: z.array(z.object({ documentId: z.string(), body: z.string(), moderationStatus: z.string() })) })
        .parse(
          await adminCall(
            'GET',
            `/content-manager/collection-types/api::comment.comment?filters[body][$eq]=${encodeURIComponent(body)}&sort=createdAt:DESC`,
          ),
        );
      return list.results.map(({ documentId, moderationStatus }) => ({ documentId, moderationStatus }));
    },
    /** Adds a word to the banned-word list in the panel. */
    async addBannedWord(word: string, language: 'ru' | 'kk' = 'ru'): Promise<void> {
      await adminCall('POST', '/content-manager/collection-types/api::banned-word.banned-word', { word, language });
    },
    /** Unpublishes or republishes one locale of an article in the panel. */
    async setPublished(documentId: string, locale: 'ru' | 'kk', published: boolean): Promise<void> {
      await adminCall(
        'POST',
        `/content-manager/collection-types/api::article.article/${documentId}/actions/${published ? 'publish' : 'unpublish'}?locale=${locale}`,
        {},
      );
    },
  };
}
