import type { Core } from '@strapi/strapi';
import { COMPONENT_LABELS, CONTENT_TYPE_LABELS, SYSTEM_FIELD_LABELS, type Label } from '../labels/content-types';

/**
 * Russian labels in the content manager's configuration, written at every
 * start (only what differs): the label above every field of the edit form and
 * the header of every list column, for every content type and component in
 * src/labels/content-types.ts. The configuration holds one label per field,
 * so it holds the Russian one; the panel's Kazakh translation
 * (src/admin/labels.ts) replaces it for Kazakh-speaking editors.
 *
 * Only `label` is touched: descriptions, visibility, sizes and list columns
 * set elsewhere (./panel-layouts.ts, or by an editor in "Configure the view")
 * stay as they are.
 */

type Metadata = { edit?: Record<string, unknown>; list?: Record<string, unknown> };
type Configuration = { settings: Record<string, unknown>; metadatas: Record<string, Metadata>; layouts: Record<string, unknown> };
type ConfigurationService = {
  findConfiguration(target: { uid: string }): Promise<Configuration>;
  updateConfiguration(target: { uid: string }, configuration: Configuration): Promise<unknown>;
};

/** The configuration with the Russian labels of `fields` (system fields included) on every field it describes. */
export function withRussianLabels(configuration: Configuration, fields: Record<string, Label>): Configuration {
  const labels: Record<string, Label> = { ...SYSTEM_FIELD_LABELS, ...fields };
  const metadatas: Record<string, Metadata> = {};
  for (const [field, metadata] of Object.entries(configuration.metadatas)) {
    const label = labels[field]?.ru;
    metadatas[field] = label
      ? {
          ...metadata,
          ...(metadata.edit ? { edit: { ...metadata.edit, label } } : {}),
          ...(metadata.list ? { list: { ...metadata.list, label } } : {}),
        }
      : metadata;
  }
  return { settings: configuration.settings, metadatas, layouts: configuration.layouts };
}

export async function ensurePanelLabels(strapi: Core.Strapi): Promise<void> {
  const contentManager = strapi.plugin('content-manager');
  const targets: Array<{ uid: string; fields: Record<string, Label>; service: ConfigurationService }> = [
    ...Object.entries(CONTENT_TYPE_LABELS).map(([uid, labels]) => ({
      uid,
      fields: labels.fields,
      service: contentManager.service('content-types') as ConfigurationService,
    })),
    ...Object.entries(COMPONENT_LABELS).map(([uid, labels]) => ({
      uid,
      fields: labels.fields,
      service: contentManager.service('components') as ConfigurationService,
    })),
  ];
  for (const { uid, fields, service } of targets) {
    const exists = uid.includes('::')
      ? strapi.contentTypes[uid as keyof typeof strapi.contentTypes]
      : strapi.components[uid as keyof typeof strapi.components];
    if (!exists) continue;
    const current = await service.findConfiguration({ uid });
    const next = withRussianLabels(current, fields);
    if (JSON.stringify(next.metadatas) !== JSON.stringify(current.metadatas)) {
      await service.updateConfiguration({ uid }, next);
    }
  }
}
