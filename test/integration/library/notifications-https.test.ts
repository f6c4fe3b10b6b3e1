/**
 * The notification stream over TLS against the simulator in HTTPS mode: trusted through
 * `extraCa` it streams until the server's Closed at ConnectionTimeout; a client that does not
 * trust the certificate gets TransportError 'tls' on its own streaming connection too (the
 * stream's connection verifies exactly as the ordinary ones do).
 */
import { describe, expect, it } from 'vitest';
import { BasicAuth } from '../../../src-main/ews/auth.js';
import { EwsClient } from '../../../src-main/ews/client.js';
import { TransportError } from '../../../src-main/ews/errors.js';
import type { StreamMessage } from '../../../src-main/ews/operations/notifications-types.js';
import { ALEX, useSimulator } from './support.js';

// One ConnectionTimeout minute lasts 300 ms here; heartbeats every 100 ms.
const h = useSimulator({ https: true, notifications: { heartbeatMs: 100, minuteMs: 300 } });

describe('notification stream over HTTPS', () => {
  it('streams heartbeats over TLS until the server closes at ConnectionTimeout', async () => {
    expect(h.sim.ewsUrl.startsWith('https://')).toBe(true);
    const client = h.client();
    const subscription = await client.subscribeStreaming({ folders: ['calendar'] });
    const messages: StreamMessage[] = [];
    for await (const m of client.streamEvents(subscription, { connectionTimeoutMinutes: 1 }))
      messages.push(m);
    expect(messages.at(-1)).toEqual({ type: 'connection', status: 'Closed' });
    expect(
      messages.filter((m) => m.type === 'connection' && m.status === 'OK').length,
    ).toBeGreaterThan(0);
  });

  it("refuses the stream's connection to an untrusted certificate with TransportError 'tls'", async () => {
    const subscription = await h.client().subscribeStreaming({ folders: ['calendar'] });
    const alex = h.sim.users.find((u) => u.email === ALEX);
    if (!alex) throw new Error('demo user missing');
    const untrusting = new EwsClient({
      url: h.sim.ewsUrl,
      auth: new BasicAuth(alex.email, alex.password),
      mailbox: alex.email,
    });
    let error: unknown;
    try {
      for await (const m of untrusting.streamEvents(subscription)) expect(m).toBeUndefined();
    } catch (caught) {
      error = caught;
    } finally {
      await untrusting.close();
    }
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).failure).toBe('tls');
    expect((await h.admin.requestsFor('GetStreamingEvents')).length).toBe(0);
  });
});
