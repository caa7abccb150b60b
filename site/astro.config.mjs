// tilshi site: static output (every page prerendered) served by the Node
// adapter in standalone mode, so later issues can add on-demand routes
// (`export const prerender = false`) to the same server. Settings come from the
// environment through `astro:env` (see .env.example); the few that shape the
// build itself (site URL, CMS host for images, out/cache dirs, scope) are read
// here with Vite's loadEnv, which sees the same variables.
import node from '@astrojs/node';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, envField } from 'astro/config';
import { loadEnv } from 'vite';
import { buildResultIntegration } from './src/integrations/build-result.ts';
import { contentStoreIntegration } from './src/integrations/content-store.ts';
import { ogCardsIntegration } from './src/integrations/og-cards.ts';
import { pagefindIntegration } from './src/integrations/pagefind.ts';
import { primedSyncIntegration } from './src/integrations/primed-sync.ts';
import { securityHeadersIntegration } from './src/integrations/security-headers.ts';
import { PAGE_CSP } from './src/lib/security-headers.ts';

const env = { ...loadEnv(process.env.NODE_ENV ?? 'production', process.cwd(), ''), ...process.env };
const SITE_URL = env.SITE_URL || 'http://127.0.0.1:4321';
const STRAPI_URL = new URL(env.STRAPI_URL || 'http://127.0.0.1:1337');
const scoped = Boolean(env.TILSHI_BUILD_SCOPE);
// One partition of a full build in several processes (src/lib/scope-rules.ts): the publish service indexes the merged site.
const partitioned = Boolean(env.TILSHI_BUILD_PARTITION);
const siteRoot = path.dirname(fileURLToPath(import.meta.url));
// Astro's default cacheDir; kept between builds (content store, Astro's image cache, ours).
const cacheDir = path.resolve(siteRoot, env.TILSHI_CACHE_DIR || 'node_modules/.astro');
// Our encoded-image cache; the publish service shares one between its full and scoped builds (they have separate cacheDirs).
const imageCacheDir = path.resolve(siteRoot, env.TILSHI_IMAGE_CACHE_DIR || path.join(cacheDir, 'tilshi-images'));

