/**
 * The opaque cursor of the comment list: the numeric id of the last comment
 * of a page (ids grow with creation, so "after this id" is "newer than
 * this"). Opaque so the island passes it back untouched and the format may
 * change; validated on the way in.
 */
import { CommentsError } from './errors.ts';

const PREFIX = 'c1:';

/** base64url with web-standard btoa/atob only (the core runs on any host, edge runtimes included). */
export function encodeCursor(lastId: number): string {
  return btoa(`${PREFIX}${lastId}`).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** null for a missing or empty cursor (the first page); 400 invalid_cursor for anything that is not one of ours. */
export function decodeCursor(cursor: string | null): number | null {
  if (cursor === null || cursor === '') return null;
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(cursor)) throw new CommentsError('invalid_cursor');
  let text: string;
  try {
    text = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
  } catch (error) {
    throw new CommentsError('invalid_cursor', { cause: error });
  }
  const match = new RegExp(`^${PREFIX}([1-9]\\d{0,15})$`).exec(text);
  const id = match?.[1] === undefined ? Number.NaN : Number(match[1]);
  if (!Number.isSafeInteger(id)) throw new CommentsError('invalid_cursor');
  return id;
}
