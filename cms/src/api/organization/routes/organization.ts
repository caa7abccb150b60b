/**
 * organization route (Strapi core route).
 */
import { factories } from '@strapi/strapi';

export default factories.createCoreRouter('api::organization.organization');
