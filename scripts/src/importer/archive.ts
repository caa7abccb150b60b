/**
 * Imports a folder of exports (text and HTML, Russian and Kazakh, any depth)
 * with `importArticle` for each file:
 *
 * - idempotent and resumable: every file's content hash is recorded in the
 *   CMS with its article in the same transaction, so a re-run — after a
 *   finished run, Ctrl-C, a crash or `kill -9` — skips what is there and
 *   imports the rest; nothing is imported twice and nothing half;
 * - parallel within Strapi's limits: `concurrency` files in flight (default
 *   4) — parsing, the hash look-up and uploads overlap, while the CMS runs
 *   the plans one at a time (one SQLite writer; race-free find-or-create);
 * - a progress callback per file, and a report: imported, skipped,
 *   warnings per file, refused with the line and reason, linked translations;
 * - drafts by default; with `publish`, what was imported by this run
 *   without a warning or placeholder photo is published afterwards in
 *   batches of `publishBatch` (default 100) through one request each. The
 *   publish service coalesces the webhooks of a batch into one scoped build
 *   (those arriving during a build wait and become one follow-up build), so
 *   a thousand publishes make a handful of builds, never a thousand.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import { z } from 'zod';
import { StrapiClient, StrapiRequestError, StrapiUnreachableError } from '@tilshi/strapi-client';
import type { Note } from './article.ts';
import { ImportParseError } from './errors.ts';
import { ImportArticleError, importArticle, type ImportArticleResult } from './index.ts';

export const ARCHIVE_EXTENSIONS = ['.txt', '.html', '.htm'] as const;

export type FileOutcome =
  | { file: string; status: 'imported'; result: ImportArticleResult; published?: { ok: boolean; error: string | null } }
  | { file: string; status: 'skipped'; result: ImportArticleResult }
  | { file: string; status: 'refused'; line: number | null; reason: string }
  | { file: string; status: 'failed'; reason: string };

export type ArchiveReport = {
  dir: string;
  startedAt: string;
  finishedAt: string;
  seconds: number;
  /** Files found; `outcomes` has one entry per file processed (fewer when interrupted). */
  files: number;
  interrupted: string | null;
  counts: {
    imported: number;
    skipped: number;
    refused: number;
    failed: number;
    withWarnings: number;
    linked: number;
    published: number;
    notPublished: number;
  };
  /** Credits and authors this run created (each marked for review in the panel). */
  created: { credits: string[]; authors: string[] };
  outcomes: FileOutcome[];
};

export type ImportArchiveOptions = {
  dir: string;
  url: string;
  writeToken: string;
  concurrency?: number;
  linkTranslations?: boolean;
  publish?: boolean;
  publishBatch?: number;
  /** Stops scheduling files when aborted; files in flight finish (or roll back) first. */
  signal?: AbortSignal;
  onFile?: (outcome: FileOutcome, done: number, total: number) => void;
  log?: (line: string) => void;
  rest?: StrapiClient;
};

/** Every .txt/.html/.htm file under `dir`, sorted; the `<page>_files` folders of saved pages are not articles. */
export async function listArchive(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && (ARCHIVE_EXTENSIONS as readonly string[]).includes(path.extname(entry.name).toLowerCase()))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter(
      (file) =>
        !path
          .relative(dir, file)
          .split(path.sep)
          .some((part) => /_files$/u.test(part)),
    )
    .sort();
}

const PublishResult = z.array(
  z.object({ documentId: z.string(), locale: z.string(), published: z.boolean(), error: z.string().nullable() }),
);

