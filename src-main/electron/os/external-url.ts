/**
 * The only URLs Beacon hands to the operating system: web pages over https, Teams meeting links,
 * SIP and telephone links. Anything else (http, file, javascript, data, SMB shares, other apps'
 * schemes) could run code, leak credentials or open a local file, so it is refused.
 */

const MAX_URL_LENGTH = 2048;

/** Zero-width and bidirectional marks make a URL read differently than it is. */
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/;

/** RFC 3966 as people write numbers: digits, +, -, spaces, parentheses; `;name=value` params. */
const TEL_NUMBER = /^\+?[0-9 ()-]*[0-9][0-9 ()-]*(;[A-Za-z0-9-]+(=[A-Za-z0-9.+%_-]+)?)*$/;

/** A SIP address: no whitespace, quotes, angle brackets or other characters that end a URI. */
const SIP_ADDRESS = /^[^\s"<>\\^`{|}]+$/;

/** The normalised URL when it may be opened, null otherwise. */
export function vetExternalUrl(raw: string): string | null {
  if (raw.length === 0 || raw.length > MAX_URL_LENGTH) return null;
  if (hasControlCharacter(raw) || INVISIBLE.test(raw) || raw !== raw.trim()) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  // "https://intranet@evil.example" reads as intranet; credentials never ride in a link anyway.
  if (url.username !== '' || url.password !== '') return null;
  if (!isAllowed(url)) return null;
  return url.href.length > MAX_URL_LENGTH ? null : url.href;
}

/** C0 controls, DEL and C1 controls: the URL parser silently drops some of them. */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}

function isAllowed(url: URL): boolean {
  switch (url.protocol) {
    case 'https:':
      return url.hostname !== '';
    case 'msteams:':
      return url.host !== '' || url.pathname !== '';
    case 'sip:':
      return url.host === '' && SIP_ADDRESS.test(url.pathname) && url.hash === '';
    case 'tel:':
      return (
        url.host === '' && TEL_NUMBER.test(url.pathname) && url.search === '' && url.hash === ''
      );
    default:
      return false;
  }
}
