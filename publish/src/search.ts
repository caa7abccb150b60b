/**
 * The search index after scoped builds and full builds. Pagefind indexes the
 * whole site, so a scoped build does not touch it; instead, `SEARCH_DELAY`
 * after the last scoped build that changed pages (PUBLISH_SEARCH_DELAY_MS,
 * default 30 s), or at once after a full build went live with the previous
 * release's index (`refreshNow`, publisher.ts), the live site is re-indexed in a low-priority child process
 * (search-worker.ts) and the new index replaces the old one without a gap:
 * the new files (content-hashed) are added first, then each part's
 * `pagefind-entry.json`, then `parts.json`, which names the parts readers
 * load (site/src/lib/search-parts.ts); the old index's files are deleted a
 * minute later (a search started on the old index can finish). Bound: a published article is searchable within the
 * delay plus one indexing run (publish/README.md gives measured times).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, realpath, rm } from 'node:fs/promises';
import { setPriority } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PAGEFIND_ENTRY_FILE, SEARCH_PARTS_FILE } from '@tilshi/site/search-parts';
import { listFiles, removeFileAndEmptyParents, writeFileAtomic, type LiveTree } from './live.ts';

const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'search-worker.ts');
const OLD_FILES_GRACE_MS = 60_000;

export type SearchState = {
  /** When the oldest change not yet in the index went live (null: the index is current). */
  pendingSince: string | null;
  running: boolean;
  lastIndexedAt: string | null;
  lastDurationMs: number | null;
  lastPages: number | null;
  lastError: string | null;
};

export class SearchRefresher {
  readonly #live: LiveTree;
  readonly #delayMs: number;
  readonly #workDir: string;
  readonly #log: (line: string) => void;
  readonly #oldFilesGraceMs: number;
  #timer: NodeJS.Timeout | null = null;
  #cleanup: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;
  /** A change came during the run in progress: after it, re-index after the delay (`later`) or at once (`now`). */
  #again: 'later' | 'now' | null = null;
  #state: SearchState = { pendingSince: null, running: false, lastIndexedAt: null, lastDurationMs: null, lastPages: null, lastError: null };

  constructor(options: { live: LiveTree; delayMs: number; workDir: string; log: (line: string) => void; oldFilesGraceMs?: number }) {
    this.#live = options.live;
    this.#oldFilesGraceMs = options.oldFilesGraceMs ?? OLD_FILES_GRACE_MS;
    this.#delayMs = options.delayMs;
    this.#workDir = options.workDir;
    this.#log = options.log;
  }

  state(): SearchState {
    return { ...this.#state };
  }

  /** Pages changed: re-index after the delay (a later call does not push it further). */
  schedule(): void {
    this.#state.pendingSince ??= new Date().toISOString();
    if (this.#running) {
      this.#again ??= 'later';
      return;
    }
    if (this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.runNow();
    }, this.#delayMs);
  }

  /**
   * The live tree changed all over and still has the previous release's index (a full build went live
   * with it): re-index at once, or as soon as the run in progress ends.
   */
  refreshNow(): void {
    this.#state.pendingSince ??= new Date().toISOString();
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#running) {
      this.#again = 'now';
      return;
    }
    void this.runNow();
  }

  /** The live tree got a fresh index from a full build. */
  markCurrent(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#state.pendingSince = null;
    this.#state.lastIndexedAt = new Date().toISOString();
  }

  /** Re-indexes now (or waits for the run in progress). */
  runNow(): Promise<void> {
    this.#running ??= this.#index().finally(() => {
      this.#running = null;
      const again = this.#again;
      this.#again = null;
      if (again === 'now') this.refreshNow();
      else if (again === 'later') this.schedule();
    });
    return this.#running;
  }

  /** Re-indexes now if a change waits for the index (a one-off command's last step: no timer outlives it). */
  async flush(): Promise<void> {
    if (this.#running) await this.#running;
    if (this.#state.pendingSince === null) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.runNow();
  }

  close(): void {
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#cleanup) clearTimeout(this.#cleanup);
    this.#timer = null;
    this.#cleanup = null;
  }

  async #index(): Promise<void> {
    const current = await this.#live.current();
    if (!current) return;
    const started = performance.now();
    const since = this.#state.pendingSince;
    this.#state.pendingSince = null;
    this.#state.running = true;
    const releaseClient = await realpath(path.join(current.dir, 'client'));
    const output = await mkdtemp(path.join(this.#workDir, 'search-'));
    try {
      const pages = await indexSiteDir(releaseClient, output);
      const liveIndex = path.join(releaseClient, 'pagefind');
      const before = new Set(await listFiles(liveIndex, { ifMissing: 'empty' }));
      const fresh = await listFiles(output);
      // Content-hashed data first, then each part's Pagefind entry, then the table of contents readers start from.
      const isEntry = (file: string) => path.basename(file) === PAGEFIND_ENTRY_FILE;
      const data = fresh.filter((file) => !isEntry(file) && file !== SEARCH_PARTS_FILE);
      const entries = fresh.filter(isEntry);
      for (const file of data) {
        const bytes = await readFile(path.join(output, file));
        const existing = await readFile(path.join(liveIndex, file)).catch(() => null);
        if (!existing || !existing.equals(bytes)) await writeFileAtomic(path.join(liveIndex, file), bytes);
      }
      for (const file of [...entries, SEARCH_PARTS_FILE]) {
        await writeFileAtomic(path.join(liveIndex, file), await readFile(path.join(output, file)));
      }
      const keep = new Set(fresh);
      const stale = [...before].filter((file) => !keep.has(file));
      if (stale.length > 0 && this.#oldFilesGraceMs === 0) {
        for (const file of stale) await removeFileAndEmptyParents(liveIndex, file);
      } else if (stale.length > 0) {
        this.#cleanup = setTimeout(() => {
          this.#cleanup = null;
          void Promise.all(stale.map((file) => removeFileAndEmptyParents(liveIndex, file))).catch((error: unknown) =>
            this.#log(`search index: could not delete old files: ${error instanceof Error ? error.message : String(error)}`),
          );
        }, this.#oldFilesGraceMs);
      }
      this.#state.lastPages = pages;
      this.#state.lastError = null;
      this.#state.lastIndexedAt = new Date().toISOString();
      this.#log(`search index refreshed: ${pages} page(s) in ${Math.round(performance.now() - started)} ms`);
    } catch (error) {
      this.#state.lastError = error instanceof Error ? error.message : String(error);
      this.#state.pendingSince ??= since;
      this.#log(`search index refresh failed: ${this.#state.lastError}`);
    } finally {
      this.#state.running = false;
      this.#state.lastDurationMs = Math.round(performance.now() - started);
      await rm(output, { recursive: true, force: true });
    }
  }
}

/** Indexes a site folder into `output` in a low-priority child process (search-worker.ts); resolves to the page count. */
export function indexSiteDir(siteDir: string, output: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WORKER, siteDir, output], { stdio: ['ignore', 'pipe', 'pipe'] });
    // Below the builds: publishing must not wait for the search index.
    if (child.pid !== undefined) {
      try {
        setPriority(child.pid, 10);
      } catch {
        // not permitted on this host: runs at normal priority
      }
    }
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0) {
        reject(new Error(`Pagefind worker exited with ${code}: ${err.trim().slice(-500)}`));
        return;
      }
      const match = /\{"pages":(\d+)/.exec(out);
      resolve(match ? Number(match[1]) : 0);
    });
  });
}
