/** Picks the message catalogue for the browser's language; English when there is none. */
import { en } from './en.js';
import { ko } from './ko.js';
import type { Messages } from './messages.js';

const CATALOGUES: Record<string, Messages> = { en, ko };

export function catalogueFor(languages: readonly string[]): Messages {
  for (const tag of languages) {
    const found = CATALOGUES[tag.toLowerCase().split('-')[0] ?? ''];
    if (found !== undefined) return found;
  }
  return en;
}

export type { Messages } from './messages.js';
export { en } from './en.js';
