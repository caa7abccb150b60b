/**
 * Process supervision for the task scripts: spawns children whose output is
 * printed line by line with a `[name]` prefix (the last lines are kept for
 * error messages), waits for an HTTP endpoint to answer, checks that a port
 * is free, and stops every child on Ctrl-C / SIGTERM or when one dies.
 * `npm start` runs the CMS under it; later the site server and the publish
 * service become more children of the same supervisor.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { stripVTControlCharacters } from 'node:util';

export type Exit = { code: number | null; signal: NodeJS.Signals | null };

/** A child process that stopped on its own before it was asked to. */
export class ChildExitedError extends Error {
  readonly child: string;
  readonly exit: Exit;
  readonly lastLines: string[];
  constructor(child: string, exit: Exit, lastLines: string[]) {
    const how = exit.code !== null ? `with code ${exit.code}` : `on signal ${exit.signal ?? '?'}`;
    super(`${child} exited ${how}.${formatTail(lastLines)}`);
    this.name = 'ChildExitedError';
    this.child = child;
    this.exit = exit;
    this.lastLines = lastLines;
  }
}

/** An endpoint that did not answer as expected in time. */
export class WaitTimeoutError extends Error {
  readonly url: string;
  constructor(url: string, seconds: number, lastProblem: string, lastLines: string[]) {
    super(`${url} did not answer within ${seconds} s (last attempt: ${lastProblem}).${formatTail(lastLines)}`);
    this.name = 'WaitTimeoutError';
    this.url = url;
  }
}

/** A child that was stopped by the supervisor (Ctrl-C) before it finished. */
export class StoppedError extends Error {
  constructor(child: string) {
    super(`${child} was stopped before it finished.`);
    this.name = 'StoppedError';
  }
}

/** A port some other program already listens on. */
export class PortInUseError extends Error {
  readonly port: number;
  readonly variable: string;
  constructor(port: number, variable: string, host: string) {
    super(
      `port ${port} on ${host} is already in use (${variable}). Stop the program using it ` +
        `(\`ss -ltnp 'sport = :${port}'\` shows which), or choose another port: ` +
        `\`${variable}=${port + 1} npm start\`, or set ${variable} in cms/.env.`,
    );
    this.name = 'PortInUseError';
    this.port = port;
    this.variable = variable;
  }
}

/** A port this process may not listen on (privileged port, unknown host…). */
export class PortCheckError extends Error {
  readonly port: number;
  readonly variable: string;
  constructor(port: number, variable: string, host: string, reason: string) {
    super(`cannot listen on ${host}:${port} (${reason}); choose another port with ${variable} (in the environment or cms/.env).`);
    this.name = 'PortCheckError';
    this.port = port;
    this.variable = variable;
  }
}

function formatTail(lines: string[]): string {
  return lines.length > 0 ? `\nIts last output lines:\n  ${lines.join('\n  ')}` : '';
}

export type Logger = (line: string) => void;

export type SpawnOptions = {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** How many output lines to keep for error messages. */
  keepLines?: number;
  /** Print the child's output (prefixed); default true. */
  echo?: boolean;
  /** Where the child's lines go instead (the supervisor's `output` otherwise, then the console). */
  output?: LineSink;
};

/** Receives each output line of a child (without its newline). */
export type LineSink = (line: string, stream: 'stdout' | 'stderr') => void;

/** A supervised child: its output is prefixed, its last lines kept, its end awaited. */
export class ManagedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly exited: Promise<Exit>;
  stopping = false;
  readonly #tail: string[] = [];
  readonly #keep: number;

  constructor(
    name: string,
    child: ChildProcess,
    { keep, echo = true, output }: { keep: number; echo?: boolean; output?: LineSink | undefined },
  ) {
    this.name = name;
    this.child = child;
    this.#keep = keep;
    this.exited = new Promise<Exit>((resolve) => {
      child.once('exit', (code, signal) => resolve({ code, signal }));
      child.once('error', (error) => {
        this.#remember(`failed to start: ${error.message}`);
        resolve({ code: 127, signal: null });
      });
    });
    for (const [stream, sink, label] of [
      [child.stdout, process.stdout, 'stdout'],
      [child.stderr, process.stderr, 'stderr'],
    ] as const) {
      if (!stream) continue;
      createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
        this.#remember(line);
        if (output) output(line, label);
        // A child that already prefixes its lines with its own name is not prefixed twice.
        else if (echo) sink.write(line.startsWith(`[${name}]`) ? `${line}\n` : `[${name}] ${line}\n`);
      });
    }
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null && this.child.pid !== undefined;
  }

  lastLines(): string[] {
    // Strip ANSI colours so the lines read well inside an error message.
    return this.#tail.map((line) => stripVTControlCharacters(line));
  }

  #remember(line: string): void {
    this.#tail.push(line);
    if (this.#tail.length > this.#keep) this.#tail.shift();
  }

  /** Signals the child's whole process group (it runs detached), so grandchildren stop too. */
  signal(signal: NodeJS.Signals): void {
    if (!this.running || this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, signal);
    } catch {
      try {
        this.child.kill(signal);
      } catch {
        // already gone
      }
    }
  }
}

export type SupervisorOptions = {
  log: Logger;
  stopTimeoutMs?: number;
  /** Where children's lines go when their spawn names no `output` (e.g. a log file); the console otherwise. */
  output?: (child: string, line: string, stream: 'stdout' | 'stderr') => void;
};

