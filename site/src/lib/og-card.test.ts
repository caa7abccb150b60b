/**
 * Link-preview cards: the font file covers every Russian and Kazakh letter
 * (each draws its own glyph, none the "missing glyph" box), a card is a
 * 1200×630 PNG, and its name changes with what it shows.
 */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { cardAlt, cardFileName, OG_CARD_HEIGHT, OG_CARD_WIDTH, renderOgCard, text } from './og-card.ts';

async function glyph(char: string): Promise<string> {
  const image = await text(char, { size: 48, bold: true, width: 200, colour: '#000000' });
  const raw = await sharp(image.data).ensureAlpha().raw().toBuffer();
  return createHash('sha256').update(raw).digest('hex');
}

describe('link-preview cards', () => {
  it('draw every Kazakh and Russian letter with a glyph of its own, none as the missing-glyph box', async () => {
    const letters = [...'әғқңөұүһіӘҒҚҢӨҰҮҺІжщыэёЖЩЫЭЁ'];
    // U+E000 is a private-use code point no font covers: what the font draws for a letter it lacks.
    const missing = await glyph('\uE000');
    const hashes = await Promise.all(letters.map(glyph));
    expect(new Set(hashes).size).toBe(letters.length);
    for (const [index, hash] of hashes.entries()) expect(hash, letters[index]).not.toBe(missing);
  });

  it('are 1200×630 PNGs named by what they show', async () => {
    const spec = {
      siteName: 'Ақтау және Манғыстау жаңалықтары',
      title: 'Маңғыстау облысының «Азаматтық Альянс» ЗТБ',
      kind: 'Ұйым',
      lang: 'kk',
    };
    const png = await renderOgCard(spec);
    const meta = await sharp(png).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', OG_CARD_WIDTH, OG_CARD_HEIGHT]);
    expect(cardFileName(spec)).toMatch(/^og-[0-9a-f]{24}\.png$/);
    expect(cardFileName({ ...spec, title: `${spec.title}!` })).not.toBe(cardFileName(spec));
    expect(cardAlt(spec)).toBe('Ақтау және Манғыстау жаңалықтары · Ұйым: Маңғыстау облысының «Азаматтық Альянс» ЗТБ');
  });

  it('fit a very long title on the card', async () => {
    const png = await renderOgCard({
      siteName: 'Новости Актау и Мангыстау',
      title: 'Очень длинный заголовок '.repeat(12),
      kind: null,
      lang: 'ru',
    });
    expect((await sharp(png).metadata()).height).toBe(OG_CARD_HEIGHT);
  });
});
