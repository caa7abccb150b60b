/**
 * How many `astro build` processes render a full build on this machine. Each renders a partition of
 * the pages; the first (the lead) syncs the content, the others render from its store (the build
 * contract's `SharedStore`), so more processes cost memory, not CMS reads. Up to
 * PUBLISH_FULL_BUILD_WORKERS (default: the machine's cores), as many as fit PUBLISH_FULL_BUILD_MEMORY_MB
 * together by the estimate below; at least one.
 */

/**
 * The peak memory (RSS, MiB) of one process of a full build for `versions` published article versions:
 * a line through two measurements of one process (BENCHMARKS.md, publish-latency, 5 December: 1,612 MiB
 * at 15,937 versions, 3,127 MiB at 159,370). A partition renders fewer pages but holds the whole store,
 * which is what grows with the archive, so the estimate is per process, whatever its share.
 */
export function processPeakMiB(versions: number): number {
  return Math.round(PEAK_BASE_MIB + versions * PEAK_MIB_PER_VERSION);
}
const PEAK_MIB_PER_VERSION = (3_127 - 1_612) / (159_370 - 15_937);
const PEAK_BASE_MIB = 1_612 - 15_937 * PEAK_MIB_PER_VERSION;

export type ProcessPlan = { processes: number; estimateMiB: number; why: string };

/** The processes of a full build of `versions` article versions, with up to `workers` of them in `memoryMiB` together. */
export function fullBuildProcesses(workers: number, versions: number, memoryMiB: number): ProcessPlan {
  const estimateMiB = processPeakMiB(versions);
  const fit = Math.max(1, Math.floor(memoryMiB / estimateMiB));
  const processes = Math.min(workers, fit);
  const why =
    processes === workers
      ? `${processes} process(es), PUBLISH_FULL_BUILD_WORKERS=${workers}`
      : `${processes} of PUBLISH_FULL_BUILD_WORKERS=${workers}: ${versions} article versions need ~${estimateMiB} MiB each, PUBLISH_FULL_BUILD_MEMORY_MB=${memoryMiB}`;
  return { processes, estimateMiB, why };
}