export async function importArchive(options: ImportArchiveOptions): Promise<ArchiveReport> {
  const log = options.log ?? (() => {});
  const started = new Date();
  const files = await listArchive(options.dir);
  const rest = options.rest ?? new StrapiClient({ baseUrl: options.url, token: options.writeToken });
  const limit = pLimit(Math.max(1, options.concurrency ?? 4));
  const outcomes: FileOutcome[] = [];
  let interrupted: string | null = null;
  // Queued files see `interrupted` and return at once (p-limit's clearQueue would leave their promises pending forever).
  const stop = (reason: string) => {
    interrupted ??= reason;
  };
  options.signal?.addEventListener('abort', () => stop('interrupted (signal)'), { once: true });
  if (options.signal?.aborted) stop('interrupted (signal)');

  const record = (outcome: FileOutcome) => {
    outcomes.push(outcome);
    options.onFile?.(outcome, outcomes.length, files.length);
  };

  await Promise.all(
    files.map((file) =>
      limit(async () => {
        if (interrupted) return;
        const sourcePath = path.relative(options.dir, file);
        try {
          const result = await importArticle({
            url: options.url,
            writeToken: options.writeToken,
            file,
            sourcePath,
            rest,
            linkTranslations: options.linkTranslations ?? true,
          });
          record(
            result.status === 'imported'
              ? { file: sourcePath, status: 'imported', result }
              : { file: sourcePath, status: 'skipped', result },
          );
        } catch (error) {
          if (error instanceof ImportParseError) record({ file: sourcePath, status: 'refused', line: error.line, reason: error.message });
          else if (
            error instanceof StrapiUnreachableError ||
            (error instanceof ImportArticleError && error.cause instanceof StrapiUnreachableError)
          ) {
            record({ file: sourcePath, status: 'failed', reason: error.message });
            stop(`Strapi became unreachable: ${error instanceof Error ? error.message : String(error)}`);
          } else if (error instanceof ImportArticleError || error instanceof StrapiRequestError)
            record({ file: sourcePath, status: 'failed', reason: error.message });
          else throw error;
        }
      }),
    ),
  );

  if (options.publish && !interrupted) await publishClean(rest, outcomes, options.publishBatch ?? 100, log);

  const finished = new Date();
  const imported = outcomes.filter((outcome): outcome is Extract<FileOutcome, { status: 'imported' }> => outcome.status === 'imported');
  const count = (status: FileOutcome['status']) => outcomes.filter((outcome) => outcome.status === status).length;
  const createdNames = (pick: (result: ImportArticleResult) => Array<{ name: string; created: boolean }>) =>
    [
      ...new Set(
        imported.flatMap((outcome) =>
          pick(outcome.result)
            .filter((item) => item.created)
            .map((item) => item.name),
        ),
      ),
    ].sort();
  return {
    dir: options.dir,
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    seconds: (finished.getTime() - started.getTime()) / 1000,
    files: files.length,
    interrupted,
    counts: {
      imported: imported.length,
      skipped: count('skipped'),
      refused: count('refused'),
      failed: count('failed'),
      withWarnings: imported.filter((outcome) => outcome.result.warnings.length > 0).length,
      linked: imported.filter((outcome) => outcome.result.translationOf !== null).length,
      published: imported.filter((outcome) => outcome.published?.ok).length,
      notPublished: imported.filter((outcome) => outcome.published && !outcome.published.ok).length,
    },
    created: { credits: createdNames((result) => result.credits), authors: createdNames((result) => result.authors) },
    outcomes: [...outcomes].sort((a, b) => a.file.localeCompare(b.file)),
  };
}

/** What this run imported with no warning and no placeholder photo, both locales of a linked story together. */
export function publishable(outcome: FileOutcome): boolean {
  return outcome.status === 'imported' && outcome.result.warnings.length === 0 && outcome.result.placeholders === 0;
}

async function publishClean(rest: StrapiClient, outcomes: FileOutcome[], batchSize: number, log: (line: string) => void): Promise<void> {
  const candidates = outcomes.filter((outcome): outcome is Extract<FileOutcome, { status: 'imported' }> => outcome.status === 'imported');
  for (const outcome of candidates)
    if (!publishable(outcome))
      outcome.published = {
        ok: false,
        error: outcome.result.placeholders > 0 ? 'placeholder photos: replace them first' : 'warnings: check them first',
      };
  const clean = candidates.filter(publishable);
  for (let start = 0; start < clean.length; start += batchSize) {
    const batch = clean.slice(start, start + batchSize);
    const results = await rest.post(
      '/api/import-records/publish',
      { documents: batch.map((outcome) => ({ documentId: outcome.result.documentId, locale: outcome.result.locale })) },
      PublishResult,
    );
    for (const outcome of batch) {
      const result = results.find((item) => item.documentId === outcome.result.documentId && item.locale === outcome.result.locale);
      outcome.published = { ok: result?.published ?? false, error: result?.error ?? (result ? null : 'no answer for it') };
    }
    log(
      `published ${results.filter((item) => item.published).length} of ${batch.length} (batch ${start / batchSize + 1} of ${Math.ceil(clean.length / batchSize)})`,
    );
  }
}

// --- the report ------------------------------------------------------------------------

const noteLine = (note: Note) => `${note.line ? `line ${note.line}: ` : ''}${note.message}`;

