/**
 * Streaming notifications for an NTLM account, against the simulator's NTLM on its https
 * listener with Extended Protection enforced: the stream signs in again on a connection of its
 * own (NTLM authenticates a connection, and the account's one keeps carrying its requests), a
 * meeting moved in the admin API arrives on it, requests still run while it is open, and closing
 * the stream closes that connection.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NtlmAuth } from '../../../src-main/auth/ntlm/provider.js';
import { EwsClient } from '../../../src-main/ews/client.js';
import type { StreamMessage } from '../../../src-main/ews/operations/notifications-types.js';
import { startSimulator, type RunningSimulator } from '../../../src-main/sim/index.js';
import { SimAdmin } from '../../support/sim-admin.js';

const ALEX = 'alex@beacon.test';
const MINUTE = 60_000;
let sim: RunningSimulator;
let admin: SimAdmin;
const clients: EwsClient[] = [];

function ntlm(): NonNullable<RunningSimulator['ntlm']> {
  if (sim.ntlm === undefined) throw new Error('The simulator runs without NTLM');
  return sim.ntlm;
}

function client(): { client: EwsClient; auth: NtlmAuth } {
  const password = sim.users.find((u) => u.email === ALEX)?.password ?? '';
  const auth = new NtlmAuth({ url: sim.ewsUrl, login: ALEX, password, extraCa: sim.caPem });
  const made = new EwsClient({
    url: sim.ewsUrl,
    mailbox: ALEX,
    auth,
    ...(sim.caPem === undefined ? {} : { extraCa: sim.caPem }),
    maxAttempts: 1,
  });
  clients.push(made);
  return { client: made, auth };
}

beforeAll(async () => {
  sim = await startSimulator({
    https: true,
    strict: false,
    ntlm: { channelBinding: true },
    notifications: { heartbeatMs: 200 },
  });
  admin = new SimAdmin(sim);
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});
afterAll(async () => {
  await admin.close();
  await sim.close();
});

describe('NTLM streaming notifications', () => {
  it('streams on a connection of its own, with its own handshake, delivering a moved meeting', async () => {
    const { client: c, auth } = client();
    const subscription = await c.subscribeStreaming({ folders: ['calendar'] });
    const connectionsBefore = ntlm().connections;
    const stream = c.streamEvents(subscription, { connectionTimeoutMinutes: 1 });
    const iterator = stream[Symbol.asyncIterator]();
    const next = (): Promise<IteratorResult<StreamMessage>> => iterator.next();

    // The stream is open once the server's first heartbeat arrives on it.
    const first = await next();
    expect(first.value).toEqual({ type: 'connection', status: 'OK' });
    // One new connection, authenticated by a handshake of the stream's own provider.
    expect(ntlm().connections - connectionsBefore).toBe(1);
    expect(auth.handshakes).toBe(1);

    // The account's own connection still carries requests while the stream holds its own.
    const oof = await c.getOofSettings();
    expect(['Enabled', 'Disabled', 'Scheduled']).toContain(oof.state);
    expect(ntlm().connections - connectionsBefore).toBe(1);

    const entry = (await admin.calendar(ALEX))[0];
    if (entry === undefined) throw new Error('no meeting in the seed');
    const start = Date.parse(entry.start) + 30 * MINUTE;
    await admin.moveCalendarItem(ALEX, entry.id, {
      start: new Date(start),
      end: new Date(start + 30 * MINUTE),
    });
    let seen: StreamMessage | undefined;
    for (let r = await next(); r.done !== true; r = await next()) {
      if (r.value.type === 'notifications') {
        seen = r.value;
        break;
      }
    }
    expect(seen?.type).toBe('notifications');
    const events =
      seen?.type === 'notifications' ? seen.notifications.flatMap((n) => n.events) : [];
    expect(events.some((e) => e.kind !== 'status' && e.itemId === entry.id)).toBe(true);

    await stream.close();
    // Read on after closing: the stream ends quietly and its sign-in is released.
    expect((await next()).done).toBe(true);
    expect(auth.handshakes).toBe(1);
  }, 60_000);
});
