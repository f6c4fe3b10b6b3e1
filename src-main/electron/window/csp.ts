/**
 * The Content-Security-Policy of the tray window's page, sent as a header by the app protocol.
 * Everything comes from the app itself; the page talks to the core over IPC only, so it may
 * connect nowhere. Voicemail audio plays in the page's own <audio> element straight from
 * `app://beacon/voicemail-audio/<key>` (media-src 'self'; no fetch, no blob: URL).
 * Exchange HTML is sanitised before it is shown; this is the second wall.
 * (electronegativity's CSP_GLOBAL_CHECK looks only for <meta> tags and webRequest hooks and so
 * reports no CSP: this header is it, and the build check finds it in the bundle.)
 */
export const APP_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "media-src 'self'",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/** Headers on every response of the app protocol. */
export function appResponseHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': APP_CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  };
}
