/**
 * Strapi "blocks" rich text → HTML, the one rendering of it: the site's
 * article bodies and Dzen feed, and the benchmarks' Astro ceiling (so the
 * ceiling renders the same markup). Text is escaped; links keep only the URLs
 * the shared schema allows. Image blocks are not turned into HTML here: the
 * site's Blocks component renders them with astro:assets (srcset, AVIF/WebP).
 * Body headings start at <h2>, under the article's <h1> title.
 */
import type { BlockNode, ImageBlock, InlineNode, ListBlock, TextNode } from './blocks.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

function textToHtml(node: TextNode): string {
  // Soft line breaks typed in the editor become <br>.
  let html = escapeHtml(node.text).replace(/\n/g, '<br>');
  if (node.code) html = `<code>${html}</code>`;
  if (node.bold) html = `<strong>${html}</strong>`;
  if (node.italic) html = `<em>${html}</em>`;
  if (node.underline) html = `<u>${html}</u>`;
  if (node.strikethrough) html = `<s>${html}</s>`;
  return html;
}

export function inlineToHtml(nodes: readonly InlineNode[]): string {
  return nodes
    .map((node) =>
      node.type === 'link' ? `<a href="${escapeHtml(node.url)}">${node.children.map(textToHtml).join('')}</a>` : textToHtml(node),
    )
    .join('');
}

function listToHtml(list: ListBlock): string {
  const tag = list.format === 'ordered' ? 'ol' : 'ul';
  let html = '';
  for (const child of list.children) {
    if (child.type === 'list') {
      // A nested list belongs inside the preceding item.
      const nested = listToHtml(child);
      html = html.endsWith('</li>') ? `${html.slice(0, -'</li>'.length)}${nested}</li>` : `${html}<li>${nested}</li>`;
    } else {
      html += `<li>${inlineToHtml(child.children)}</li>`;
    }
  }
  return `<${tag}>${html}</${tag}>`;
}

/** HTML of one block other than an image; `null` for an empty paragraph (editors leave them as spacing). */
export function blockToHtml(block: Exclude<BlockNode, ImageBlock>): string | null {
  switch (block.type) {
    case 'paragraph': {
      const html = inlineToHtml(block.children);
      return html.trim() === '' ? null : `<p>${html}</p>`;
    }
    case 'heading': {
      const level = Math.min(Math.max(block.level, 2), 6);
      return `<h${level}>${inlineToHtml(block.children)}</h${level}>`;
    }
    case 'quote':
      return `<blockquote><p>${inlineToHtml(block.children)}</p></blockquote>`;
    case 'list':
      return listToHtml(block);
    case 'code':
      return `<pre><code>${block.children.map((child) => escapeHtml(child.text)).join('')}</code></pre>`;
  }
}
