/**
 * What a contact row and card say, and the IM line above the list, from the Snapshot in the
 * window's words. Pure: the catalogue, the Formatter and "now" are passed in.
 */
import type {
  CommandErrorCode,
  Contact,
  Failure,
  ImStatus,
} from '../../../src-main/core/contract.js';
import type { Formatter } from '../../format/formatter.js';
import type { Messages } from '../../i18n/messages.js';
import { activityLine } from '../header/activity-line.js';

/** "In a meeting until 15:30", "Out of office until Mon 09:00", or '' when nothing is known. */
export function contactActivity(
  contact: Contact,
  t: Pick<Messages, 'activity'>,
  format: Pick<Formatter, 'until'>,
  now: number,
): string {
  if (contact.presence.source === 'none') return '';
  return activityLine(contact.presence.activity, t, format, now);
}

/** Calendar-derived presence is marked as such (PRESENCE.md "Contacts"). */
export function isFromCalendar(contact: Contact): boolean {
  return contact.presence.source === 'calendar';
}

/** Presence from Teams (Graph accounts) is marked too, so it is not taken for the calendar's. */
export function isFromTeams(contact: Contact): boolean {
  return contact.presence.source === 'teams';
}

/** The IM connection's failure, in words a user understands. */
export function imFailureSentence(
  failure: Failure | undefined,
  t: Pick<Messages, 'contacts'>,
): string {
  const f = t.contacts.failure;
  switch (failure?.reason) {
    case 'wrong-password':
      return f.wrongPassword;
    case 'unreachable':
      return failure.host === undefined ? f.unreachableNoHost : f.unreachable(failure.host);
    case 'host-not-found':
      return failure.host === undefined ? f.hostNotFoundNoHost : f.hostNotFound(failure.host);
    case 'timeout':
      return f.timeout;
    case 'tls-untrusted':
      return failure.host === undefined ? f.tlsUntrustedNoHost : f.tlsUntrusted(failure.host);
    case 'no-password':
      return f.noPassword;
    case 'keychain-unavailable':
      return f.keychainUnavailable;
    default:
      return f.serverError;
  }
}

export type ImLine =
  /** Nothing to say: chat is online. */
  | { kind: 'none' }
  /** Not signed in: a sentence and the way to Settings. */
  | { kind: 'sign-in'; text: string }
  | { kind: 'status'; text: string }
  | { kind: 'failed'; text: string };

export function imLine(im: ImStatus, t: Pick<Messages, 'contacts'>, format: Formatter): ImLine {
  const c = t.contacts;
  switch (im.state) {
    case 'online':
      return { kind: 'none' };
    case 'off':
      return { kind: 'sign-in', text: c.imOff };
    case 'connecting':
      return { kind: 'status', text: c.imConnecting };
    case 'offline':
      return {
        kind: 'status',
        text: im.retryAt === undefined ? c.imOffline : c.imOfflineAt(format.time(im.retryAt)),
      };
    case 'failed':
      return { kind: 'failed', text: imFailureSentence(im.failure, t) };
  }
}

/** A failed contact, chat or IM command in words: the IM failure when known, else by its code. */
export function imActionError(
  action: { code?: CommandErrorCode; failure?: Failure },
  t: Pick<Messages, 'contacts'>,
): string {
  if (action.failure !== undefined) return imFailureSentence(action.failure, t);
  return t.contacts.actionError[action.code ?? 'internal'];
}
