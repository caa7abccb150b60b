/**
 * The Nu HTML Checker (vnu.jar, Java) finds no error in the article pages,
 * the register and login pages and a sample of the other pages of both locales.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { toSlug } from '../../scripts/src/seed/slug.ts';
import { htmlFile } from './helpers.ts';

const site = inject('site');
/** vnu-jar exports the path of vnu.jar (as a String object). */
const vnuJar = String(createRequire(import.meta.url)('vnu-jar'));
const report = z.object({
  messages: z.array(z.object({ type: z.string(), url: z.string().optional(), message: z.string(), extract: z.string().optional() })),
});

describe('HTML validity', () => {
  it('reports no error on the article (with "read next"), home, listing, search, register, login and 404 pages of both locales', async () => {
    const pages = [
      `/news/${site.seed.slugs.ru}/`,
      `/kk/news/${site.seed.slugs.kk}/`,
      `/news/${site.ruOnly.slug}/`,
      '/',
      '/kk/',
      '/rubric/obshchestvo/',
      '/kk/tag/ueu/',
      '/events/den-otkrytykh-dverey-npo-aktau-2022/',
      '/organizations/grazhdanskiy-alyans-mangistauskoy-oblasti/',
      '/archive/2022/11/',
      '/archive/2022/11/05/',
      '/archive/',
      '/author/redaktsiya/',
      '/author/daniyar-utegenov/',
      '/events/forum-npo-mangistau-demo/',
      `/news/${toSlug('Решения форума НПО: что изменится для общественных организаций')}/`,
      '/search/',
      '/kk/search/',
      '/register/',
      '/login/',
      '/password/',
      '/kk/register/',
      '/kk/login/',
      '/kk/password/',
    ].map((urlPath) => htmlFile(site.outDir, urlPath));
    pages.push(path.join(site.outDir, 'client', '404.html'));
    // vnu exits with 1 when it found errors; its JSON report is on stderr either way.
    const { stderr } = await promisify(execFile)('java', ['-jar', vnuJar, '--format', 'json', '--errors-only', ...pages], {
      maxBuffer: 16 * 1024 * 1024,
    }).catch((error: unknown) => z.object({ stderr: z.string() }).parse(error));
    const errors = report.parse(JSON.parse(stderr)).messages.filter((m) => m.type === 'error' || m.type === 'non-document-error');
    expect(
      errors.map((m) => `${path.relative(site.outDir, new URL(m.url ?? 'file:///').pathname)}: ${m.message} ${m.extract ?? ''}`),
    ).toEqual([]);
  });
});
