/**
 * GetStreamingEvents: one HTTP answer that stays open for up to 30 minutes and carries a SOAP
 * envelope per batch of notifications, plus an OK ConnectionStatus as a heartbeat when nothing
 * happens. Each envelope is decoded the moment its last byte arrives; silence for two heartbeat
 * periods closes the connection with StreamSilentError.
 */
import { DecodeError, ServerBusyError, TransportError } from '../errors.js';
import { buildEnvelope, readEnvelope } from '../soap/envelope.js';
import { responseMessageError } from '../soap/response-message.js';
import { EnvelopeSplitter } from '../transport/envelope-splitter.js';
import type { EwsTransport, StreamingContext } from '../transport/ews-transport.js';
import { HeartbeatWatchdog, type WatchdogTimers } from '../transport/heartbeat-watchdog.js';
import { honouredPause } from '../transport/retry-after.js';
import { openStreamingRequest, type OpenStream } from '../transport/streaming-request.js';
import { child, children, isObject, text } from '../xml/parse.js';
import { messagesOf, type RequestOptions } from './common.js';
import { StreamingRefusedError, StreamSilentError } from './notifications-errors.js';
import {
  affinityHeaders,
  buildGetStreamingEventsRequest,
  classifySubscriptionError,
  decodeNotification,
  eventOrder,
  streamingFault,
} from './notifications.js';
import type {
  NotificationStream,
  StreamMessage,
  StreamOptions,
  Subscription,
} from './notifications-types.js';

export const DEFAULT_CONNECTION_TIMEOUT_MINUTES = 29;
/** Exchange sends a heartbeat about every 45 s on an idle stream (the Managed API's default too). */
export const DEFAULT_HEARTBEAT_MS = 45_000;
export const DEFAULT_MAX_ENVELOPE_BYTES = 4 * 1024 * 1024;

const PATH = 'Envelope/Body/GetStreamingEventsResponse/ResponseMessages';

/**
 * The messages one streamed envelope carries: its notifications, then its connection status.
 * A failed response message throws its typed error (SubscriptionLostError when the subscription
 * is gone, ServerBusyError with the server's back-off…).
 */
export function decodeStreamingEnvelope(xml: string, subscriptionId?: string): StreamMessage[] {
  const env = readEnvelope(xml);
  const order = eventOrder(xml);
  const out: StreamMessage[] = [];
  let notificationIndex = 0;
  messagesOf(env, 'GetStreamingEvents').forEach((message, i) => {
    const path = `${PATH}/GetStreamingEventsResponseMessage[${i + 1}]`;
    const error = responseMessageError(message, path);
    if (error) {
      const lost = children(child(message, 'ErrorSubscriptionIds'), 'SubscriptionId')
        .map((id) => text(id).trim())
        .find((id) => id !== '');
      throw classifySubscriptionError(error, 'streaming', lost ?? subscriptionId);
    }
    const notifications = children(child(message, 'Notifications'), 'Notification').map((node, n) =>
      decodeNotification(
        node,
        `${path}/Notifications/Notification[${n + 1}]`,
        order[notificationIndex++],
      ),
    );
    if (notifications.length > 0) out.push({ type: 'notifications', notifications });
    const status = text(child(message, 'ConnectionStatus')).trim();
    if (status === 'OK' || status === 'Closed') out.push({ type: 'connection', status });
    else if (status !== '')
      throw new DecodeError(`Unexpected ConnectionStatus "${status.slice(0, 20)}"`, path);
    else if (notifications.length === 0 && !isObject(child(message, 'Notifications')))
      out.push({ type: 'connection', status: 'OK' });
  });
  return out;
}

export interface StreamInternals {
  /** The watchdog's timers (a fake clock in tests). */
  timers?: WatchdogTimers;
}

/**
 * Opens GetStreamingEvents for `subscription` when iterated (once). The request runs on its own
 * connection: it never holds one of the transport's two request slots.
 */
