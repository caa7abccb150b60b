/**
 * The console of `npm start`: one line per step («✓ CMS started  4 s»), a
 * live counter or timer on that line while a long step runs, and everything
 * the children print (Strapi's per-request log, the CMS compiler, the site
 * build) in a log file whose path it names instead. A child can be made
 * visible once it matters to the person at the console: the site server
 * prints readers' registration codes (`COMMENTS_MAIL_URL=log`), so it is
 * shown from the moment the site is up.
 *
 * On a terminal the step line is redrawn in place; into a pipe or a file
 * (CI, `npm start > out.txt`) each step prints its final line, and a long one
 * a progress line at most every `pipeProgressMs`.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';

export type ConsoleStream = { write(text: string): unknown; isTTY?: boolean };

export type StepConsoleOptions = {
  /** The log file (truncated when the console starts). */
  logFile: string;
  stream?: ConsoleStream;
  /** Redraw lines in place (default: the stream is a terminal). */
  interactive?: boolean;
  /** How often a running step reports into a pipe. */
  pipeProgressMs?: number;
  now?: () => number;
};

/** A step in progress: report progress, then end it once. */
export type Step = {
  /** Replaces the step's progress text («12/41 stories»). */
  progress(text: string): void;
  /** Ends the step: «✓ label  summary (12 s)». */
  done(summary?: string): void;
  /** Ends the step as failed: «✗ label  reason». */
  fail(reason: string): void;
};

export class StepConsole {
  readonly logFile: string;
  readonly #stream: ConsoleStream;
  readonly #interactive: boolean;
  readonly #pipeProgressMs: number;
  readonly #now: () => number;
  readonly #visible = new Set<string>();
  /** The step line currently drawn (interactive only). */
  #live: { render: () => string } | null = null;
  #ticker: ReturnType<typeof setInterval> | null = null;

  constructor(options: StepConsoleOptions) {
    this.logFile = options.logFile;
    this.#stream = options.stream ?? process.stdout;
    this.#interactive = options.interactive ?? Boolean(this.#stream.isTTY);
    this.#pipeProgressMs = options.pipeProgressMs ?? 10_000;
    this.#now = options.now ?? Date.now;
    mkdirSync(path.dirname(this.logFile), { recursive: true });
    writeFileSync(this.logFile, '');
  }

  /** Appends a line to the log file, time-stamped. */
  record(line: string): void {
    appendFileSync(this.logFile, `${new Date(this.#now()).toISOString()} ${stripVTControlCharacters(line)}\n`);
  }

  /** A line for the console (and the log file). */
  print(line: string): void {
    this.record(line);
    this.#write(`${line}\n`);
  }

  /** A line of a child process: always into the log file, on the console only once the child is shown. */
  childLine(child: string, line: string): void {
    const text = line.startsWith(`[${child}]`) ? line : `[${child}] ${line}`;
    this.record(text);
    if (this.#visible.has(child)) this.#write(`${stripVTControlCharacters(text)}\n`);
  }

  /** From now on, `child`'s lines are printed on the console too. */
  show(child: string): void {
    this.#visible.add(child);
  }

  /** Starts a step; the line shows its elapsed time while it runs. */
  step(label: string): Step {
    const started = this.#now();
    let progress = '';
    let ended = false;
    let lastPipeReport = started;
    const elapsed = () => formatSeconds(this.#now() - started);
    const render = () => `… ${label}${progress ? `  ${progress}` : ''}  ${elapsed()}`;
    this.record(`step: ${label}`);
    const report = () => {
      lastPipeReport = this.#now();
      this.print(render());
    };
    let pipeTimer: ReturnType<typeof setInterval> | null = null;
    if (this.#interactive) {
      this.#live = { render };
      this.#redraw();
      this.#ticker ??= setInterval(() => this.#redraw(), 1000);
      this.#ticker.unref?.();
    } else {
      // Into a pipe: a line now and then while a long step runs, so a log shows what it waits for.
      pipeTimer = setInterval(
        () => {
          if (this.#now() - lastPipeReport >= this.#pipeProgressMs) report();
        },
        Math.min(this.#pipeProgressMs, 1000),
      );
      pipeTimer.unref?.();
    }
    const end = (line: string) => {
      if (ended) return;
      ended = true;
      if (pipeTimer) clearInterval(pipeTimer);
      if (this.#interactive) {
        this.#live = null;
        this.#clearLine();
      }
      this.print(line);
      if (this.#ticker && !this.#live) {
        clearInterval(this.#ticker);
        this.#ticker = null;
      }
    };
    return {
      progress: (text) => {
        if (ended) return;
        progress = text;
        if (this.#interactive) {
          this.#redraw();
        } else if (this.#now() - lastPipeReport >= this.#pipeProgressMs) {
          report();
        }
      },
      done: (summary) => end(`✓ ${label}${summary ? `  ${summary}` : ''}  (${elapsed()})`),
      fail: (reason) => end(`✗ ${label}  ${reason}`),
    };
  }

  #write(text: string): void {
    if (this.#interactive && this.#live) {
      this.#clearLine();
      this.#stream.write(text);
      this.#redraw();
    } else {
      this.#stream.write(text);
    }
  }

  #clearLine(): void {
    this.#stream.write('\r\u001b[K');
  }

  #redraw(): void {
    if (!this.#live) return;
    this.#clearLine();
    this.#stream.write(this.#live.render());
  }
}

/** 4 s, 1 min 05 s. */
export function formatSeconds(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}
