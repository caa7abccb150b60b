import type { Core } from '@strapi/strapi';
import { ensureFirstAdmin } from './bootstrap/admin-user';
import { ensureApiTokens } from './bootstrap/api-token';
import { ensureCommentPanel, registerCommentRules } from './bootstrap/comments';
import { registerCreditPicker } from './bootstrap/credit-picker';
import { registerAdminLanguageDefault, registerPanelSettingsRoute } from './bootstrap/interface-language';
import { ensureLocales } from './bootstrap/locales';
import { ensurePanelLabels } from './bootstrap/panel-labels';
import { ensurePanelLayouts } from './bootstrap/panel-layouts';
import { ensureClosedRoles } from './bootstrap/permissions';
import { keepRefusedPublishAsDraft } from './bootstrap/refused-publish';
import { ensureTranslationSourceHidden, registerTranslationStatusRoutes } from './bootstrap/translation-status';
import { registerArticleRules } from './document-middlewares/article-rules';
import { registerPublishedOnly } from './document-middlewares/published-only';
import { registerSlugs } from './document-middlewares/slugs';
import { registerTranslationTracking } from './document-middlewares/translations';
import { bootstrapNewsroom, registerNewsroom } from './newsroom';
import { ensureArticleIndexes } from './bootstrap/article-indexes';
import { ensureImportRecordIndexes } from './bootstrap/import-records';
import { ensureReaderTables } from './api/reader-account/tables';
import { registerPublishStatusRoute } from './bootstrap/publish-status';
import { ensurePublishAtDescription } from './bootstrap/scheduled-publishing';
import { ensurePublishWebhook } from './bootstrap/webhook';

export default {
  async register({ strapi }: { strapi: Core.Strapi }) {
    registerPublishedOnly(strapi);
    registerSlugs(strapi);
    registerArticleRules(strapi);
    registerCommentRules(strapi);
    registerTranslationTracking(strapi);
    registerAdminLanguageDefault(strapi);
    // The editor's panel: a refused Publish keeps the draft; the photo credit picker.
    keepRefusedPublishAsDraft(strapi);
    registerCreditPicker(strapi);
    // Moderation queue, roles and review stages, versions and the audit list.
    await registerNewsroom(strapi);
  },

  /**
   * Idempotent set-up that runs on every start: locales, what the public may
   * read, the API tokens of the site and the scripts, the first admin and the panel layouts.
   */
  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    await ensureLocales(strapi);
    await ensureClosedRoles(strapi);
    await ensureApiTokens(strapi);
    await ensureFirstAdmin(strapi, process.env.STRAPI_ADMIN_EMAIL, process.env.STRAPI_ADMIN_PASSWORD);
    await ensurePanelLayouts(strapi);
    await ensureCommentPanel(strapi);
    await ensureReaderTables(strapi);
    // Russian labels of every field and list column (the Kazakh ones are in the panel's translation).
    await ensurePanelLabels(strapi);
    registerPanelSettingsRoute(strapi);
    // Which translations are out of date (the article list and form).
    await ensureTranslationSourceHidden(strapi);
    registerTranslationStatusRoutes(strapi);
    // Publishing: the publish service's webhook, its status for the panel, the scheduled-publishing field,
    // and the indexes that keep its queries fast at any archive size.
    await ensurePublishWebhook(strapi);
    await ensureArticleIndexes(strapi);
    await ensureImportRecordIndexes(strapi);
    registerPublishStatusRoute(strapi);
    await ensurePublishAtDescription(strapi);
    await bootstrapNewsroom(strapi);
  },
};
