/**
 * banned-word route (Strapi core route).
 */
import { factories } from '@strapi/strapi';

export default factories.createCoreRouter('api::banned-word.banned-word');
