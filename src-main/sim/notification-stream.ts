/**
 * The socket side of GetStreamingEvents: one chunked HTTP response kept open up to the request's
 * ConnectionTimeout, one SOAP envelope per batch of notifications, a ConnectionStatus OK
 * heartbeat every heartbeat interval, ConnectionStatus Closed at the
 * end. Injected faults: `cut` ends the connection halfway through an envelope, `stall` keeps it
 * open and silent (no heartbeats, no events: they wait for the next connection).
 */
import type { ServerResponse } from 'node:http';
import { XML_CONTENT_TYPE } from './ews-endpoint.js';
import { streamingEnvelope, type StreamBatch } from './operations/notifications-xml.js';
import type { NotificationCenter, StreamPlan, StreamSink, Subscription } from './subscriptions.js';

export interface StreamOutcome {
  /** Envelopes written whole. */
  envelopes: number;
  /** How the stream ended. */
  end: 'timeout' | 'client-closed' | 'cut' | 'released' | 'reset';
}

/** Serves one stream; resolves when it has ended. `extraHeaders`: e.g. Set-Cookie. */
export function serveStream(
  center: NotificationCenter,
  plan: StreamPlan,
  res: ServerResponse,
  extraHeaders: Record<string, string | string[]> = {},
): Promise<StreamOutcome> {
  return new Promise((resolve) => {
    const subscriptions = plan.subscriptionIds
      .map((id) => center.subscription(id))
      .filter((s): s is Subscription => s !== undefined);
    let envelopes = 0;
    let ended = false;
    const timers: { heartbeat?: NodeJS.Timeout; timeout?: NodeJS.Timeout } = {};

    const finish = (end: StreamOutcome['end']): void => {
      if (ended) return;
      ended = true;
      clearInterval(timers.heartbeat);
      clearTimeout(timers.timeout);
      center.detach(sink);
      resolve({ envelopes, end });
    };

    const write = (xml: string): void => {
      if (ended) return;
      res.write(xml);
      envelopes += 1;
    };

    const close = (end: StreamOutcome['end']): void => {
      if (ended) return;
      write(streamingEnvelope(center, { status: 'Closed' }));
      res.end();
      finish(end);
    };

    /** Hands out what is pending for the stream's subscriptions in one envelope. */
    const deliver = (): void => {
      if (ended || plan.fault === 'stall') return;
      const batches: StreamBatch[] = [];
      for (const id of sink.subscriptions) {
        const subscription = center.subscription(id);
        if (!subscription) continue;
        const events = center.pending(subscription);
        if (events.length === 0) continue;
        batches.push({ subscriptionId: id, previous: subscription.cursor, events });
      }
      if (batches.length === 0) return;
      const xml = streamingEnvelope(center, { batches });
      if (plan.fault === 'cut') {
        cut(xml);
        return;
      }
      for (const batch of batches) {
        const subscription = center.subscription(batch.subscriptionId);
        const last = batch.events.at(-1);
        if (subscription && last) subscription.cursor = last.seq;
      }
      write(xml);
    };

    /** Half an envelope, then the connection goes: the client sees a broken stream. */
    const cut = (xml: string): void => {
      if (ended) return;
      res.write(xml.slice(0, Math.floor(xml.length / 2)), () => {
        setImmediate(() => res.socket?.destroy());
      });
      finish('cut');
    };

    const sink: StreamSink = {
      owner: plan.owner,
      subscriptions: new Set(),
      wake: () => {
        // Notifications are sent after the request that caused them has been answered.
        setImmediate(deliver);
      },
      release: (id) => {
        sink.subscriptions.delete(id);
        if (sink.subscriptions.size === 0) close('released');
      },
      close: () => {
        close('reset');
      },
    };

    res.writeHead(200, { 'Content-Type': XML_CONTENT_TYPE, ...extraHeaders });
    res.flushHeaders();
    res.on('close', () => {
      finish('client-closed');
    });
    center.attach(sink, subscriptions);
    timers.timeout = setTimeout(() => {
      close('timeout');
    }, plan.timeoutMinutes * center.settings.minuteMs);
    write(streamingEnvelope(center, { status: 'OK' }));
    if (plan.fault === 'cut') {
      // Whatever comes next (pending events or a heartbeat) is cut halfway.
      setImmediate(() => {
        const before = envelopes;
        deliver();
        if (!ended && envelopes === before) cut(streamingEnvelope(center, { status: 'OK' }));
      });
      return;
    }
    if (plan.fault === 'stall') return;
    deliver();
    timers.heartbeat = setInterval(
      () => {
        write(streamingEnvelope(center, { status: 'OK' }));
      },
      Math.max(10, center.settings.heartbeatMs),
    );
  });
}
