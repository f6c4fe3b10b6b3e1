/** The cache key of a voicemail's audio: never the raw item id, and different per account. */
import { createHash } from 'node:crypto';

export function audioKey(account: string, itemId: string): string {
  return createHash('sha256').update(`${account.toLowerCase()}\u0000${itemId}`).digest('base64url');
}

export const AUDIO_KEY_PATTERN = /^[A-Za-z0-9_-]{43}$/;
