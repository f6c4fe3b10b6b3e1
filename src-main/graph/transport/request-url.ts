/**
 * The URL a GraphRequest goes to. Pure. A path is put below the configured service root; an
 * absolute link (an `@odata.nextLink` or `@odata.deltaLink`) is used verbatim, but only when it
 * is on the service's own origin: a link elsewhere would carry the token to another host.
 */
import { GraphError } from '../errors.js';

/** The service root, checked: https, or plain http to a loopback address (the simulator). */
export interface ServiceRoot {
  origin: string;
  /** The root without a trailing slash, e.g. https://graph.microsoft.com/v1.0 */
  href: string;
}

export function serviceRoot(baseUrl: string): ServiceRoot {
  const url = new URL(baseUrl);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url)))
    throw new GraphError(
      'foreign-url',
      `Refusing to send a token to ${url.origin}: Graph needs https://`,
    );
  return { origin: url.origin, href: `${url.origin}${url.pathname.replace(/\/+$/, '')}` };
}

export function requestUrl(
  root: ServiceRoot,
  path: string,
  query: Readonly<Record<string, string>> = {},
): string {
  const search = encodeQuery(query);
  if (/^[a-z][a-z0-9+.-]*:/i.test(path)) {
    let link: URL;
    try {
      link = new URL(path);
    } catch {
      throw new GraphError('foreign-url', 'A link from Graph is not a URL');
    }
    if (link.origin !== root.origin)
      throw new GraphError(
        'foreign-url',
        `A link from Graph points to ${link.origin}, not ${root.origin}; it was not followed`,
      );
    if (search === '') return path;
    return `${path}${path.includes('?') ? '&' : '?'}${search}`;
  }
  if (!path.startsWith('/')) throw new GraphError('foreign-url', `A Graph path starts with '/'`);
  return `${root.href}${path}${search === '' ? '' : `?${search}`}`;
}

/**
 * The path of a link relative to the service root, as a $batch entry names it ('/me/…'). A link
 * on another origin or outside the root's path is refused.
 */
export function relativeToRoot(root: ServiceRoot, path: string): string {
  if (!/^[a-z][a-z0-9+.-]*:/i.test(path)) return path;
  const absolute = requestUrl(root, path);
  const prefix = root.href;
  if (!absolute.startsWith(`${prefix}/`))
    throw new GraphError('foreign-url', `A link from Graph is outside ${prefix}`);
  return absolute.slice(prefix.length);
}

/** OData options with their `$` kept readable; spaces as %20 (a '+' is a literal plus in OData). */
function encodeQuery(query: Readonly<Record<string, string>>): string {
  return Object.entries(query)
    .map(
      ([name, value]) =>
        `${encodeURIComponent(name).replace(/^%24/, '$')}=${encodeURIComponent(value)}`,
    )
    .join('&');
}

function isLoopback(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
