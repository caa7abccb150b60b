/**
 * Reads vitest's JSON report (`--reporter=json`) and reduces it to the
 * numbers of passed and failed tests, counting a test file that failed to
 * load (so it ran no test) as one failure.
 */
import { readFileSync } from 'node:fs';

export type VitestSummary = { passed: number; failed: number };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0;
}

/**
 * Passed/failed counts from a parsed report. Without a usable report, a
 * non-zero exit code counts as one failure, so a crash never reads as green.
 */
export function summarizeVitestReport(report: unknown, exitCode: number): VitestSummary {
  if (!isRecord(report)) return { passed: 0, failed: exitCode === 0 ? 0 : 1 };
  const passed = count(report.numPassedTests);
  let failed = count(report.numFailedTests);
  const files = Array.isArray(report.testResults) ? report.testResults : [];
  for (const file of files) {
    if (!isRecord(file)) continue;
    const assertions = Array.isArray(file.assertionResults) ? file.assertionResults : [];
    if (file.status === 'failed' && assertions.length === 0) failed += 1;
  }
  if (failed === 0 && exitCode !== 0) failed = 1;
  return { passed, failed };
}

/** The parsed report, or a note on why there is none. */
export function readVitestReport(file: string): { data: unknown; problem?: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { data: undefined, problem: `vitest wrote no JSON report (${file}); counting the run as failed if vitest failed.` };
  }
  try {
    return { data: JSON.parse(text) as unknown };
  } catch (error) {
    return {
      data: undefined,
      problem: `vitest's JSON report ${file} is not valid JSON (${error instanceof Error ? error.message : String(error)}).`,
    };
  }
}
