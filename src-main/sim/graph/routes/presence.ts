/**
 * Teams presence on the Graph face: GET a user's presence (own or, with Presence.Read.All,
 * anyone's; also as /communications/presences/{id}), getPresencesByUserId (at most 650 ids), and the own user's application sessions
 * (setPresence, clearPresence) and preferred presence (setUserPreferredPresence,
 * clearUserPreferredPresence), on the simulator's clock. Decisions are in presence-sessions.ts.
 */
import type { Mailbox } from '../../model.js';
import { GraphError } from '../errors.js';
import { findUser, GUID, userIdOf } from '../ids.js';
import {
  aggregate,
  clearPresence,
  emptyPresence,
  setPreferred,
  setPresence,
  type SetPresenceInput,
} from '../presence-sessions.js';
import type { GraphReply, GraphRequest, GraphRouteModule } from '../router.js';
import { scopesAllow } from '../scopes.js';

const PRESENCE = 'microsoft.graph.presence';
/** `cloudcommunications-getpresencesbyuserid.md`: at most 650 ids per request. */
export const MAX_PRESENCE_IDS = 650;

function presenceJson(mailbox: Mailbox, now: number): Record<string, unknown> {
  return { id: userIdOf(mailbox), ...aggregate(mailbox.presence, now) };
}

function getPresence(request: GraphRequest): GraphReply {
  if (request.target !== request.caller && !scopesAllow(request.scopes, ['Presence.Read.All'])) {
    throw new GraphError(
      403,
      'Forbidden',
      "Reading another user's presence needs Presence.Read.All.",
    );
  }
  return {
    status: 200,
    json: presenceJson(request.target, request.now.getTime()),
    schema: { type: PRESENCE },
  };
}

/** GET /communications/presences/{id}: one user's presence by id (the docs' example shows it wrapped in `value`; the entity is answered). */
function getPresenceById(request: GraphRequest): GraphReply {
  const id = request.params.id ?? '';
  const mailbox = GUID.test(id) ? findUser(request.state.store, id) : undefined;
  if (!mailbox) throw new GraphError(404, 'NotFound', `No presence for '${id}'.`);
  return {
    status: 200,
    json: presenceJson(mailbox, request.now.getTime()),
    schema: { type: PRESENCE },
  };
}

function getPresencesByUserId(request: GraphRequest): GraphReply {
  const ids = (request.body as { ids?: unknown }).ids;
  if (!Array.isArray(ids) || ids.length === 0)
    throw new GraphError(400, 'BadRequest', 'ids is required.');
  if (ids.length > MAX_PRESENCE_IDS) {
    throw new GraphError(
      400,
      'BadRequest',
      `At most ${MAX_PRESENCE_IDS} ids can be asked for at once, not ${ids.length}.`,
    );
  }
  const now = request.now.getTime();
  const value = ids.map((id: unknown) => {
    if (typeof id !== 'string' || !GUID.test(id)) {
      throw new GraphError(400, 'BadRequest', `'${String(id)}' is not a user id.`);
    }
    const mailbox = findUser(request.state.store, id);
    return mailbox
      ? presenceJson(mailbox, now)
      : { id, availability: 'PresenceUnknown', activity: 'PresenceUnknown' };
  });
  return { status: 200, json: { value }, schema: { type: PRESENCE, collection: true } };
}

function sessionsOf(mailbox: Mailbox): NonNullable<Mailbox['presence']> {
  mailbox.presence ??= emptyPresence();
  return mailbox.presence;
}

function postSetPresence(request: GraphRequest): GraphReply {
  // Graph takes the calling application's id as the session id, and no other.
  const { sessionId } = request.body as { sessionId?: unknown };
  if (
    request.clientId !== undefined &&
    typeof sessionId === 'string' &&
    sessionId.toLowerCase() !== request.clientId.toLowerCase()
  ) {
    throw new GraphError(
      400,
      'BadRequest',
      'The sessionId must be the id of the application that calls (the client id of the token).',
    );
  }
  const result = setPresence(
    sessionsOf(request.target),
    request.body as SetPresenceInput,
    request.now.getTime(),
  );
  if (!result.ok) throw new GraphError(400, 'BadRequest', result.message);
  return { status: 200 };
}

function postClearPresence(request: GraphRequest): GraphReply {
  const sessionId = (request.body as { sessionId?: unknown }).sessionId;
  if (typeof sessionId !== 'string')
    throw new GraphError(400, 'BadRequest', 'sessionId is required.');
  if (!clearPresence(sessionsOf(request.target), sessionId, request.now.getTime())) {
    throw new GraphError(404, 'NotFound', `No presence session ${sessionId} for this user.`);
  }
  return { status: 200 };
}

function postSetPreferred(request: GraphRequest): GraphReply {
  const result = setPreferred(
    sessionsOf(request.target),
    request.body as SetPresenceInput,
    request.now.getTime(),
  );
  if (!result.ok) throw new GraphError(400, 'BadRequest', result.message);
  return { status: 200 };
}

function postClearPreferred(request: GraphRequest): GraphReply {
  delete sessionsOf(request.target).preferred;
  return { status: 200 };
}

const WRITE = ['Presence.ReadWrite'];

export const presenceRoutes: GraphRouteModule = {
  name: 'presence',
  routes: [
    {
      method: 'GET',
      path: '/{user}/presence',
      scopes: ['Presence.Read'],
      others: true,
      handle: getPresence,
    },
    {
      method: 'GET',
      path: '/communications/presences/{id}',
      scopes: ['Presence.Read.All'],
      handle: getPresenceById,
    },
    {
      method: 'POST',
      path: '/communications/getPresencesByUserId',
      scopes: ['Presence.Read.All'],
      body: { boundTo: 'microsoft.graph.cloudCommunications', action: 'getPresencesByUserId' },
      handle: getPresencesByUserId,
    },
    {
      method: 'POST',
      path: '/{user}/presence/setPresence',
      scopes: WRITE,
      body: { boundTo: PRESENCE, action: 'setPresence' },
      handle: postSetPresence,
    },
    {
      method: 'POST',
      path: '/{user}/presence/clearPresence',
      scopes: WRITE,
      body: { boundTo: PRESENCE, action: 'clearPresence' },
      handle: postClearPresence,
    },
    {
      method: 'POST',
      path: '/{user}/presence/setUserPreferredPresence',
      scopes: WRITE,
      body: { boundTo: PRESENCE, action: 'setUserPreferredPresence' },
      handle: postSetPreferred,
    },
    {
      method: 'POST',
      path: '/{user}/presence/clearUserPreferredPresence',
      scopes: WRITE,
      handle: postClearPreferred,
    },
  ],
};
