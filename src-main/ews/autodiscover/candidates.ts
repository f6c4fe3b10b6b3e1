/**
 * Pure decisions about where Autodiscover may look and which URLs it may trust. No I/O here:
 * the orchestration in discover.ts asks these functions and does the sending.
 */
import { isLoopbackUrl } from '../auth.js';

/** Exchange's own limit, and ours: redirects of every kind (HTTP, redirectUrl, redirectAddr). */
export const MAX_AUTODISCOVER_REDIRECTS = 10;

export const DEFAULT_V2_BASE_URL = 'https://outlook.office365.com';

const POX_PATH = '/autodiscover/autodiscover.xml';

/** The domain part of an SMTP address, lower-cased; undefined when it is not an address. */
export function domainOf(email: string): string | undefined {
  const at = email.lastIndexOf('@');
  if (at <= 0 || at === email.length - 1) return undefined;
  const domain = email.slice(at + 1).toLowerCase();
  // A host name only: anything else would let the address steer the URL we build from it.
  return /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/.test(domain)
    ? domain
    : undefined;
}

/** The Microsoft 365 Autodiscover v2 (JSON) URL for one address, asking for the EWS endpoint. */
export function v2JsonUrl(baseUrl: string, email: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  // The address is one path segment; '@' is legal there and is how Microsoft writes it.
  const segment = encodeURIComponent(email).replace(/%40/g, '@');
  return `${base}/autodiscover/autodiscover.json/v1.0/${segment}?Protocol=EWS`;
}

/** The two authenticated POX endpoints tried for a domain, in order. */
export function poxCandidates(domain: string): [string, string] {
  return [`https://${domain}${POX_PATH}`, `https://autodiscover.${domain}${POX_PATH}`];
}

/** The plain-HTTP URL asked (without credentials) only for the redirect it answers with. */
export function httpProbeUrl(domain: string): string {
  return `http://autodiscover.${domain}${POX_PATH}`;
}

/** The POX endpoint an SRV record points to. */
export function srvPoxUrl(target: string, port: number): string {
  const host = target.replace(/\.$/, '').toLowerCase();
  return port === 443 ? `https://${host}${POX_PATH}` : `https://${host}:${port}${POX_PATH}`;
}

export type UrlCheck = { ok: true; url: string } | { ok: false; reason: string };

/**
 * A redirect target (HTTP Location, POX RedirectUrl) we may follow: absolute or relative to the
 * URL that answered, and https only, so credentials never travel in clear text and nobody on
 * the path can steer us to a host of their choosing.
 */
export function checkRedirectTarget(location: string, base: string): UrlCheck {
  let url: URL;
  try {
    url = new URL(location.trim(), base);
  } catch {
    return { ok: false, reason: `refused redirect to "${location}": not a URL` };
  }
  if (url.protocol !== 'https:') {
    return { ok: false, reason: `refused redirect to ${url.href}: not https` };
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, reason: `refused redirect to ${url.host}: URL carries credentials` };
  }
  return { ok: true, url: url.href };
}

/**
 * An EWS URL from an Autodiscover answer. It must be https; plain http is accepted only on a
 * loopback host (the local simulator), the same rule the EWS transport applies.
 */
export function checkEwsUrl(value: string): UrlCheck {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return { ok: false, reason: `answer named an EWS URL that is not a URL: "${value}"` };
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackUrl(url))) {
    return { ok: true, url: url.href };
  }
  return { ok: false, reason: `answer named an EWS URL that is not https: ${url.href}` };
}

/** HTTP statuses that carry a Location to follow. */
export function isRedirectStatus(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}
