/**
 * Astro integration that writes the build result file (TILSHI_BUILD_RESULT, set by the
 * publish service per build; `buildResultSchema` in @tilshi/shared-types): when each
 * phase of the build began and what the content loaders did (lib/build-result.ts holds
 * the record). Without the variable nothing is written; a failed build writes nothing.
 *
 * The phase boundaries, by hook (Astro 7.3; the content layer offers integrations no
 * hook, so the loaders mark the content sync themselves):
 * - contentSync: the first loader's load() (lib/strapi/loader.ts), right after Astro's
 *   "Syncing content";
 * - bundle: astro:build:start. Approximate: it fires once the sync has also closed its
 *   Vite server and written the content types (a few ms that the log-based phases gave
 *   to the bundle, from "Synced content");
 * - render: the end of the prerenderer's setup() (Astro's default prerenderer, wrapped
 *   through setPrerenderer), where Astro prints "prerendering static routes";
 * - images: the end of the prerenderer's teardown(), once every page is rendered, where
 *   Astro starts "generating optimized images";
 * - finish: astro:build:generated, right after the images (then server assets move, the
 *   astro:build:done hooks run: the Pagefind index of a full build).
 * The start of the build (start-up) and its end are the caller's: a process spawned or
 * a warm worker asked, and its answer.
 *
 * setPrerenderer keeps one prerenderer: this one wraps Astro's default and would
 * replace one an adapter set (@astrojs/node sets none).
 */
import type { AstroIntegration, AstroPrerenderer } from 'astro';
import { writeFile } from 'node:fs/promises';
import { buildResult, markPhase, startRecording } from '../lib/build-result.ts';

/** Astro's prerenderer, marking when rendering begins and ends. */
function timedPrerenderer(base: AstroPrerenderer): AstroPrerenderer {
  return {
    ...base,
    setup: async () => {
      await base.setup?.();
      markPhase('render');
    },
    teardown: async () => {
      await base.teardown?.();
      markPhase('images');
    },
  };
}

export function buildResultIntegration(options: { file: string | undefined }): AstroIntegration {
  return {
    name: 'tilshi-build-result',
    hooks: {
      'astro:config:setup': () => startRecording(),
      'astro:build:start': ({ setPrerenderer }) => {
        markPhase('bundle');
        setPrerenderer(timedPrerenderer);
      },
      'astro:build:generated': () => markPhase('finish'),
      'astro:build:done': async () => {
        if (options.file) await writeFile(options.file, `${JSON.stringify(buildResult())}\n`);
      },
    },
  };
}
