/**
 * Panel customizations, built into the admin bundle by `strapi build`:
 * - the interface in Russian (the default) and Kazakh, with the content
 *   model's names and labels in both (./interface-language.ts, ./labels.ts,
 *   ./translations/), and readable enumeration values in list views;
 * - where editors see whether the site is up to date: a "Site" widget at the
 *   top of the home page and a side panel in the article form
 *   (./publish-status.tsx);
 * - the newsroom: moderation queue, audit list, versions, review stages and
 *   the publish button that tells a reporter why (./newsroom/).
 */
import { Globe } from '@strapi/icons';
import type { StrapiApp } from '@strapi/strapi/admin';
import { INJECT_COLUMN_IN_TABLE, readableListCells } from './list-cells';
import { kazakhHints, MUTATE_EDIT_VIEW_LAYOUT } from './hints';
import { installInterfaceLanguages } from './interface-language';
import { labelMessages } from './labels';
import { previewPanel, withoutStrapiPreviewForArticles } from './preview-panel';
import { publishStatusPanel } from './publish-status';
import { bootstrapNewsroom, newsroomTranslations, registerNewsroom } from './newsroom';
import { KK } from './translations/kk';
import { translationsColumn, translationsPanel } from './translations-panel';
import { RU } from './translations/ru';
import { TILSHI_KK, TILSHI_RU } from './translations/tilshi';

type SidePanel = (props: { model: string; documentId?: string; document?: { locale?: string | null } | null }) => unknown;
type ContentManagerApis = { addEditViewSidePanel(panels: SidePanel[] | ((panels: SidePanel[]) => SidePanel[])): void };

const newsroom = newsroomTranslations();

export default {
  config: {
    locales: ['ru', 'kk'],
    translations: {
      ru: { ...labelMessages('ru'), ...RU, ...TILSHI_RU, ...newsroom.ru },
      kk: { ...labelMessages('kk'), ...KK, ...TILSHI_KK, ...newsroom.kk },
    },
  },
  register(app: StrapiApp) {
    installInterfaceLanguages(app);
    const siteWidget = {
      id: 'tilshi-publish-status',
      icon: Globe,
      title: { id: 'tilshi.publish.widget.title', defaultMessage: 'Сайт' },
      component: async () => (await import('./publish-status')).PublishStatusWidget,
    };
    // First on the home page: whether the site has what was published.
    app.widgets.register((widgets) => [siteWidget, ...widgets]);
    registerNewsroom(app);
  },
  bootstrap(app: Pick<StrapiApp, 'getPlugin' | 'registerHook'>) {
    const apis = app.getPlugin('content-manager').apis as unknown as ContentManagerApis;
    // Right after the actions: «Предпросмотр на сайте» (instead of Strapi's), then «Сайт» and «Перевод».
    apis.addEditViewSidePanel((panels) => {
      const strapiPanels = withoutStrapiPreviewForArticles(panels as Parameters<typeof withoutStrapiPreviewForArticles>[0]) as SidePanel[];
      const actions = strapiPanels.findIndex((panel) => (panel as { type?: string }).type === 'actions');
      return [
        ...strapiPanels.slice(0, actions + 1),
        previewPanel as SidePanel,
        publishStatusPanel as SidePanel,
        translationsPanel as SidePanel,
        ...strapiPanels.slice(actions + 1),
      ];
    });
    app.registerHook(INJECT_COLUMN_IN_TABLE, readableListCells);
    app.registerHook(INJECT_COLUMN_IN_TABLE, translationsColumn);
    app.registerHook(MUTATE_EDIT_VIEW_LAYOUT, kazakhHints);
    // «Модерация», «Журнал», an article's versions, the review stage column, the reporter's Publish.
    bootstrapNewsroom(app);
  },
};
