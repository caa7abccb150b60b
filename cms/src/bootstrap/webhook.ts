import type { Core } from '@strapi/strapi';
import { PUBLISH_WEBHOOK } from '../constants';

/**
 * Registers the publish service's webhook in Strapi (Settings → Webhooks):
 * every content and media event goes to PUBLISH_WEBHOOK_URL with the shared
 * secret in the X-Tilshi-Webhook-Secret header. Idempotent: the webhook is
 * looked up by name and updated when the URL or secret changed; without
 * both variables an existing one is disabled (nothing would accept it).
 * Strapi loads webhooks into its runner before this bootstrap runs, so a
 * created or changed webhook is handed to the runner here.
 */

type Webhook = { id: string | number; name: string; url: string; headers: Record<string, string>; events: string[]; isEnabled: boolean };
type WebhookStore = {
  findWebhooks(): Promise<Webhook[]>;
  createWebhook(data: Omit<Webhook, 'id' | 'isEnabled'>): Promise<Webhook>;
  updateWebhook(id: Webhook['id'], data: Omit<Webhook, 'id'>): Promise<Webhook | null>;
};
type WebhookRunner = { add(webhook: Webhook): void; update(webhook: Webhook): void };

export type PublishWebhookSettings = { url: string | undefined; secret: string | undefined };

/** What the webhook should look like, or null when the service is not configured. */
export function wantedWebhook(settings: PublishWebhookSettings): Omit<Webhook, 'id'> | null {
  const url = settings.url?.trim();
  const secret = settings.secret?.trim();
  if (!url || !secret) return null;
  return {
    name: PUBLISH_WEBHOOK.name,
    url,
    headers: { [PUBLISH_WEBHOOK.header]: secret },
    events: [...PUBLISH_WEBHOOK.events],
    isEnabled: true,
  };
}

const same = (a: Omit<Webhook, 'id'>, b: Omit<Webhook, 'id'>) =>
  a.url === b.url &&
  a.isEnabled === b.isEnabled &&
  JSON.stringify(a.headers) === JSON.stringify(b.headers) &&
  [...a.events].sort().join() === [...b.events].sort().join();

export async function ensurePublishWebhook(
  strapi: Core.Strapi,
  settings: PublishWebhookSettings = { url: process.env[PUBLISH_WEBHOOK.urlEnv], secret: process.env[PUBLISH_WEBHOOK.secretEnv] },
): Promise<void> {
  const store = strapi.get('webhookStore') as WebhookStore;
  const runner = strapi.get('webhookRunner') as WebhookRunner;
  const existing = (await store.findWebhooks()).find((webhook) => webhook.name === PUBLISH_WEBHOOK.name);
  const wanted = wantedWebhook(settings);
  if (!wanted) {
    if (existing?.isEnabled) {
      const disabled = await store.updateWebhook(existing.id, { ...existing, isEnabled: false });
      if (disabled) runner.update(disabled);
      strapi.log.warn(
        `${PUBLISH_WEBHOOK.urlEnv} / ${PUBLISH_WEBHOOK.secretEnv} are not set: the "${PUBLISH_WEBHOOK.name}" webhook is disabled.`,
      );
    } else {
      strapi.log.info(`${PUBLISH_WEBHOOK.urlEnv} is not set: no publish webhook (the site is not rebuilt on publish).`);
    }
    return;
  }
  if (!existing) {
    runner.add(await store.createWebhook(wanted));
    strapi.log.info(`publish webhook registered: ${wanted.url}`);
    return;
  }
  if (!same(existing, wanted)) {
    const updated = await store.updateWebhook(existing.id, wanted);
    if (updated) runner.update(updated);
    strapi.log.info(`publish webhook updated: ${wanted.url}`);
  }
}
