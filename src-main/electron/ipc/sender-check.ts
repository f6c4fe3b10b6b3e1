/**
 * IPC is answered only for the app's own page. A message from a subframe, from a page the window
 * was navigated to, or from a frame already gone (null) is refused. The page is served from a
 * custom scheme, whose URL origin Node reports as "null", so scheme and host are compared one by
 * one; any user name, password or port makes it a different place.
 */

export interface SenderFrame {
  url: string;
  isMainFrame: boolean;
}

export function isTrustedSender(frame: SenderFrame | null | undefined, appOrigin: string): boolean {
  if (frame === null || frame === undefined || !frame.isMainFrame) return false;
  const app = parseUrl(appOrigin);
  const sender = parseUrl(frame.url);
  if (app === undefined || sender === undefined || app.host === '') return false;
  return (
    sender.protocol === app.protocol &&
    sender.host === app.host &&
    sender.username === '' &&
    sender.password === ''
  );
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}
