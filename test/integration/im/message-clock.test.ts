/**
 * A live IM message is stamped on the companion's clock, not the system's: a companion on a fake
 * clock receives a message over a real Prosody (sent by another XMPP client, which stamps
 * nothing), and its conversation shows the message at the companion's "now". Before, the XMPP
 * provider was built without the companion's clock and stamped it with the system's time, so a
 * conversation mixed the two clocks (its own messages on the companion's, the peer's on the
 * system's) and ordered them by the wrong one.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompanion, type Companion } from '../../../src-main/core/companion/index.js';
import type { Conversation } from '../../../src-main/core/contract.js';
import { XmppProvider } from '../../../src-main/im/xmpp/xmpp-provider.js';
import { startSimulator, type RunningSimulator } from '../../../src-main/sim/index.js';
import { eventually, startProsody, type Prosody } from '../../support/prosody.js';
import { FakeSchedulerClock } from '../../unit/core/fake-scheduler-clock.js';
import { LOCALE, NOW, ZONE } from '../companion/support.js';

const ALICE = 'alice@localhost';
const BOB = 'bob@localhost';
/** The companion's "now", three hours after its start: far from the system clock's. */
const LATER = NOW.getTime() + 3 * 60 * 60_000;

let prosody: Prosody;
let sim: RunningSimulator;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  prosody = await startProsody({
    users: [
      { name: 'alice', password: 'alice-pw' },
      { name: 'bob', password: 'bob-pw' },
    ],
  });
  sim = await startSimulator({ now: () => NOW });
}, 60_000);
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await sim.close();
  await prosody.stop();
});

function conversationOf(companion: Companion, address: string): Conversation | undefined {
  return companion.getSnapshot().conversations.find((c) => c.with === address);
}

describe("IM messages on the companion's clock", () => {
  it('stamps a live incoming message with the companion’s now', async () => {
    const clock = new FakeSchedulerClock(NOW.getTime());
    const dataDir = await mkdtemp(path.join(tmpdir(), 'beacon-im-clock-'));
    const companion = await createCompanion({
      dataDir,
      clock,
      voicemailPeaksDelayMs: 0,
      timeZone: ZONE,
      locale: LOCALE,
      openExternal: () => undefined,
      secrets: {
        get: () => Promise.resolve(undefined),
        set: () => Promise.resolve(),
        delete: () => Promise.resolve(false),
      },
      startDemoMailbox: () =>
        Promise.resolve({ ewsUrl: sim.ewsUrl, users: sim.users, close: () => Promise.resolve() }),
      // Prosody's address and CA; everything else (the clock included) as the companion gives it.
      createImProvider: (config) =>
        new XmppProvider({
          address: config.address,
          password: config.password,
          server: prosody.host,
          port: prosody.port,
          caPem: prosody.caPem,
          onDrop: () => undefined,
          ...(config.now === undefined ? {} : { now: config.now }),
        }),
    });
    cleanups.push(async () => {
      await companion.stop();
      await rm(dataDir, { recursive: true, force: true });
    });
    companion.start();
    await companion.whenIdle();
    const signIn = await companion.execute({
      type: 'im-sign-in',
      address: ALICE,
      password: 'alice-pw',
      server: prosody.host,
      port: prosody.port,
    });
    expect(signIn.ok).toBe(true);
    expect(companion.getSnapshot().im).toMatchObject({ state: 'online', address: ALICE });

    // Bob, another XMPP client on the system clock.
    const bob = new XmppProvider({
      address: BOB,
      password: 'bob-pw',
      server: prosody.host,
      port: prosody.port,
      caPem: prosody.caPem,
      onDrop: () => undefined,
    });
    cleanups.push(() => bob.disconnect());
    await bob.connect();

    // Time on the companion's clock moves on (no timer due in between matters here).
    clock.jumpTo(LATER);
    await bob.send(ALICE, 'Are you free at three?');
    const received = await eventually(
      () => conversationOf(companion, BOB),
      (c) => c?.messages.length === 1,
      10_000,
    );
    expect(received?.messages[0]).toMatchObject({
      direction: 'in',
      body: 'Are you free at three?',
      at: new Date(LATER).toISOString(),
    });
  });
});
