/**
 * The `app://beacon/` protocol that serves the built tray window from disk. A privileged custom
 * scheme (rather than file://) gives the page a real origin for the sender check, and lets every
 * response carry the CSP header. Only files under the renderer folder are ever served.
 */
import { readFile } from 'node:fs/promises';
import { contentTypeFor, lookupStatic } from '../../web/static-files.js';
import { appResponseHeaders } from './csp.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'beacon';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Privileges of the scheme, registered before the app is ready. */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  corsEnabled: true,
} as const;

function plain(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: appResponseHeaders('text/plain; charset=utf-8'),
  });
}

/** Answers one request of the app protocol from `root` (the built renderer folder). */
export async function serveAppRequest(request: Request, root: string): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD')
    return plain(405, 'Method not allowed');
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return plain(400, 'Bad request');
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return plain(404, 'Not found');
  const found = await lookupStatic(root, url.pathname);
  switch (found.kind) {
    case 'forbidden':
      return plain(403, 'Forbidden');
    case 'not-found':
      return plain(404, 'Not found');
    case 'no-root':
      return plain(503, 'The Beacon window has not been built: run npm run build');
    case 'file': {
      const body = request.method === 'HEAD' ? null : await readFile(found.filePath);
      return new Response(body, {
        status: 200,
        headers: appResponseHeaders(contentTypeFor(found.filePath)),
      });
    }
  }
}
