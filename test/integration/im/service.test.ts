/**
 * Two companions on a real Prosody (STARTTLS required, per-run CA) through the XMPP provider:
 * IM sign-in, the subscription handshake, my presence published on every change and seen by the
 * other as live IM presence, chat both ways with delivery and read receipts, and typing. Both
 * run the demo mailbox on the simulator for their Exchange side.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCompanion,
  type Companion,
  type SecretSource,
} from '../../../src-main/core/companion/index.js';
import type { CommandInput, Contact, Conversation } from '../../../src-main/core/contract.js';
import { XmppProvider } from '../../../src-main/im/xmpp/xmpp-provider.js';
import { startSimulator, type RunningSimulator } from '../../../src-main/sim/index.js';
import { eventually, startProsody, type Prosody } from '../../support/prosody.js';
import { LOCALE, NOW, ZONE } from '../companion/support.js';

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

interface Peer {
  companion: Companion;
  secrets: Map<string, string>;
  ok: (command: CommandInput) => Promise<void>;
}

async function peer(): Promise<Peer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'beacon-im-'));
  const secrets = new Map<string, string>();
  const source: SecretSource = {
    get: (account) => Promise.resolve(secrets.get(account)),
    set: (account, secret) => {
      secrets.set(account, secret);
      return Promise.resolve();
    },
    delete: (account) => Promise.resolve(secrets.delete(account)),
  };
  const companion = await createCompanion({
    dataDir,
    // The product waits a second before decoding voicemail peaks; whenIdle would sit it out.
    voicemailPeaksDelayMs: 0,
    timeZone: ZONE,
    locale: LOCALE,
    openExternal: () => undefined,
    secrets: source,
    startDemoMailbox: () =>
      Promise.resolve({ ewsUrl: sim.ewsUrl, users: sim.users, close: () => Promise.resolve() }),
    createImProvider: (config) =>
      new XmppProvider({
        address: config.address,
        password: config.password,
        server: config.server ?? prosody.host,
        port: config.port ?? prosody.port,
        caPem: prosody.caPem,
        onDrop: () => undefined,
      }),
  });
  cleanups.push(async () => {
    await companion.stop();
    await rm(dataDir, { recursive: true, force: true });
  });
  companion.start();
  await companion.whenIdle();
  return {
    companion,
    secrets,
    ok: async (command) => {
      const result = await companion.execute(command);
      if (!result.ok) throw new Error(`${command.type}: ${JSON.stringify(result.error)}`);
    },
  };
}

const ALICE = 'alice@localhost';
const BOB = 'bob@localhost';

function contactOf(p: Peer, address: string): Contact | undefined {
  return p.companion.getSnapshot().contacts.find((c) => c.address === address);
}

function conversationOf(p: Peer, address: string): Conversation | undefined {
  return p.companion.getSnapshot().conversations.find((c) => c.with === address);
}

describe('two companions on Prosody', () => {
  it('sign in, subscribe, see each other live, chat with receipts and typing', async () => {
    const alice = await peer();
    const bob = await peer();
    const signIn = (p: Peer, name: string): Promise<void> =>
      p.ok({
        type: 'im-sign-in',
        address: `${name}@localhost`,
        password: `${name}-pw`,
        server: prosody.host,
        port: prosody.port,
      });
    await signIn(alice, 'alice');
    await signIn(bob, 'bob');
    expect(alice.companion.getSnapshot().im).toMatchObject({ state: 'online', address: ALICE });
    expect(alice.companion.getSnapshot().settings.im).toMatchObject({
      enabled: true,
      address: ALICE,
    });
    expect([...alice.secrets.keys()]).toEqual(['xmpp:alice@localhost']);
    // The demo peers give way to the real network.
    expect(alice.companion.getSnapshot().contacts.some((c) => c.isDemo)).toBe(false);

    // Alice asks Bob; Bob sees the request and approves, and asks back.
    await alice.ok({ type: 'add-contact', address: BOB, name: 'Bob', group: 'Team' });
    await eventually(
      () => bob.companion.getSnapshot().subscriptionRequests,
      (r) => r.some((x) => x.address === ALICE),
      10_000,
    );
    await bob.ok({ type: 'answer-subscription', address: ALICE, approve: true });
    await bob.ok({ type: 'add-contact', address: ALICE, name: 'Alice' });
    await eventually(
      () => alice.companion.getSnapshot().subscriptionRequests,
      (r) => r.some((x) => x.address === BOB),
      10_000,
    );
    await alice.ok({ type: 'answer-subscription', address: BOB, approve: true });

    // Presence is published on change: Alice goes Do not disturb, Bob sees it live.
    await eventually(
      () => contactOf(bob, ALICE)?.presence,
      (p) => p?.source === 'im',
      10_000,
    );
    await alice.ok({
      type: 'set-manual-status',
      availability: 'do-not-disturb',
      note: 'Writing',
      expiry: 'never',
    });
    const seen = await eventually(
      () => contactOf(bob, ALICE)?.presence,
      (p) => p?.availability === 'do-not-disturb',
      10_000,
    );
    expect(seen).toMatchObject({ source: 'im', note: 'Writing' });
    expect(contactOf(bob, ALICE)?.subscription).toBe('both');

    // Chat both ways, with typing, delivery and read receipts.
    await alice.ok({ type: 'set-chat-state', to: BOB, state: 'composing' });
    await alice.ok({ type: 'send-message', to: BOB, body: 'Hi Bob <3' });
    const atBob = await eventually(
      () => conversationOf(bob, ALICE),
      (c) => c?.messages.length === 1,
      10_000,
    );
    expect(atBob?.messages[0]).toMatchObject({ direction: 'in', body: 'Hi Bob <3' });
    expect(atBob?.unread).toBe(1);
    await eventually(
      () => conversationOf(alice, BOB)?.messages[0]?.state,
      (s) => s === 'delivered',
      10_000,
    );
    await bob.ok({ type: 'mark-conversation-read', with: ALICE });
    await eventually(
      () => conversationOf(alice, BOB)?.messages[0]?.state,
      (s) => s === 'displayed',
      10_000,
    );
    await bob.ok({ type: 'set-chat-state', to: ALICE, state: 'composing' });
    await eventually(
      () => conversationOf(alice, BOB)?.typing,
      (t) => t === true,
      10_000,
    );
    await bob.ok({ type: 'send-message', to: ALICE, body: 'Hello Alice' });
    const atAlice = await eventually(
      () => conversationOf(alice, BOB),
      (c) => c?.messages.length === 2,
      10_000,
    );
    expect(atAlice?.messages.map((m) => [m.direction, m.body])).toEqual([
      ['out', 'Hi Bob <3'],
      ['in', 'Hello Alice'],
    ]);
    expect(atAlice?.typing).toBe(false);

    // Signing out of IM forgets the password and brings the demo peers back.
    await alice.ok({ type: 'im-sign-out' });
    expect(alice.companion.getSnapshot().im.state).toBe('off');
    expect(alice.secrets.size).toBe(0);
    await eventually(
      () => alice.companion.getSnapshot().contacts,
      (c) => c.some((x) => x.isDemo),
      10_000,
    );
  }, 60_000);

  it('a wrong IM password fails with the reason and keeps nothing', async () => {
    const carol = await peer();
    const result = await carol.companion.execute({
      type: 'im-sign-in',
      address: ALICE,
      password: 'not-hers',
      server: prosody.host,
      port: prosody.port,
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'auth-required', failure: { reason: 'wrong-password' } },
    });
    expect(carol.companion.getSnapshot().im).toMatchObject({
      state: 'failed',
      failure: { reason: 'wrong-password' },
    });
    expect(carol.secrets.size).toBe(0);
    expect(carol.companion.getSnapshot().settings.im.enabled).toBe(false);
  }, 30_000);
});
