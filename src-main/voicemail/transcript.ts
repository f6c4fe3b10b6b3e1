/**
 * The UM preview as plain text. Exchange may give it as HTML (a body asked for as text can still
 * carry markup from a transcription service); the Snapshot only ever holds words, never markup.
 */
import { MAX_TRANSCRIPT_LENGTH } from '../core/contract.js';

const ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (whole, name: string) => {
    const lower = name.toLowerCase();
    if (!lower.startsWith('#')) return ENTITIES[lower] ?? whole;
    const code = lower.startsWith('#x')
      ? Number.parseInt(lower.slice(2), 16)
      : Number.parseInt(lower.slice(1), 10);
    if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '';
    return String.fromCodePoint(code);
  });
}

/** Plain text: scripts, styles and tags removed, entities decoded, whitespace tidied, capped. */
export function plainTranscript(raw: string | undefined): string {
  if (raw === undefined) return '';
  let text = raw
    .replace(/<(script|style|head|title)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<br\s*\/?>|<\/(p|div|li)\s*>/gi, '\n')
    .replace(/<\/?[a-z!?][^<>]*>/gi, ' ');
  // Whatever looks like a tag after decoding was text; angle brackets stay as characters.
  text = decodeEntities(text)
    // Control characters other than line breaks and tabs carry no words.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .filter((line, i, lines) => line !== '' || (i > 0 && lines[i - 1] !== ''))
    .join('\n')
    .trim();
  if (text.length > MAX_TRANSCRIPT_LENGTH) text = `${text.slice(0, MAX_TRANSCRIPT_LENGTH - 1)}…`;
  return text;
}
