/**
 * The benchmark's output: a Markdown table (scenario, pages, wall s, pages/s,
 * peak RSS MiB) with the run's machine and command, printed and written into
 * BENCHMARKS.md between markers of its own (`<!-- bench:site-build demo=N -->`
 * … `<!-- /bench:site-build demo=N -->`), so re-running replaces that run's
 * section and leaves the hand-written text around it alone.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import type { MachineInfo } from './machine.ts';
import { PHASE_COLUMNS, type PhaseColumn } from './phases.ts';

export type Row = { scenario: string; pages: number; wallS: number; peakRssMiB: number } | { scenario: string; notMeasured: string };

/** Seconds per build phase of one Astro scenario. */
export type PhaseRow = { scenario: string; wallS: number; columns: Record<PhaseColumn, number> };

export type RunReport = {
  demo: number;
  date: string;
  command: string;
  machine: MachineInfo;
  dataset: string;
  /** Which version of the site was built. */
  site: string;
  rows: Row[];
  phases: PhaseRow[];
  notes: string[];
};

const formatNumber = (value: number, digits: number) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export function markdownTable(rows: readonly Row[]): string {
  const lines = ['| scenario | pages | wall s | pages/s | peak RSS MiB |', '| --- | ---: | ---: | ---: | ---: |'];
  for (const row of rows) {
    if ('notMeasured' in row) {
      lines.push(`| ${row.scenario} | — | not yet measured | — | — |`);
      continue;
    }
    const rate = row.wallS > 0 ? row.pages / row.wallS : 0;
    lines.push(
      `| ${row.scenario} | ${formatNumber(row.pages, 0)} | ${formatNumber(row.wallS, row.wallS < 10 ? 2 : 1)} | ${formatNumber(rate, rate < 10 ? 1 : 0)} | ${formatNumber(row.peakRssMiB, 0)} |`,
    );
  }
  return lines.join('\n');
}

/** Seconds per phase, with the largest phase of each row in bold. */
export function phasesTable(rows: readonly PhaseRow[]): string {
  const lines = [`| scenario | wall s | ${PHASE_COLUMNS.join(' | ')} |`, `| --- | ---: | ${PHASE_COLUMNS.map(() => '---:').join(' | ')} |`];
  for (const row of rows) {
    const largest = Math.max(...PHASE_COLUMNS.map((column) => row.columns[column]));
    const cells = PHASE_COLUMNS.map((column) => {
      const seconds = row.columns[column];
      if (seconds === 0) return '—';
      const text = formatNumber(seconds, 1);
      return seconds === largest ? `**${text}**` : text;
    });
    lines.push(`| ${row.scenario} | ${formatNumber(row.wallS, 1)} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

export function markdownSection(report: RunReport): string {
  const { machine } = report;
  const notMeasured = report.rows.filter((row): row is Extract<Row, { notMeasured: string }> => 'notMeasured' in row);
  return [
    `#### --demo ${report.demo} (${report.date})`,
    '',
    `- command: \`${report.command}\``,
    `- machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memory}, load average at start ${machine.loadAverage}`,
    `- software: Node ${machine.node}, Astro ${machine.astro}, ${machine.hugo}`,
    `- dataset: ${report.dataset}`,
    `- site: ${report.site}`,
    '',
    markdownTable(report.rows),
    '',
    ...(report.phases.length > 0
      ? [
          'Where the time went (seconds per phase, from the time-stamped output of each Astro command; largest in bold):',
          '',
          phasesTable(report.phases),
          '',
        ]
      : []),
    ...notMeasured.map((row) => `- not measured — ${row.scenario}: ${row.notMeasured}`),
    ...report.notes.map((note) => `- ${note}`),
  ].join('\n');
}

const startMarker = (demo: number) => `<!-- bench:site-build demo=${demo} -->`;
const endMarker = (demo: number) => `<!-- /bench:site-build demo=${demo} -->`;

/** Replaces this N's section of `file` (or appends one); creates the file when missing. */
export async function updateBenchmarksFile(file: string, report: RunReport): Promise<void> {
  const block = `${startMarker(report.demo)}\n${markdownSection(report)}\n${endMarker(report.demo)}`;
  const current = existsSync(file) ? await readFile(file, 'utf8') : '# Benchmarks\n';
  const start = current.indexOf(startMarker(report.demo));
  const end = current.indexOf(endMarker(report.demo));
  const next =
    start !== -1 && end > start
      ? `${current.slice(0, start)}${block}${current.slice(end + endMarker(report.demo).length)}`
      : `${current.replace(/\n*$/, '\n\n')}${block}\n`;
  await writeFile(file, next);
}
