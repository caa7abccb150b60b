/**
 * The content model's names in the panel's translation messages, built from
 * the one table of labels (src/labels/content-types.ts), under the ids Strapi
 * 5.54 looks up (read in node_modules/@strapi/content-manager/dist/admin):
 * - edit form field labels and list headers:
 *   `content-manager.content-types.<uid>.<field>` (FormLayout, ListViewPage);
 * - fields of components: `content-manager.components.<uid>.<field>`
 *   (FormInputs/Component/{NonRepeatable,Repeatable});
 * - the name of a content type in the menu and list title: its `displayName`
 *   (LeftMenu, ListViewPage) — and of a component, its `displayName`;
 * - enumeration options and filter values: the value itself
 *   (admin FormInputs/Enumeration, ListView Filters; list cells: ./list-cells.tsx).
 */
import { COMPONENT_LABELS, CONTENT_TYPE_LABELS, ENUM_LABELS, SYSTEM_FIELD_LABELS, type Label } from '../labels/content-types';

export type InterfaceLanguage = 'ru' | 'kk';
export type Messages = Record<string, string>;

export function labelMessages(language: InterfaceLanguage): Messages {
  const messages: Messages = {};
  const put = (id: string, label: Label) => {
    messages[id] = label[language];
  };
  for (const [uid, type] of Object.entries(CONTENT_TYPE_LABELS)) {
    put(type.displayName, type.name);
    for (const [field, label] of Object.entries({ ...SYSTEM_FIELD_LABELS, ...type.fields }))
      put(`content-manager.content-types.${uid}.${field}`, label);
  }
  for (const [uid, component] of Object.entries(COMPONENT_LABELS)) {
    put(component.displayName, component.name);
    for (const [field, label] of Object.entries(component.fields)) put(`content-manager.components.${uid}.${field}`, label);
  }
  for (const [value, label] of Object.entries(ENUM_LABELS)) put(value, label);
  return messages;
}
