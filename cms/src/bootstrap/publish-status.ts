import type { Core } from '@strapi/strapi';
import { PUBLISH_WEBHOOK } from '../constants';

/**
 * GET /tilshi-publish/status (admin API: signed-in editors only): the publish
 * service's /status, relayed for the panel's "Site" widget and the side
 * panel of the article form (src/admin/app.tsx), so the browser needs no
 * route to the service. The service is found from PUBLISH_STATUS_URL, or next
 * to the webhook (PUBLISH_WEBHOOK_URL with /status instead of /hooks/strapi).
 * The CMS sends PUBLISH_WEBHOOK_SECRET with the request, so editors get the
 * full status; anonymous callers of the service get only a summary.
 */

export function publishStatusUrl(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.PUBLISH_STATUS_URL) return env.PUBLISH_STATUS_URL;
  const webhook = env[PUBLISH_WEBHOOK.urlEnv];
  if (!webhook) return null;
  try {
    return new URL('/status', webhook).href;
  } catch {
    return null;
  }
}

type Context = { body: unknown; set(name: string, value: string): void };

export function registerPublishStatusRoute(strapi: Core.Strapi): void {
  strapi.server.routes({
    type: 'admin',
    prefix: '/tilshi-publish',
    routes: [
      {
        method: 'GET',
        path: '/status',
        handler: async (ctx: Context) => {
          ctx.set('Cache-Control', 'no-store');
          const url = publishStatusUrl();
          if (!url) {
            ctx.body = { configured: false, reachable: false, status: null, error: `${PUBLISH_WEBHOOK.urlEnv} is not set` };
            return;
          }
          try {
            const secret = process.env[PUBLISH_WEBHOOK.secretEnv];
            const headers: Record<string, string> = secret ? { [PUBLISH_WEBHOOK.header]: secret } : {};
            const response = await fetch(url, { headers, signal: AbortSignal.timeout(2_000) });
            if (!response.ok) throw new Error(`HTTP ${response.status}`);
            ctx.body = { configured: true, reachable: true, status: (await response.json()) as unknown, error: null };
          } catch (error) {
            ctx.body = { configured: true, reachable: false, status: null, error: error instanceof Error ? error.message : String(error) };
          }
        },
        config: { policies: ['admin::isAuthenticatedAdmin'] },
      },
    ],
  } as never);
}
