/**
 * Turns the comments notice of the site settings ("… Зарегистрируйтесь либо
 * авторизуйтесь.") into text and link segments: the first occurrence of each
 * link word becomes a link. Returns null when a word is missing, so the
 * caller falls back to the dictionary's wording (which always has the links).
 */
export type Segment = { text: string; href?: string };

export function linkSegments(text: string, links: ReadonlyArray<{ word: string; href: string }>): Segment[] | null {
  const found = links
    .map((link) => ({ ...link, at: text.toLocaleLowerCase().indexOf(link.word.toLocaleLowerCase()) }))
    .sort((a, b) => a.at - b.at);
  if (found.some((link) => link.at < 0)) return null;
  const segments: Segment[] = [];
  let cursor = 0;
  for (const link of found) {
    if (link.at < cursor) return null; // overlapping words
    if (link.at > cursor) segments.push({ text: text.slice(cursor, link.at) });
    segments.push({ text: text.slice(link.at, link.at + link.word.length), href: link.href });
    cursor = link.at + link.word.length;
  }
  if (cursor < text.length) segments.push({ text: text.slice(cursor) });
  return segments;
}
