import { describe, expect, it } from 'vitest';
import articlesRu from '../fixtures/articles.ru.json' with { type: 'json' };
import { changed, issuePaths, REMOVE } from '../test/helpers.ts';
import { blocksSchema, isAllowedLinkUrl, type BlockNode } from './blocks.ts';

const body = articlesRu.data.find((article) => article.body !== null)?.body ?? [];
const index = (type: string) => body.findIndex((node) => node.type === type);

const paragraph = (text: string) => ({ type: 'paragraph', children: [{ type: 'text', text }] });

describe('blocksSchema', () => {
  it('parses the body Strapi returned, which holds every kind of block', () => {
    const blocks = blocksSchema.parse(body);
    expect(new Set(blocks.map((node) => node.type))).toEqual(new Set(['paragraph', 'heading', 'list', 'quote', 'code', 'image']));
    expect(blocksSchema.parse(body)).toEqual(body);
  });

  it('reads a nested list inside a list, with its indent level', () => {
    const list = blocksSchema.parse(body)[index('list')] as Extract<BlockNode, { type: 'list' }>;
    const nested = list.children.find((child) => child.type === 'list');
    expect(nested).toMatchObject({ format: 'ordered', indentLevel: 1 });
  });

  it('reads the text marks bold, italic, underline, strikethrough and code, and inline links', () => {
    const [node] = blocksSchema.parse([body[index('paragraph')]]);
    const children = node?.type === 'paragraph' ? node.children : [];
    const marks = children.flatMap((child) =>
      child.type === 'text' ? Object.keys(child).filter((key) => key !== 'type' && key !== 'text') : [],
    );
    expect(marks.sort()).toEqual(['bold', 'code', 'italic', 'strikethrough', 'underline']);
    expect(children.some((child) => child.type === 'link')).toBe(true);
  });

  it('accepts an empty body', () => {
    expect(blocksSchema.parse([])).toEqual([]);
  });

  it('rejects a heading of level 7, naming the level', () => {
    const at = index('heading');
    expect(issuePaths(blocksSchema, changed(body, [at, 'level'], 7))).toEqual([`${at}.level`]);
  });

  it('rejects a heading level given as a string', () => {
    const at = index('heading');
    expect(issuePaths(blocksSchema, changed(body, [at, 'level'], '2'))).toEqual([`${at}.level`]);
  });

  it('rejects a block of an unknown type', () => {
    expect(issuePaths(blocksSchema, [{ type: 'video', url: 'https://example.com' }])).toEqual(['0.type']);
  });

  it('rejects a text node with a mark the renderer does not know', () => {
    expect(issuePaths(blocksSchema, [{ type: 'paragraph', children: [{ type: 'text', text: 'x', superscript: true }] }])).toEqual([
      '0.children.0',
    ]);
  });

  it('rejects a text node whose text is missing', () => {
    expect(issuePaths(blocksSchema, [{ type: 'paragraph', children: [{ type: 'text' }] }])).toEqual(['0.children.0.text']);
  });

  it('rejects a paragraph without children', () => {
    expect(issuePaths(blocksSchema, [{ type: 'paragraph', children: [] }])).toEqual(['0.children']);
  });

  it('rejects a list format other than ordered or unordered', () => {
    const at = index('list');
    expect(issuePaths(blocksSchema, changed(body, [at, 'format'], 'numbered'))).toEqual([`${at}.format`]);
  });

  it('rejects a malformed item deep inside a nested list, naming the whole path', () => {
    const at = index('list');
    expect(issuePaths(blocksSchema, changed(body, [at, 'children', 2, 'children', 1, 'children', 0, 'bold'], 'yes'))).toEqual([
      `${at}.children.2.children.1.children.0.bold`,
    ]);
  });

  it('rejects a link with a javascript: url, but accepts a site path', () => {
    const link = (url: string) => [{ type: 'paragraph', children: [{ type: 'link', url, children: [{ type: 'text', text: 'x' }] }] }];
    expect(issuePaths(blocksSchema, link('javascript:alert(1)'))).toEqual(['0.children.0.url']);
    expect(issuePaths(blocksSchema, link('/ru/articles/x'))).toEqual([]);
    expect(isAllowedLinkUrl('mailto:desk@example.kz')).toBe(true);
  });

  it('rejects an image block whose file has no url', () => {
    const at = index('image');
    expect(issuePaths(blocksSchema, changed(body, [at, 'image', 'url'], REMOVE))).toEqual([`${at}.image.url`]);
  });

  it('keeps keys of the embedded image file that the schema does not name', () => {
    const at = index('image');
    const blocks = blocksSchema.parse(changed(body, [at, 'image', 'folderPath'], '/1'));
    expect(blocks[at]).toMatchObject({ image: { folderPath: '/1', isUrlSigned: false, documentId: expect.any(String) } });
  });

  it('accepts a code block without a language and rejects one with non-text children', () => {
    expect(issuePaths(blocksSchema, [{ type: 'code', children: [{ type: 'text', text: 'x' }] }])).toEqual([]);
    expect(issuePaths(blocksSchema, [{ type: 'code', children: [paragraph('x')] }])).toContain('0.children.0.type');
  });
});
