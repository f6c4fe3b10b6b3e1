/**
 * Maps a request path to a file under the renderer folder, and names its content type.
 * Traversal is refused twice: any `.`/`..` segment (also when percent-encoded) or odd byte is
 * rejected before touching the disk, and the resolved real path must still lie inside the root.
 */
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.webmanifest': 'application/manifest+json',
};

export function contentTypeFor(filePath: string): string {
  return CONTENT_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The relative file path a URL pathname names (`/` → `index.html`), or null when the path is
 * malformed or tries to leave the root. Pure: no disk access.
 */
export function relativeAssetPath(pathname: string): string | null {
  if (!pathname.startsWith('/')) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  // Backslashes and NULs have no place in an asset name and are traversal tricks on some systems.
  if (decoded.includes('\\') || decoded.includes('\0')) return null;
  const segments = decoded.split('/').slice(1);
  if (segments.some((segment) => segment === '..' || segment === '.')) return null;
  if (segments.slice(0, -1).some((segment) => segment === '')) return null;
  const last = segments[segments.length - 1];
  if (last === undefined || last === '') segments[segments.length - 1] = 'index.html';
  return segments.join('/');
}

export type StaticLookup =
  | { kind: 'file'; filePath: string; size: number }
  | { kind: 'not-found' }
  | { kind: 'forbidden' }
  | { kind: 'no-root' };

/** Finds the file `pathname` names under `root`, following symlinks only within the root. */
export async function lookupStatic(root: string, pathname: string): Promise<StaticLookup> {
  const relative = relativeAssetPath(pathname);
  if (relative === null) return { kind: 'forbidden' };
  let realRoot: string;
  try {
    realRoot = await realpath(root);
  } catch {
    return { kind: 'no-root' };
  }
  const candidate = path.resolve(realRoot, relative);
  if (!isInside(realRoot, candidate)) return { kind: 'forbidden' };
  let real: string;
  try {
    real = await realpath(candidate);
  } catch {
    return { kind: 'not-found' };
  }
  if (!isInside(realRoot, real)) return { kind: 'forbidden' };
  try {
    const info = await stat(real);
    return info.isFile()
      ? { kind: 'file', filePath: real, size: info.size }
      : { kind: 'not-found' };
  } catch {
    return { kind: 'not-found' };
  }
}

function isInside(root: string, candidate: string): boolean {
  return candidate.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

/** Shown when the renderer has not been built; no script, no style, so the CSP allows it. */
export const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Beacon</title></head>
<body>
<h1>Beacon</h1>
<p>The Beacon window has not been built yet — run <code>npm run build</code>.</p>
</body>
</html>
`;
