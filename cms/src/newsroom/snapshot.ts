/**
 * An article version's content as plain JSON, and what changed between two
 * of them — pure functions over a description of the model, so they are
 * tested without Strapi (snapshot.test.ts) and follow the model when fields
 * are added (src/newsroom/history.ts reads the model from Strapi).
 *
 * A snapshot keeps every content field of one locale's draft: scalars and
 * blocks as stored, relations as `{ documentId, label, locale }` (the label
 * is what the panel showed: title, name or username), media as
 * `{ id, name, url }`, components as nested snapshots.
 */

export type Attribute = {
  type: string;
  relation?: string;
  target?: string;
  component?: string;
  repeatable?: boolean;
  multiple?: boolean;
};

/** The fields of a model (or component) and of the models it points at, as the snapshot needs them. */
export type ModelShape = {
  fields: Array<[name: string, attribute: Attribute]>;
  /** The shape of a component, by its uid. */
  component(uid: string): ModelShape;
};

export type Ref = { documentId: string; label: string | null; locale: string | null };
export type FileRef = { id: number; name: string | null; url: string | null };
export type Snapshot = Record<string, unknown>;

/** Attributes Strapi manages itself: never part of a version. */
export const SYSTEM_FIELDS = new Set([
  'id',
  'documentId',
  'createdAt',
  'updatedAt',
  'publishedAt',
  'createdBy',
  'updatedBy',
  'locale',
  'localizations',
]);

/**
 * Bookkeeping of the CMS's own, not an editor's content: never part of a version.
 * `translationSource` is which text of the original a translation was made from
 * (src/document-middlewares/translations.ts), recorded again at every save.
 */
export const BOOKKEEPING_FIELDS = new Set(['translationSource']);

const asRecord = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

function records(value: unknown): Array<Record<string, unknown>> {
  if (Array.isArray(value)) return value.map(asRecord).filter((item): item is Record<string, unknown> => item !== undefined);
  const single = asRecord(value);
  return single ? [single] : [];
}

export const isToMany = (attribute: Attribute): boolean => /ToMany$/.test(attribute.relation ?? '') || attribute.relation === 'manyWay';

function toRef(row: Record<string, unknown>): Ref | undefined {
  if (typeof row.documentId !== 'string') return undefined;
  const label = [row.title, row.name, row.username].find((value): value is string => typeof value === 'string');
  return { documentId: row.documentId, label: label ?? null, locale: typeof row.locale === 'string' ? row.locale : null };
}

function toFile(row: Record<string, unknown>): FileRef | undefined {
  if (typeof row.id !== 'number') return undefined;
  return { id: row.id, name: typeof row.name === 'string' ? row.name : null, url: typeof row.url === 'string' ? row.url : null };
}

function snapshotValue(shape: ModelShape, attribute: Attribute, value: unknown): unknown {
  switch (attribute.type) {
    case 'relation': {
      const refs = records(value)
        .map(toRef)
        .filter((ref): ref is Ref => ref !== undefined);
      return isToMany(attribute) ? refs : (refs[0] ?? null);
    }
    case 'media': {
      const files = records(value)
        .map(toFile)
        .filter((file): file is FileRef => file !== undefined);
      return attribute.multiple ? files : (files[0] ?? null);
    }
    case 'component': {
      const inner = shape.component(attribute.component ?? '');
      const items = records(value).map((item) => snapshotOf(inner, item));
      return attribute.repeatable ? items : (items[0] ?? null);
    }
    default:
      return value === undefined ? null : value;
  }
}

/** The snapshot of a database row loaded with populateFor (history.ts). */
export function snapshotOf(shape: ModelShape, row: Record<string, unknown>): Snapshot {
  const snapshot: Snapshot = {};
  for (const [name, attribute] of shape.fields) snapshot[name] = snapshotValue(shape, attribute, row[name]);
  return snapshot;
}

// --- rendering and comparing -------------------------------------------------------------

/** Russian names of component fields in a diff (top-level fields are named by the panel's translations). */
const COMPONENT_FIELD_NAMES: Record<string, string> = {
  image: 'файл',
  caption: 'подпись',
  alt: 'alt',
  credit: 'автор фото',
  date: 'дата',
  note: 'что исправлено',
};

const AQTAU_TIME = new Intl.DateTimeFormat('ru-RU', { timeZone: 'Asia/Aqtau', dateStyle: 'long', timeStyle: 'short' });

function inlineText(node: unknown): string {
  const record = asRecord(node);
  if (!record) return '';
  if (typeof record.text === 'string') return record.text;
  return Array.isArray(record.children) ? record.children.map(inlineText).join('') : '';
}

