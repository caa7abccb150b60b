/**
 * Honest placeholder images for photo slots whose original is not at hand
 * (the seed, demo articles, imported exports): a plain hatched card whose
 * text says it is a placeholder and whose photo belongs there. No invented
 * imagery. Rendered with sharp from an SVG (the text needs a font with
 * Cyrillic glyphs, e.g. DejaVu Sans), uploaded once under a fixed file name
 * and reused on every later run.
 */
import sharp from 'sharp';
import type { StrapiClient, UploadedFile } from '@tilshi/strapi-client';

export type PlaceholderSpec = {
  width?: number;
  height?: number;
  /** Background colour, e.g. #d9dee4. */
  background: string;
  /** Big first line, e.g. «ФОТО-ЗАГЛУШКА». */
  heading: string;
  /** Further lines; long ones are wrapped. */
  lines: string[];
  /** Small line at the bottom. */
  footer?: string;
};

const escapeXml = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/** Greedy word wrap to at most `width` characters per line. */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (current && `${current} ${word}`.length > width) {
      lines.push(current);
      current = word;
    } else {
      current = current ? `${current} ${word}` : word;
    }
  }
  if (current) lines.push(current);
  return lines;
}

export function placeholderSvg(spec: PlaceholderSpec): string {
  const width = spec.width ?? 1600;
  const height = spec.height ?? 1067;
  const headingSize = Math.round(width / 18);
  const lineSize = Math.round(width / 34);
  const footerSize = Math.round(width / 56);
  const charsPerLine = Math.floor((width * 0.78) / (lineSize * 0.56));
  const lines = spec.lines.flatMap((line) => wrapText(line, charsPerLine));
  const blockHeight = headingSize * 1.6 + lines.length * lineSize * 1.45;
  let y = (height - blockHeight) / 2 + headingSize;
  const texts = [
    `<text x="50%" y="${y.toFixed(0)}" font-size="${headingSize}" font-weight="bold" fill="#33414e">${escapeXml(spec.heading)}</text>`,
  ];
  y += headingSize * 0.6 + lineSize * 1.2;
  for (const line of lines) {
    texts.push(`<text x="50%" y="${y.toFixed(0)}" font-size="${lineSize}" fill="#33414e">${escapeXml(line)}</text>`);
    y += lineSize * 1.45;
  }
  if (spec.footer) {
    texts.push(
      `<text x="50%" y="${(height - footerSize * 2).toFixed(0)}" font-size="${footerSize}" fill="#5b6873">${escapeXml(spec.footer)}</text>`,
    );
  }
  const inset = Math.round(width / 40);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    '<defs><pattern id="hatch" width="28" height="28" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">',
    '<rect width="28" height="28" fill="none"/><line x1="0" y1="0" x2="0" y2="28" stroke="#ffffff" stroke-opacity="0.35" stroke-width="10"/></pattern></defs>',
    `<rect width="100%" height="100%" fill="${escapeXml(spec.background)}"/>`,
    '<rect width="100%" height="100%" fill="url(#hatch)"/>',
    `<rect x="${inset}" y="${inset}" width="${width - 2 * inset}" height="${height - 2 * inset}" fill="none" stroke="#33414e" stroke-width="4" stroke-dasharray="24 16"/>`,
    `<g font-family="DejaVu Sans, Noto Sans, Arial, sans-serif" text-anchor="middle">${texts.join('')}</g>`,
    '</svg>',
  ].join('');
}

export async function renderPlaceholderJpeg(spec: PlaceholderSpec): Promise<Buffer> {
  return sharp(Buffer.from(placeholderSvg(spec)))
    .jpeg({ quality: 82, mozjpeg: true })
    .toBuffer();
}

/**
 * The media-library file named `fileName`, uploaded from `spec` when it is not
 * there yet. `uploaded` tells whether this call created it.
 */
export async function ensurePlaceholderUpload(
  rest: StrapiClient,
  options: { fileName: string; spec: PlaceholderSpec; alternativeText: string; caption?: string },
): Promise<{ file: UploadedFile; uploaded: boolean }> {
  const existing = await rest.findFiles({ name: { $eq: options.fileName } });
  const found = existing[0];
  if (found) return { file: found, uploaded: false };
  const jpeg = await renderPlaceholderJpeg(options.spec);
  const file = await rest.upload(jpeg, options.fileName, 'image/jpeg', {
    name: options.fileName,
    alternativeText: options.alternativeText,
    ...(options.caption ? { caption: options.caption } : {}),
  });
  return { file, uploaded: true };
}
