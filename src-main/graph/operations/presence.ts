/**
 * Teams presence over Graph: read one's own and others' presence, and publish an application
 * presence session (setPresence / clearPresence). Availability and activity are PascalCase
 * strings; values this library does not know are kept as sent (a client must accept new ones).
 */
import { z } from 'zod';
import type { GraphRequest, GraphRequester } from '../requester.js';
import { compact, GraphArgumentError, isNotFound, opt } from './common.js';

/** presence.availability values the docs list; others may come and are kept as strings. */
export const GRAPH_AVAILABILITIES = [
  'Available',
  'AvailableIdle',
  'Away',
  'BeRightBack',
  'Busy',
  'BusyIdle',
  'DoNotDisturb',
  'Offline',
  'PresenceUnknown',
] as const;

/**
 * The only availability/activity pairs setPresence supports (presence-setpresence.md): an app
 * session cannot say DoNotDisturb, BeRightBack, InAMeeting or OffWork.
 */
export const SESSION_PAIRS = [
  { availability: 'Available', activity: 'Available' },
  { availability: 'Busy', activity: 'InACall' },
  { availability: 'Busy', activity: 'InAConferenceCall' },
  { availability: 'Away', activity: 'Away' },
] as const;
export type SessionPair = (typeof SESSION_PAIRS)[number];

export function isSessionPair(pair: {
  availability: string;
  activity: string;
}): pair is SessionPair {
  return SESSION_PAIRS.some(
    (p) => p.availability === pair.availability && p.activity === pair.activity,
  );
}

/** expirationDuration bounds (PT5M..PT4H), in minutes. */
export const MIN_SESSION_MINUTES = 5;
export const MAX_SESSION_MINUTES = 240;

/** getPresencesByUserId takes at most this many ids per request. */
export const MAX_IDS_PER_REQUEST = 650;

export interface TeamsPresence {
  /** The user's directory object id. */
  id: string;
  availability: string;
  activity: string;
  statusMessage?: string;
  /** From outOfOfficeSettings, when Graph sent it. */
  isOutOfOffice?: boolean;
  outOfOfficeMessage?: string;
}

export const presenceSchema = z
  .object({
    id: z.string().min(1),
    availability: z.string(),
    activity: z.string(),
    statusMessage: opt(
      z.object({
        message: opt(z.object({ content: opt(z.string()), contentType: opt(z.string()) })),
      }),
    ),
    outOfOfficeSettings: opt(
      z.object({ message: opt(z.string()), isOutOfOffice: opt(z.boolean()) }),
    ),
  })
  .transform((p): TeamsPresence =>
    compact({
      id: p.id,
      availability: p.availability,
      activity: p.activity,
      statusMessage: p.statusMessage?.message?.content,
      isOutOfOffice: p.outOfOfficeSettings?.isOutOfOffice,
      outOfOfficeMessage: p.outOfOfficeSettings?.message,
    }),
  );

export const presenceListSchema = z.object({ value: z.array(presenceSchema) });

function userPath(userId: string): string {
  if (userId.trim() === '') throw new GraphArgumentError('userId must not be empty');
  return `/users/${encodeURIComponent(userId)}/presence`;
}

export function buildGetMyPresenceRequest(): GraphRequest {
  return { method: 'GET', path: '/me/presence' };
}

export function buildGetUserPresenceRequest(userId: string): GraphRequest {
  return { method: 'GET', path: userPath(userId) };
}

export async function getMyPresence(requester: GraphRequester): Promise<TeamsPresence> {
  return await requester.json(buildGetMyPresenceRequest(), presenceSchema);
}

export async function getUserPresence(
  requester: GraphRequester,
  userId: string,
): Promise<TeamsPresence> {
  return await requester.json(buildGetUserPresenceRequest(userId), presenceSchema);
}