/** The report as Markdown, for an editor: what needs their attention first. */
export function renderReport(report: ArchiveReport, panelUrl: string | null): string {
  const { counts } = report;
  const link = (result: ImportArticleResult) =>
    panelUrl
      ? `[${result.title}](${panelUrl}/admin/content-manager/collection-types/api::article.article/${result.documentId}?plugins[i18n][locale]=${result.locale})`
      : `«${result.title}» (${result.documentId})`;
  const lines: string[] = [
    `# Archive import: ${report.dir}`,
    '',
    `${report.startedAt} → ${report.finishedAt} (${report.seconds.toFixed(1)} s). ${report.files} file(s) found.`,
    report.interrupted
      ? `\n**Interrupted: ${report.interrupted}.** ${report.files - report.outcomes.length} file(s) were not processed; run the same command again to resume (what is imported is skipped).`
      : '',
    '',
    `| imported | of them with warnings | linked as translations | skipped (imported before) | refused | failed | published |`,
    `| --- | --- | --- | --- | --- | --- | --- |`,
    `| ${counts.imported} | ${counts.withWarnings} | ${counts.linked} | ${counts.skipped} | ${counts.refused} | ${counts.failed} | ${counts.published} |`,
    '',
  ];
  if (report.created.credits.length || report.created.authors.length) {
    lines.push('## Created by this import (marked «needsReview» in the panel)', '');
    if (report.created.credits.length) lines.push(`- credits: ${report.created.credits.map((name) => `«${name}»`).join(', ')}`);
    if (report.created.authors.length) lines.push(`- authors: ${report.created.authors.map((name) => `«${name}»`).join(', ')}`);
    lines.push('');
  }
  const refused = report.outcomes.filter((outcome) => outcome.status === 'refused' || outcome.status === 'failed');
  if (refused.length) {
    lines.push('## Refused (nothing was created for them): fix the file and run again', '');
    for (const outcome of refused)
      if (outcome.status === 'refused' || outcome.status === 'failed') lines.push(`- \`${outcome.file}\`: ${outcome.reason}`);
    lines.push('');
  }
  const imported = report.outcomes.filter(
    (outcome): outcome is Extract<FileOutcome, { status: 'imported' }> => outcome.status === 'imported',
  );
  const attention = imported.filter(
    (outcome) => outcome.result.warnings.length > 0 || outcome.result.placeholders > 0 || outcome.result.related.length > 0,
  );
  if (attention.length) {
    lines.push('## Imported drafts to check', '');
    for (const { file, result } of attention) {
      lines.push(`- \`${file}\` → ${link(result)} (${result.locale})`);
      for (const warning of result.warnings) lines.push(`  - ⚠ ${noteLine(warning)}`);
      if (result.placeholders)
        lines.push(`  - ${result.placeholders} placeholder photo(s) «ФОТО ОЖИДАЕТСЯ»: replace them with the originals`);
      for (const related of result.related)
        lines.push(
          `  - «Читайте также» dropped: «${related.title}»${related.url ? ` (${related.url})` : ''}: link it in the panel if wanted`,
        );
    }
    lines.push('');
  }
  const linked = imported.filter((outcome) => outcome.result.translationOf);
  if (linked.length) {
    lines.push('## Linked as translations (same date and figures)', '');
    for (const { file, result } of linked) {
      const of = result.translationOf;
      if (of)
        lines.push(
          `- \`${file}\` (${result.locale}) → the ${result.locale} version of «${of.title ?? of.documentId}» (${of.locale}); ${of.sharedFigures} of ${of.figures} figures shared`,
        );
    }
    lines.push('');
  }
  const clean = imported.filter((outcome) => !attention.includes(outcome));
  if (clean.length) {
    lines.push(`## Imported without remarks (${clean.length})`, '');
    for (const { file, result, published } of clean)
      lines.push(
        `- \`${file}\` → ${link(result)} (${result.locale})${published ? (published.ok ? ', published' : `, not published: ${published.error}`) : ''}`,
      );
    lines.push('');
  }
  const skipped = report.outcomes.filter((outcome) => outcome.status === 'skipped');
  if (skipped.length)
    lines.push(
      `## Skipped: imported before (${skipped.length})`,
      '',
      ...skipped.map(
        (outcome) =>
          `- \`${outcome.file}\`${outcome.status === 'skipped' ? ` → ${outcome.result.documentId} (${outcome.result.locale})` : ''}`,
      ),
      '',
    );
  return `${lines
    .filter((line, index, all) => !(line === '' && all[index - 1] === ''))
    .join('\n')
    .trim()}\n`;
}
