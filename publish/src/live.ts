/**
 * The live site on disk, as the site server (site/serve.mjs) and a static
 * host read it:
 *
 *   <live>/releases/<id>/client/     the static files (what a CDN would serve)
 *   <live>/releases/<id>/server/     the Node adapter's server bundle (on-demand routes)
 *   <live>/releases/<id>/index.json  the service's index of that release (+ index-delta.jsonl)
 *   <live>/current -> releases/<id>  relative symlink
 *
 * A full build becomes a new release and goes live in one step: a new
 * symlink is created beside `current` and renamed over it (rename is atomic).
 * The last N releases are kept for rollback. A scoped build updates the
 * current release in place, file by file, each written to a temporary file in
 * the same folder and renamed over the old one: a reader gets the old file or
 * the new one, never a mix. The order of the writes (see `stageOf`) keeps
 * every link pointing at a page that is already live.
 */
import { randomBytes } from 'node:crypto';
import {
  access,
  copyFile,
  link,
  lstat,
  mkdir,
  readdir,
  readFile,
  readlink,
  rename,
  rm,
  rmdir,
  symlink,
  unlink,
  writeFile,
} from 'node:fs/promises';
import path from 'node:path';
import { LiveTreeError } from './errors.ts';

export type Release = { id: string; dir: string };

/**
 * When a file may be written: 0 assets (images), 1 article pages, 2 day
 * archives, day sitemaps and taxonomy pages, 3 everything that links to
 * those (home, feeds, month archives, archive index, sitemap index…).
 * Deletions come last.
 */
export function stageOf(relative: string): number {
  const rel = relative.split(path.sep).join('/');
  if (rel.startsWith('_astro/')) return 0;
  const local = rel.replace(/^[a-z]{2}\//, '');
  if (local.startsWith('news/')) return 1;
  if (/^(archive\/\d{4}\/\d{2}\/\d{2}\/|rubric\/|tag\/|author\/|events\/|organizations\/)/.test(local) || rel.startsWith('sitemaps/news-'))
    return 2;
  return 3;
}

const tmpName = (target: string) => path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);