/** Blocks (Strapi's rich text) as lines: one per paragraph, heading, quote, list item or image. */
export function blocksToLines(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const lines: string[] = [];
  for (const block of value) {
    const record = asRecord(block);
    if (!record) continue;
    switch (record.type) {
      case 'heading':
        lines.push(`${'#'.repeat(typeof record.level === 'number' ? record.level : 2)} ${inlineText(record)}`);
        break;
      case 'quote':
        lines.push(`> ${inlineText(record)}`);
        break;
      case 'list': {
        const items = Array.isArray(record.children) ? record.children : [];
        items.forEach((item, index) => lines.push(`${record.format === 'ordered' ? `${index + 1}.` : '•'} ${inlineText(item)}`));
        break;
      }
      case 'image': {
        const image = asRecord(record.image);
        lines.push(`[изображение: ${typeof image?.name === 'string' ? image.name : ''}]`);
        break;
      }
      default:
        lines.push(inlineText(record));
    }
  }
  return lines.map((line) => line.trimEnd()).filter((line) => line.trim() !== '');
}

function scalarText(attribute: Attribute, value: unknown): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if ((attribute.type === 'datetime' || attribute.type === 'date') && typeof value === 'string') {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? value : AQTAU_TIME.format(date);
  }
  if (attribute.type === 'boolean') return value === true ? 'да' : 'нет';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

/** A field's value as the lines a diff compares. */
export function renderField(shape: ModelShape, attribute: Attribute, value: unknown): string[] {
  switch (attribute.type) {
    case 'blocks':
      return blocksToLines(value);
    case 'relation':
      return records(value).map((ref) => (typeof ref.label === 'string' ? ref.label : String(ref.documentId)));
    case 'media':
      return records(value).map((file) => (typeof file.name === 'string' ? file.name : `#${String(file.id)}`));
    case 'component': {
      const inner = shape.component(attribute.component ?? '');
      const items = records(value);
      return items.flatMap((item, index) => {
        const lines = inner.fields.flatMap(([name, field]) => {
          const rendered = renderField(inner, field, item[name]);
          return rendered.length === 0 ? [] : [`${COMPONENT_FIELD_NAMES[name] ?? name}: ${rendered.join(', ')}`];
        });
        return attribute.repeatable ? [`— №${index + 1}`, ...lines] : lines;
      });
    }
    default: {
      if (typeof value === 'string' && (attribute.type === 'text' || attribute.type === 'richtext'))
        return value.split('\n').filter((line) => line.trim() !== '');
      const text = scalarText(attribute, value);
      return text === undefined ? [] : [text];
    }
  }
}

export type DiffLine = { op: 'same' | 'removed' | 'added'; text: string };

/** Line diff (longest common subsequence): what was removed and added, in order. */
export function diffLines(before: string[], after: string[]): DiffLine[] {
  if (before.length * after.length > 1_000_000) {
    return [...before.map((text) => ({ op: 'removed' as const, text })), ...after.map((text) => ({ op: 'added' as const, text }))];
  }
  const rows = before.length + 1;
  const cols = after.length + 1;
  const table = new Uint32Array(rows * cols);
  for (let i = before.length - 1; i >= 0; i -= 1) {
    for (let j = after.length - 1; j >= 0; j -= 1) {
      table[i * cols + j] =
        before[i] === after[j]
          ? (table[(i + 1) * cols + j + 1] ?? 0) + 1
          : Math.max(table[(i + 1) * cols + j] ?? 0, table[i * cols + j + 1] ?? 0);
    }
  }
  const lines: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < before.length && j < after.length) {
    const a = before[i] ?? '';
    const b = after[j] ?? '';
    if (a === b) {
      lines.push({ op: 'same', text: a });
      i += 1;
      j += 1;
    } else if ((table[(i + 1) * cols + j] ?? 0) >= (table[i * cols + j + 1] ?? 0)) {
      lines.push({ op: 'removed', text: a });
      i += 1;
    } else {
      lines.push({ op: 'added', text: b });
      j += 1;
    }
  }
  for (; i < before.length; i += 1) lines.push({ op: 'removed', text: before[i] ?? '' });
  for (; j < after.length; j += 1) lines.push({ op: 'added', text: after[j] ?? '' });
  return lines;
}

export type FieldChange = { field: string; lines: DiffLine[] };

/** The fields whose content differs between two snapshots (null: an empty earlier state), in model order. */
export function compareSnapshots(shape: ModelShape, before: Snapshot | null, after: Snapshot): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const [name, attribute] of shape.fields) {
    const old = before ? renderField(shape, attribute, before[name]) : [];
    const now = renderField(shape, attribute, after[name]);
    if (old.length === now.length && old.every((line, index) => line === now[index])) continue;
    changes.push({ field: name, lines: diffLines(old, now) });
  }
  return changes;
}
