/**
 * Bytes of an export → text. Archives come as UTF-8 (with or without a BOM,
 * LF or CRLF) and, from older desktop tools, as Windows-1251. Rules:
 *
 * - a UTF-8 BOM, or bytes that are valid UTF-8 → UTF-8;
 * - a UTF-16 BOM → UTF-16 (Notepad's "Unicode");
 * - otherwise the bytes are decoded as Windows-1251 (iconv-lite) and kept
 *   only when the result reads as Cyrillic text: most letters Cyrillic, no
 *   C1 control characters, a normal share of capitals. KOI8-R read as
 *   Windows-1251 is mostly capitals and is refused naming KOI8-R; KZ-1048
 *   (the Kazakh Windows code page, which iconv-lite does not know) shows
 *   Serbian letters (Ң → Њ …) and is refused naming KZ-1048; anything else
 *   is refused naming the first line that is not UTF-8.
 *
 * Windows-1251 has no Kazakh letters (ә ғ қ ң ө ұ ү һ): a Kazakh text saved in
 * it lost them already; the parser's language detection then warns.
 */
import iconv from 'iconv-lite';
import { ImportParseError } from './errors.ts';

export type Encoding = 'utf-8' | 'utf-8 (BOM)' | 'utf-16le' | 'utf-16be' | 'windows-1251';
export type Decoded = { text: string; encoding: Encoding };

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The 1-based line of the first byte sequence that is not UTF-8. */
function firstNonUtf8Line(input: Uint8Array): number {
  let line = 1;
  let start = 0;
  for (let index = 0; index <= input.length; index += 1) {
    if (index === input.length || input[index] === 0x0a) {
      try {
        UTF8.decode(input.subarray(start, index));
      } catch {
        return line;
      }
      line += 1;
      start = index + 1;
    }
  }
  return line;
}

const CYRILLIC = /\p{Script=Cyrillic}/u;
const LETTER = /\p{L}/u;
/** Letters KZ-1048 puts where Windows-1251 has Serbian/Macedonian ones (0x8A–0x9F): Ә Ң Қ Һ Ұ … read as Љ Њ Ќ Ћ Џ … */
const KZ1048_SIGNS = /[ЉЊЌЋЏљњќћџ]/u;

type Profile = { letters: number; cyrillic: number; upper: number; c1: number };

function profile(text: string): Profile {
  const result: Profile = { letters: 0, cyrillic: 0, upper: 0, c1: 0 };
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0x80 && code <= 0x9f) result.c1 += 1;
    if (!LETTER.test(char)) continue;
    result.letters += 1;
    if (CYRILLIC.test(char)) {
      result.cyrillic += 1;
      if (char !== char.toLocaleLowerCase('ru')) result.upper += 1;
    }
  }
  return result;
}

export function decodeExport(input: string | Uint8Array, source: string | null): Decoded {
  if (typeof input === 'string') return { text: input.replace(/^\uFEFF/u, ''), encoding: 'utf-8' };
  if (input[0] === 0xef && input[1] === 0xbb && input[2] === 0xbf) {
    try {
      return { text: UTF8.decode(input.subarray(3)), encoding: 'utf-8 (BOM)' };
    } catch {
      throw new ImportParseError({
        line: firstNonUtf8Line(input),
        expected: 'UTF-8 text (the file starts with a UTF-8 BOM)',
        found: 'bytes that are not UTF-8',
        source,
      });
    }
  }
  if (input[0] === 0xff && input[1] === 0xfe)
    return { text: iconv.decode(Buffer.from(input.subarray(2)), 'utf-16le'), encoding: 'utf-16le' };
  if (input[0] === 0xfe && input[1] === 0xff)
    return { text: iconv.decode(Buffer.from(input.subarray(2)), 'utf-16be'), encoding: 'utf-16be' };
  try {
    return { text: UTF8.decode(input), encoding: 'utf-8' };
  } catch {
    // not UTF-8: try Windows-1251 below
  }

  const line = firstNonUtf8Line(input);
  if (input.includes(0x00)) {
    throw new ImportParseError({ line, expected: 'a text file (UTF-8 or Windows-1251)', found: 'binary data', source });
  }
  const text = iconv.decode(Buffer.from(input), 'windows-1251');
  const { letters, cyrillic, upper, c1 } = profile(text);
  const reads = letters > 0 && c1 === 0 && cyrillic / letters >= 0.5;
  if (reads && KZ1048_SIGNS.test(text)) {
    throw new ImportParseError({
      line,
      expected: 'UTF-8 or Windows-1251 text',
      found: 'KZ-1048 (the Kazakh Windows code page: «Њ», «Ќ», «Џ» stand where Kazakh letters should be); save the file as UTF-8',
      source,
    });
  }
  if (reads && upper / cyrillic > 0.6) {
    throw new ImportParseError({
      line,
      expected: 'UTF-8 or Windows-1251 text',
      found: 'KOI8-R or another Cyrillic code page (read as Windows-1251 it is mostly capitals); save the file as UTF-8',
      source,
    });
  }
  if (!reads) {
    throw new ImportParseError({
      line,
      expected: 'UTF-8 or Windows-1251 text (save the export as UTF-8)',
      found: 'bytes that are neither UTF-8 nor Cyrillic Windows-1251',
      source,
    });
  }
  return { text, encoding: 'windows-1251' };
}
