/**
 * Runs one benchmarked command as a child process and measures it:
 * - wall time with `process.hrtime.bigint()` from spawn to exit;
 * - peak RSS of the whole process tree (the child and every descendant, e.g.
 *   Astro's workers or Pagefind's binary), by polling /proc (every 10 ms
 *   during the first second, then every `sampleMs`): at each sample the
 *   resident size (statm) of every process in the tree is summed, and the
 *   largest sum is kept. Shared pages count once per process, and a spike
 *   shorter than the interval can be missed.
 * Every line the child prints is kept with the time it arrived (seconds since
 * spawn) and written to a log file with that time in front, so the phases of
 * a build can be timed afterwards (phases.ts).
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import { createInterface } from 'node:readline';

export type OutputLine = { atS: number; text: string };

export type Measurement = {
  /** Wall time, seconds. */
  wallS: number;
  /** Peak of the summed VmRSS of the process tree, MiB. */
  peakRssMiB: number;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** The child's stdout and stderr lines, in arrival order. */
  lines: OutputLine[];
  /** 1-minute load average when the command started (other work on the machine skews the numbers). */
  loadAtStart: number;
};

export type MeasureOptions = {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Where the child's stdout and stderr go. */
  logFile: string;
  /** Polling interval of /proc after the first second (10 ms before; default 100 ms; a sample costs ~2 ms of CPU). */
  sampleMs?: number;
};

/** A measured command that failed; the log file says why. */
export class MeasuredCommandError extends Error {
  readonly command: string;
  readonly measurement: Measurement;
  readonly logFile: string;
  constructor(command: string, measurement: Measurement, logFile: string) {
    const how = measurement.exitCode !== null ? `code ${measurement.exitCode}` : `signal ${measurement.signal ?? '?'}`;
    super(`${command} exited with ${how} after ${measurement.wallS.toFixed(1)} s; see ${logFile}`);
    this.name = 'MeasuredCommandError';
    this.command = command;
    this.measurement = measurement;
    this.logFile = logFile;
  }
}

const PAGE_KIB = 4; // x86-64 and arm64 Linux page size: /proc/<pid>/statm counts pages

/** Child pids of `pid` (children of every one of its threads); empty when it is gone. */
async function childrenOf(pid: number): Promise<number[]> {
  try {
    const tasks = await readdir(`/proc/${pid}/task`);
    const lists = await Promise.all(tasks.map((tid) => readFile(`/proc/${pid}/task/${tid}/children`, 'utf8').catch(() => '')));
    return lists.flatMap((list) =>
      list
        .split(' ')
        .filter((item) => item !== '')
        .map(Number),
    );
  } catch {
    return [];
  }
}

/** Resident set of one process in KiB (0 when it is gone). */
async function rssKiB(pid: number): Promise<number> {
  try {
    const resident = (await readFile(`/proc/${pid}/statm`, 'utf8')).split(' ')[1];
    return resident === undefined ? 0 : Number(resident) * PAGE_KIB;
  } catch {
    return 0;
  }
}

/**
 * Sum of the RSS (KiB) of `root` and all its descendants, found through
 * /proc/<pid>/task/<tid>/children, so only the tree's own processes are read.
 */
export async function treeRssKiB(root: number): Promise<number> {
  let total = 0;
  let level = [root];
  while (level.length > 0) {
    const [sizes, children] = await Promise.all([Promise.all(level.map(rssKiB)), Promise.all(level.map(childrenOf))]);
    total += sizes.reduce((sum, size) => sum + size, 0);
    level = children.flat();
  }
  return total;
}

/**
 * Summed RSS (KiB) of every process on the machine whose command line (arguments joined by NUL) `matches`,
 * with its descendants (an `astro build` and the Pagefind indexer it starts).
 */
export async function matchingTreeRssKiB(matches: (cmdline: string) => boolean): Promise<number> {
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name)).map(Number);
  const sizes = await Promise.all(
    pids.map(async (pid) => {
      const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
      return cmdline !== '' && matches(cmdline) ? treeRssKiB(pid) : 0;
    }),
  );
  return sizes.reduce((sum, size) => sum + size, 0);
}

/** Samples `read` every `everyMs` until stopped; `peak()` is the largest value so far. */
export function watchPeak(read: () => Promise<number>, everyMs = 500): { peak(): number; reset(): void; stop(): void } {
  let peak = 0;
  const timer = setInterval(() => {
    void read().then((value) => {
      peak = Math.max(peak, value);
    });
  }, everyMs);
  timer.unref();
  return {
    peak: () => peak,
    reset: () => {
      peak = 0;
    },
    stop: () => clearInterval(timer),
  };
}

/** Runs `command args…`, returns its wall time and peak tree RSS; throws MeasuredCommandError on a non-zero exit. */
export async function measure(command: string, args: readonly string[], options: MeasureOptions): Promise<Measurement> {
  const log = createWriteStream(options.logFile, { flags: 'a' });
  log.write(`\n$ ${command} ${args.join(' ')}\n`);
  const loadAtStart = os.loadavg()[0] ?? 0;
  const start = process.hrtime.bigint();
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: OutputLine[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (text) => {
      const atS = Number(process.hrtime.bigint() - start) / 1e9;
      lines.push({ atS, text });
      log.write(`+${atS.toFixed(3)}s ${text}\n`);
    });
  }

  let peakKiB = 0;
  let running = true;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      running = false;
      resolve({ code, signal });
    });
  });
  const sampler = (async () => {
    const pid = child.pid;
    if (pid === undefined) return;
    while (running) {
      const kib = await treeRssKiB(pid);
      if (kib > peakKiB) peakKiB = kib;
      // Densely during the first second, so that short commands (Hugo at small N) are caught too.
      const elapsedMs = Number(process.hrtime.bigint() - start) / 1e6;
      await new Promise((resolve) => setTimeout(resolve, elapsedMs < 1_000 ? 10 : (options.sampleMs ?? 100)));
    }
  })();

  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const { code, signal } = await exited;
  const wallS = Number(process.hrtime.bigint() - start) / 1e9;
  await sampler;
  // Let the pipes drain into the log (a lingering grandchild may hold them open: do not wait for ever).
  await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 2_000))]);
  await new Promise<void>((resolve) => log.end(resolve));
  const measurement: Measurement = { wallS, peakRssMiB: peakKiB / 1024, exitCode: code, signal, lines, loadAtStart };
  if (code !== 0) throw new MeasuredCommandError(`${command} ${args.join(' ')}`, measurement, options.logFile);
  return measurement;
}
