import { DecodeError } from '../errors.js';

/**
 * Checks the structure fast-xml-parser takes on trust: every tag complete, every element closed
 * by its own name, one root element, nothing but whitespace outside it. fast-xml-parser accepts
 * `<a></b>` and stops silently at a truncated end; this scan turns both into a DecodeError, so a
 * cut-off answer can never decode into half the data.
 *
 * It is a scan, not a parser: indexOf jumps from tag to tag, which keeps it to a few percent of
 * the parse time (fast-xml-validator checks more, and costs about half the parse again).
 */
export function assertWellFormed(xml: string): void {
  const stack: string[] = [];
  let rootClosed = false;
  let i = 0;
  const fail = (message: string, at: number): never => {
    throw new DecodeError(`Malformed XML: ${message} at offset ${at}`);
  };
  for (;;) {
    const lt = xml.indexOf('<', i);
    const textEnd = lt === -1 ? xml.length : lt;
    if (stack.length === 0 && textEnd > i && /\S/.test(xml.slice(i, textEnd))) {
      fail(rootClosed ? 'text after the root element' : 'text before the root element', i);
    }
    if (lt === -1) break;
    const next = xml.charCodeAt(lt + 1);
    if (next === QUESTION) {
      const end = xml.indexOf('?>', lt + 2);
      if (end === -1) fail('unterminated processing instruction', lt);
      i = end + 2;
    } else if (next === BANG) {
      if (xml.startsWith('<!--', lt)) {
        const end = xml.indexOf('-->', lt + 4);
        if (end === -1) fail('unterminated comment', lt);
        i = end + 3;
      } else if (xml.startsWith('<![CDATA[', lt)) {
        if (stack.length === 0) fail('CDATA outside the root element', lt);
        const end = xml.indexOf(']]>', lt + 9);
        if (end === -1) fail('unterminated CDATA section', lt);
        i = end + 3;
      } else {
        fail('declarations (DOCTYPE) are not accepted', lt);
      }
    } else if (next === SLASH) {
      const gt = xml.indexOf('>', lt + 2);
      if (gt === -1) fail('unterminated closing tag', lt);
      const name = xml.slice(lt + 2, gt).trimEnd();
      const open = stack.pop();
      if (open === undefined) fail(`closing tag </${name}> without an opening tag`, lt);
      if (open !== name) fail(`<${open ?? ''}> closed by </${name}>`, lt);
      if (stack.length === 0) rootClosed = true;
      i = gt + 1;
    } else {
      if (rootClosed) fail('a second root element', lt);
      let j = lt + 1;
      while (j < xml.length && isNameChar(xml.charCodeAt(j))) j++;
      if (j === lt + 1 || !isNameStart(xml.charCodeAt(lt + 1)))
        fail('a tag without a valid name', lt);
      const name = xml.slice(lt + 1, j);
      // Walk the attributes; quoted values may hold '>' and are skipped whole.
      for (;;) {
        if (j >= xml.length) fail(`unterminated tag <${name}`, lt);
        const c = xml.charCodeAt(j);
        if (c === GT) {
          stack.push(name);
          break;
        }
        if (c === SLASH && xml.charCodeAt(j + 1) === GT) {
          if (stack.length === 0) rootClosed = true;
          j++;
          break;
        }
        if (c === QUOTE || c === APOS) {
          const close = xml.indexOf(c === QUOTE ? '"' : "'", j + 1);
          if (close === -1) fail(`unterminated attribute value in <${name}`, j);
          j = close + 1;
          continue;
        }
        if (c === LT) fail(`'<' inside the tag <${name}`, j);
        j++;
      }
      i = j + 1;
    }
  }
  if (stack.length > 0)
    fail(`<${stack.at(-1) ?? ''}> is never closed (the document ends early)`, xml.length);
  if (!rootClosed) fail('no root element', 0);
}

const QUESTION = 63;
const BANG = 33;
const SLASH = 47;
const GT = 62;
const LT = 60;
const QUOTE = 34;
const APOS = 39;

function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 58 || c > 127;
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57) || c === 45 || c === 46;
}
