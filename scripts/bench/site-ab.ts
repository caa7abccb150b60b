/**
 * A/B of two versions of the site on one Strapi, the way a change to the
 * build is judged here (BENCHMARKS.md, "What the numbers say"):
 *
 *   node scripts/bench/site-ab.ts --data-dir DIR --demo N --a SITE_A --b SITE_B [--rounds 2] [--work DIR]
 *
 * SITE_A and SITE_B are copies of `site/` inside this repository (so that
 * they resolve its hoisted node_modules), differing in what is measured.
 * Each round builds A, then B, alternating, each with an empty content store
 * and one shared image cache, and prints the wall time, peak RSS and where
 * the time went; at the end the per-phase table of every round, and whether
 * the two last builds wrote the same pages (every .html and .xml file,
 * compared with the content-hashed asset names taken out).
 */
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { prepareDataset } from './lib/dataset.ts';
import { measure } from './lib/measure.ts';
import { ASTRO_BIN, siteBuildEnv } from './lib/site.ts';
import { hasPhases, PHASE_COLUMNS, phaseColumns, type PhaseColumn } from './lib/phases.ts';

const REPO = path.resolve(import.meta.dirname, '../..');
const USAGE = 'usage: node scripts/bench/site-ab.ts --data-dir DIR --demo N --a SITE_A --b SITE_B [--rounds 2] [--work DIR]';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    demo: { type: 'string' },
    a: { type: 'string' },
    b: { type: 'string' },
    rounds: { type: 'string', default: '2' },
    work: { type: 'string', default: path.join(REPO, 'scripts', 'bench', '.tmp', 'site-ab') },
  },
  strict: true,
});
const demo = Number(values.demo);
const rounds = Number(values.rounds);
if (!values['data-dir'] || !values.a || !values.b || !Number.isInteger(demo) || demo < 1 || !Number.isInteger(rounds) || rounds < 1) {
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
      const cache = path.join(work, `cache-${site}`);
      const out = path.join(work, `out-${site}`);
      await rm(path.join(cache, 'data-store.json'), { force: true });
      await rm(out, { recursive: true, force: true });
      await mkdir(cache, { recursive: true });
      const measurement = await measure(process.execPath, [ASTRO_BIN, 'build', '--root', sites[site]], {
        cwd: sites[site],
        env: { ...siteBuildEnv(strapi, { cacheDir: cache, outDir: out }), TILSHI_IMAGE_CACHE_DIR: path.join(work, 'images') },
        logFile: path.join(work, `${site}.log`),
      });
      if (measurement.exitCode !== 0)
        throw new Error(`round ${round}: the build of ${site} (${sites[site]}) failed: see ${path.join(work, `${site}.log`)}`);
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
    ? `\nsame pages: ${same.compared} .html/.xml files compare equal (hashed asset names aside)`
    : `\npages differ: ${same.differ.length} of ${same.compared}, e.g. ${same.differ.slice(0, 5).join(', ')}`,
);
