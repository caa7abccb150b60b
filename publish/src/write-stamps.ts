/**
 * Which build's version of a live file (and of an article's or entity
 * page's index entry) is the newest, when two scoped builds run at once: the
 * publishes and the chunks of a background job (queue.ts, `concurrentChunks`).
 *
 * Each build takes a stamp before it reads any content; a later stamp read
 * the CMS later. When a build applies its output, what a build with a later
 * stamp already wrote is left as it is — the later build's version is the
 * newer one (it started after the entity edit the chunk renders, and after
 * every publish before it) — so no page goes back to older content because
 * a slow chunk ended after a quick publish. What is kept is what the build
 * applied; a build never applies anything with a stamp older than the live
 * version's.
 *
 * Only builds still running can be older than a record: once none runs, the
 * records are dropped (a long job between two chunks, or an idle service,
 * holds none).
 */
export type StampKind = 'file' | 'document' | 'page';

export class WriteStamps {
  #last = 0;
  readonly #running = new Set<number>();
  readonly #records: Record<StampKind, Map<string, number>> = { file: new Map(), document: new Map(), page: new Map() };

  /** A new build's stamp, taken before it reads the CMS; `end` it when it has applied or failed. */
  begin(): number {
    this.#last += 1;
    this.#running.add(this.#last);
    return this.#last;
  }

  end(stamp: number): void {
    this.#running.delete(stamp);
    if (this.#running.size === 0) for (const records of Object.values(this.#records)) records.clear();
  }

  /** The items no build stamped later than `stamp` has applied: what the build with `stamp` may still write. */
  keep<T extends string>(kind: StampKind, items: Iterable<T>, stamp: number): T[] {
    const records = this.#records[kind];
    return [...items].filter((item) => (records.get(item) ?? 0) <= stamp);
  }

  /** Notes that the build with `stamp` applied these items. */
  record(kind: StampKind, items: Iterable<string>, stamp: number): void {
    const records = this.#records[kind];
    for (const item of items) if ((records.get(item) ?? 0) < stamp) records.set(item, stamp);
  }

  /** How many records are held (for tests: none once no build runs). */
  get size(): number {
    return Object.values(this.#records).reduce((sum, records) => sum + records.size, 0);
  }
}
