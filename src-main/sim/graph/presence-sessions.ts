/**
 * Teams presence as Graph documents it (`presence-setpresence.md`, `presence-setuserpreferredpresence.md`):
 * application sessions with an expiration of PT5M..PT4H (default 5 minutes), only the documented
 * availability/activity pairs, an Available session that fades to Available/AvailableInactive
 * after 5 minutes without a call and to Away/Away after 5 more, and the aggregate: no session →
 * Offline; a preferred presence (user-set) over the sessions; among sessions DoNotDisturb > Busy >
 * Available > Away. Pure: every answer is a function of the stored presence and `now` (ms).
 */
import type { PresenceSession, TeamsPresence } from '../model.js';

export interface PresencePair {
  availability: string;
  activity: string;
}

/** The only pairs setPresence takes. */
export const SESSION_PAIRS: readonly PresencePair[] = [
  { availability: 'Available', activity: 'Available' },
  { availability: 'Busy', activity: 'InACall' },
  { availability: 'Busy', activity: 'InAConferenceCall' },
  { availability: 'Away', activity: 'Away' },
];

/** The only pairs setUserPreferredPresence takes. */
export const PREFERRED_PAIRS: readonly PresencePair[] = [
  { availability: 'Available', activity: 'Available' },
  { availability: 'Busy', activity: 'Busy' },
  { availability: 'DoNotDisturb', activity: 'DoNotDisturb' },
  { availability: 'BeRightBack', activity: 'BeRightBack' },
  { availability: 'Away', activity: 'Away' },
  { availability: 'Offline', activity: 'OffWork' },
];

const MINUTE = 60_000;
export const SESSION_MIN_MS = 5 * MINUTE;
export const SESSION_MAX_MS = 240 * MINUTE;
export const SESSION_DEFAULT_MS = 5 * MINUTE;
/** An Available session not called again fades after this, then again after as long. */
export const AVAILABLE_TIMEOUT_MS = 5 * MINUTE;
const DAY = 24 * 60 * MINUTE;

export const OFFLINE: PresencePair = { availability: 'Offline', activity: 'Offline' };

const RANK: Readonly<Record<string, number>> = {
  DoNotDisturb: 5,
  Busy: 4,
  Available: 3,
  BeRightBack: 2,
  Away: 2,
};

export function isPair(pairs: readonly PresencePair[], pair: PresencePair): boolean {
  return pairs.some((p) => p.availability === pair.availability && p.activity === pair.activity);
}

/** An ISO-8601 duration (PnDTnHnMnS, as Graph writes them) in ms; undefined when unreadable. */
export function parseDuration(text: string): number | undefined {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(text.trim());
  if (!m || text.trim().toUpperCase() === 'P' || /T$/i.test(text.trim())) return undefined;
  const [, d = '0', h = '0', min = '0', s = '0'] = m;
  return ((Number(d) * 24 + Number(h)) * 60 + Number(min)) * MINUTE + Number(s) * 1000;
}

/** What a session shows at `now`; undefined once it has expired. */
export function sessionState(session: PresenceSession, now: number): PresencePair | undefined {
  const age = now - session.setAt;
  if (age >= session.expirationMs) return undefined;
  if (session.availability === 'Available') {
    if (age >= 2 * AVAILABLE_TIMEOUT_MS) return { availability: 'Away', activity: 'Away' };
    if (age >= AVAILABLE_TIMEOUT_MS)
      return { availability: 'Available', activity: 'AvailableInactive' };
  }
  return { availability: session.availability, activity: session.activity };
}

export function emptyPresence(): TeamsPresence {
  return { sessions: [], history: [] };
}

/** The presence everyone sees at `now`. */
export function aggregate(presence: TeamsPresence | undefined, now: number): PresencePair {
  if (!presence) return OFFLINE;
  const live: PresencePair[] = presence.sessions.flatMap((s) => sessionState(s, now) ?? []);
  if (presence.client) live.push(presence.client);
  if (live.length === 0) return OFFLINE;
  if (presence.preferred && presence.preferred.until > now) {
    return { availability: presence.preferred.availability, activity: presence.preferred.activity };
  }
  return live.reduce((best, p) =>
    (RANK[p.availability] ?? 0) > (RANK[best.availability] ?? 0) ? p : best,
  );
}

