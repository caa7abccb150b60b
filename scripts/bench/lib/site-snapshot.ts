/**
 * A copy of site/ for one benchmark run. The site is edited while the
 * benchmark runs (a 10,000-article run lasts minutes): building the live
 * folder could mix two versions in one run, and a changed astro.config
 * makes Astro clear the content store between two builds. The copy leaves
 * out build output, caches, test output and `.env`; its node_modules holds symlinks to
 * the site's own packages (the rest resolves from the workspace root, as it
 * does for site/), so Vite's and Astro's caches stay inside the copy.
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdir, readdir, rm, symlink } from 'node:fs/promises';
import path from 'node:path';

const SKIPPED = new Set(['node_modules', 'dist', '.astro', '.env', '.tmp', 'test-results']);

/** Copies `siteDir` to `dest` (replacing it) and links its packages; returns `dest`. */
export async function snapshotSite(siteDir: string, dest: string): Promise<string> {
  await rm(dest, { recursive: true, force: true });
  await cp(siteDir, dest, {
    recursive: true,
    filter: (source) => {
      const relative = path.relative(siteDir, source);
      return relative === '' || !SKIPPED.has(relative.split(path.sep)[0] ?? '');
    },
  });
  const modules = path.join(dest, 'node_modules');
  await mkdir(modules, { recursive: true });
  const siteModules = path.join(siteDir, 'node_modules');
  for (const entry of await readdir(siteModules).catch(() => [])) {
    if (!entry.startsWith('.')) await symlink(path.join(siteModules, entry), path.join(modules, entry));
  }
  return dest;
}

/** "abc1234" or "abc1234 + uncommitted changes in site/": which site the run measured. */
export function siteRevision(repo: string): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repo, encoding: 'utf8' }).trim();
    const dirty =
      execFileSync('git', ['status', '--porcelain', '--', 'site', 'shared-types'], { cwd: repo, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head} + uncommitted changes in site/ or shared-types/` : head;
  } catch {
    return 'unknown';
  }
}