export default defineConfig({
  site: SITE_URL,
  output: 'static',
  adapter: node({ mode: 'standalone' }),
  trailingSlash: 'always',
  // Four pages in flight: Astro awaits each page's mkdir and file write before the next by default, and a
  // profile at 100,000 had the build idle a quarter of the time. Same pages either way (BENCHMARKS.md).
  build: { format: 'directory', inlineStylesheets: 'always', concurrency: 4 },
  ...(env.TILSHI_OUT_DIR ? { outDir: env.TILSHI_OUT_DIR } : {}),
  // The content store and processed images live here between builds (incremental sync, image cache).
  cacheDir,
  compressHTML: true,
  prefetch: false,
  devToolbar: { enabled: false },
  // The page policy (src/lib/security-headers.ts): a <meta> CSP in every page with the hashes of its
  // inline scripts and styles; serve.mjs and the `_headers` file add the header policy and the other headers.
  security: {
    csp: {
      algorithm: PAGE_CSP.algorithm,
      directives: [...PAGE_CSP.directives],
      scriptDirective: { resources: [...PAGE_CSP.scriptDirective.resources] },
      styleDirective: { resources: [...PAGE_CSP.styleDirective.resources] },
    },
  },
  server: { host: '127.0.0.1', port: Number(env.SITE_PORT || 4321) },
  image: {
    // sharp with a content-addressed output cache (src/lib/image-service.ts): an image is encoded once, ever.
    // AVIF at a lower encoder effort keeps builds quick on two cores.
    service: {
      entrypoint: fileURLToPath(new URL('./src/lib/image-service.ts', import.meta.url)),
      config: { avif: { effort: 2 }, cacheDir: imageCacheDir },
    },
    // Photos come from the CMS's uploads; only that host is fetched and optimized.
    remotePatterns: [
      {
        protocol: STRAPI_URL.protocol.replace(':', ''),
        hostname: STRAPI_URL.hostname,
        ...(STRAPI_URL.port ? { port: STRAPI_URL.port } : {}),
        pathname: '/uploads/**',
      },
    ],
  },
  env: {
    schema: {
      STRAPI_URL: envField.string({ context: 'server', access: 'public', url: true, default: 'http://127.0.0.1:1337' }),
      // Required by builds (the loader says so); optional here so `astro check` can run without a CMS.
      STRAPI_SITE_TOKEN: envField.string({ context: 'server', access: 'secret', optional: true }),
      SITE_URL: envField.string({ context: 'server', access: 'public', url: true, default: 'http://127.0.0.1:4321' }),
      SITE_PORT: envField.number({ context: 'server', access: 'public', int: true, gt: 0, lt: 65536, default: 4321 }),
      TILSHI_BUILD_SCOPE: envField.string({ context: 'server', access: 'public', optional: true }),
      TILSHI_BUILD_PARTITION: envField.string({ context: 'server', access: 'public', optional: true }),
      // One content sync for the partitions of a full build (the build contract's SharedStore, set by the publish
      // service): the lead writes READY once its store is written; a partition with FROM reads that store instead.
      TILSHI_STORE_READY: envField.string({ context: 'server', access: 'public', optional: true }),
      TILSHI_STORE_FROM: envField.string({ context: 'server', access: 'public', optional: true }),
      // A scoped build drops its small store instead of re-fetching more changed article versions than this (500).
      TILSHI_SCOPED_REFRESH_LIMIT: envField.number({ context: 'server', access: 'public', int: true, gte: 0, optional: true }),
      // Set by the publish service: the build also writes /tilshi-build-manifest.json (moved out of the site before it goes live).
      TILSHI_BUILD_MANIFEST: envField.boolean({ context: 'server', access: 'public', optional: true }),
      // Draft preview (src/pages/preview/): checks the panel's signed links; the same secret as the CMS's. Read at request time.
      TILSHI_PREVIEW_SECRET: envField.string({ context: 'server', access: 'secret', optional: true }),
      // The comments function (src/pages/api/[...path].ts; comments/.env.example describes each). Read at
      // request time only (`secret` = never inlined into the bundle), all optional so that builds and
      // `astro check` need none of them; without them /api/ answers 503 not_configured.
      STRAPI_COMMENTS_TOKEN: envField.string({ context: 'server', access: 'secret', optional: true }),
      COMMENTS_SESSION_SECRET: envField.string({ context: 'server', access: 'secret', optional: true }),
      COMMENTS_MAIL_URL: envField.string({ context: 'server', access: 'secret', optional: true }),
      COMMENTS_MAIL_FROM: envField.string({ context: 'server', access: 'secret', optional: true }),
      COMMENTS_CLIENT_ADDRESS: envField.string({ context: 'server', access: 'secret', optional: true }),
      COMMENTS_LIMITS: envField.string({ context: 'server', access: 'secret', optional: true }),
      COMMENTS_AUTH_FLOOR_MS: envField.string({ context: 'server', access: 'secret', optional: true }),
      SITE_ORIGIN: envField.string({ context: 'server', access: 'secret', optional: true }),
      COMMENTS_RATE_PER_MINUTE: envField.string({ context: 'server', access: 'secret', optional: true }),
      COMMENTS_RATE_PER_DAY: envField.string({ context: 'server', access: 'secret', optional: true }),
      COMMENTS_AUTO_TRUST_AFTER: envField.string({ context: 'server', access: 'secret', optional: true }),
      COMMENTS_MAX_BODY_BYTES: envField.string({ context: 'server', access: 'secret', optional: true }),
      COMMENTS_STRAPI_TIMEOUT_MS: envField.string({ context: 'server', access: 'secret', optional: true }),
      COMMENTS_COOKIE_NAME: envField.string({ context: 'server', access: 'secret', optional: true }),
      COMMENTS_IDENTITY: envField.string({ context: 'server', access: 'secret', optional: true }),
      COMMENTS_PHONE_COUNTRIES: envField.string({ context: 'server', access: 'secret', optional: true }),
      COMMENTS_SMS: envField.string({ context: 'server', access: 'secret', optional: true }),
      MOBIZON_API_KEY: envField.string({ context: 'server', access: 'secret', optional: true }),
      MOBIZON_API_URL: envField.string({ context: 'server', access: 'secret', optional: true }),
      COMMENTS_SMS_FROM: envField.string({ context: 'server', access: 'secret', optional: true }),
      COMMENTS_REPORTS_TO_HIDE: envField.string({ context: 'server', access: 'secret', optional: true }),
    },
  },
  vite: {
    build: {
      rollupOptions: {
        // lib/scope.ts imports astro:content lazily so its pure logic stays unit-testable; the bundler's note about it is expected.
        onwarn(warning, warn) {
          if (warning.code === 'INEFFECTIVE_DYNAMIC_IMPORT') return;
          warn(warning);
        },
      },
    },
  },
  integrations: [
    // The content store is read from cacheDir when pages render, not inlined into the bundles (see the file).
    contentStoreIntegration({ ready: env.TILSHI_STORE_READY || undefined, from: env.TILSHI_STORE_FROM || undefined }),
    // A primed build (the publish service's warm worker) syncs its content after the Vite bundle (see the file).
    primedSyncIntegration(),
    securityHeadersIntegration(),
    // Link-preview cards of the pages without a photo (src/lib/og-card.ts), drawn once and kept with the encoded images.
    ogCardsIntegration({ cacheDir: imageCacheDir }),
    // A scoped build renders a subset of pages: it must not overwrite the search index of the whole site
    // (the publish service refreshes it). Sitemaps are our own endpoints (src/pages), right in both kinds of build.
    // TILSHI_SEARCH_INDEX=off: the publish service indexes the output itself once the build has ended (its memory then
    // comes after the build's, not on top of it).
    ...(scoped || partitioned || env.TILSHI_SEARCH_INDEX === 'off' ? [] : [pagefindIntegration()]),
    // The build result file (TILSHI_BUILD_RESULT, set by the publish service per build): phase marks and sync counts.
    buildResultIntegration({ file: env.TILSHI_BUILD_RESULT || undefined }),
  ],
});