export type SetResult = { ok: true } | { ok: false; message: string };

export interface SetPresenceInput {
  sessionId?: unknown;
  availability?: unknown;
  activity?: unknown;
  expirationDuration?: unknown;
}

function durationOf(value: unknown, fallback: number, min: number, max: number): number | string {
  if (value === undefined || value === null) return fallback;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const ms = typeof value === 'string' ? parseDuration(value) : undefined;
  if (ms === undefined) return `'${text}' is not an ISO 8601 duration.`;
  if (ms < min || ms > max) {
    return `expirationDuration must be from ${min / MINUTE} to ${max / MINUTE} minutes, not ${text}.`;
  }
  return ms;
}

/** setPresence: a new session or a refreshed one (same sessionId), or why not. */
export function setPresence(
  presence: TeamsPresence,
  input: SetPresenceInput,
  now: number,
): SetResult {
  const { sessionId, availability, activity } = input;
  if (
    typeof sessionId !== 'string' ||
    !/^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i.test(sessionId)
  ) {
    return { ok: false, message: 'sessionId must be the application id (a GUID).' };
  }
  if (typeof availability !== 'string' || typeof activity !== 'string') {
    return { ok: false, message: 'availability and activity are required.' };
  }
  if (!isPair(SESSION_PAIRS, { availability, activity })) {
    return {
      ok: false,
      message: `${availability}/${activity} is not a supported combination for setPresence.`,
    };
  }
  const expirationMs = durationOf(
    input.expirationDuration,
    SESSION_DEFAULT_MS,
    SESSION_MIN_MS,
    SESSION_MAX_MS,
  );
  if (typeof expirationMs === 'string') return { ok: false, message: expirationMs };
  presence.sessions = presence.sessions.filter(
    (s) =>
      s.sessionId.toLowerCase() !== sessionId.toLowerCase() && sessionState(s, now) !== undefined,
  );
  presence.sessions.push({ sessionId, availability, activity, setAt: now, expirationMs });
  presence.history.push({
    at: now,
    call: 'setPresence',
    sessionId,
    availability,
    activity,
    expirationMs,
  });
  return { ok: true };
}

/** clearPresence: false when the application has no live session (Graph's 404). */
export function clearPresence(presence: TeamsPresence, sessionId: string, now: number): boolean {
  const live = presence.sessions.find(
    (s) =>
      s.sessionId.toLowerCase() === sessionId.toLowerCase() && sessionState(s, now) !== undefined,
  );
  presence.sessions = presence.sessions.filter(
    (s) => s !== live && sessionState(s, now) !== undefined,
  );
  if (!live) return false;
  presence.history.push({ at: now, call: 'clearPresence', sessionId });
  return true;
}

/** setUserPreferredPresence: default expiry 1 day for DoNotDisturb and Busy, 7 days otherwise. */
export function setPreferred(
  presence: TeamsPresence,
  input: SetPresenceInput,
  now: number,
): SetResult {
  const { availability, activity } = input;
  if (typeof availability !== 'string' || typeof activity !== 'string') {
    return { ok: false, message: 'availability and activity are required.' };
  }
  if (!isPair(PREFERRED_PAIRS, { availability, activity })) {
    return {
      ok: false,
      message: `${availability}/${activity} is not a supported combination for setUserPreferredPresence.`,
    };
  }
  const fallback = availability === 'DoNotDisturb' || availability === 'Busy' ? DAY : 7 * DAY;
  const ms = durationOf(input.expirationDuration, fallback, 1, 30 * DAY);
  if (typeof ms === 'string') return { ok: false, message: ms };
  presence.preferred = { availability, activity, until: now + ms };
  return { ok: true };
}
