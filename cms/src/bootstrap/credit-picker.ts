import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';

/**
 * The photo credit picker: the credits an editor is most likely to want
 * first, more than ten at a time, and found whatever the letter case.
 *
 * The content manager answers the picker of a relation field (GET
 * /content-manager/relations/media.photo/credit?_q=&page=&pageSize=10&id=)
 * with Strapi's `findAvailable` (node_modules/@strapi/content-manager/dist/
 * server/controllers/relations.mjs): sorted by name, ten per page, searched
 * with `$containsi`, which SQLite's LOWER() applies to ASCII only — «цок»
 * does not find «ЦОК Мангистауской области». For this one field the answer is
 * made here: every credit, the most used first (photos linked to it, across
 * articles, versions and locales), then by name; 50 per page; searched in
 * JavaScript with Russian/Kazakh case folding (ё = е). Same response shape,
 * same exclusions (the credit already linked, the ones picked in the form),
 * and the same permission check (reading credits).
 */

const CREDIT = 'api::credit.credit';
const PHOTO = 'media.photo';
export const CREDIT_PAGE_SIZE = 50;

type Context = {
  params: { model?: string; targetField?: string };
  query: Record<string, unknown>;
  request: { query: Record<string, unknown> };
  state: { userAbility?: unknown };
  body: unknown;
};
type Action = (ctx: Context) => Promise<unknown>;
type PermissionChecker = { cannot: { read(entity?: unknown, field?: string): boolean } };
type JoinTable = { name: string; joinColumn: { name: string }; inverseJoinColumn: { name: string } };

export type CreditRow = { id: number; documentId: string; name: string; publishedAt: string | null; updatedAt: string };

/** Lower case with Russian/Kazakh rules and ё folded into е: what a search compares. */
export function searchKey(text: string): string {
  return text.toLocaleLowerCase('ru').replaceAll('ё', 'е').trim();
}

/** Credits matching `search`, the most used first, then by name. */
export function rankCredits(credits: CreditRow[], uses: Map<number, number>, search: string): CreditRow[] {
  const wanted = searchKey(search);
  const collator = new Intl.Collator('ru', { sensitivity: 'base' });
  return credits
    .filter((credit) => wanted === '' || searchKey(credit.name).includes(wanted))
    .sort((a, b) => (uses.get(b.id) ?? 0) - (uses.get(a.id) ?? 0) || collator.compare(a.name, b.name));
}

const ids = (value: unknown): number[] =>
  (Array.isArray(value) ? value : typeof value === 'string' && value !== '' ? [value] : [])
    .map(Number)
    .filter((id) => Number.isInteger(id));

function photoCreditJoinTable(strapi: Core.Strapi): JoinTable {
  const attribute = strapi.db.metadata.get(PHOTO).attributes.credit as { joinTable?: JoinTable } | undefined;
  if (!attribute?.joinTable) throw new errors.ApplicationError(`${PHOTO}.credit has no join table: the photo component changed`);
  return attribute.joinTable;
}

async function creditUses(strapi: Core.Strapi, join: JoinTable): Promise<Map<number, number>> {
  const rows: Array<Record<string, unknown>> = await strapi.db
    .connection(join.name)
    .select(`${join.inverseJoinColumn.name} as credit`)
    .count('* as uses')
    .groupBy(join.inverseJoinColumn.name);
  return new Map(rows.map((row) => [Number(row.credit), Number(row.uses)]));
}

/** The credit linked to one photo (a saved component), unless the form unlinks it. */
async function linkedCredit(strapi: Core.Strapi, join: JoinTable, photoId: number): Promise<number[]> {
  const rows: Array<Record<string, unknown>> = await strapi.db
    .connection(join.name)
    .select(`${join.inverseJoinColumn.name} as credit`)
    .where(join.joinColumn.name, photoId);
  return rows.map((row) => Number(row.credit));
}

export function registerCreditPicker(strapi: Core.Strapi): void {
  const controller = strapi.plugin('content-manager').controller('relations') as unknown as Record<'findAvailable', Action>;
  const findAvailable = controller.findAvailable.bind(controller);

  controller.findAvailable = async (ctx: Context) => {
    if (ctx.params.model !== PHOTO || ctx.params.targetField !== 'credit') return findAvailable(ctx);
    const checker = strapi
      .plugin('content-manager')
      .service('permission-checker')
      .create({ userAbility: ctx.state.userAbility, model: CREDIT }) as PermissionChecker;
    if (checker.cannot.read(null, 'name')) throw new errors.ForbiddenError();

    const query = ctx.request.query;
    const page = Math.max(1, Number.parseInt(String(query.page ?? '1'), 10) || 1);
    const search = typeof query._q === 'string' ? query._q : '';
    const join = photoCreditJoinTable(strapi);
    const photoId = Number(query.id);
    const unlinked = new Set(ids(query.idsToInclude));
    const excluded = new Set([
      ...ids(query.idsToOmit),
      ...(Number.isInteger(photoId) && photoId > 0 ? (await linkedCredit(strapi, join, photoId)).filter((id) => !unlinked.has(id)) : []),
    ]);

    const credits = (await strapi.db
      .query(CREDIT)
      .findMany({ select: ['id', 'documentId', 'name', 'publishedAt', 'updatedAt'] })) as CreditRow[];
    const ranked = rankCredits(
      credits.filter((credit) => !excluded.has(credit.id)),
      await creditUses(strapi, join),
      search,
    );
    const total = ranked.length;
    ctx.body = {
      results: ranked.slice((page - 1) * CREDIT_PAGE_SIZE, page * CREDIT_PAGE_SIZE),
      pagination: { page, pageSize: CREDIT_PAGE_SIZE, pageCount: Math.max(1, Math.ceil(total / CREDIT_PAGE_SIZE)), total },
    };
  };
}
