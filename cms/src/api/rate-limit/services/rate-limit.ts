/**
 * Rate-limit windows shared by every instance of the comments function: the
 * function decides what to limit (by address, by account, by e-mail) and how
 * much; this counts hits in the database, so the limits hold however many
 * instances serve readers. A window is fixed: the first hit opens it for
 * `windowSeconds`, later hits count until it ends, then the next hit opens a
 * new one. One atomic statement per bucket, so simultaneous hits never
 * undercount. Ended windows are removed hourly (reader-account/tables.ts).
 */
import type { Core } from '@strapi/strapi';
import { LIMITS_TABLE, knexOf, rowsOf } from '../../reader-account/tables';

export type Hit = { bucket: string; windowSeconds: number };
export type HitResult = { bucket: string; hits: number; resetsAt: number };

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Counts one hit in each bucket; answers how many hits each window holds now and when it ends (ms since the epoch). */
  async hit(hits: Hit[], now = Date.now()): Promise<HitResult[]> {
    const knex = knexOf(strapi);
    const results: HitResult[] = [];
    for (const { bucket, windowSeconds } of hits) {
      const ends = now + windowSeconds * 1000;
      const rows = rowsOf(
        await knex.raw(
          `INSERT INTO ${LIMITS_TABLE} (bucket, hits, window_ends) VALUES (?, 1, ?)
           ON CONFLICT (bucket) DO UPDATE SET
             hits = CASE WHEN ${LIMITS_TABLE}.window_ends <= ? THEN 1 ELSE ${LIMITS_TABLE}.hits + 1 END,
             window_ends = CASE WHEN ${LIMITS_TABLE}.window_ends <= ? THEN excluded.window_ends ELSE ${LIMITS_TABLE}.window_ends END
           RETURNING hits, window_ends`,
          [bucket, ends, now, now],
        ),
      );
      results.push({ bucket, hits: Number(rows[0]?.hits ?? 1), resetsAt: Number(rows[0]?.window_ends ?? ends) });
    }
    return results;
  },
});
