import { describe, expect, it } from 'vitest';
import { blockToHtml, escapeHtml, inlineToHtml } from './blocks-html.ts';

describe('blocks → HTML', () => {
  it('escapes text so CMS content cannot inject markup', () => {
    expect(escapeHtml('<script>"a" & \'b\'</script>')).toBe('&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;');
    expect(blockToHtml({ type: 'paragraph', children: [{ type: 'text', text: '<b>x</b>' }] })).toBe('<p>&lt;b&gt;x&lt;/b&gt;</p>');
  });

  it('renders marks and links inside a paragraph', () => {
    expect(
      inlineToHtml([
        { type: 'text', text: 'фонд ', bold: true },
        { type: 'link', url: 'https://example.kz/a?b=1&c=2', children: [{ type: 'text', text: 'Риза ана', italic: true }] },
      ]),
    ).toBe('<strong>фонд </strong><a href="https://example.kz/a?b=1&amp;c=2"><em>Риза ана</em></a>');
  });

  it('renders quotes as blockquote and starts headings at h2 under the title', () => {
    expect(blockToHtml({ type: 'quote', children: [{ type: 'text', text: 'Это радует нас.' }] })).toBe(
      '<blockquote><p>Это радует нас.</p></blockquote>',
    );
    expect(blockToHtml({ type: 'heading', level: 1, children: [{ type: 'text', text: 'Итоги' }] })).toBe('<h2>Итоги</h2>');
    expect(blockToHtml({ type: 'heading', level: 3, children: [{ type: 'text', text: 'Детали' }] })).toBe('<h3>Детали</h3>');
  });

  it('renders ordered, unordered and nested lists', () => {
    expect(
      blockToHtml({
        type: 'list',
        format: 'unordered',
        children: [
          { type: 'list-item', children: [{ type: 'text', text: 'первое' }] },
          {
            type: 'list',
            format: 'ordered',
            indentLevel: 1,
            children: [{ type: 'list-item', children: [{ type: 'text', text: 'вложенное' }] }],
          },
          { type: 'list-item', children: [{ type: 'text', text: 'второе' }] },
        ],
      }),
    ).toBe('<ul><li>первое<ol><li>вложенное</li></ol></li><li>второе</li></ul>');
  });

  it('drops empty paragraphs used as spacing', () => {
    expect(blockToHtml({ type: 'paragraph', children: [{ type: 'text', text: '  ' }] })).toBeNull();
  });
});
