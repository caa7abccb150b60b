/**
 * Boots one real Strapi (temporary SQLite + uploads), seeds it exactly like
 * `npm start` (the seed article and the demo newsroom), adds the fixtures the site tests need (an article published
 * only in Russian, a draft), and runs ONE real `astro build` into
 * site/.tmp/. Tests read the output folder and the connection through
 * `inject('site')`. Strapi also gets the comments function's token and a
 * moderator (admin) whose panel session is opened once here, so the tests
 * can serve the build with the function (harness/comments.ts) and moderate.
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { TestProject } from 'vitest/node';
import { freePort } from '@tilshi/testing/ports';
import { startStrapi, type StrapiInstance } from '@tilshi/testing/strapi';
import { adminLogin } from '@tilshi/testing/admin';
import { StrapiClient } from '@tilshi/strapi-client';
import { runSeed } from '../../scripts/src/seed/index.ts';
import { buildFolder, buildSite, SiteBuildError } from '@tilshi/testing/site';
import { SEARCH_PART_PAGES } from './helpers.ts';

export type SiteFixture = {
  strapi: { url: string; siteToken: string; writeToken: string; dataDir: string };
  outDir: string;
  cacheDir: string;
  siteUrl: string;
  buildOutput: string;
  seed: { documentId: string; slugs: { ru: string; kk: string } };
  /** When the demo newsroom was seeded: its stories are dated from this instant. */
  newsroomNow: string;
  ruOnly: { documentId: string; slug: string; title: string };
  draft: { documentId: string; slug: string; title: string; lead: string };
  /**
   * The comments function's secrets (its CMS token, its own session secret), a moderator's panel session,
   * and the port the CMS calls the function's hook on (COMMENTS_HOOK_URLS): harness/comments.ts serves the
   * site there, as `npm start` does, so a moderator's decision is in force when the panel answers.
   */
  comments: { token: string; sessionSecret: string; adminToken: string; hookPort: number };
  /** TILSHI_PREVIEW_SECRET of the CMS: the site server needs the same one to render signed draft previews. */
  preview: { secret: string };
};

declare module 'vitest' {
  export interface ProvidedContext {
    site: SiteFixture;
  }
}

let strapi: StrapiInstance | undefined;
let buildRoot: string | undefined;

export const SITE_URL = 'https://news.tilshi.test';

export async function setup(project: TestProject): Promise<void> {
  const commentsToken = randomBytes(32).toString('hex');
  const previewSecret = randomBytes(24).toString('hex');
  const admin = { email: 'moderator@example.com', password: `Moderator${randomBytes(4).toString('hex')}1` };
  const hookPort = await freePort();
  strapi = await startStrapi({
    env: {
      STRAPI_COMMENTS_TOKEN: commentsToken,
      STRAPI_ADMIN_EMAIL: admin.email,
      STRAPI_ADMIN_PASSWORD: admin.password,
      TILSHI_PREVIEW_SECRET: previewSecret,
      COMMENTS_HOOK_URLS: `http://127.0.0.1:${hookPort}/api/internal/changes/`,
    },
  });
  const adminToken = await adminLogin(strapi.url, admin);
  const seed = await runSeed({ url: strapi.url, writeToken: strapi.writeToken, newsroom: true, log: () => {} });
  const rest = new StrapiClient({ baseUrl: strapi.url, token: strapi.writeToken });
  const rubric = await rest.findFirst('rubrics', { filters: { slug: 'obshchestvo' }, locale: 'ru' });

  // Published an hour ago in Russian only: it must get no Kazakh link, and it belongs in the Google News sitemap.
  const ruOnlyTitle = 'Ветер до 25 м/с ожидается в Актау (только на русском)';
  const ruOnly = await rest.create(
    'articles',
    {
      title: ruOnlyTitle,
      lead: 'Синоптики предупреждают о сильном ветре в Актау и Мангистауской области.',
      publicationDate: new Date(Date.now() - 3_600_000).toISOString(),
      ageRating: 'age0',
      rubric: rubric?.documentId ?? null,
      body: [{ type: 'paragraph', children: [{ type: 'text', text: 'Ожидается усиление ветра до 25 м/с.' }] }],
    },
    { locale: 'ru' },
  );
  const ruOnlyEntry = await rest.findOne('articles', ruOnly.documentId, { locale: 'ru', fields: ['slug'] });

  // A draft with unmistakable text: it must appear nowhere in the output.
  const draftTitle = 'Черновик-маркер zx7 не для публикации';
  const draftLead = 'Секретный лид черновика qv9, которого не должно быть на сайте.';
  const draft = await rest.create(
    'articles',
    { title: draftTitle, slug: 'chernovik-marker-zx7', lead: draftLead, ageRating: 'age0', rubric: rubric?.documentId ?? null },
    { locale: 'ru', status: 'draft' },
  );

  const folder = await buildFolder('site-tests');
  buildRoot = folder.root;
  const result = await buildSite({
    strapiUrl: strapi.url,
    siteToken: strapi.siteToken,
    outDir: folder.outDir,
    cacheDir: folder.cacheDir,
    siteUrl: SITE_URL,
    // Search parts of a few pages: the search tests then run on an index of several parts per language, as at 100,000 articles.
    env: { TILSHI_SEARCH_PART_PAGES: String(SEARCH_PART_PAGES) },
  });
  if (result.code !== 0) throw new SiteBuildError(result);

  project.provide('site', {
    strapi: { url: strapi.url, siteToken: strapi.siteToken, writeToken: strapi.writeToken, dataDir: strapi.dataDir },
    outDir: folder.outDir,
    cacheDir: folder.cacheDir,
    siteUrl: SITE_URL,
    buildOutput: result.output,
    seed: { documentId: seed.seedArticle.documentId, slugs: seed.seedArticle.slugs },
    newsroomNow: seed.newsroom?.now ?? new Date().toISOString(),
    ruOnly: { documentId: ruOnly.documentId, slug: String(ruOnlyEntry?.slug ?? ''), title: ruOnlyTitle },
    draft: { documentId: draft.documentId, slug: 'chernovik-marker-zx7', title: draftTitle, lead: draftLead },
    comments: { token: commentsToken, sessionSecret: randomBytes(32).toString('hex'), adminToken, hookPort },
    preview: { secret: previewSecret },
  });
}

export async function teardown(): Promise<void> {
  await strapi?.stop();
  if (buildRoot && !process.env.TILSHI_KEEP_TEST_BUILD) await rm(buildRoot, { recursive: true, force: true });
}
