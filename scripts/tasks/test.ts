/**
 * `npm test`: makes sure Chromium and Java are installed (browser tests and
 * the Nu HTML checker need them),
 * rebuilds the CMS when its sources changed, checks formatting and lint
 * (scripts/tasks/lint.ts; only for the whole suite, not when vitest arguments
 * pick a part of it), runs vitest once at the repository root (extra
 * arguments are passed through), and ends with a `N passed, N failed` line
 * (a formatting or lint problem counts as one failed). Tests generate their own secrets: no cms/.env.test.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { CmsBuildError, ROOT, ensureCmsBuilt } from '../lib/cms-build.ts';
import { StoppedError, Supervisor } from '../lib/processes.ts';
import { summarizeVitestReport, readVitestReport } from '../lib/vitest-report.ts';
import { lint } from './lint.ts';
import { findPostgresBin } from '@tilshi/testing/postgres';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const REPORT = path.join(ROOT, '.tmp', 'vitest-report.json');

const log = (line: string): void => {
  process.stdout.write(`[test] ${line}\n`);
};

/** A program the tests need from Debian's packages. */
type SystemTool = { name: string; present: () => boolean; aptPackage: string; purpose: string; manual: string };

const CHROMIUM_TOOL: SystemTool = {
  name: 'Chromium',
  present: () => existsSync(CHROMIUM),
  aptPackage: 'chromium',
  purpose: `browser tests need ${CHROMIUM}`,
  manual: 'install it (Debian/Ubuntu: `sudo apt-get install chromium`) or point CHROMIUM_PATH at a Chromium/Chrome binary',
};
const JAVA_TOOL: SystemTool = {
  name: 'Java',
  present: () => spawnSync('java', ['-version'], { stdio: 'ignore' }).status === 0,
  aptPackage: 'default-jre-headless',
  purpose: 'the Nu HTML checker (vnu.jar) that validates the built pages runs on it',
  manual: 'install a Java runtime ≥ 11 (Debian/Ubuntu: `sudo apt-get install default-jre-headless`)',
};

const POSTGRES_TOOL: SystemTool = {
  name: 'PostgreSQL',
  present: () => findPostgresBin() !== undefined,
  aptPackage: 'postgresql',
  purpose: 'the CMS integration tests also run on a throwaway PostgreSQL server',
  manual: 'install PostgreSQL (Debian/Ubuntu: `sudo apt-get install postgresql`); until then those tests run on SQLite only',
};

/** Installs a tool with apt when missing; returns a message explaining why it is unavailable, or undefined when it is there. */
async function ensureSystemTool(supervisor: Supervisor, tool: SystemTool): Promise<string | undefined> {
  if (tool.present()) return undefined;
  if (process.platform !== 'linux' || spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status !== 0) {
    return `${tool.name} was not found; ${tool.manual}.`;
  }
  if (process.getuid?.() !== 0) {
    return `${tool.name} was not found, and installing it with apt-get needs root; ${tool.manual}.`;
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = (): Promise<boolean> =>
    supervisor.run('apt', 'apt-get', ['install', '-y', '--no-install-recommends', tool.aptPackage], { env }).then(
      () => true,
      (error: unknown) => {
        if (error instanceof StoppedError) throw error;
        return false;
      },
    );
  log(`${tool.name} is missing: installing ${tool.aptPackage} with apt-get (${tool.purpose})…`);
  if (!(await install())) {
    log('apt-get install failed: refreshing the package lists (apt-get update) and retrying…');
    await supervisor.run('apt', 'apt-get', ['update'], { env }).catch((error: unknown) => {
      if (error instanceof StoppedError) throw error;
    });
    await install();
  }
  return tool.present() ? undefined : `${tool.name} could not be installed with apt-get (see the [apt] lines above); ${tool.manual}.`;
}

async function main(): Promise<void> {
  const supervisor = new Supervisor({ log });
  let vitest: ChildProcess | undefined;
  const codes: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      // vitest shares our terminal and ends on its own; pass on signals that did not come from it.
      if (vitest && vitest.exitCode === null) vitest.kill(signal);
      else void supervisor.stopAll().then(() => process.exit(codes[signal] ?? 1));
    });
  }

  const env: NodeJS.ProcessEnv = { ...process.env, STRAPI_TELEMETRY_DISABLED: 'true' };
  try {
    const chromiumProblem = await ensureSystemTool(supervisor, CHROMIUM_TOOL);
    if (chromiumProblem) {
      log(`warning: ${chromiumProblem} Browser tests will fail with this message.`);
      env.TILSHI_CHROMIUM_UNAVAILABLE = chromiumProblem;
    } else {
      env.CHROMIUM_PATH = CHROMIUM;
    }
    const postgresProblem = await ensureSystemTool(supervisor, POSTGRES_TOOL);
    if (postgresProblem) log(`note: ${postgresProblem}`);
    const javaProblem = await ensureSystemTool(supervisor, JAVA_TOOL);
    if (javaProblem) {
      log(`warning: ${javaProblem} HTML validity tests will fail with this message.`);
      env.TILSHI_JAVA_UNAVAILABLE = javaProblem;
    }
    await ensureCmsBuilt({ log, supervisor });
  } catch (error) {
    if (error instanceof StoppedError) return;
    log(
      `error: ${error instanceof CmsBuildError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    process.stdout.write('0 passed, 1 failed\n');
    process.exit(1);
  }

  const linted = process.argv.length > 2 ? true : lint();

  mkdirSync(path.dirname(REPORT), { recursive: true });
  rmSync(REPORT, { force: true });
  const args = [
    path.join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'),
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${path.relative(ROOT, REPORT)}`,
    ...process.argv.slice(2),
  ];
  vitest = spawn(process.execPath, args, { cwd: ROOT, stdio: 'inherit', env });
  const exitCode = await new Promise<number>((resolve) => {
    vitest?.once('error', (error) => {
      log(`could not start vitest: ${error.message}`);
      resolve(1);
    });
    vitest?.once('exit', (code, signal) => resolve(code ?? (signal ? (codes[signal] ?? 1) : 1)));
  });

  const report = readVitestReport(REPORT);
  if (report.problem) log(report.problem);
  const summary = summarizeVitestReport(report.data, exitCode);
  const failed = summary.failed + (linted ? 0 : 1);
  if (!linted) log('formatting or lint failed (see the [lint] lines above): counted as one failed test');
  process.stdout.write(`${summary.passed} passed, ${failed} failed\n`);
  process.exit(exitCode !== 0 ? exitCode : failed > 0 ? 1 : 0);
}

await main();
