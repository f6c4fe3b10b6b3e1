/**
 * A request cancelled while it waits for a free connection to the server (the gate) never
 * reaches the wire: it leaves the queue at once with the typed cancel (no credentials asked, no
 * slot taken), and its place goes to the next caller. Counted at the strict simulator, which
 * holds the request ahead of it.
 */
import { describe, expect, it } from 'vitest';
import { TransportError } from '../../../src-main/ews/errors.js';
import { systemClock } from '../../../src-main/ews/transport/clock.js';
import { GateRegistry } from '../../../src-main/ews/transport/server-gate.js';
import { failure, useSimulator } from './support.js';

const h = useSimulator();

/** How long the simulator holds the first request: the second waits behind it meanwhile. */
const HOLD_MS = 800;

describe('a request cancelled while queued at the gate', () => {
  it('is never sent, fails as cancelled, and the next caller gets the slot', async () => {
    // One request at a time to this server, so the second queues behind the held first.
    const client = h.client({ gates: new GateRegistry(systemClock, 1) });
    await h.admin.inject({
      operation: 'GetUserOofSettings',
      kind: 'delay',
      delayMs: HOLD_MS,
      count: 1,
    });
    const settled: string[] = [];
    const first = client.getOofSettings().finally(() => settled.push('first'));
    const cancel = new AbortController();
    const queued = failure(client.getOofSettings(cancel.signal)).finally(() =>
      settled.push('cancelled'),
    );
    // A third caller queued behind the cancelled one still gets its turn.
    const third = client.getOofSettings().finally(() => settled.push('third'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    cancel.abort(new Error('the user went elsewhere'));

    const error = await queued;
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ kind: 'transport', failure: 'aborted', retryable: false });
    // It failed at once, while the first was still held, not when the slot came free (before,
    // it kept its place in the queue and failed only then, after the credentials were asked).
    expect(settled).toEqual(['cancelled']);
    expect(await h.admin.requestsFor('GetUserOofSettings')).toEqual([]);

    expect((await first).state).toBeDefined();
    expect((await third).state).toBeDefined();
    expect(settled).toEqual(['cancelled', 'first', 'third']);
    // The held first and the third: the cancelled one never reached the server.
    expect((await h.admin.requestsFor('GetUserOofSettings')).map((r) => r.status)).toEqual([
      200, 200,
    ]);
  });

  it('a signal already fired sends nothing', async () => {
    const client = h.client();
    const cancel = new AbortController();
    cancel.abort(new Error('gone before it began'));
    const error = await failure(client.getOofSettings(cancel.signal));
    expect(error).toMatchObject({ kind: 'transport', failure: 'aborted' });
    expect(await h.admin.requestsFor('GetUserOofSettings')).toEqual([]);
  });
});
