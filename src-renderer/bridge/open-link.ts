/**
 * The page's side of Join in the web shell: the shell sends a link, the page opens it in a new
 * tab. The page checks the link again before opening it, with the core's rule restated here
 * (src-main/core/join-link.ts; the renderer may import only types from src-main): https, a
 * host, no user name or password in it. A test runs both rules over the same inputs.
 */

export function isOpenableLink(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (
      parsed.protocol === 'https:' &&
      parsed.hostname !== '' &&
      parsed.username === '' &&
      parsed.password === ''
    );
  } catch {
    return false;
  }
}

/** `window.open`'s shape, so tests can watch it. */
export type WindowOpen = (url: string, target: string, features: string) => unknown;

/**
 * Opens a vetted link in a new tab that cannot reach back into Beacon's page (`noopener`) nor
 * learn where it came from (`noreferrer`). False when the link was refused.
 */
export function openLinkInNewTab(url: string, open: WindowOpen): boolean {
  if (!isOpenableLink(url)) return false;
  open(url, '_blank', 'noopener,noreferrer');
  return true;
}
