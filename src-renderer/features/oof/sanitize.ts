/**
 * Automatic replies are HTML written by anyone with access to the mailbox: untrusted. Only text
 * formatting survives: no links, images, forms, styles or scripts (the page's CSP would refuse
 * inline styles and stray image loads anyway, and log errors for them).
 */
import DOMPurify from 'dompurify';

const ALLOWED_TAGS = [
  'p',
  'br',
  'div',
  'span',
  'b',
  'strong',
  'i',
  'em',
  'u',
  's',
  'ul',
  'ol',
  'li',
  'blockquote',
  'pre',
  'code',
  'h1',
  'h2',
  'h3',
  'h4',
  'hr',
  'table',
  'thead',
  'tbody',
  'tr',
  'td',
  'th',
];

export function sanitizeReply(html: string): string {
  return DOMPurify.sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR: [],
    KEEP_CONTENT: true,
    WHOLE_DOCUMENT: false,
  });
}

/** The reply's text, for editing as plain text. */
export function replyText(html: string): string {
  const doc = new DOMParser().parseFromString(sanitizeReply(html), 'text/html');
  for (const br of Array.from(doc.querySelectorAll('br'))) br.replaceWith('\n');
  for (const block of Array.from(doc.querySelectorAll('p, div, li'))) block.append('\n');
  return doc.body.textContent.replace(/\n{3,}/g, '\n\n').trim();
}

/** Plain text typed by the user as the HTML a reply is stored as. */
export function textToReplyHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r?\n/g, '<br>');
}
