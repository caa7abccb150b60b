/**
 * Honest illustrations for the demo newsroom (`npm start`): flat, plainly
 * drawn scenes (people, a government building, a chart, a road sign, a stage,
 * a running track, the sea) in the colours of a rubric, each marked on the
 * picture itself «ИЛЛЮСТРАЦИЯ · не фотография», so nobody takes a demo story
 * for reported news. Drawn as SVG shapes without text and rasterised with
 * sharp; the label is set with sharp's text renderer in DejaVu Sans from the
 * `dejavu-fonts-ttf` package (a font file that covers Cyrillic and the Kazakh
 * letters), so it does not depend on the fonts installed on the machine.
 */
import { createRequire } from 'node:module';
import sharp from 'sharp';

export const ILLUSTRATION_MOTIFS = ['people', 'building', 'chart', 'road', 'stage', 'track', 'sea'] as const;
export type IllustrationMotif = (typeof ILLUSTRATION_MOTIFS)[number];

export type IllustrationSpec = {
  motif: IllustrationMotif;
  /** Two background colours (top, bottom) and an accent, e.g. ['#dce8f2', '#a9c6de', '#1d5b8c']. */
  palette: readonly [string, string, string];
  /** The label printed in the top-left corner. */
  label?: string;
  /** The small line in the bottom-right corner. */
  note?: string;
  width?: number;
  height?: number;
};

export const DEFAULT_ILLUSTRATION_LABEL = 'ИЛЛЮСТРАЦИЯ · не фотография';
export const DEFAULT_ILLUSTRATION_NOTE = 'Сгенерировано для демонстрации сайта';

const require = createRequire(import.meta.url);
/** DejaVu Sans (regular and bold): Cyrillic with ә ғ қ ң ө ұ ү һ і. */
export const FONT_FILES = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
};

