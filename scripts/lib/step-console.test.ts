/**
 * The console of `npm start`: a step is one line, children's output goes to
 * the log file until a child is shown, and a terminal gets its step line
 * redrawn in place.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatSeconds, StepConsole } from './step-console.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'step-console-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function fakeStream(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, write: (text: string) => chunks.push(text) }, text: () => chunks.join('') };
}

describe('StepConsole', () => {
  it('prints one line per finished step into a pipe, with its summary and duration', () => {
    const out = fakeStream(false);
    let clock = 0;
    const steps = new StepConsole({ logFile: path.join(dir, 'start.log'), stream: out.stream, now: () => clock });
    const step = steps.step('seeding the CMS');
    step.progress('3/41 stories');
    clock = 4_200;
    step.done('41 stories');
    expect(out.text()).toBe('✓ seeding the CMS  41 stories  (4 s)\n');
  });

  it('reports a long step into a pipe at most every pipeProgressMs', () => {
    const out = fakeStream(false);
    let clock = 0;
    const steps = new StepConsole({ logFile: path.join(dir, 'start.log'), stream: out.stream, now: () => clock, pipeProgressMs: 10_000 });
    const step = steps.step('seeding');
    for (let done = 1; done <= 30; done += 1) {
      clock = done * 1_000;
      step.progress(`${done}/30`);
    }
    step.done();
    expect(out.chunks).toEqual(['… seeding  10/30  10 s\n', '… seeding  20/30  20 s\n', '… seeding  30/30  30 s\n', '✓ seeding  (30 s)\n']);
  });

  it('keeps children’s lines in the log file only, until the child is shown', async () => {
    const out = fakeStream(false);
    const logFile = path.join(dir, 'nested', 'start.log');
    const steps = new StepConsole({ logFile, stream: out.stream });
    steps.childLine('cms', '[2026-12-01 10:00:00.000] http: GET /api/articles (12 ms) 200');
    steps.childLine('site', '[site] serving on http://127.0.0.1:4321/');
    steps.show('site');
    steps.childLine('site', '[comments] mail to ai…@example.com — Код подтверждения: 123456');
    expect(out.text()).toBe('[comments] mail to ai…@example.com — Код подтверждения: 123456\n'.replace(/^/, '[site] '));
    const log = await readFile(logFile, 'utf8');
    expect(log).toContain('[cms] [2026-12-01 10:00:00.000] http: GET /api/articles (12 ms) 200');
    expect(log).toContain('[site] serving on http://127.0.0.1:4321/');
    expect(log).toContain('Код подтверждения: 123456');
  });

  it('redraws the step line in place on a terminal and leaves only the final line', () => {
    const out = fakeStream(true);
    let clock = 0;
    const steps = new StepConsole({ logFile: path.join(dir, 'start.log'), stream: out.stream, now: () => clock });
    const step = steps.step('building the site');
    clock = 2_000;
    step.progress('pages');
    steps.show('site');
    steps.childLine('site', 'a line while the step runs');
    clock = 3_000;
    step.fail('failed');
    const screen = out.text();
    expect(screen).toContain('\r\u001b[K… building the site  pages  2 s');
    // The child's line is printed on a cleared line, then the step line is drawn again below it.
    expect(screen).toContain('\r\u001b[K[site] a line while the step runs\n\r\u001b[K… building the site  pages  2 s');
    expect(screen.endsWith('\r\u001b[K✗ building the site  failed\n')).toBe(true);
  });

  it('writes times as seconds, and minutes past a minute', () => {
    expect(formatSeconds(400)).toBe('0 s');
    expect(formatSeconds(42_400)).toBe('42 s');
    expect(formatSeconds(65_000)).toBe('1 min 05 s');
  });
});
