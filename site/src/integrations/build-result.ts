/**
 * Astro integration that writes the build result file (TILSHI_BUILD_RESULT, set by the
 * publish service per build; `buildResultSchema` in @tilshi/shared-types): when each
 * phase of the build began and what the content loaders did (lib/build-result.ts holds
 * the record). Without the variable nothing is written, not even the middleware; a
 * failed build writes nothing.
 *
 * The phase boundaries (Astro 7.3 offers no hook at the content sync nor between
 * rendering and images, so the loaders and a middleware mark those):
 * - contentSync: the first loader's load() (lib/strapi/loader.ts), right after Astro's
 *   "Syncing content";
 * - bundle: astro:build:start. Approximate: it fires once the sync has also closed its
 *   Vite server and written the content types (a few ms that the log-based phases gave
 *   to the bundle, from "Synced content"). A primed build bundles before its content
 *   sync (../lib/strapi/deferred-sync.ts): its bundle mark moves to the end of that sync
 *   (./primed-sync.ts), and what is left of the bundle after it is the moment until rendering;
 * - render: astro:build:ssr, after the Vite builds (a build with pages on demand, as this
 *   site has; otherwise the first prerendered page, ./build-result-middleware.ts).
 *   Approximate: loading the prerender bundle, which Astro does before it prints
 *   "prerendering static routes", now counts as rendering;
 * - images: the end of the last prerendered page (the middleware), where Astro goes on to
 *   "generating optimized images" (a file written and a summary line later);
 * - finish: astro:build:generated, right after the images (then server assets move, the
 *   astro:build:done hooks run: the Pagefind index of a full build).
 * The start of the build (start-up) and its end are the caller's: a process spawned or
 * a warm worker asked, and its answer.
 *
 * (Astro's setPrerenderer could time rendering from inside, but setting any prerenderer
 * makes Astro drop the prerender bundle's default entry: the build fails.)
 */
import type { AstroIntegration } from 'astro';
import { writeFile } from 'node:fs/promises';
import { buildResult, markPhase, startRecording } from '../lib/build-result.ts';

export function buildResultIntegration(options: { file: string | undefined }): AstroIntegration {
  const { file } = options;
  return {
    name: 'tilshi-build-result',
    hooks: {
      'astro:config:setup': ({ addMiddleware }) => {
        startRecording();
        if (file) addMiddleware({ entrypoint: new URL('./build-result-middleware.ts', import.meta.url), order: 'pre' });
      },
      'astro:build:start': () => markPhase('bundle'),
      'astro:build:ssr': () => markPhase('render'),
      'astro:build:generated': () => markPhase('finish'),
      'astro:build:done': async () => {
        if (file) await writeFile(file, `${JSON.stringify(buildResult())}\n`);
      },
    },
  };
}
