/**
 * Archive import rate: `node scripts/bench/import-archive.ts [--files 1000] [--concurrency 4]`.
 *
 * Starts a fresh Strapi (cms/dist on a temporary SQLite, the test harness),
 * seeds it, writes N exports made from the importer's readable fixtures
 * (half Russian, half Kazakh, each with its own title, date and figures, two
 * credited photo slots each), and times `importArchive` over them: a first
 * run (everything imported) and a second run (everything skipped, the
 * idempotency check). Prints articles/s for both and the machine; the
 * numbers go to BENCHMARKS.md. Needs the CMS built (`npm test` builds it).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startStrapi } from '@tilshi/testing/strapi';
import { importArchive } from '../src/importer/archive.ts';
import { runSeed } from '../src/seed/index.ts';

const { values } = parseArgs({ options: { files: { type: 'string', default: '1000' }, concurrency: { type: 'string', default: '4' } } });
const files = Number(values.files);
const concurrency = Number(values.concurrency);
const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/importer/fixtures');

const dir = mkdtempSync(path.join(os.tmpdir(), 'tilshi-import-bench-'));
const ru = readFileSync(path.join(fixtures, 'pair-ru.txt'), 'utf8');
const kk = readFileSync(path.join(fixtures, 'pair-kk.txt'), 'utf8');
for (let index = 0; index < files; index += 1) {
  const sub = path.join(dir, index % 2 ? 'kk' : 'ru');
  mkdirSync(sub, { recursive: true });
  const text = (index % 2 ? kk : ru)
    .replace(
      '12.09.2024, 11:20',
      `${String((index % 28) + 1).padStart(2, '0')}.${String((Math.floor(index / 28) % 12) + 1).padStart(2, '0')}.2020, 10:${String(index % 60).padStart(2, '0')}`,
    )
    .replace(/250/gu, String(1000 + index))
    .replace(/^(В Актау отремонтируют|Ақтауда)/mu, `$1 №${index}`);
  writeFileSync(path.join(sub, `article-${String(index).padStart(5, '0')}.txt`), text);
}

const strapi = await startStrapi();
try {
  await runSeed({ url: strapi.url, writeToken: strapi.writeToken, log: () => {} });
  const first = await importArchive({ dir, url: strapi.url, writeToken: strapi.writeToken, concurrency });
  const second = await importArchive({ dir, url: strapi.url, writeToken: strapi.writeToken, concurrency });
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  process.stdout.write(
    [
      `machine: ${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, Strapi on SQLite`,
      `files: ${files} (half ru, half kk, 2 photo slots each), concurrency ${concurrency}`,
      `first run:  ${first.counts.imported} imported, ${first.counts.refused + first.counts.failed} not, in ${first.seconds.toFixed(1)} s → ${(first.counts.imported / first.seconds).toFixed(1)} articles/s`,
      `second run: ${second.counts.skipped} skipped in ${second.seconds.toFixed(1)} s → ${(second.counts.skipped / second.seconds).toFixed(1)} files/s`,
      '',
    ].join('\n'),
  );
} finally {
  await strapi.stop();
  rmSync(dir, { recursive: true, force: true });
}
