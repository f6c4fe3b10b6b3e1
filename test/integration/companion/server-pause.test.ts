/**
 * A server's request to pause, seen from the Snapshot, against the strict simulator answering
 * HTTP 503 with Retry-After: within the 15-minute cap the footer gets `connection.pausedUntil`
 * and nothing is asked before it; beyond the cap the server is "unavailable" and our own
 * back-off applies; and a new sign-in starts with a clean gate whatever the old one was told.
 */
import { describe, expect, it } from 'vitest';
import { ALEX, NOW, started, useCompanionHarness } from './support.js';

const h = useCompanionHarness();
const SEC = 1000;

function password(): string {
  return h.sim.users[0]?.password ?? '';
}

describe('a server that asks Beacon to pause', () => {
  it('Retry-After within the cap: the Snapshot says until when, nothing is sent before it', async () => {
    const t = await started(await h.companion());
    await h.admin.inject({
      operation: '*',
      kind: 'status',
      status: 503,
      retryAfterSeconds: 600,
      count: 1000,
    });
    expect(await t.companion.execute({ type: 'refresh-now' })).toMatchObject({ ok: false });
    const until = new Date(NOW.getTime() + 600 * SEC).toISOString();
    expect(t.companion.getSnapshot().connection).toMatchObject({
      state: 'stale',
      retryAt: until,
      pausedUntil: until,
      failure: { reason: 'server-busy' },
    });
    await h.admin.clearRequests();
    // The user presses Refresh during the pause: nothing goes to the server, the pause stands.
    expect(await t.companion.execute({ type: 'refresh-now' })).toMatchObject({ ok: false });
    await t.advanceTo(NOW.getTime() + 600 * SEC - 1);
    expect(await h.admin.requests()).toEqual([]);
    expect(t.companion.getSnapshot().connection.pausedUntil).toBe(until);

    await h.admin.clearFaults();
    await t.advanceTo(NOW.getTime() + 600 * SEC);
    const connection = t.companion.getSnapshot().connection;
    expect(connection.state).toBe('online');
    expect(connection.pausedUntil).toBeUndefined();
  });

  it('Retry-After: 86400 is "unavailable": our own back-off, no pause shown', async () => {
    const t = await started(await h.companion());
    await h.admin.inject({
      operation: '*',
      kind: 'status',
      status: 503,
      retryAfterSeconds: 86_400,
      count: 1000,
    });
    expect(await t.companion.execute({ type: 'refresh-now' })).toMatchObject({ ok: false });
    const connection = t.companion.getSnapshot().connection;
    expect(connection.retryAt).toBe(new Date(NOW.getTime() + 15 * SEC).toISOString());
    expect(connection.pausedUntil).toBeUndefined();
    // It asks again 15 s later, not a day later.
    await h.admin.clearFaults();
    await t.advanceTo(NOW.getTime() + 15 * SEC);
    expect(t.companion.getSnapshot().connection.state).toBe('online');
  });

  it('Retry-After: 0 does not shorten our back-off', async () => {
    const t = await started(await h.companion());
    await h.admin.inject({
      operation: '*',
      kind: 'status',
      status: 503,
      retryAfterSeconds: 0,
      count: 1000,
    });
    expect(await t.companion.execute({ type: 'refresh-now' })).toMatchObject({ ok: false });
    expect(t.companion.getSnapshot().connection).toMatchObject({
      retryAt: new Date(NOW.getTime() + 15 * SEC).toISOString(),
    });
    expect(t.companion.getSnapshot().connection.pausedUntil).toBeUndefined();
    await h.admin.clearRequests();
    await t.advanceTo(NOW.getTime() + 15 * SEC - 1);
    expect(await h.admin.requests()).toEqual([]);
  });

  it('a new sign-in starts with a clean gate, whatever pause the old one was told', async () => {
    const t = await started(await h.companion());
    await h.admin.inject({
      operation: '*',
      kind: 'status',
      status: 503,
      retryAfterSeconds: 900,
      count: 1000,
    });
    expect(await t.companion.execute({ type: 'refresh-now' })).toMatchObject({ ok: false });
    expect(t.companion.getSnapshot().connection.pausedUntil).toBeDefined();
    await h.admin.clearFaults();

    // Same server, same instant: the sign-in goes out at once and succeeds.
    await t.ok({ type: 'sign-in', mailbox: ALEX, password: password(), ewsUrl: h.sim.ewsUrl });
    await t.companion.whenIdle();
    const snapshot = t.companion.getSnapshot();
    expect(t.clock.now()).toBe(NOW.getTime());
    expect(snapshot.account).toMatchObject({ mode: 'exchange', signIn: 'signed-in' });
    expect(snapshot.connection.state).toBe('online');
    expect(snapshot.connection.pausedUntil).toBeUndefined();
  });
});
