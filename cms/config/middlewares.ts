import type { Core } from '@strapi/strapi';

// No strapi::poweredBy: answers do not advertise the server (X-Powered-By).
const config: Core.Config.Middlewares = [
  'strapi::logger',
  'strapi::errors',
  'strapi::security',
  'strapi::cors',
  'strapi::query',
  'strapi::body',
  'strapi::session',
  // cms/favicon.png: the newsroom's icon (site/public/favicon.svg at 64 px), for the panel's /favicon.ico.
  { name: 'strapi::favicon', config: { path: 'favicon.png' } },
  'strapi::public',
  // 304 Not Modified for an uploaded file the asker holds already (builds revalidate every photo they resize).
  'global::conditional-uploads',
];

export default config;
