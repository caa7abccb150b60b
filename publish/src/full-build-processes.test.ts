import { describe, expect, it } from 'vitest';
import { fullBuildProcesses, processPeakMiB } from './full-build-processes.ts';

describe('the processes of a full build', () => {
  it('estimates a process by the archive it holds: the two measured sizes, and growth in between', () => {
    expect(processPeakMiB(15_937)).toBe(1_612);
    expect(processPeakMiB(159_370)).toBe(3_127);
    expect(processPeakMiB(50_000)).toBeGreaterThan(processPeakMiB(40_000));
  });

  it('uses every worker allowed while their estimates fit the memory together', () => {
    expect(fullBuildProcesses(2, 15_937, 4_096)).toMatchObject({ processes: 2, estimateMiB: 1_612 });
    expect(fullBuildProcesses(2, 15_937, 4_096).why).toBe('2 process(es), PUBLISH_FULL_BUILD_WORKERS=2');
    expect(fullBuildProcesses(8, 100, 16_384).processes).toBe(8);
  });

  it('uses fewer when the archive makes each process too large, and says why', () => {
    const plan = fullBuildProcesses(2, 159_370, 4_096);
    expect(plan.processes).toBe(1);
    expect(plan.why).toBe(
      '1 of PUBLISH_FULL_BUILD_WORKERS=2: 159370 article versions need ~3127 MiB each, PUBLISH_FULL_BUILD_MEMORY_MB=4096',
    );
    expect(fullBuildProcesses(4, 15_937, 4_096).processes).toBe(2);
  });

  it('always builds in at least one process, whatever the memory allowed', () => {
    expect(fullBuildProcesses(4, 1_000_000, 512).processes).toBe(1);
    expect(fullBuildProcesses(1, 10, 1 << 20).processes).toBe(1);
  });
});
