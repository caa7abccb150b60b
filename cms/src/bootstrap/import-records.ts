import type { Core } from '@strapi/strapi';
import { IMPORT_RECORD_UID } from '../constants';

/**
 * Indexes for the archive importer's lookups, which Strapi does not create:
 * a record by source hash (every file of every run asks) and the records of
 * one publication minute (translation matching). Without them each lookup
 * scans the table, which grows with the archive. IF NOT EXISTS works on
 * SQLite and PostgreSQL; Strapi's schema sync leaves indexes it did not
 * create alone.
 */
export async function ensureImportRecordIndexes(strapi: Core.Strapi): Promise<void> {
  const knex = strapi.db.connection as unknown as {
    schema: { hasTable(name: string): Promise<boolean> };
    raw(sql: string): Promise<unknown>;
  };
  const model = strapi.getModel(IMPORT_RECORD_UID as never) as { collectionName?: string } | undefined;
  const table = model?.collectionName ?? 'import_records';
  if (!(await knex.schema.hasTable(table))) return;
  await knex.raw(`CREATE INDEX IF NOT EXISTS "tilshi_import_records_hash_idx" ON "${table}" ("source_hash")`);
  await knex.raw(`CREATE INDEX IF NOT EXISTS "tilshi_import_records_date_idx" ON "${table}" ("publication_date", "locale")`);
}