/**
 * Owns a set of children. `stopAll` sends SIGTERM, then SIGKILL after the
 * timeout; `handleSignals` makes Ctrl-C / SIGTERM stop everything and exit.
 */
export class Supervisor {
  readonly #children = new Set<ManagedProcess>();
  readonly #log: Logger;
  readonly #stopTimeoutMs: number;
  readonly #output: SupervisorOptions['output'];
  #stopping: Promise<void> | undefined;

  constructor({ log, stopTimeoutMs = 10_000, output }: SupervisorOptions) {
    this.#log = log;
    this.#stopTimeoutMs = stopTimeoutMs;
    this.#output = output;
    // Last resort if this process exits without stopping its children (e.g. an uncaught error).
    process.once('exit', () => {
      for (const managed of this.#children) managed.signal('SIGKILL');
    });
  }

  /** Starts a long-running child in its own process group, output prefixed with `[name]`. */
  spawn(name: string, command: string, args: string[], options: SpawnOptions = {}): ManagedProcess {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const shared = this.#output;
    const output =
      options.output ??
      (shared && options.echo !== false ? (line: string, stream: 'stdout' | 'stderr') => shared(name, line, stream) : undefined);
    const managed = new ManagedProcess(name, child, { keep: options.keepLines ?? 20, echo: options.echo ?? true, output });
    this.#children.add(managed);
    void managed.exited.then(() => this.#children.delete(managed));
    return managed;
  }

  /** Runs a child to completion; rejects with ChildExitedError when it fails. */
  async run(name: string, command: string, args: string[], options: SpawnOptions = {}): Promise<void> {
    const managed = this.spawn(name, command, args, options);
    const exit = await managed.exited;
    if (managed.stopping) throw new StoppedError(name);
    if (exit.code !== 0) throw new ChildExitedError(name, exit, managed.lastLines());
  }

  /**
   * Resolves with a ChildExitedError as soon as one of `watched` exits without
   * being asked to: await it to stay up until something breaks.
   */
  async firstUnexpectedExit(watched: ManagedProcess[]): Promise<ChildExitedError> {
    return Promise.race(
      watched.map(async (managed) => {
        const exit = await managed.exited;
        if (managed.stopping || this.#stopping) return new Promise<never>(() => {});
        return new ChildExitedError(managed.name, exit, managed.lastLines());
      }),
    );
  }

  /** Stops every child: SIGTERM, then SIGKILL for those still running after the timeout. Safe to call twice. */
  stopAll(): Promise<void> {
    this.#stopping ??= this.#stopChildren();
    return this.#stopping;
  }

  async #stopChildren(): Promise<void> {
    const running = [...this.#children].filter((managed) => managed.running);
    if (running.length === 0) return;
    this.#log(`stopping ${running.map((managed) => managed.name).join(', ')}…`);
    for (const managed of running) {
      managed.stopping = true;
      managed.signal('SIGTERM');
    }
    const killer = setTimeout(() => {
      for (const managed of running) {
        if (managed.running) {
          this.#log(`${managed.name} did not stop within ${this.#stopTimeoutMs / 1000} s: killing it`);
          managed.signal('SIGKILL');
        }
      }
    }, this.#stopTimeoutMs);
    await Promise.all(running.map((managed) => managed.exited));
    clearTimeout(killer);
  }

  /** On SIGINT / SIGTERM / SIGHUP: stop every child, then exit (130 for Ctrl-C). Repeated signals are ignored while stopping. */
  handleSignals(): void {
    const codes: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.on(signal, () => {
        if (this.#stopping) return;
        void this.stopAll().then(() => process.exit(codes[signal] ?? 1));
      });
    }
  }
}

export type WaitForHttpOptions = {
  /** Status that means ready. */
  status?: number;
  timeoutMs?: number;
  intervalMs?: number;
  /** When given, waiting fails at once if this child exits. */
  process?: ManagedProcess;
};

/** Polls `url` until it answers with `status`; fails early when the watched process exits. */
export async function waitForHttp(url: string, options: WaitForHttpOptions = {}): Promise<void> {
  const { status = 200, timeoutMs = 120_000, intervalMs = 500, process: watched } = options;
  const deadline = Date.now() + timeoutMs;
  let lastProblem = 'no attempt yet';
  let exit: Exit | undefined;
  void watched?.exited.then((value) => {
    exit = value;
  });
  while (Date.now() < deadline) {
    if (exit && watched) throw new ChildExitedError(watched.name, exit, watched.lastLines());
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000), redirect: 'manual' });
      await response.body?.cancel();
      if (response.status === status) return;
      lastProblem = `HTTP ${response.status}`;
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined;
      lastProblem = cause ?? (error instanceof Error ? error.message : String(error));
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new WaitTimeoutError(url, Math.round(timeoutMs / 1000), lastProblem, watched?.lastLines() ?? []);
}

/** Throws PortInUseError, naming `variable`, when something already listens on host:port. */
export async function ensurePortFree(port: number, host: string, variable: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new PortInUseError(port, variable, host));
      else reject(new PortCheckError(port, variable, host, error.code ?? error.message));
    });
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve()));
  });
}

/** Parses a TCP port from an env value; undefined when it is not a valid port. */
export function parsePort(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value.trim())) return undefined;
  const port = Number(value);
  return port >= 1 && port <= 65_535 ? port : undefined;
}
