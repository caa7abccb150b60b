/**
 * Strapi "blocks" rich text → Markdown (for the Hugo ceiling and the Astro
 * Markdown-collection ceiling) and → HTML (for the trivial Astro ceiling, with
 * the site's own renderer from shared-types). The Markdown is deliberately
 * small: the ceilings need the same amount of text as the real articles, not
 * the site's exact rendering. An image block becomes a plain <img>/![]()
 * pointing at the original URL: the ceilings process no images.
 */
import { blockToHtml, escapeHtml, type Blocks, type BlockNode, type InlineNode, type ListBlock } from '@tilshi/shared-types';

const escapeMarkdown = (text: string) => text.replace(/([\\`*_[\]<>#])/g, '\\$1');

function inlineMarkdown(nodes: readonly InlineNode[]): string {
  return nodes
    .map((node) => {
      if (node.type === 'link') return `[${inlineMarkdown(node.children)}](${node.url})`;
      if (node.text.trim() === '') return node.text;
      let md = node.code ? `\`${node.text.replace(/`/g, '')}\`` : escapeMarkdown(node.text);
      if (node.bold) md = `**${md}**`;
      if (node.italic) md = `*${md}*`;
      if (node.strikethrough) md = `~~${md}~~`;
      return md;
    })
    .join('');
}

function listMarkdown(list: ListBlock, depth: number): string {
  const indent = '  '.repeat(depth);
  return list.children
    .map((child, index) =>
      child.type === 'list'
        ? listMarkdown(child, depth + 1)
        : `${indent}${list.format === 'ordered' ? `${index + 1}.` : '-'} ${inlineMarkdown(child.children)}`,
    )
    .join('\n');
}

function blockHtml(block: BlockNode): string {
  if (block.type !== 'image') return blockToHtml(block) ?? '';
  return `<img src="${escapeHtml(block.image.url)}" alt="${escapeHtml(block.image.alternativeText ?? '')}" width="${block.image.width}" height="${block.image.height}">`;
}

function blockMarkdown(block: BlockNode): string {
  switch (block.type) {
    case 'paragraph':
      return inlineMarkdown(block.children);
    case 'heading':
      return `${'#'.repeat(block.level)} ${inlineMarkdown(block.children)}`;
    case 'quote':
      return `> ${inlineMarkdown(block.children)}`;
    case 'code':
      return `\`\`\`\n${block.children.map((child) => child.text).join('')}\n\`\`\``;
    case 'list':
      return listMarkdown(block, 0);
    case 'image':
      return `![${escapeMarkdown(block.image.alternativeText ?? '')}](${block.image.url})`;
  }
}

export const blocksToHtml = (blocks: Blocks | null): string => (blocks ?? []).map(blockHtml).join('\n');
export const blocksToMarkdown = (blocks: Blocks | null): string => (blocks ?? []).map(blockMarkdown).join('\n\n');
