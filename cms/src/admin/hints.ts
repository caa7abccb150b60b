/**
 * The hint under each field in the interface language: the content
 * manager's configuration holds the Russian one (src/bootstrap/panel-layouts.ts),
 * and Strapi shows it as it is. For the Kazakh interface, the edit-view
 * layout hook puts the Kazakh hints (src/labels/hints-kk.ts) in its place,
 * for the content type's own fields and its components'.
 */
import { CONTENT_TYPE_LABELS } from '../labels/content-types';
import { KAZAKH_HINTS } from '../labels/hints-kk';

export const MUTATE_EDIT_VIEW_LAYOUT = 'Admin/CM/pages/EditView/mutate-edit-view-layout';

type Field = { name: string; hint?: unknown };
type EditLayout = {
  layout: Field[][][];
  components: Record<string, { layout: Field[][] } & Record<string, unknown>>;
  settings: { displayName?: string } & Record<string, unknown>;
} & Record<string, unknown>;
type HookArgs = { layout: EditLayout; query: unknown };

const UID_BY_DISPLAY_NAME = new Map(Object.entries(CONTENT_TYPE_LABELS).map(([uid, labels]) => [labels.displayName, uid]));

const withHints = (rows: Field[][], hints: Record<string, string> | undefined): Field[][] =>
  hints ? rows.map((row) => row.map((field) => (hints[field.name] ? { ...field, hint: hints[field.name] } : field))) : rows;

export function kazakhHints({ layout, query }: HookArgs): HookArgs {
  if (document.documentElement.lang !== 'kk') return { layout, query };
  const uid = UID_BY_DISPLAY_NAME.get(layout.settings.displayName ?? '');
  return {
    query,
    layout: {
      ...layout,
      layout: layout.layout.map((panel) => withHints(panel, uid ? KAZAKH_HINTS[uid] : undefined)),
      components: Object.fromEntries(
        Object.entries(layout.components).map(([component, entry]) => [
          component,
          { ...entry, layout: withHints(entry.layout, KAZAKH_HINTS[component]) },
        ]),
      ),
    },
  };
}
