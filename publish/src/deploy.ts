/**
 * Deploying only what changed to a static host (CI mode, `cli.ts deploy`).
 *
 * The live tree is compared with the tree deployed last time, kept as a
 * state file (path → size, mtime, SHA-256; a file whose size and mtime did
 * not change keeps its hash, so a run hashes only what a build rewrote).
 * What differs becomes two lists, `changed` (in the order a live site can
 * take them: images, article pages, listings, then the pages linking to
 * them, as the service applies them) and `deleted`, which go to the host:
 *
 * - `--to DIR`: copied into a folder (a mounted web root), each file
 *   atomically, then the deletions;
 * - `--command CMD`: an uploader of the operator's choice, run with the lists in its environment
 *   (publish/README.md shows rsync and rclone for S3-compatible storage).
 *
 * The state file is written only after the host took everything, so a
 * failed upload is sent again by the next run.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, realpath, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { isMissing, listFiles, removeFileAndEmptyParents, stageOf, writeFileAtomic } from './live.ts';

/** A path inside the tree: relative, with no `..` segment (a tampered state file must not name a file outside the host's folder). */
const insideTree = (file: string) => file !== '' && !path.isAbsolute(file) && !file.split(/[\\/]/).includes('..');

const entrySchema = z.object({ size: z.number().int().min(0), mtimeMs: z.number(), sha256: z.string().regex(/^[0-9a-f]{64}$/) });
const treeSchema = z.object({ version: z.literal(1), files: z.record(z.string(), entrySchema) });

export type TreeState = z.infer<typeof treeSchema>;
export type TreeDiff = { changed: string[]; deleted: string[] };

/** The state of the tree deployed last time; an empty tree if none was (everything is new). */
export async function readTreeState(file: string): Promise<TreeState> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (isMissing(error)) return { version: 1, files: {} };
    throw error;
  }
  const parsed = treeSchema.safeParse(JSON.parse(text));
  if (!parsed.success)
    throw new Error(
      `${file} is not a deployed-tree state (${parsed.error.issues[0]?.message ?? 'invalid'}): delete it to deploy everything`,
    );
  const outside = Object.keys(parsed.data.files).find((name) => !insideTree(name));
  if (outside !== undefined)
    throw new Error(
      `${file} is not a deployed-tree state (a path outside the deployed tree: ${JSON.stringify(outside)}): delete it to deploy everything`,
    );
  return parsed.data;
}

async function sha256Of(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
}

/** Every file under `root` (symlinks resolved) with its size, mtime and hash; hashes of unchanged files come from `previous`. */
export async function scanTree(root: string, previous: TreeState): Promise<TreeState> {
  const base = await realpath(root);
  const files: TreeState['files'] = {};
  for (const relative of (await listFiles(base)).sort()) {
    const absolute = path.join(base, relative);
    const { size, mtimeMs } = await stat(absolute);
    const known = previous.files[relative];
    const sha256 = known && known.size === size && known.mtimeMs === mtimeMs ? known.sha256 : await sha256Of(absolute);
    files[relative] = { size, mtimeMs, sha256 };
  }
  return { version: 1, files };
}

/** What the host lacks: files new or different since `before` (in applying order), and files gone. */
export function diffTrees(before: TreeState, after: TreeState): TreeDiff {
  const changed = Object.keys(after.files)
    .filter((file) => before.files[file]?.sha256 !== after.files[file]?.sha256)
    .sort((a, b) => stageOf(a) - stageOf(b) || a.localeCompare(b));
  const deleted = Object.keys(before.files)
    .filter((file) => !(file in after.files))
    .sort();
  return { changed, deleted };
}

async function copyInto(source: string, target: string, diff: TreeDiff): Promise<void> {
  for (const file of diff.changed) await writeFileAtomic(path.join(target, file), await readFile(path.join(source, file)));
  for (const file of diff.deleted) await removeFileAndEmptyParents(target, file);
}

function runCommand(command: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', command], { env, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`the deploy command failed (${signal ?? `exit ${String(code)}`}): ${command}`));
    });
  });
}

export type DeployOptions = {
  /** The tree to deploy (e.g. <live>/current/client). */
  source: string;
  /** The state of the last deploy to this host. */
  stateFile: string;
  /** Where the lists are written (changed.txt, deleted.txt, files.txt = both). */
  listsDir: string;
  /** A folder to copy into; or */
  to?: string;
  /** a shell command that uploads the lists (TILSHI_DEPLOY_* in its environment). */
  command?: string;
  log: (line: string) => void;
};

/** Diffs the tree against the last deploy, sends the difference to the host, then records the new state. */
export async function deploy(options: DeployOptions): Promise<TreeDiff> {
  const before = await readTreeState(options.stateFile);
  const after = await scanTree(options.source, before);
  const diff = diffTrees(before, after);
  await mkdir(options.listsDir, { recursive: true });
  const lists = {
    changed: path.join(options.listsDir, 'changed.txt'),
    deleted: path.join(options.listsDir, 'deleted.txt'),
    files: path.join(options.listsDir, 'files.txt'),
  };
  const lines = (files: string[]) => files.map((file) => `${file}\n`).join('');
  await writeFile(lists.changed, lines(diff.changed));
  await writeFile(lists.deleted, lines(diff.deleted));
  await writeFile(lists.files, lines([...diff.changed, ...diff.deleted]));
  options.log(`deploy: ${diff.changed.length} changed, ${diff.deleted.length} deleted of ${Object.keys(after.files).length} files`);
  const source = await realpath(options.source);
  if (options.to) await copyInto(source, options.to, diff);
  if (options.command)
    await runCommand(options.command, {
      ...process.env,
      TILSHI_DEPLOY_SOURCE: source,
      TILSHI_DEPLOY_CHANGED: lists.changed,
      TILSHI_DEPLOY_DELETED: lists.deleted,
      TILSHI_DEPLOY_FILES: lists.files,
    });
  await mkdir(path.dirname(options.stateFile), { recursive: true });
  const temporary = `${options.stateFile}.tmp`;
  await writeFile(temporary, JSON.stringify(after));
  await rename(temporary, options.stateFile);
  return diff;
}