export function streamEvents(
  transport: EwsTransport,
  subscription: Subscription,
  options: StreamOptions & RequestOptions & StreamInternals = {},
): NotificationStream {
  const controller = new AbortController();
  const signal = options.signal
    ? AbortSignal.any([options.signal, controller.signal])
    : controller.signal;
  let open: OpenStream | undefined;
  let started = false;
  let closedByUs = false;

  async function* run(): AsyncGenerator<StreamMessage> {
    const shared = transport.streamingContext();
    // NTLM authenticates a connection, and the account's one carries its requests: the stream
    // signs in again on a connection of its own, closed with the stream.
    const streamAuth = shared.auth.dispatcher === undefined ? undefined : shared.auth.forStream?.();
    if (shared.auth.dispatcher !== undefined && streamAuth === undefined)
      throw new StreamingRefusedError(
        'ErrorConnectionBoundAuthentication',
        'Streaming needs a connection of its own, which this sign-in does not allow',
        {},
      );
    try {
      yield* runOn(streamAuth === undefined ? shared : { ...shared, auth: streamAuth });
    } finally {
      // Its connection may be gone already (closed with the stream's body).
      await streamAuth?.close?.().catch(() => undefined);
    }
  }

  async function* runOn(ctx: StreamingContext): AsyncGenerator<StreamMessage> {
    const minutes = options.connectionTimeoutMinutes ?? DEFAULT_CONNECTION_TIMEOUT_MINUTES;
    const envelope = buildEnvelope(
      buildGetStreamingEventsRequest({
        subscriptionIds: [subscription.id],
        connectionTimeoutMinutes: minutes,
      }),
      options.header,
    );
    const heartbeat = options.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_MS;
    let silent: StreamSilentError | undefined;
    const host = new URL(ctx.url).host;
    try {
      open = await openStreamingRequest(ctx, {
        operation: 'GetStreamingEvents',
        envelope,
        headers: affinityHeaders(subscription),
        signal,
      });
    } catch (error) {
      if (closedByUs) return;
      // An older server's schema knows no GetStreamingEvents: a fault that means "use pull".
      throw streamingFault(error) ?? error;
    }
    const stream = open;
    const watchdog = new HeartbeatWatchdog(
      2 * heartbeat,
      (ms) => {
        silent = new StreamSilentError(ms, host);
        void stream.close();
      },
      options.timers,
    );
    const splitter = new EnvelopeSplitter(options.maxEnvelopeBytes ?? DEFAULT_MAX_ENVELOPE_BYTES);
    watchdog.start();
    try {
      for await (const chunk of stream.body) {
        for (const document of splitter.push(chunk)) {
          watchdog.beat();
          let messages: StreamMessage[];
          try {
            messages = decodeStreamingEnvelope(document, subscription.id);
          } catch (error) {
            if (error instanceof ServerBusyError) {
              const pause = honouredPause(error.retryAfterMs);
              if (pause !== undefined) ctx.gate.pause(pause);
            }
            throw error;
          }
          for (const message of messages) {
            yield message;
            if (message.type === 'connection' && message.status === 'Closed') return;
          }
        }
        splitter.assertHealthy();
      }
      if (silent) throw silent;
      if (closedByUs) return;
      throw new TransportError(
        'truncated',
        splitter.midDocument
          ? `The notification stream from ${host} ended inside a message`
          : `The notification stream from ${host} ended without saying it closed`,
        { host },
      );
    } catch (error) {
      if (silent) throw silent;
      if (closedByUs) return;
      throw error;
    } finally {
      watchdog.stop();
      await stream.close();
    }
  }

  return {
    [Symbol.asyncIterator]() {
      if (started) throw new Error('A notification stream can be read once');
      started = true;
      return run();
    },
    async close() {
      closedByUs = true;
      controller.abort();
      await open?.close();
    },
  };
}
