/**
 * POST /api/rate-limits { data: { hits: [{ bucket, windowSeconds }] } } →
 * { data: [{ bucket, hits, resetsAt }] }: the comments function's shared
 * rate-limit counters (services/rate-limit.ts). Its API token is the only caller.
 */
import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import type rateLimitService from '../services/rate-limit';

type Context = { request: { body?: unknown }; body: unknown; badRequest(message: string, details?: unknown): void };

const hitsSchema = z.object({
  hits: z
    .array(
      z.object({
        bucket: z.string().min(1).max(200),
        windowSeconds: z
          .number()
          .int()
          .min(1)
          .max(7 * 24 * 3600),
      }),
    )
    .min(1)
    .max(10),
});

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async hit(ctx: Context) {
    const body = ctx.request.body;
    const parsed = hitsSchema.safeParse(typeof body === 'object' && body !== null && 'data' in body ? body.data : undefined);
    if (!parsed.success)
      return ctx.badRequest('invalid rate-limit request', { fields: parsed.error.issues.map((issue) => issue.path.join('.')) });
    const service = strapi.service('api::rate-limit.rate-limit') as unknown as ReturnType<typeof rateLimitService>;
    ctx.body = { data: await service.hit(parsed.data.hits) };
  },
});
