/** robots.txt: everything may be crawled except the API routes; points at the sitemap index. */
import type { APIRoute } from 'astro';
import { absoluteUrl, paths } from '../lib/urls.ts';

export const GET: APIRoute = ({ site }) =>
  new Response(
    `User-agent: *\nAllow: /\nDisallow: /api/\n\nSitemap: ${absoluteUrl(paths.sitemapIndex(), site ?? new URL('http://127.0.0.1:4321'))}\n`,
    {
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    },
  );
