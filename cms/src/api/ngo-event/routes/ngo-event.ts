/**
 * ngo-event route (Strapi core route).
 */
import { factories } from '@strapi/strapi';

export default factories.createCoreRouter('api::ngo-event.ngo-event');
