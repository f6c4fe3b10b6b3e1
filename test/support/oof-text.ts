/**
 * Random reply texts for OOF round trips: any Unicode XML 1.0 can carry, weighted towards what
 * breaks writers and parsers — CR, CRLF, lone LF, tabs, bidi controls, astral characters and
 * emoji sequences, the five XML-special characters, entity look-alikes and whitespace at the
 * ends. Characters XML cannot carry at all (C0 controls but tab/LF/CR, U+FFFE/U+FFFF, lone
 * surrogates) are left out here; `UNENCODABLE_SAMPLES` lists them for the error tests.
 */
import fc from 'fast-check';

const ATOMS = [
  '\r',
  '\r\n',
  '\n',
  '\n\r',
  '\t',
  '\u202E',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200F',
  '😀',
  '👩‍💻',
  '🇰🇷',
  '𝄞',
  '\u{10FFFD}',
  '<',
  '>',
  '&',
  '"',
  "'",
  '&amp;',
  '&#13;',
  ']]>',
  '<![CDATA[x]]>',
  ' ',
  '\u00A0',
  '\u3000',
  '부재중',
  'é',
  'e\u0301',
  '\uFEFF',
  '\u0085',
  '\u2028',
  '\u007F',
];

// eslint-disable-next-line no-control-regex -- the characters XML 1.0 cannot carry
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const encodable = (s: string): boolean => !CONTROL.test(s) && !LONE_SURROGATE.test(s);

/** One piece: an atom, or any encodable code point. */
const piece = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...ATOMS) },
  {
    weight: 2,
    arbitrary: fc.string({ unit: 'binary', maxLength: 4 }).filter(encodable),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }).filter(encodable) },
);

/** A reply text that XML 1.0 can carry. */
export const replyText = (maxPieces = 24): fc.Arbitrary<string> =>
  fc.array(piece, { maxLength: maxPieces }).map((parts) => parts.join(''));

/** Texts XML 1.0 cannot carry, each with the code unit an error should name. */
export const UNENCODABLE_SAMPLES: readonly (readonly [string, string, number])[] = [
  ['NUL', 'a\u0000b', 0x0000],
  ['a bell', 'ding\u0007', 0x0007],
  ["Word's line break (vertical tab)", 'line\u000Bbreak', 0x000b],
  ['a form feed', 'page\u000C', 0x000c],
  ['an escape', '\u001B[31mred', 0x001b],
  ['U+FFFE', 'x\uFFFEy', 0xfffe],
  ['U+FFFF', 'x\uFFFFy', 0xffff],
  ['a lone high surrogate', 'half \uD83D here', 0xd83d],
  ['a lone low surrogate', 'half \uDE00 here', 0xde00],
];
