/**
 * The Graph backend's reader of contacts' Teams presence against the simulator's CSDL-checked
 * Graph face: each address becomes a directory id once (an unknown one is skipped and not asked
 * again), every read is one getPresencesByUserId for all, and a refused read is a MailboxError.
 */
import { describe, expect, it } from 'vitest';
import { createBackend } from '../../../src-main/backends/index.js';
import { BasicAuth } from '../../../src-main/ews/auth.js';
import type { MailboxBackend } from '../../../src-main/mailbox/backend.js';
import { MailboxError } from '../../../src-main/mailbox/errors.js';
import { ALEX } from '../sim/graph/support.js';
import { useGraphSimBackends } from './graph-sim-backends.js';

const PRESENCES = 'Graph POST /communications/getPresencesByUserId';

const suite = useGraphSimBackends();

function graphBackend(): MailboxBackend {
  return suite.graphBackend(ALEX, { maxAttempts: 1 });
}

async function operations(): Promise<string[]> {
  return (await suite.admin.requests()).map((r) => r.operation);
}

describe("the Graph backend's Teams presence reader", () => {
  it('looks each address up once, skips an unknown one, one presence request per read', async () => {
    await suite.admin.setTeamsPresence('megan@beacon.test', {
      availability: 'Busy',
      activity: 'InACall',
    });
    await suite.admin.setTeamsPresence('diego@beacon.test', {
      availability: 'BeRightBack',
      activity: 'BeRightBack',
    });
    const reader = graphBackend().teamsPresence;
    if (reader === undefined) throw new Error('the Graph backend has no Teams presence reader');
    const asked = ['Megan@beacon.test', 'diego@beacon.test', 'nobody@beacon.test'];
    const first = await reader.read(asked);
    expect(first.get('megan@beacon.test')).toEqual({ availability: 'Busy', activity: 'InACall' });
    expect(first.get('diego@beacon.test')).toEqual({
      availability: 'BeRightBack',
      activity: 'BeRightBack',
    });
    expect(first.has('nobody@beacon.test')).toBe(false);
    expect(first.size).toBe(2);
    // Three lookups in one $batch, then one presence request for the two known users.
    expect(await operations()).toEqual(['Graph POST /$batch', PRESENCES]);

    await suite.admin.clearRequests();
    await suite.admin.setTeamsPresence('megan@beacon.test', {
      availability: 'Available',
      activity: 'Available',
    });
    const second = await reader.read(asked);
    expect(second.get('megan@beacon.test')).toEqual({
      availability: 'Available',
      activity: 'Available',
    });
    // The ids (and the unknown address) were kept: only the presence request went out.
    expect(await operations()).toEqual([PRESENCES]);
  });

  it('a refused presence read is a MailboxError; the next read answers again', async () => {
    const reader = graphBackend().teamsPresence;
    if (reader === undefined) throw new Error('the Graph backend has no Teams presence reader');
    await suite.admin.inject({
      face: 'graph',
      kind: 'status',
      status: 503,
      count: 1,
      operation: 'getPresencesByUserId',
    });
    const failure = await reader.read(['megan@beacon.test']).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(MailboxError);
    await suite.admin.setTeamsPresence('megan@beacon.test', {
      availability: 'Away',
      activity: 'OffWork',
    });
    const again = await reader.read(['megan@beacon.test']);
    expect(again.get('megan@beacon.test')).toEqual({ availability: 'Away', activity: 'OffWork' });
  });

  it('an EWS account has no reader: its contacts stay calendar-derived', async () => {
    const { sim } = suite;
    const account = sim.users.find((u) => u.email === ALEX);
    if (account === undefined) throw new Error('no Alex in the simulator');
    const ews = createBackend({
      protocol: 'ews',
      url: sim.ewsUrl,
      mailbox: ALEX,
      auth: new BasicAuth(account.email, account.password),
      ...(sim.caPem === undefined ? {} : { extraCa: sim.caPem }),
    });
    try {
      expect(ews.teamsPresence).toBeUndefined();
      expect(graphBackend().teamsPresence).toBeDefined();
      expect(await operations()).toEqual([]);
    } finally {
      await ews.close();
    }
  });
});
