import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FIELD_DESCRIPTIONS } from '../bootstrap/panel-layouts';
import { COMPONENT_LABELS, CONTENT_TYPE_LABELS, ENUM_LABELS, type Label } from './content-types';
import { KAZAKH_HINTS } from './hints-kk';

/**
 * The panel must never show an attribute name: every attribute of every
 * model the newsroom edits has a Russian and a Kazakh label, every
 * enumeration value a readable text, and every type its name. Read from the
 * model files themselves, so a new attribute without a label fails here.
 * Types hidden from the content manager (the newsroom's versions and audit
 * entries, shown by their own pages with their own texts) are not edited there.
 */

type Attribute = { type: string; enum?: string[] };
type Schema = {
  info: { displayName: string };
  attributes: Record<string, Attribute>;
  pluginOptions?: { 'content-manager'?: { visible?: boolean } };
};

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const read = (file: string): Schema => JSON.parse(readFileSync(file, 'utf8')) as Schema;

const contentTypes: Array<{ uid: string; schema: Schema }> = [
  ...readdirSync(path.join(SRC, 'api')).flatMap((api) => {
    const dir = path.join(SRC, 'api', api, 'content-types');
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return [];
    }
    return names
      .map((name) => ({ uid: `api::${api}.${name}`, schema: read(path.join(dir, name, 'schema.json')) }))
      .filter(({ schema }) => schema.pluginOptions?.['content-manager']?.visible !== false);
  }),
  { uid: 'plugin::users-permissions.user', schema: read(path.join(SRC, 'extensions/users-permissions/content-types/user/schema.json')) },
];
const components: Array<{ uid: string; schema: Schema }> = readdirSync(path.join(SRC, 'components')).flatMap((category) =>
  readdirSync(path.join(SRC, 'components', category)).map((file) => ({
    uid: `${category}.${file.replace(/\.json$/, '')}`,
    schema: read(path.join(SRC, 'components', category, file)),
  })),
);

const filled = (label: Label | undefined) => Boolean(label && label.ru.trim() !== '' && label.kk.trim() !== '');

describe('the labels of the panel', () => {
  it.each(contentTypes)('name $uid and every one of its attributes in Russian and Kazakh', ({ uid, schema }) => {
    const labels = CONTENT_TYPE_LABELS[uid];
    expect(labels, `${uid} has no labels in src/labels/content-types.ts`).toBeDefined();
    expect(labels?.displayName).toBe(schema.info.displayName);
    expect(filled(labels?.name)).toBe(true);
    const missing = Object.keys(schema.attributes).filter((attribute) => !filled(labels?.fields[attribute]));
    expect(missing, `${uid}: attributes without a Russian and Kazakh label`).toEqual([]);
  });

  it.each(components)('name the component $uid and every one of its fields', ({ uid, schema }) => {
    const labels = COMPONENT_LABELS[uid];
    expect(labels, `${uid} has no labels`).toBeDefined();
    expect(labels?.displayName).toBe(schema.info.displayName);
    const missing = Object.keys(schema.attributes).filter((attribute) => !filled(labels?.fields[attribute]));
    expect(missing, `${uid}: fields without a label`).toEqual([]);
  });

  it('give every enumeration value a readable text', () => {
    const values = [...contentTypes, ...components].flatMap(({ schema }) =>
      Object.values(schema.attributes).flatMap((attribute) => attribute.enum ?? []),
    );
    expect(values.length).toBeGreaterThan(20);
    expect(values.filter((value) => !filled(ENUM_LABELS[value]))).toEqual([]);
    expect(ENUM_LABELS.age18?.ru).toBe('18+');
    expect(ENUM_LABELS.pending?.ru).toBe('Ждёт проверки');
  });

  it('have a Kazakh hint for every Russian one', () => {
    for (const [uid, descriptions] of Object.entries(FIELD_DESCRIPTIONS)) {
      const missing = Object.keys(descriptions).filter((field) => !KAZAKH_HINTS[uid]?.[field]);
      expect(missing, `${uid}: fields with a Russian hint but no Kazakh one`).toEqual([]);
    }
  });
});
