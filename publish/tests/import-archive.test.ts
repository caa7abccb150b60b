/**
 * `npm run import-archive -- DIR --publish` against the real stack: what
 * passes every rule goes live, what has a placeholder photo stays a draft,
 * and publishing a batch of imported articles costs a handful of builds, not
 * one per article (the publish service coalesces the batch's webhooks).
 */
import { waitQuiet } from '@tilshi/testing/publish-stack';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { importArchive, type ArchiveReport } from '../../scripts/src/importer/archive.ts';
import { buildsSince, publishStatus, served, slugOf } from './helpers.ts';

const stack = inject('stack');
const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../scripts/src/importer/fixtures');
const CLEAN = 24;

let work: string;
let report: ArchiveReport;
let startedAt: number;

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'tilshi-import-publish-'));
  const dir = path.join(work, 'archive');
  mkdirSync(dir, { recursive: true });
  const stamp = Date.now().toString(36);
  const template = readFileSync(path.join(FIXTURES, 'pair-ru.txt'), 'utf8');
  // Clean exports (no photo lines: nothing to replace) and two with a credited photo (a placeholder until an editor adds it).
  const clean = template.replace(/^Фото: .*\n/gmu, '');
  for (let index = 0; index < CLEAN; index += 1) {
    const text = clean
      .replace('12.09.2024, 11:20', `0${(index % 9) + 1}.10.2025, 12:${String(index).padStart(2, '0')}`)
      .replace(/250/gu, String(700 + index))
      .replace(/^В Актау отремонтируют/mu, `В Актау отремонтируют ${stamp}-${index}:`);
    writeFileSync(path.join(dir, `clean-${index}.txt`), text);
  }
  for (let index = 0; index < 2; index += 1) {
    writeFileSync(
      path.join(dir, `photo-${index}.txt`),
      template.replace(/250/gu, String(900 + index)).replace(/^В Актау отремонтируют/mu, `Фото нужно ${stamp}-${index}:`),
    );
  }
  await waitQuiet(stack);
  startedAt = Date.now();
  report = await importArchive({
    dir,
    url: stack.strapiUrl,
    writeToken: stack.writeToken,
    concurrency: 4,
    publish: true,
    publishBatch: 100,
  });
  await waitQuiet(stack, { quietMs: 2_000, timeoutMs: 300_000 });
}, 600_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('an archive imported with --publish', () => {
  it('publishes what passed every rule and keeps the placeholder-photo articles as drafts, saying why', () => {
    expect(report.counts.imported).toBe(CLEAN + 2);
    expect(report.counts.published).toBe(CLEAN);
    const held = report.outcomes.filter((outcome) => outcome.status === 'imported' && outcome.published && !outcome.published.ok);
    expect(held.map((outcome) => outcome.file).sort()).toEqual(['photo-0.txt', 'photo-1.txt']);
    expect(held.every((outcome) => outcome.status === 'imported' && outcome.published?.error?.includes('placeholder'))).toBe(true);
  });

  it('puts every published article live, and the drafts nowhere', async () => {
    for (const outcome of report.outcomes) {
      if (outcome.status !== 'imported') continue;
      if (outcome.published?.ok) {
        const slug = await slugOf(stack, outcome.result.documentId);
        expect((await served(stack, `/news/${slug}/`)).status, outcome.file).toBe(200);
      } else {
        await expect(slugOf(stack, outcome.result.documentId)).rejects.toThrow(/not published/);
      }
    }
  });

  it(`costs a few builds for ${CLEAN} publishes, all successful, and no full build`, async () => {
    const builds = buildsSince(await publishStatus(stack), startedAt);
    expect(builds.length).toBeGreaterThanOrEqual(1);
    expect(builds.length).toBeLessThanOrEqual(4);
    expect(builds.every((build) => build.ok && build.kind === 'scoped')).toBe(true);
  });
});
