/**
 * Astro integration that writes the `_headers` file of every build (full and
 * scoped alike: the same content), so static hosts that read it (Netlify,
 * Cloudflare Pages) send the security headers site/serve.mjs sends. The
 * headers are declared in src/lib/security-headers.ts.
 */
import type { AstroIntegration } from 'astro';
import { writeFile } from 'node:fs/promises';
import { headersFile } from '../lib/security-headers.ts';

export function securityHeadersIntegration(): AstroIntegration {
  return {
    name: 'tilshi-security-headers',
    hooks: {
      'astro:build:done': async ({ dir }) => {
        await writeFile(new URL('_headers', dir), headersFile());
      },
    },
  };
}
