import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readVitestReport, summarizeVitestReport } from './vitest-report.ts';

describe('summarizeVitestReport', () => {
  it('takes the passed and failed test counts from the report', () => {
    const report = { numPassedTests: 7, numFailedTests: 2, testResults: [{ status: 'failed', assertionResults: [{}, {}] }] };
    expect(summarizeVitestReport(report, 1)).toEqual({ passed: 7, failed: 2 });
  });

  it('counts a test file that failed to load as one failure', () => {
    const report = {
      numPassedTests: 3,
      numFailedTests: 0,
      testResults: [
        { status: 'passed', assertionResults: [{}, {}, {}] },
        { status: 'failed', assertionResults: [], message: 'Cannot find module' },
      ],
    };
    expect(summarizeVitestReport(report, 1)).toEqual({ passed: 3, failed: 1 });
  });

  it('counts a failing run without a report as one failure, and a green one as none', () => {
    expect(summarizeVitestReport(undefined, 1)).toEqual({ passed: 0, failed: 1 });
    expect(summarizeVitestReport(undefined, 0)).toEqual({ passed: 0, failed: 0 });
  });

  it('never reports zero failures for a run that exited non-zero', () => {
    expect(summarizeVitestReport({ numPassedTests: 4, numFailedTests: 0, testResults: [] }, 1)).toEqual({ passed: 4, failed: 1 });
  });
});

describe('readVitestReport', () => {
  it('explains a missing or unreadable report instead of throwing', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tilshi-report-'));
    expect(readVitestReport(path.join(dir, 'none.json')).problem).toMatch(/no JSON report/);
    writeFileSync(path.join(dir, 'bad.json'), '{');
    expect(readVitestReport(path.join(dir, 'bad.json')).problem).toMatch(/not valid JSON/);
    writeFileSync(path.join(dir, 'good.json'), '{"numPassedTests":1}');
    expect(readVitestReport(path.join(dir, 'good.json'))).toEqual({ data: { numPassedTests: 1 } });
    rmSync(dir, { recursive: true, force: true });
  });
});
