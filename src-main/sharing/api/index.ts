/**
 * The local presence API as a sharing part: it listens on 127.0.0.1 while settings.sharing.api
 * is on, keeps one presence document and its event id current, streams every change, and answers
 * the token commands (reveal, regenerate). Its status is the Snapshot's `sharing.api`.
 */
import { isDeepStrictEqual } from 'node:util';
import {
  commandFailure,
  type PresenceApiSettings,
  type SharingStatus,
} from '../../core/contract.js';
import { errnoCode } from '../../core/atomic-file.js';
import type { SharedPresence, SharingContext, SharingPart } from '../part.js';
import { PresenceDocumentSchema, SCHEMA_VERSION, type PresenceDocument } from './schema.js';
import { PresenceApiServer } from './server.js';
import type { SseOptions } from './sse.js';
import { TokenFile, tokenHint } from './token.js';

export { presenceApiJsonSchema } from './schema.js';

/** The wire document for a presence. */
export function presenceDocument(shared: SharedPresence): PresenceDocument {
  const { presence, manual } = shared;
  const document: PresenceDocument = {
    schemaVersion: SCHEMA_VERSION,
    availability: presence.availability,
    activity: presence.activity,
    activityText: presence.activityText,
    oof: presence.oof,
    note: presence.note,
    idle: presence.idle,
    source: presence.source,
    updatedAt: shared.updatedAt,
  };
  if (presence.source === 'manual' && manual?.expiresAt !== undefined)
    document.manualExpiresAt = manual.expiresAt;
  return PresenceDocumentSchema.parse(document);
}

/** The same presence, whatever its timestamp: a change of time alone is no event. */
function samePresence(a: PresenceDocument, b: PresenceDocument): boolean {
  return isDeepStrictEqual({ ...a, updatedAt: '' }, { ...b, updatedAt: '' });
}

export interface PresenceApiPart extends SharingPart<'api'> {
  /** For tests and the bench: the server's live figures. */
  readonly server: PresenceApiServer;
}

export function createPresenceApiPart(
  context: SharingContext,
  options: { sse?: Partial<SseOptions> } = {},
): PresenceApiPart {
  const tokens = new TokenFile(context.dataDir);
  let status: SharingStatus['api'] = { state: 'off' };
  let eventId = 1;
  let document = presenceDocument(context.presence());
  let listeningOn: number | undefined;

  const server = new PresenceApiServer({
    current: () => ({ id: eventId, document }),
    contacts: () => context.contacts(),
    execute: (command) => context.execute(command),
    token: () => tokens.get(),
    ...(options.sse === undefined ? {} : { sse: options.sse }),
  });

  const setStatus = (next: SharingStatus['api']): void => {
    if (isDeepStrictEqual(next, status)) return;
    status = next;
    context.statusChanged();
  };

  const withHint = (next: SharingStatus['api']): SharingStatus['api'] => {
    const token = tokens.current();
    return token === undefined ? next : { ...next, tokenHint: tokenHint(token) };
  };

  // The hint of a token made in an earlier run, so Settings can name it while the API is off.
  void tokens.read().then(
    (token) => {
      if (token !== undefined) setStatus(withHint({ ...status }));
    },
    () => undefined,
  );

  return {
    server,
    status: () => status,
    onPresence: (shared) => {
      const next = presenceDocument(shared);
      if (samePresence(next, document)) return;
      document = next;
      eventId += 1;
      server.publish(eventId, document);
    },
    start: async (settings: PresenceApiSettings) => {
      server.configure({ openRead: settings.openRead, corsOrigins: settings.corsOrigins });
      // Presence may have changed while the API was off: that is a change like any other.
      const latest = presenceDocument(context.presence());
      if (!samePresence(latest, document)) {
        document = latest;
        eventId += 1;
      }
      try {
        await tokens.get(); // created on first enable
      } catch (error) {
        context.log(
          `presence API: the token file could not be written (${errnoCode(error) ?? 'error'})`,
        );
        await server.close();
        listeningOn = undefined;
        setStatus({ state: 'failed' });
        return;
      }
      if (listeningOn === settings.port) {
        setStatus(withHint({ ...status }));
        return;
      }
      try {
        const port = await server.listen(settings.port);
        listeningOn = settings.port;
        setStatus(withHint({ state: 'listening', url: `http://127.0.0.1:${port}` }));
      } catch (error) {
        listeningOn = undefined;
        const code = errnoCode(error);
        context.log(
          `presence API: cannot listen on 127.0.0.1:${settings.port} (${code ?? 'error'})`,
        );
        setStatus(
          withHint({
            state: 'failed',
            problem: code === 'EADDRINUSE' || code === 'EACCES' ? 'port-in-use' : 'network',
          }),
        );
      }
    },
    stop: async () => {
      await server.close();
      listeningOn = undefined;
      setStatus(withHint({ state: 'off' }));
    },
    handlers: {
      'reveal-presence-api-token': async () => {
        try {
          const secret = await tokens.get();
          setStatus(withHint({ ...status }));
          return { ok: true, secret };
        } catch {
          return commandFailure('server-error', 'The token file could not be read or written');
        }
      },
      'regenerate-presence-api-token': async () => {
        try {
          const secret = await tokens.regenerate();
          // Streams opened with the old token end now; they must come back with the new one.
          server.endStreams();
          setStatus(withHint({ ...status }));
          return { ok: true, secret };
        } catch {
          return commandFailure('server-error', 'The token file could not be written');
        }
      },
    },
  };
}
