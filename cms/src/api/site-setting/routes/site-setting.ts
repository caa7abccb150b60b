/**
 * site-setting route (Strapi core route).
 */
import { factories } from '@strapi/strapi';

export default factories.createCoreRouter('api::site-setting.site-setting');
