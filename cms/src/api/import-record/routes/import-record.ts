/**
 * import-record route (Strapi core route): the importer reads records by
 * source hash (`find`). Its own actions are in 01-importer.ts.
 */
import { factories } from '@strapi/strapi';

export default factories.createCoreRouter('api::import-record.import-record', { only: ['find', 'findOne'] });
