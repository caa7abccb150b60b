/**
 * The newsroom's panel pages and hooks (issue #14, items 5–7), added to the
 * panel by app.tsx:
 *
 * - «Модерация» (menu, with the number of comments waiting): ../moderation/;
 * - «Журнал» (menu): the audit list, and one article's versions under
 *   /admin/history/articles/:documentId: ../history/;
 * - in the article form: the «История» side panel, and a Publish button
 *   that tells a reporter who publishes instead of only greying out;
 * - in the article list: the review stage as a translated badge.
 *
 * Texts: ./messages.ts (Russian and Kazakh).
 */
import { ClockCounterClockwise } from '@strapi/icons';
import type { StrapiApp } from '@strapi/strapi/admin';
import { historyPanel } from '../history/HistoryPanel';
import { ModerationMenuIcon } from '../moderation/MenuIcon';
import { AUDIT_PERMISSION, MODERATE_PERMISSION } from '../moderation/permissions';
import { msg } from './messages';
import { guardPublish, type DocumentAction } from '../workflow/publish-guard';
import { reviewStageColumn } from '../workflow/review-stage';

export { newsroomTranslations } from './messages';

type ContentManagerApis = {
  addEditViewSidePanel(panels: Array<typeof historyPanel>): void;
  addDocumentAction(reducer: (actions: DocumentAction[]) => DocumentAction[]): void;
};

export function registerNewsroom(app: Pick<StrapiApp, 'addMenuLink'>): void {
  app.addMenuLink({
    to: 'moderation',
    icon: ModerationMenuIcon,
    intlLabel: msg('moderation.menu'),
    permissions: [{ action: MODERATE_PERMISSION, subject: null }],
    Component: () => import('../moderation/ModerationPage'),
  });
  app.addMenuLink({
    to: 'history',
    icon: ClockCounterClockwise,
    intlLabel: msg('audit.menu'),
    permissions: [{ action: AUDIT_PERMISSION, subject: null }],
    Component: () => import('../history/HistoryRoutes'),
  });
}

export function bootstrapNewsroom(app: Pick<StrapiApp, 'getPlugin' | 'registerHook'>): void {
  const apis = app.getPlugin('content-manager').apis as unknown as ContentManagerApis;
  apis.addEditViewSidePanel([historyPanel]);
  apis.addDocumentAction(guardPublish);
  app.registerHook('Admin/CM/pages/ListView/inject-column-in-table', reviewStageColumn);
}
