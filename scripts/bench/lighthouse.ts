/**
 * Lighthouse scores of the site as readers' phones see it: the home page, a
 * rubric listing, an article with "read next" and the Kazakh home page, with
 * Lighthouse's mobile settings (a mid-range phone, simulated slow 4G) in
 * Debian's Chromium, all four categories. The budget is 95 in each; the
 * script exits 1 when a score is below it.
 *
 *   npm start                                                  # the demo newsroom on :4321
 *   node scripts/bench/lighthouse.ts [--site http://127.0.0.1:4321] [--runs 3]
 *
 * Each page is measured `--runs` times and the median kept: Lighthouse's
 * performance score moves with the machine's load (2 shared cores here).
 * Results, machine and command go to BENCHMARKS.md by hand.
 */
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { z } from 'zod';
import { machineInfo } from './lib/machine.ts';

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
const BUDGET = 95;

function args(): { site: string; runs: number } {
  const argv = process.argv.slice(2);
  const value = (name: string) => {
    const index = argv.indexOf(name);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const runs = Number(value('--runs') ?? 3);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs needs a whole number ≥ 1');
  return { site: (value('--site') ?? 'http://127.0.0.1:4321').replace(/\/+$/, ''), runs };
}

const lhr = z.object({ categories: z.record(z.string(), z.object({ score: z.number().nullable() })), finalDisplayedUrl: z.string() });

/** A page that has "read next": the newest article of the home page's first rubric block. */
async function articlePath(site: string): Promise<string> {
  const html = await (await fetch(`${site}/`)).text();
  const match = /<section aria-labelledby="rubric-[^"]+">[\s\S]*?<a href="(\/news\/[^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error(`${site}/ has no rubric block with an article: is the demo newsroom seeded (npm start)?`);
  return match[1];
}

async function main(): Promise<void> {
  const { site, runs } = args();
  const rubricHtml = await (await fetch(`${site}/`)).text();
  const rubric = /<a href="(\/rubric\/[^"]+\/)"/.exec(rubricHtml)?.[1] ?? '/rubric/obshchestvo/';
  const pages = ['/', rubric, await articlePath(site), '/kk/'];
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    chromeFlags: ['--headless=new', '--no-sandbox'],
  });
  const rows: Array<{ page: string; scores: Record<string, number> }> = [];
  try {
    for (const page of pages) {
      const samples: Record<string, number[]> = Object.fromEntries(CATEGORIES.map((category) => [category, []]));
      for (let run = 0; run < runs; run += 1) {
        const result = await lighthouse(`${site}${page}`, {
          port: chrome.port,
          output: 'json',
          logLevel: 'error',
          onlyCategories: [...CATEGORIES],
        });
        const report = lhr.parse(result?.lhr);
        for (const category of CATEGORIES) samples[category]?.push(Math.round((report.categories[category]?.score ?? 0) * 100));
      }
      const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
      rows.push({ page, scores: Object.fromEntries(CATEGORIES.map((category) => [category, median(samples[category] ?? [])])) });
      process.stdout.write(`${page}: ${CATEGORIES.map((category) => `${category} ${median(samples[category] ?? [])}`).join(', ')}\n`);
    }
  } finally {
    chrome.kill();
  }
  const machine = machineInfo(new URL('../../node_modules', import.meta.url).pathname);
  process.stdout.write(`\n| page | ${CATEGORIES.join(' | ')} |\n| --- |${CATEGORIES.map(() => ' ---: |').join('')}\n`);
  for (const row of rows) process.stdout.write(`| \`${row.page}\` | ${CATEGORIES.map((category) => row.scores[category]).join(' | ')} |\n`);
  process.stdout.write(
    `\nmedian of ${runs} run(s) per page; machine: ${machine.cpus} × ${machine.cpuModel}, load average ${machine.loadAverage}, Node ${machine.node}\n`,
  );
  const below = rows.flatMap((row) =>
    CATEGORIES.filter((category) => (row.scores[category] ?? 0) < BUDGET).map(
      (category) => `${row.page} ${category} ${row.scores[category]}`,
    ),
  );
  if (below.length > 0) {
    process.stdout.write(`below the budget of ${BUDGET}: ${below.join('; ')}\n`);
    process.exitCode = 1;
  }
}

await main();
