/**
 * The local API's token: 32 random bytes, base64url, in `<dataDir>/presence-api-token` (0600).
 * Created the first time it is needed, replaced atomically on regenerate, compared in constant
 * time. It is never logged and never put in the Snapshot (only its last 4 characters, the hint).
 */
import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoCode, writeFileAtomic } from '../../core/atomic-file.js';

export const TOKEN_FILE = 'presence-api-token';
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The last 4 characters: enough to recognise a token, far too few to use it. */
export function tokenHint(token: string): string {
  return token.slice(-4);
}

/**
 * Whether `presented` is the token, in time independent of where they differ: both sides are
 * hashed first, so neither the length nor the content of the token leaks through timing.
 */
export function tokenMatches(presented: string, token: string): boolean {
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(token, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** The `Bearer` value of an Authorization header, if that is what it holds. */
export function bearerFrom(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header.trim());
  return match?.[1];
}

export class TokenFile {
  readonly path: string;
  private cached: string | undefined;

  constructor(dataDir: string) {
    this.path = join(dataDir, TOKEN_FILE);
  }

  /** The token, creating it when there is none (or the file no longer holds one). */
  async get(): Promise<string> {
    return (await this.read()) ?? this.regenerate();
  }

  /** The token if the file holds one; never creates it. */
  async read(): Promise<string | undefined> {
    if (this.cached !== undefined) return this.cached;
    let text: string | undefined;
    try {
      text = (await readFile(this.path, 'utf8')).trim();
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') throw error;
    }
    if (text === undefined || !TOKEN_PATTERN.test(text)) return undefined;
    this.cached = text;
    return text;
  }

  /** A new token replaces the old one at once (atomically on disk). */
  async regenerate(): Promise<string> {
    const token = newToken();
    await writeFileAtomic(this.path, `${token}\n`);
    this.cached = token;
    return token;
  }

  /** The token in memory, if it was read already (no disk access). */
  current(): string | undefined {
    return this.cached;
  }
}
