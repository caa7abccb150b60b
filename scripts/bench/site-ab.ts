/**
 * A/B of two versions of the site on one Strapi, the way a change to the
 * build is judged here (BENCHMARKS.md, "What the numbers say"):
 *
 *   node scripts/bench/site-ab.ts --data-dir DIR --demo N --a SITE_A --b SITE_B [--rounds 2] [--work DIR]
 *                                 [--partitions P] [--cold-images]
 *
 * SITE_A and SITE_B are copies of `site/` inside this repository (so that
 * they resolve its hoisted node_modules), differing in what is measured.
 * Each round builds A, then B, alternating, each with an empty content store
 * and one shared image cache, and prints the wall time, peak RSS and where
 * the time went; at the end the per-phase table of every round, and whether
 * the two last builds wrote the same pages (every .html and .xml file,
 * compared with the content-hashed asset names taken out).
 *
 * `--partitions P` builds each version the way the publish service runs a
 * full build in P processes (publish/src/publisher.ts #renderFull): P
 * `astro build`s at once, TILSHI_BUILD_PARTITION=i/P, the lead syncing the
 * content and the others rendering from its store (TILSHI_STORE_READY,
 * TILSHI_STORE_FROM); the wall time is until the last ends, the phases are
 * the lead's, the peak RSS the sum of each process's peak (an upper bound).
 * `--cold-images` gives every build an empty image cache (photos encoded and
 * link-preview cards drawn, as in a first full build) instead of one shared
 * cache.
 */
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { prepareDataset } from './lib/dataset.ts';
import { measure } from './lib/measure.ts';
import { ASTRO_BIN, siteBuildEnv } from './lib/site.ts';
import { hasPhases, PHASE_COLUMNS, phaseColumns, type PhaseColumn } from './lib/phases.ts';

const REPO = path.resolve(import.meta.dirname, '../..');
const USAGE =
  'usage: node scripts/bench/site-ab.ts --data-dir DIR --demo N --a SITE_A --b SITE_B [--rounds 2] [--work DIR] [--partitions P] [--cold-images]';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    demo: { type: 'string' },
    a: { type: 'string' },
    b: { type: 'string' },
    rounds: { type: 'string', default: '2' },
    work: { type: 'string', default: path.join(REPO, 'scripts', 'bench', '.tmp', 'site-ab') },
    partitions: { type: 'string', default: '1' },
    'cold-images': { type: 'boolean', default: false },
  },
  strict: true,
});
const demo = Number(values.demo);
const rounds = Number(values.rounds);
const partitions = Number(values.partitions);
if (
  !values['data-dir'] ||
  !values.a ||
  !values.b ||
  !Number.isInteger(demo) ||
  demo < 1 ||
  !Number.isInteger(rounds) ||
  rounds < 1 ||
  !Number.isInteger(partitions) ||
  partitions < 1
) {
  throw new Error(USAGE);
}
const sites = { A: path.resolve(values.a), B: path.resolve(values.b) } as const;
const work = path.resolve(values.work);

/** Every .html and .xml file under `dir`, relative, sorted. */
async function pages(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && /\.(html|xml)$/.test(entry.name))
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

