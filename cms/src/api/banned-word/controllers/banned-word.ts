/**
 * banned-word controller (Strapi core controller).
 */
import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::banned-word.banned-word');
