/**
 * The web shell's token, kept per data folder (`<dataDir>/web-token`, mode 0600) so that a page
 * left open reconnects after the shell restarts: its cookie still holds the same token. The user
 * rotates it with `--new-token`, which locks out every page and link handed out before.
 */
import { chmod, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { newToken } from './security.js';

export const TOKEN_FILE_NAME = 'web-token';

/** What the server accepts as a token (server.ts checks the same). */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,256}$/;

/** A stored token worth reusing: the right alphabet and length, nothing else on the line. */
export function parseStoredToken(text: string): string | undefined {
  const token = text.trim();
  return TOKEN_PATTERN.test(token) ? token : undefined;
}

export interface TokenFileOptions {
  /** Ignore a stored token and store a fresh one. */
  rotate?: boolean;
  /** Default: 32 random bytes, base64url. */
  generate?: () => string;
}

/** The token for this data folder: the stored one, or a new one written with mode 0600. */
export async function loadOrCreateToken(
  dataDir: string,
  options: TokenFileOptions = {},
): Promise<string> {
  const file = path.join(dataDir, TOKEN_FILE_NAME);
  if (options.rotate !== true) {
    const stored = await readStored(file);
    if (stored !== undefined) {
      // Someone loosened the mode: the token is a password to the window, tighten it again.
      if (((await stat(file)).mode & 0o077) !== 0) await chmod(file, 0o600);
      return stored;
    }
  }
  const token = (options.generate ?? newToken)();
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  // Written aside and renamed: a crash never leaves half a token, and the mode is set at creation.
  const temp = `${file}.${String(process.pid)}.tmp`;
  await writeFile(temp, `${token}\n`, { mode: 0o600 });
  await chmod(temp, 0o600);
  await rename(temp, file);
  return token;
}

async function readStored(file: string): Promise<string | undefined> {
  try {
    return parseStoredToken(await readFile(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