/** The ids, without blanks and repeats, in chunks of at most 650 (one request each). */
export function presenceIdChunks(ids: readonly string[], size = MAX_IDS_PER_REQUEST): string[][] {
  if (!Number.isInteger(size) || size < 1 || size > MAX_IDS_PER_REQUEST)
    throw new GraphArgumentError(`chunk size must be 1..${MAX_IDS_PER_REQUEST}`);
  const unique = [...new Set(ids.map((id) => id.trim()).filter((id) => id !== ''))];
  const chunks: string[][] = [];
  for (let i = 0; i < unique.length; i += size) chunks.push(unique.slice(i, i + size));
  return chunks;
}

export function buildGetPresencesRequest(ids: readonly string[]): GraphRequest {
  if (ids.length === 0 || ids.length > MAX_IDS_PER_REQUEST)
    throw new GraphArgumentError(`getPresencesByUserId takes 1..${MAX_IDS_PER_REQUEST} ids`);
  return { method: 'POST', path: '/communications/getPresencesByUserId', body: { ids: [...ids] } };
}

/** Presence of many users (Presence.Read.All), one request per 650 ids, one after another. */
export async function getPresencesByUserId(
  requester: GraphRequester,
  ids: readonly string[],
): Promise<TeamsPresence[]> {
  const out: TeamsPresence[] = [];
  for (const chunk of presenceIdChunks(ids)) {
    const answer = await requester.json(buildGetPresencesRequest(chunk), presenceListSchema);
    out.push(...answer.value);
  }
  return out;
}

/** "PT10M" for 10, "PT1H" for 60, "PT1H30M" for 90; refuses what Graph would refuse (outside PT5M..PT4H, fractions). */
export function sessionDuration(minutes: number): string {
  if (!Number.isInteger(minutes) || minutes < MIN_SESSION_MINUTES || minutes > MAX_SESSION_MINUTES)
    throw new GraphArgumentError(
      `expirationDuration must be ${MIN_SESSION_MINUTES}..${MAX_SESSION_MINUTES} whole minutes`,
    );
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return `PT${hours > 0 ? `${hours}H` : ''}${rest > 0 ? `${rest}M` : ''}`;
}

export interface SetPresenceArgs {
  userId: string;
  /** The app's client id: Graph requires the session id to be the app id. */
  sessionId: string;
  pair: SessionPair;
  expirationMinutes: number;
}

export function buildSetPresenceRequest(args: SetPresenceArgs): GraphRequest {
  if (!isSessionPair(args.pair))
    throw new GraphArgumentError('setPresence does not support this availability and activity');
  if (args.sessionId.trim() === '') throw new GraphArgumentError('sessionId must not be empty');
  return {
    method: 'POST',
    path: `${userPath(args.userId)}/setPresence`,
    body: {
      sessionId: args.sessionId,
      availability: args.pair.availability,
      activity: args.pair.activity,
      expirationDuration: sessionDuration(args.expirationMinutes),
    },
  };
}

export function buildClearPresenceRequest(args: {
  userId: string;
  sessionId: string;
}): GraphRequest {
  if (args.sessionId.trim() === '') throw new GraphArgumentError('sessionId must not be empty');
  return {
    method: 'POST',
    path: `${userPath(args.userId)}/clearPresence`,
    body: { sessionId: args.sessionId },
  };
}

/** setPresence and clearPresence answer 200 with no body: nothing is read from it. */
const noBody = z.unknown();

export async function setPresence(requester: GraphRequester, args: SetPresenceArgs): Promise<void> {
  await requester.json(buildSetPresenceRequest(args), noBody);
}

/**
 * Ends the app's session. 'no-session' when Graph has none (404: it expired, or was never set),
 * which is what clearing wanted anyway.
 */
export async function clearPresence(
  requester: GraphRequester,
  args: { userId: string; sessionId: string },
): Promise<'cleared' | 'no-session'> {
  try {
    await requester.json(buildClearPresenceRequest(args), noBody);
    return 'cleared';
  } catch (error) {
    if (isNotFound(error)) return 'no-session';
    throw error;
  }
}
