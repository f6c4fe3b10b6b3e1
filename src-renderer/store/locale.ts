/**
 * Which catalogue the window speaks and which locale formats its times. The language setting wins;
 * without one, the first of the browser's (or the system's) languages Beacon has a catalogue for.
 * Times use the browser's own tag when its language is the catalogue's, so an en-GB system keeps
 * its 24-hour clock in the English window; otherwise the catalogue's tag, so a Korean window never
 * shows English month names.
 */
import { en } from '../i18n/en.js';
import { ko } from '../i18n/ko.js';
import type { Messages } from '../i18n/messages.js';

const CATALOGUES: Readonly<Record<string, Messages>> = { en, ko };

/** The languages the Settings view offers, each named in its own language. */
export const LANGUAGE_CHOICES = [
  { tag: 'en', name: 'English' },
  { tag: 'ko', name: '한국어' },
] as const;

export interface WindowLocale {
  messages: Messages;
  /** The BCP 47 tag the Formatter uses. */
  formatLocale: string;
}

function languageOf(tag: string): string {
  return tag.toLowerCase().split('-')[0] ?? '';
}

export function chooseLocale(
  setting: string | undefined,
  browserLanguages: readonly string[],
): WindowLocale {
  const candidates = setting === undefined ? browserLanguages : [setting];
  const messages =
    candidates.map((tag) => CATALOGUES[languageOf(tag)]).find((m) => m !== undefined) ?? en;
  const own = browserLanguages.find((tag) => languageOf(tag) === messages.lang);
  return { messages, formatLocale: own ?? messages.lang };
}
