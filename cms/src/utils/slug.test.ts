import { describe, expect, it } from 'vitest';
import { toSlug } from './slug';

describe('toSlug', () => {
  it('transliterates every Kazakh-specific letter', () => {
    expect(toSlug('ә ғ қ ң ө ұ ү һ і')).toBe('a-g-q-n-o-u-u-h-i');
    expect(toSlug('Ә Ғ Қ Ң Ө Ұ Ү Һ І')).toBe('a-g-q-n-o-u-u-h-i');
  });

  it('turns a Kazakh title into a readable ascii slug', () => {
    expect(toSlug('Ақтау және Манғыстау жаңалықтары')).toBe('aqtau-zhane-mangystau-zhanalyqtary');
    expect(toSlug('Өңірдегі үкіметтік емес ұйымдар')).toBe('onirdegi-ukimettik-emes-uyymdar');
  });

  it('turns the Russian seed title into a slug', () => {
    expect(toSlug('В Актау был проведён день открытых дверей с участием государственных органов и НПО')).toBe(
      'v-aktau-byl-proveden-den-otkrytykh-dverey-s-uchastiem-gosudarstvennykh-organov-i-npo',
    );
  });

  it('handles Russian letters with multi-letter transliterations and drops hard/soft signs', () => {
    expect(toSlug('Щука, ёж, объём, Цой, Юля, Яна, Хабаровск')).toBe('shchuka-ezh-obem-tsoy-yulya-yana-khabarovsk');
  });

  it('does not split uppercase abbreviations like a camel-cased word', () => {
    expect(toSlug('ЦОК и НАО')).toBe('tsok-i-nao');
  });

  it('cuts long titles on a word boundary', () => {
    const slug = toSlug('очень '.repeat(40), 50);
    expect(slug.length).toBeLessThanOrEqual(50);
    expect(slug.endsWith('-')).toBe(false);
    expect(slug).toMatch(/^(ochen-)*ochen$/);
  });
});