const escapeXml = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A deterministic sequence in [0, 1) from a string, so the same spec always draws the same picture. */
function sequence(seed: string): () => number {
  let state = 2166136261;
  for (const char of seed) state = Math.imul(state ^ char.charCodeAt(0), 16777619) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The shapes of a motif on a 1200×800 canvas (scaled by the viewBox). */
function motifShapes(motif: IllustrationMotif, accent: string, rnd: () => number): string {
  const ink = '#1f2a33';
  switch (motif) {
    case 'people': {
      const colours = [accent, '#e0a458', '#5b8c5a', '#c8553d', '#3d5a80', '#8e6c8a'];
      const shapes: string[] = [];
      for (let i = 0; i < 9; i += 1) {
        const row = i < 4 ? 0 : 1;
        const x = row === 0 ? 240 + i * 240 : 120 + (i - 4) * 240;
        const y = row === 0 ? 420 : 560;
        const scale = row === 0 ? 0.85 : 1;
        const colour = colours[Math.floor(rnd() * colours.length)] ?? accent;
        shapes.push(
          `<g transform="translate(${x} ${y}) scale(${scale})"><circle cx="0" cy="-120" r="52" fill="#f1d7b8"/>` +
            `<path d="M-95 140 Q-95 -50 0 -50 Q95 -50 95 140 Z" fill="${colour}"/></g>`,
        );
      }
      return shapes.join('');
    }
    case 'building':
      return [
        `<rect x="260" y="620" width="680" height="40" fill="${ink}" opacity=".85"/>`,
        `<rect x="300" y="580" width="600" height="40" fill="${ink}" opacity=".7"/>`,
        `<polygon points="280,300 600,170 920,300" fill="${accent}"/>`,
        `<rect x="300" y="300" width="600" height="34" fill="${ink}" opacity=".8"/>`,
        ...[0, 1, 2, 3, 4, 5].map((i) => `<rect x="${335 + i * 95}" y="334" width="44" height="246" fill="#f7f4ee"/>`),
        `<line x1="600" y1="170" x2="600" y2="70" stroke="${ink}" stroke-width="6"/>`,
        `<path d="M600 72 h110 l-22 26 l22 26 h-110 z" fill="#2f9fd8"/>`,
        `<circle cx="652" cy="98" r="11" fill="#f2c230"/>`,
      ].join('');
    case 'chart': {
      const bars = [0.35, 0.5, 0.42, 0.62, 0.58, 0.78].map((h, i) => {
        const height = Math.round((h + rnd() * 0.1) * 420);
        return `<rect x="${250 + i * 120}" y="${640 - height}" width="80" height="${height}" rx="8" fill="${i === 5 ? accent : '#ffffff'}" opacity="${i === 5 ? 1 : 0.85}"/>`;
      });
      return [
        `<line x1="210" y1="640" x2="990" y2="640" stroke="${ink}" stroke-width="6"/>`,
        ...bars,
        `<polyline points="290,470 410,420 530,440 650,330 770,350 890,210" fill="none" stroke="${ink}" stroke-width="10" stroke-linecap="round" stroke-linejoin="round"/>`,
        `<polygon points="890,170 935,225 870,240" fill="${ink}"/>`,
        `<circle cx="1010" cy="190" r="44" fill="#f2c230"/><circle cx="1040" cy="250" r="44" fill="#e0b020"/>`,
      ].join('');
    }
    case 'road':
      return [
        `<polygon points="480,800 720,800 640,380 560,380" fill="#4a4f55"/>`,
        ...[0, 1, 2, 3].map(
          (i) => `<rect x="${594 - i * 4}" y="${420 + i * 95}" width="${12 + i * 8}" height="${40 + i * 12}" fill="#f7f4ee"/>`,
        ),
        `<line x1="0" y1="380" x2="1200" y2="380" stroke="${ink}" stroke-width="3" opacity=".4"/>`,
        `<rect x="846" y="360" width="14" height="300" fill="${ink}"/>`,
        `<polygon points="853,170 983,390 723,390" fill="#ffffff" stroke="${accent}" stroke-width="26" stroke-linejoin="round"/>`,
        `<rect x="844" y="250" width="18" height="80" rx="6" fill="${ink}"/><circle cx="853" cy="352" r="11" fill="${ink}"/>`,
        `<circle cx="300" cy="300" r="70" fill="#2f6fd8" opacity=".75"/><circle cx="430" cy="300" r="70" fill="#d83a2f" opacity=".75"/>`,
      ].join('');
    case 'stage':
      return [
        `<path d="M0 0 H1200 V140 Q1000 200 900 120 Q760 220 600 130 Q440 220 300 120 Q200 200 0 140 Z" fill="${accent}"/>`,
        `<path d="M0 0 H170 Q130 400 210 800 H0 Z" fill="${accent}" opacity=".9"/>`,
        `<path d="M1200 0 H1030 Q1070 400 990 800 H1200 Z" fill="${accent}" opacity=".9"/>`,
        `<polygon points="520,0 680,0 880,640 320,640" fill="#fff6cf" opacity=".55"/>`,
        `<ellipse cx="600" cy="650" rx="330" ry="50" fill="#fff6cf" opacity=".7"/>`,
        `<rect x="0" y="660" width="1200" height="140" fill="${ink}" opacity=".85"/>`,
        `<g transform="translate(600 520)"><ellipse cx="0" cy="40" rx="58" ry="70" fill="#8a5a2b"/><rect x="-9" y="-230" width="18" height="240" fill="#6b4420"/>` +
          `<circle cx="0" cy="40" r="16" fill="${ink}"/></g>`,
      ].join('');
    case 'track':
      return [
        `<path d="M0 520 Q600 380 1200 520 V800 H0 Z" fill="${accent}"/>`,
        ...[0, 1, 2, 3].map(
          (i) =>
            `<path d="M0 ${560 + i * 60} Q600 ${420 + i * 60} 1200 ${560 + i * 60}" fill="none" stroke="#ffffff" stroke-width="6" opacity=".85"/>`,
        ),
        `<rect x="0" y="500" width="1200" height="14" fill="#5b8c5a" opacity=".0"/>`,
        `<circle cx="880" cy="300" r="110" fill="#ffffff" stroke="${ink}" stroke-width="8"/>`,
        `<polygon points="880,240 935,280 915,345 845,345 825,280" fill="${ink}"/>`,
        `<circle cx="290" cy="250" r="60" fill="#f2c230"/>`,
      ].join('');
    case 'sea':
      return [
        `<circle cx="870" cy="260" r="110" fill="#f6c453"/>`,
        ...[0, 1, 2, 3, 4].map(
          (i) =>
            `<path d="M0 ${450 + i * 80} q75 -40 150 0 t150 0 t150 0 t150 0 t150 0 t150 0 t150 0 t150 0 V800 H0 Z" fill="${accent}" opacity="${0.35 + i * 0.15}"/>`,
        ),
        `<path d="M300 420 h180 l-30 40 h-130 z" fill="${ink}"/><rect x="385" y="300" width="8" height="120" fill="${ink}"/><polygon points="393,305 470,400 393,400" fill="#f7f4ee"/>`,
      ].join('');
  }
}

/** The picture without its label: background, motif, a frame. */
export function illustrationSvg(spec: IllustrationSpec): string {
  const width = spec.width ?? 1200;
  const height = spec.height ?? 800;
  const [top, bottom, accent] = spec.palette;
  const rnd = sequence(`${spec.motif}${spec.palette.join('')}`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 1200 800" preserveAspectRatio="xMidYMid slice">`,
    `<defs><linearGradient id="bg" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${escapeXml(top)}"/><stop offset="1" stop-color="${escapeXml(bottom)}"/></linearGradient></defs>`,
    '<rect width="1200" height="800" fill="url(#bg)"/>',
    motifShapes(spec.motif, escapeXml(accent), rnd),
    '</svg>',
  ].join('');
}

/** A line of text in DejaVu Sans as a transparent PNG (sharp's text renderer with the package's font file). */
async function textImage(
  text: string,
  options: { size: number; bold?: boolean; colour: string; width?: number },
): Promise<{ data: Buffer; width: number; height: number }> {
  const font = `DejaVu Sans${options.bold ? ' Bold' : ''} ${options.size}`;
  const { data, info } = await sharp({
    text: {
      text: `<span foreground="${options.colour}">${escapeXml(text)}</span>`,
      font,
      fontfile: options.bold ? FONT_FILES.bold : FONT_FILES.regular,
      rgba: true,
      dpi: 72,
      ...(options.width ? { width: options.width, wrap: 'word' as const } : {}),
    },
  })
    .png()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** The illustration as a JPEG, with its label in the top-left corner and the note in the bottom-right. */
export async function renderIllustrationJpeg(spec: IllustrationSpec): Promise<Buffer> {
  const width = spec.width ?? 1200;
  const height = spec.height ?? 800;
  const unit = width / 1200;
  const label = await textImage(spec.label ?? DEFAULT_ILLUSTRATION_LABEL, { size: Math.round(26 * unit), bold: true, colour: '#ffffff' });
  const note = await textImage(spec.note ?? DEFAULT_ILLUSTRATION_NOTE, { size: Math.round(18 * unit), colour: '#1f2a33' });
  const pad = Math.round(14 * unit);
  const margin = Math.round(28 * unit);
  const badge = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${label.width + 2 * pad}" height="${label.height + 2 * pad}"><rect width="100%" height="100%" rx="${Math.round(8 * unit)}" fill="#1f2a33" fill-opacity=".88"/></svg>`,
  );
  const noteBack = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${note.width + 2 * pad}" height="${note.height + pad}"><rect width="100%" height="100%" rx="${Math.round(6 * unit)}" fill="#ffffff" fill-opacity=".8"/></svg>`,
  );
  return sharp(Buffer.from(illustrationSvg(spec)))
    .composite([
      { input: badge, left: margin, top: margin },
      { input: label.data, left: margin + pad, top: margin + pad },
      { input: noteBack, left: width - margin - note.width - 2 * pad, top: height - margin - note.height - pad },
      { input: note.data, left: width - margin - note.width - pad, top: height - margin - note.height - Math.round(pad / 2) },
    ])
    .jpeg({ quality: 84, mozjpeg: true })
    .toBuffer();
}
