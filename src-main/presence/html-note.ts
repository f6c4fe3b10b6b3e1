import { decodeEntities } from './html-entities.js';

export const NOTE_MAX_CHARS = 200;

/** Elements whose content is never text for the reader; dropped with everything inside. */
const DROPPED = new Set([
  'script',
  'style',
  'head',
  'title',
  'template',
  'noscript',
  'iframe',
  'object',
  'svg',
  'math',
  'xml',
  'textarea',
  'select',
]);

/** Elements that separate words: replaced by a space (inline tags like <b> join their text). */
const BREAKING = new Set([
  'br',
  'p',
  'div',
  'li',
  'ul',
  'ol',
  'tr',
  'td',
  'th',
  'table',
  'tbody',
  'thead',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'pre',
  'hr',
  'body',
  'html',
  'section',
  'article',
  'header',
  'footer',
  'dd',
  'dt',
  'img',
]);

/** Index just past the `>` that ends a tag opened at `from`, skipping quoted attribute values. */
function tagEnd(html: string, from: number): number {
  let quote: string | undefined;
  for (let i = from; i < html.length; i++) {
    const c = html[i];
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i + 1;
  }
  return html.length;
}

/** Elements whose content is raw text in HTML: an unclosed one swallows the rest. */
const RAW_TEXT = new Set(['script', 'style', 'title', 'textarea', 'iframe']);

/**
 * Index just past the end tag `</name ...>` after `from`. Without one, a raw-text element (e.g.
 * an unclosed <script>) takes the rest of the text; any other element only loses its tag.
 */
function skipElement(html: string, name: string, from: number): number {
  const close = new RegExp(`</${name}(?=[\\s/>])`, 'ig');
  close.lastIndex = from;
  const m = close.exec(html);
  if (m !== null) return tagEnd(html, m.index);
  return RAW_TEXT.has(name) ? html.length : from;
}

/** The text of an HTML fragment: tags removed, dropped elements removed with their content. */
function htmlText(html: string): string {
  let out = '';
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      out += html.slice(i);
      break;
    }
    out += html.slice(i, lt);
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end < 0 ? html.length : end + 3;
      continue;
    }
    const tag = /^<(\/?)([A-Za-z][A-Za-z0-9:-]*)/.exec(html.slice(lt, lt + 64));
    if (tag === null) {
      if (html[lt + 1] === '!' || html[lt + 1] === '?') i = tagEnd(html, lt);
      else {
        out += '<'; // a bare "<" is text ("a < b")
        i = lt + 1;
      }
      continue;
    }
    const closing = tag[1] === '/';
    const name = (tag[2] ?? '').toLowerCase();
    const end = tagEnd(html, lt + tag[0].length);
    const selfClosed = html[end - 2] === '/';
    if (!closing && !selfClosed && DROPPED.has(name)) {
      i = skipElement(html, name, end);
    } else {
      if (BREAKING.has(name) || BREAKING.has(name.replace(/^.*:/, ''))) out += ' ';
      i = end;
    }
  }
  return out;
}

/** Cuts to `max` code points, on a word boundary when there is one, ending with an ellipsis. */
function cut(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  const head = chars.slice(0, max - 1).join('');
  const space = head.lastIndexOf(' ');
  const kept = space > 0 && chars[max - 1] !== ' ' ? head.slice(0, space) : head;
  return `${kept.trimEnd()}\u2026`;
}

/**
 * An OOF reply (HTML) as a one-line plain-text note: tags stripped (script, style and head
 * dropped with their content), entities decoded, whitespace collapsed, at most 200 characters.
 * Entities are decoded after the tags are gone, so `&lt;script&gt;` stays harmless text.
 */
export function htmlToNote(html: string, maxChars: number = NOTE_MAX_CHARS): string {
  const text = decodeEntities(htmlText(html))
    .replace(/[\u00ad\u200b-\u200d\ufeff]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return cut(text, maxChars);
}