const HASHED_ASSET = /_astro\/[^"' ,)]+/g;

/** Files that differ between two outputs, content-hashed asset names aside (each copy of the site hashes its own). */
async function differences(a: string, b: string): Promise<{ compared: number; differ: string[] }> {
  const [left, right] = await Promise.all([pages(a), pages(b)]);
  const [inLeft, inRight] = [new Set(left), new Set(right)];
  const differ = [...left.filter((file) => !inRight.has(file)), ...right.filter((file) => !inLeft.has(file))];
  const both = left.filter((file) => inRight.has(file));
  for (const file of both) {
    const [x, y] = await Promise.all([readFile(path.join(a, file), 'utf8'), readFile(path.join(b, file), 'utf8')]);
    if (x.replace(HASHED_ASSET, '_astro/…') !== y.replace(HASHED_ASSET, '_astro/…')) differ.push(file);
  }
  return { compared: both.length, differ };
}

const { strapi } = await prepareDataset({ dataDir: path.resolve(values['data-dir']), demo, log: console.log });
const rows: Array<{ round: number; site: keyof typeof sites; wallS: number; peakMiB: number; phases: Record<PhaseColumn, number> | null }> =
  [];
try {
  for (let round = 1; round <= rounds; round += 1) {
    for (const site of ['A', 'B'] as const) {
      const images = values['cold-images'] ? path.join(work, `images-${site}`) : path.join(work, 'images');
      if (values['cold-images']) await rm(images, { recursive: true, force: true });
      const ready = path.join(work, `ready-${site}`);
      await rm(ready, { force: true });
      /** Partition `index` of this build (the whole build when there is one). */
      const build = async (index: number) => {
        const suffix = index === 0 ? '' : `-p${index}`;
        const cache = path.join(work, `cache-${site}${suffix}`);
        const out = path.join(work, `out-${site}${suffix}`);
        await rm(path.join(cache, 'data-store.json'), { force: true });
        await rm(out, { recursive: true, force: true });
        await mkdir(cache, { recursive: true });
        const partitioned =
          partitions > 1
            ? {
                TILSHI_BUILD_MANIFEST: 'true',
                TILSHI_SEARCH_INDEX: 'off',
                TILSHI_BUILD_PARTITION: `${index}/${partitions}`,
                TILSHI_STORE_READY: ready,
                ...(index === 0 ? {} : { TILSHI_STORE_FROM: path.join(work, `cache-${site}`, 'data-store.json') }),
              }
            : {};
        const logFile = path.join(work, `${site}${suffix}.log`);
        const measured = await measure(process.execPath, [ASTRO_BIN, 'build', '--root', sites[site]], {
          cwd: sites[site],
          env: { ...siteBuildEnv(strapi, { cacheDir: cache, outDir: out }), TILSHI_IMAGE_CACHE_DIR: images, ...partitioned },
          logFile,
        });
        if (measured.exitCode !== 0) throw new Error(`round ${round}: the build of ${site} (${sites[site]}) failed: see ${logFile}`);
        return measured;
      };
      const [measurement, ...others] = await Promise.all(Array.from({ length: partitions }, (_, index) => build(index)));
      if (!measurement) throw new Error('no build measured');
      measurement.wallS = Math.max(measurement.wallS, ...others.map((other) => other.wallS));
      measurement.peakRssMiB += others.reduce((sum, other) => sum + other.peakRssMiB, 0);
      const phases = hasPhases(measurement) ? phaseColumns(measurement) : null;
      rows.push({ round, site, wallS: measurement.wallS, peakMiB: measurement.peakRssMiB, phases });
      console.log(
        `round ${round}, ${site}: ${measurement.wallS.toFixed(1)} s, peak RSS ${measurement.peakRssMiB.toFixed(0)} MiB (load at start ${measurement.loadAtStart.toFixed(1)})`,
      );
    }
  }
} finally {
  await strapi.stop();
}

console.log(`\nA = ${sites.A}\nB = ${sites.B}\n`);
console.log(`| phase (s) | ${rows.map((row) => `${row.site}, round ${row.round}`).join(' | ')} |`);
console.log(`| --- | ${rows.map(() => '---:').join(' | ')} |`);
for (const column of PHASE_COLUMNS) console.log(`| ${column} | ${rows.map((row) => row.phases?.[column].toFixed(1) ?? '?').join(' | ')} |`);
console.log(`| whole build | ${rows.map((row) => row.wallS.toFixed(1)).join(' | ')} |`);
console.log(`| peak RSS, MiB | ${rows.map((row) => row.peakMiB.toFixed(0)).join(' | ')} |`);
const same = await differences(path.join(work, 'out-A', 'client'), path.join(work, 'out-B', 'client'));
console.log(
  same.differ.length === 0
    ? `\nsame pages: ${same.compared} .html/.xml files compare equal (hashed asset names aside${partitions > 1 ? "; the lead partitions' pages" : ''})`
    : `\npages differ: ${same.differ.length} of ${same.compared}, e.g. ${same.differ.slice(0, 5).join(', ')}`,
);
