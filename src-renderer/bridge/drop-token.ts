/**
 * The page's first address carries the web shell's token (`/?token=…`). That response set the
 * cookie, so the token leaves the address bar at once: it is not kept in history, bookmarks or a
 * shared screenshot, and a reload goes in by the cookie.
 */

/** The same address without `token`, or undefined when there is none to remove. Pure. */
export function addressWithoutToken(href: string): string | undefined {
  const url = new URL(href);
  if (!url.searchParams.has('token')) return undefined;
  url.searchParams.delete('token');
  return `${url.pathname}${url.search}${url.hash}`;
}

export function dropTokenFromAddress(page: Pick<Window, 'location' | 'history'>): void {
  const bare = addressWithoutToken(page.location.href);
  if (bare !== undefined) page.history.replaceState(page.history.state, '', bare);
}
