/**
 * `npm run typecheck`: `tsc --noEmit` for cms (server and admin panel), shared-types, strapi-client, scripts, comments, publish and testing, and
 * `astro check` for the site once it has an Astro config. One line per
 * package; the compiler's output is shown only for packages that fail.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const ASTRO = path.join(ROOT, 'node_modules', 'astro', 'bin', 'astro.mjs');
const BUILD_INFO_DIR = path.join(ROOT, '.tmp', 'typecheck');

type Result = { ok: boolean; output: string; note?: string };
type Check = { name: string; tool: string; run: () => Promise<Result> };

function capture(command: string, args: string[], cwd: string): Promise<Result> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, FORCE_COLOR: process.stdout.isTTY ? '1' : '0' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => resolve({ ok: false, output: `could not run ${command}: ${error.message}` }));
    child.on('close', (code) => resolve({ ok: code === 0, output }));
  });
}

/** `tsc --noEmit` of one project: a package's tsconfig.json, or another (the admin panel's, which the package's excludes). */
function tscCheck(name: string, project = `${name}/tsconfig.json`): Check {
  return {
    name,
    tool: 'tsc',
    run: async () => {
      const tsconfig = path.join(ROOT, project);
      if (!existsSync(tsconfig)) return { ok: false, output: '', note: `${project} is missing` };
      // Own build-info file: incremental re-checks, without touching what `strapi build` keeps in cms/dist.
      const buildInfo = path.join(BUILD_INFO_DIR, `${name.replace(/\W+/g, '-')}.tsbuildinfo`);
      return capture(
        process.execPath,
        [TSC, '--noEmit', '-p', tsconfig, '--pretty', '--incremental', '--tsBuildInfoFile', buildInfo],
        ROOT,
      );
    },
  };
}

function astroCheck(): Check | undefined {
  const site = path.join(ROOT, 'site');
  if (!existsSync(path.join(site, 'astro.config.mjs')) && !existsSync(path.join(site, 'astro.config.ts'))) return undefined;
  return {
    name: 'site',
    tool: 'astro check',
    run: async () => {
      const hasChecker = [ROOT, site].some((dir) => existsSync(path.join(dir, 'node_modules', '@astrojs', 'check', 'package.json')));
      if (!hasChecker) {
        return { ok: false, output: '', note: 'astro check needs @astrojs/check: add it to site/package.json devDependencies' };
      }
      return capture(process.execPath, [ASTRO, 'check'], site);
    },
  };
}

async function main(): Promise<void> {
  mkdirSync(BUILD_INFO_DIR, { recursive: true });
  const checks = [
    tscCheck('cms'),
    tscCheck('cms admin', 'cms/src/admin/tsconfig.json'),
    tscCheck('shared-types'),
    tscCheck('strapi-client'),
    tscCheck('scripts'),
    tscCheck('comments'),
    tscCheck('publish'),
    tscCheck('testing'),
    astroCheck(),
  ].filter((check): check is Check => check !== undefined);
  let failed = 0;
  // One at a time: type-checkers are memory-hungry and CI machines are small.
  for (const check of checks) {
    const started = Date.now();
    const result = await check.run();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (result.ok) {
      process.stdout.write(`✓ ${check.name} (${check.tool}, ${seconds} s)\n`);
    } else {
      failed += 1;
      process.stdout.write(`✗ ${check.name} (${check.tool}, ${seconds} s)${result.note ? `: ${result.note}` : ''}\n`);
      if (result.output.trim()) process.stdout.write(`${result.output.trimEnd()}\n`);
    }
  }
  process.stdout.write(
    failed === 0 ? `typecheck: all ${checks.length} packages pass\n` : `typecheck: ${failed} of ${checks.length} packages failed\n`,
  );
  process.exitCode = failed === 0 ? 0 : 1;
}

await main();
