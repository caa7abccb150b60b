/**
 * Panel customizations: where editors see whether the site is up to date —
 * a "Site" widget on the home page and a side panel in the article form
 * (./publish-status.tsx). Built into the admin bundle by `strapi build`.
 */
import { Globe } from '@strapi/icons';
import type { StrapiApp } from '@strapi/strapi/admin';
import { publishStatusPanel } from './publish-status';
import { bootstrapNewsroom, newsroomTranslations, registerNewsroom } from './newsroom';

type ContentManagerApis = { addEditViewSidePanel(panels: Array<typeof publishStatusPanel>): void };

export default {
  // Strapi's own Russian translation of the panel, for editors to pick (profile → Experience →
  // Interface language; English stays the default). Strapi ships no Kazakh one.
  config: { locales: ['ru'], translations: newsroomTranslations() },
  register(app: StrapiApp) {
    app.widgets.register({
      id: 'tilshi-publish-status',
      icon: Globe,
      title: { id: 'tilshi.publish.widget.title', defaultMessage: 'Сайт' },
      component: async () => (await import('./publish-status')).PublishStatusWidget,
    });
    registerNewsroom(app);
  },
  bootstrap(app: Pick<StrapiApp, 'getPlugin' | 'registerHook'>) {
    const apis = app.getPlugin('content-manager').apis as unknown as ContentManagerApis;
    apis.addEditViewSidePanel([publishStatusPanel]);
    bootstrapNewsroom(app);
  },
};
