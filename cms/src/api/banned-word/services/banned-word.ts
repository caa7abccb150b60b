/**
 * banned-word service (Strapi core service).
 */
import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::banned-word.banned-word');
