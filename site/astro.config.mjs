// tilshi site: static output (every page prerendered) served by the Node
// adapter in standalone mode, so later issues can add on-demand routes
// (`export const prerender = false`) to the same server. Settings come from the
// environment through `astro:env` (see .env.example); the few that shape the
// build itself (site URL, CMS host for images, out/cache dirs, scope) are read
// here with Vite's loadEnv, which sees the same variables.
import node from '@astrojs/node';
import sitemap from '@astrojs/sitemap';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, envField } from 'astro/config';
import { loadEnv } from 'vite';
import { pagefindIntegration } from './src/integrations/pagefind.ts';

const env = { ...loadEnv(process.env.NODE_ENV ?? 'production', process.cwd(), ''), ...process.env };
const SITE_URL = env.SITE_URL || 'http://127.0.0.1:4321';
const STRAPI_URL = new URL(env.STRAPI_URL || 'http://127.0.0.1:1337');
const scoped = Boolean(env.TILSHI_BUILD_SCOPE);
const siteRoot = path.dirname(fileURLToPath(import.meta.url));
// Astro's default cacheDir; kept between builds (content store, Astro's image cache, ours).
const cacheDir = path.resolve(siteRoot, env.TILSHI_CACHE_DIR || 'node_modules/.astro');

// Article URLs live in our own per-month sitemaps (src/pages/sitemaps/); the
// integration covers every other page. Keep in sync with PAGES_SITEMAP_* in src/config.ts.
const isArticleUrl = (url) => /\/news\/[^/]+\/$/.test(new URL(url).pathname);

export default defineConfig({
  site: SITE_URL,
  output: 'static',
  adapter: node({ mode: 'standalone' }),
  trailingSlash: 'always',
  build: { format: 'directory', inlineStylesheets: 'always' },
  ...(env.TILSHI_OUT_DIR ? { outDir: env.TILSHI_OUT_DIR } : {}),
  // The content store and processed images live here between builds (incremental sync, image cache).
  cacheDir,
  compressHTML: true,
  prefetch: false,
  devToolbar: { enabled: false },
  server: { host: '127.0.0.1', port: Number(env.SITE_PORT || 4321) },
  image: {
    // sharp with a content-addressed output cache (src/lib/image-service.ts): an image is encoded once, ever.
    // AVIF at a lower encoder effort keeps builds quick on two cores.
    service: {
      entrypoint: fileURLToPath(new URL('./src/lib/image-service.ts', import.meta.url)),
      config: { avif: { effort: 2 }, cacheDir: path.join(cacheDir, 'tilshi-images') },
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
    // A scoped build renders a subset of pages: it must not overwrite the full pages sitemap or search index.
    ...(scoped
      ? []
      : [
          sitemap({
            filenameBase: 'sitemap-pages',
            entryLimit: 45_000,
            filter: (url) => !isArticleUrl(url) && !url.endsWith('/404/'),
            i18n: { defaultLocale: 'ru', locales: { ru: 'ru', kk: 'kk' } },
          }),
          pagefindIntegration(),
        ]),
  ],
});
