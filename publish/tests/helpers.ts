/**
 * What the tests do to the stack, as an editor and a reader would: write
 * articles over REST (the seed's token) or through the panel's admin API,
 * read pages from the site server, and read the publish service's /status.
 */
import { StrapiClient } from '@tilshi/strapi-client';
import { inject } from 'vitest';
import { z } from 'zod';
import {
  fullBuildAfter,
  isIdle,
  publishStatus,
  requestFullBuild,
  waitUntil,
  type PublishStatus,
  type StackInfo,
} from '@tilshi/testing/publish-stack';

export { fullBuildAfter, isIdle, publishStatus, requestFullBuild, waitUntil };

export function rest(stack: StackInfo): StrapiClient {
  return new StrapiClient({ baseUrl: stack.strapiUrl, token: stack.writeToken });
}

/** A page of the live site: status and text. */
export async function served(stack: StackInfo, urlPath: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`${stack.siteUrl}${urlPath}`, { redirect: 'manual' });
  return { status: response.status, text: await response.text() };
}

/**
 * How long a test waits for a change to show on the live site. A change goes
 * live in seconds (the benchmark measures how many: tests assert that it
 * happens, not how fast); the bound is far above that, as CI runs these
 * tests beside other projects on two loaded cores.
 */
export const LIVE_WITHIN_MS = 120_000;

/** Waits until `urlPath` answers 200 with `needle` in it (the page went live). */
export async function waitServed(stack: StackInfo, urlPath: string, needle: string, timeoutMs = LIVE_WITHIN_MS): Promise<string> {
  return waitUntil(
    `${urlPath} to show «${needle}»`,
    async () => {
      const page = await served(stack, urlPath);
      return page.status === 200 && page.text.includes(needle) ? page.text : undefined;
    },
    timeoutMs,
    100,
  );
}

/** Builds recorded by /status that started at or after `since` (ms). */
export function buildsSince(status: PublishStatus, since: number) {
  return status.recent.filter((build) => Date.parse(build.startedAt) >= since);
}

/** The slug Strapi gave an article version. */
export async function slugOf(stack: StackInfo, documentId: string, locale: 'ru' | 'kk' = 'ru'): Promise<string> {
  const entry = await rest(stack).findOne('articles', documentId, { locale, fields: ['slug'] }, z.looseObject({ slug: z.string() }));
  if (!entry) throw new Error(`article ${documentId} (${locale}) is not published`);
  return entry.slug;
}

/** A panel session (Strapi allows few logins a minute: one per test run, made by the global setup). */
export function adminSession(_stack: StackInfo): Promise<string> {
  return Promise.resolve(inject('adminToken'));
}

/** A call to Strapi's admin API, as the panel makes it. */
export async function adminCall(
  stack: StackInfo,
  method: string,
  urlPath: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${stack.strapiUrl}${urlPath}`, {
    method,
    headers: {
      Authorization: `Bearer ${await adminSession(stack)}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: text === '' ? null : (JSON.parse(text) as unknown) };
}

const ARTICLES = '/content-manager/collection-types/api::article.article';

/** Unpublishes an article version as an editor does in the panel. */
export async function unpublishInPanel(stack: StackInfo, documentId: string, locale: 'ru' | 'kk' = 'ru'): Promise<void> {
  const result = await adminCall(stack, 'POST', `${ARTICLES}/${documentId}/actions/unpublish?locale=${locale}`, {});
  if (result.status >= 300) throw new Error(`unpublish failed: ${result.status} ${JSON.stringify(result.json)}`);
}

/** Saves fields of an article draft in the panel (no publishing). */
export async function saveDraftInPanel(
  stack: StackInfo,
  documentId: string,
  locale: 'ru' | 'kk',
  data: Record<string, unknown>,
): Promise<void> {
  const result = await adminCall(stack, 'PUT', `${ARTICLES}/${documentId}?locale=${locale}`, data);
  if (result.status >= 300) throw new Error(`save failed: ${result.status} ${JSON.stringify(result.json)}`);
}

/** A minimal publishable article (no photo), in Russian. */
export function articleData(title: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title,
    lead: `Лид: ${title}.`,
    ageRating: 'age0',
    body: [{ type: 'paragraph', children: [{ type: 'text', text: `Текст: ${title}.` }] }],
    ...extra,
  };
}