/** Writes a file atomically: temporary file in the same folder, then rename over the target. */
export async function writeFileAtomic(target: string, data: Uint8Array | string): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  const tmp = tmpName(target);
  try {
    await writeFile(tmp, data);
    await rename(tmp, target);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

/** Removes a file and then every folder above it that became empty, up to (not including) `root`. */
export async function removeFileAndEmptyParents(root: string, relative: string): Promise<boolean> {
  const target = path.join(root, relative);
  try {
    await unlink(target);
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
  let dir = path.dirname(target);
  while (dir.startsWith(root + path.sep)) {
    try {
      await rmdir(dir);
    } catch {
      break; // not empty (or gone): stop climbing
    }
    dir = path.dirname(dir);
  }
  return true;
}

/** Folders read at once by listFiles: the thread pool then works while this one waits. */
const LIST_WIDTH = 32;

/**
 * Every file under `dir`, as paths relative to it with `/`, in no particular order (`ifMissing: 'empty'`:
 * none when `dir` does not exist, which otherwise fails). Reads many folders at once:
 * `readdir(…, { recursive: true })` reads one after the other, 8.8 s for a release of 324,000 files
 * against 1.8 s this way (BENCHMARKS.md).
 */
export async function listFiles(dir: string, options: { ifMissing?: 'empty' } = {}): Promise<string[]> {
  const files: string[] = [];
  const folders: string[] = [''];
  let reading = 0;
  await new Promise<void>((resolve, reject) => {
    let failed = false;
    const next = (): void => {
      while (!failed && reading < LIST_WIDTH && folders.length > 0) {
        const folder = folders.pop() ?? '';
        reading += 1;
        readdir(path.join(dir, folder), { withFileTypes: true }).then(
          (entries) => {
            for (const entry of entries) {
              const relative = folder === '' ? entry.name : `${folder}/${entry.name}`;
              if (entry.isDirectory()) folders.push(relative);
              else if (entry.isFile()) files.push(relative);
            }
            reading -= 1;
            if (reading === 0 && folders.length === 0) resolve();
            else next();
          },
          (error: unknown) => {
            reading -= 1;
            if (folder === '' && options.ifMissing === 'empty' && isMissing(error)) resolve();
            else {
              failed = true;
              reject(error instanceof Error ? error : new Error(String(error)));
            }
          },
        );
      }
    };
    next();
  });
  return files;
}

/**
 * Gives `to` the files of `from` as hard links (a copy where the file system cannot link, e.g. across
 * devices); returns how many. Only for files that are replaced by rename or unlinked, never rewritten in
 * place (writeFileAtomic): a write in place would show in both trees.
 */
export async function linkTree(from: string, to: string): Promise<number> {
  const files = await listFiles(from);
  for (let i = 0; i < files.length; i += LIST_WIDTH) {
    await Promise.all(
      files.slice(i, i + LIST_WIDTH).map(async (file) => {
        const source = path.join(from, file);
        const target = path.join(to, file);
        await mkdir(path.dirname(target), { recursive: true });
        try {
          await link(source, target);
        } catch (error) {
          if (!CROSS_LINK_CODES.has(codeOf(error))) throw error;
          await copyFile(source, target);
        }
      }),
    );
  }
  return files.length;
}

/**
 * Moves what `from` has and `into` has not into `into`, by rename: a folder missing there goes whole,
 * a folder in both is merged the same way, a file in both stays as `into` has it. Returns how many
 * entries moved. Both must be on one file system (siblings: the partitions of a full build).
 */
export async function moveTreeInto(from: string, into: string): Promise<number> {
  const [entries, present] = await Promise.all([
    readdir(from, { withFileTypes: true }),
    readdir(into, { withFileTypes: true }).catch((error: unknown) => {
      if (isMissing(error)) return [];
      throw error;
    }),
  ]);
  const there = new Map(present.map((entry) => [entry.name, entry]));
  let moved = 0;
  for (let i = 0; i < entries.length; i += LIST_WIDTH) {
    const counts = await Promise.all(
      entries.slice(i, i + LIST_WIDTH).map(async (entry) => {
        const existing = there.get(entry.name);
        if (!existing) {
          await rename(path.join(from, entry.name), path.join(into, entry.name));
          return 1;
        }
        return entry.isDirectory() && existing.isDirectory() ? moveTreeInto(path.join(from, entry.name), path.join(into, entry.name)) : 0;
      }),
    );
    moved += counts.reduce((sum, count) => sum + count, 0);
  }
  return moved;
}

/** Why a hard link could not be made where a copy still can (another device, a file system without links, too many links). */
const CROSS_LINK_CODES = new Set<unknown>(['EXDEV', 'EPERM', 'EMLINK']);

/** The `code` of a Node system error (ENOENT…), if it has one. */
function codeOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}

/** Whether `file` exists (and is reachable). */
export async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/** The files (relative to both folders) whose content in `fromClient` is not what `liveClient` holds, or that it lacks. */
export async function differingFiles(fromClient: string, liveClient: string, files: readonly string[]): Promise<string[]> {
  const differing: string[] = [];
  const differs = async (relative: string) => {
    const [data, existing] = await Promise.all([
      readFile(path.join(fromClient, relative)),
      readFile(path.join(liveClient, relative)).catch((error: unknown) => {
        if (isMissing(error)) return null;
        throw error;
      }),
    ]);
    return existing === null || !existing.equals(data);
  };
  // 32 at a time: a background chunk's hundreds of pages and images never hold that many files open.
  for (let start = 0; start < files.length; start += 32) {
    const slice = files.slice(start, start + 32);
    const results = await Promise.all(slice.map(differs));
    differing.push(...slice.filter((_, index) => results[index]));
  }
  return differing;
}

export function isMissing(error: unknown): boolean {
  const code = codeOf(error);
  return code === 'ENOENT' || code === 'ENOTDIR';
}

let sequence = 0;

export class LiveTree {
  readonly root: string;
  readonly releasesDir: string;
  readonly currentLink: string;

  constructor(root: string) {
    this.root = root;
    this.releasesDir = path.join(root, 'releases');
    this.currentLink = path.join(root, 'current');
  }

  /** A new, sortable release id: UTC time to the millisecond plus a counter. */
  newReleaseId(now = new Date()): string {
    sequence = (sequence + 1) % 1000;
    return `${now.toISOString().replace(/[-:]/g, '').replace('.', '')}-${String(sequence).padStart(3, '0')}`;
  }

  releaseDir(id: string): string {
    return path.join(this.releasesDir, id);
  }

  /** The release `current` points at, or null before the first full build. */
  async current(): Promise<Release | null> {
    let target: string;
    try {
      target = await readlink(this.currentLink);
    } catch (error) {
      if (isMissing(error) || (typeof error === 'object' && error !== null && 'code' in error && error.code === 'EINVAL')) return null;
      throw error;
    }
    const id = path.basename(target);
    return { id, dir: this.releaseDir(id) };
  }

  /** The releases on disk, oldest first (ids sort by time). Folders still being built end in `.building` and are skipped. */
  async releases(): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.releasesDir);
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
    return names.filter((name) => !name.endsWith('.building')).sort();
  }

  /** Points `current` at a release in one atomic step. */
  async activate(id: string): Promise<void> {
    const dir = this.releaseDir(id);
    const stat = await lstat(path.join(dir, 'client')).catch(() => null);
    if (!stat?.isDirectory()) throw new LiveTreeError(`release ${id} has no client folder (${dir})`);
    await mkdir(this.root, { recursive: true });
    const tmp = `${this.currentLink}.${randomBytes(6).toString('hex')}.tmp`;
    await symlink(path.relative(this.root, dir), tmp);
    try {
      await rename(tmp, this.currentLink);
    } catch (error) {
      await unlink(tmp).catch(() => {});
      throw error;
    }
  }

  /** The release before the current one (for rollback), or null. */
  async previous(): Promise<string | null> {
    const current = await this.current();
    const all = await this.releases();
    const index = current ? all.indexOf(current.id) : -1;
    return index > 0 ? (all[index - 1] ?? null) : null;
  }

  /** Deletes the oldest releases beyond `keep` (never the current one) and leftovers of interrupted builds. */
  async prune(keep: number): Promise<string[]> {
    const current = await this.current();
    const all = await this.releases();
    const removable = all.filter((id) => id !== current?.id);
    const excess = Math.max(0, all.length - keep);
    const removed = removable.slice(0, excess);
    for (const id of removed) await rm(this.releaseDir(id), { recursive: true, force: true });
    const names = await readdir(this.releasesDir).catch(() => [] as string[]);
    for (const name of names) if (name.endsWith('.building')) await rm(path.join(this.releasesDir, name), { recursive: true, force: true });
    return removed;
  }

  /**
   * Copies `files` (relative paths under `fromClient`) into the current
   * release's client folder (or `releaseDir`'s: a release about to go live), atomically each, in `stageOf` order; skips files
   * whose content is already live; then deletes `deletes`. Returns what it did.
   */
  async applyFiles(
    fromClient: string,
    files: readonly string[],
    deletes: readonly string[],
    options: { onlyIfMissing?: (relative: string) => boolean; releaseDir?: string } = {},
  ): Promise<{ written: string[]; unchanged: number; deleted: string[] }> {
    const current = options.releaseDir ? { dir: options.releaseDir } : await this.current();
    if (!current) throw new LiveTreeError('there is no live release to update: run a full build first');
    const liveClient = path.join(current.dir, 'client');
    const ordered = [...files].sort((a, b) => stageOf(a) - stageOf(b) || a.localeCompare(b));
    const written: string[] = [];
    let unchanged = 0;
    for (const relative of ordered) {
      const target = path.join(liveClient, relative);
      const data = await readFile(path.join(fromClient, relative));
      const existing = await readFile(target).catch((error: unknown) => {
        if (isMissing(error)) return null;
        throw error;
      });
      if (existing !== null && (options.onlyIfMissing?.(relative) || existing.equals(data))) {
        unchanged += 1;
        continue;
      }
      await writeFileAtomic(target, data);
      written.push(relative);
    }
    const deleted: string[] = [];
    for (const relative of deletes) if (await removeFileAndEmptyParents(liveClient, relative)) deleted.push(relative);
    return { written, unchanged, deleted };
  }
}
