/**
 * `npm run lint` (and the first step of a whole `npm test`): Prettier checks
 * the formatting of every source file, then typescript-eslint's type-aware
 * rules run (eslint.config.mjs). `npm run lint -- --fix` formats and applies
 * the linter's own fixes. Exits 1 when either finds a problem, naming the
 * files.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../lib/cms-build.ts';

/**
 * The file patterns Prettier owns; .prettierignore leaves out data, generated and vendored files.
 * Not .astro templates: prettier-plugin-astro rewraps text between inline elements, which changes
 * the rendered pages (a line break is a space); `astro check` types them in `npm run typecheck`.
 */
export const FORMATTED = ['**/*.{ts,tsx,mjs}'];

function run(label: string, script: string, args: string[]): boolean {
  process.stdout.write(`[lint] ${label}…\n`);
  const result = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', ...script.split('/')), ...args], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  return result.status === 0;
}

/** Runs Prettier and ESLint; true when both pass. */
export function lint(fix = false): boolean {
  const formatted = run(fix ? 'prettier --write' : 'prettier --check', 'prettier/bin/prettier.cjs', [
    fix ? '--write' : '--check',
    '--log-level',
    'warn',
    ...FORMATTED,
  ]);
  const linted = run('eslint (type-aware)', 'eslint/bin/eslint.js', ['--max-warnings', '0', ...(fix ? ['--fix'] : []), '.']);
  if (!formatted) process.stdout.write('[lint] formatting differs in the files above: run `npm run lint -- --fix`\n');
  return formatted && linted;
}

if (import.meta.main) {
  process.exit(lint(process.argv.includes('--fix')) ? 0 : 1);
}
