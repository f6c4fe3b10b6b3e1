/**
 * The admin API's view of Teams presence (see the README): set or remove what a user's own Teams
 * clients show, and read the aggregate with every application session (as set, as it shows now,
 * when it lapses) and the history of setPresence/clearPresence calls, so a test can assert what
 * Beacon published and when it ran out.
 */
import { z } from 'zod';
import type { Mailbox } from '../model.js';
import { formatUtc } from '../time-zone.js';
import { userIdOf } from './ids.js';
import { aggregate, emptyPresence, sessionState } from './presence-sessions.js';

export const clientPresenceSchema = z.object({
  availability: z.enum([
    'Available',
    'AvailableIdle',
    'Away',
    'BeRightBack',
    'Busy',
    'BusyIdle',
    'DoNotDisturb',
    'Offline',
    'PresenceUnknown',
  ]),
  activity: z.string().min(1).max(64),
});

export function presenceReport(mailbox: Mailbox, now: number): Record<string, unknown> {
  const presence = mailbox.presence ?? emptyPresence();
  return {
    id: userIdOf(mailbox),
    ...aggregate(presence, now),
    client: presence.client ?? null,
    preferred: presence.preferred
      ? { ...presence.preferred, until: formatUtc(presence.preferred.until) }
      : null,
    sessions: presence.sessions.map((s) => ({
      sessionId: s.sessionId,
      availability: s.availability,
      activity: s.activity,
      setAt: formatUtc(s.setAt),
      expiresAt: formatUtc(s.setAt + s.expirationMs),
      showing: sessionState(s, now) ?? null,
    })),
    history: presence.history.map((h) => ({ ...h, at: formatUtc(h.at) })),
  };
}

export function setClientPresence(
  mailbox: Mailbox,
  client: z.infer<typeof clientPresenceSchema> | undefined,
): void {
  mailbox.presence ??= emptyPresence();
  if (client) mailbox.presence.client = client;
  else delete mailbox.presence.client;
}
