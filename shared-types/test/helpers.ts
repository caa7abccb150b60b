/**
 * Helpers of the unit tests: copy a fixture with one change, and list the
 * paths of the issues a schema reports.
 */
import type { z } from 'zod';

type Path = ReadonlyArray<string | number>;

/** The marker to pass to `changed` to delete the key at the path. */
export const REMOVE = Symbol('remove');

/** A deep copy of `value` with the value at `path` set to `next` (or deleted, with `REMOVE`). */
export function changed(value: unknown, path: Path, next: unknown): unknown {
  const copy: unknown = JSON.parse(JSON.stringify(value));
  let parent: unknown = copy;
  for (const key of path.slice(0, -1)) {
    parent = (parent as Record<string | number, unknown>)[key];
    if (parent === null || typeof parent !== 'object') throw new Error(`no object at ${path.join('.')}`);
  }
  const last = path[path.length - 1];
  if (last === undefined) return next;
  const target = parent as Record<string | number, unknown>;
  if (next === REMOVE) {
    if (!(last in target)) throw new Error(`nothing to remove at ${path.join('.')}`);
    delete target[last];
  } else {
    target[last] = next;
  }
  return copy;
}

/** The dotted paths of the issues `schema` reports for `value`; empty when it parses. */
export function issuePaths(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.map(String).join('.'));
}
