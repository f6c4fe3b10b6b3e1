/**
 * The XMPP provider against a real Prosody: exact Beacon presence between two Beacon clients,
 * PRESENCE.md's show/status mapping as a plain client sees it, chat with receipts, markers and
 * chat states, carbons, the archive, the roster flow, client state indication, coalescing, and
 * a killed socket that resumes without losing or repeating a message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import xml from '@xmpp/xml';
import type { Availability } from '../../../src-main/presence/vocabulary.js';
import type { MyPresence } from '../../../src-main/im/provider.js';
import {
  eventually,
  rawClient,
  startProsody,
  type Prosody,
  type RawClient,
} from '../../support/prosody.js';
import { befriend, makeRecorder, type Recorder } from './xmpp-recorder.js';

let server: Prosody;
const started: Recorder[] = [];
const raws: RawClient[] = [];

const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'plain'];

beforeAll(async () => {
  server = await startProsody({ users: USERS.map((name) => ({ name, password: `${name}-pw` })) });
}, 60_000);

afterAll(async () => {
  for (const r of started) await r.provider.disconnect();
  for (const r of raws) await r.stop();
  await server.stop();
});

async function signIn(name: string, resource?: string): Promise<Recorder> {
  const r = makeRecorder(server, name, `${name}-pw`, resource ? { resource } : {});
  started.push(r);
  await r.online();
  return r;
}

function my(availability: Availability, extra: Partial<MyPresence> = {}): MyPresence {
  return {
    availability,
    statusText: `status for ${availability}`,
    activityText: `activity for ${availability}`,
    oof: false,
    idle: false,
    ...extra,
  };
}

let alice: Recorder;
let bob: Recorder;

describe('XMPP provider on Prosody', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    [alice, bob] = await Promise.all([signIn('alice'), signIn('bob')]);
    await befriend(alice, bob);
  }, 60_000);

  it('uses a beacon-xxxx resource and answers disco#info with the caps it advertises', async () => {
    expect(alice.provider.resource).toMatch(/^beacon-[0-9a-f]{4}$/);
    const plain = await rawClient(server, 'plain', 'plain-pw', { resource: 'disco' });
    raws.push(plain);
    await plain.send(
      xml(
        'iq',
        { type: 'get', id: 'd1', to: `alice@localhost/${alice.provider.resource}` },
        xml('query', { xmlns: 'http://jabber.org/protocol/disco#info' }),
      ),
    );
    const reply = await plain.waitFor((el) => el.name === 'iq' && el.attrs.id === 'd1');
    expect(reply.attrs.type).toBe('result');
    const features = reply
      .getChild('query', 'http://jabber.org/protocol/disco#info')
      ?.getChildren('feature')
      .map((f) => f.attrs.var);
    expect(features).toContain('urn:xmpp:receipts');
    expect(features).toContain('urn:xmpp:chat-markers:0');
    expect(features).toContain('urn:beacon:presence:0');
    await plain.stop();
  });

  it('two Beacon users see each other’s exact presence (the namespaced child wins)', async () => {
    const until = new Date('2026-12-03T15:30:00.000Z');
    await alice.provider.publish(
      my('in-a-meeting', { statusText: 'Design review', activityText: 'Design review', until }),
    );
    const seen = await eventually(
      () => bob.presence.get('alice@localhost'),
      (p) => p?.availability === 'in-a-meeting',
    );
    expect(seen).toEqual({
      availability: 'in-a-meeting',
      status: 'Design review',
      beacon: {
        availability: 'in-a-meeting',
        activityText: 'Design review',
        until: until.toISOString(),
        oof: false,
      },
    });
    await bob.provider.publish(my('out-of-office', { oof: true, statusText: 'Back Monday' }));
    const bobSeen = await eventually(
      () => alice.presence.get('bob@localhost'),
      (p) => p?.availability === 'out-of-office',
    );
    expect(bobSeen?.beacon?.oof).toBe(true);
    expect(bobSeen?.status).toBe('Back Monday');
  });

  it('says since when I am idle (XEP-0319) while idle, and stops saying it when back', async () => {
    const t0 = Date.now();
    await alice.provider.publish(my('away', { idle: true, statusText: 'idle now' }));
    const idle = await eventually(
      () => bob.presence.get('alice@localhost'),
      (x) => x?.status === 'idle now',
    );
    expect(idle?.idleSince?.getTime()).toBeGreaterThanOrEqual(t0 - 1_000);
    expect(idle?.idleSince?.getTime()).toBeLessThanOrEqual(Date.now());
    await alice.provider.publish(my('available', { statusText: 'back' }));
    const back = await eventually(
      () => bob.presence.get('alice@localhost'),
      (x) => x?.status === 'back',
    );
    expect(back?.idleSince).toBeUndefined();
  });

  it('publishes one stanza per real change (repeats are coalesced)', async () => {
    const before = alice.provider.presenceStanzasSent;
    const p = my('busy', { statusText: 'Coalesce me' });
    await alice.provider.publish(p);
    await alice.provider.publish({ ...p });
    await alice.provider.publish({ ...p });
    expect(alice.provider.presenceStanzasSent).toBe(before + 1);
    await alice.provider.publish({ ...p, statusText: 'Changed' });
    expect(alice.provider.presenceStanzasSent).toBe(before + 2);
  });

  it('a plain XMPP client sees PRESENCE.md’s show and status for every availability', async () => {
    const plain = await rawClient(server, 'plain', 'plain-pw', { resource: 'table' });
    raws.push(plain);
    // plain asks to see alice; alice approves (and asks back, which plain approves).
    await plain.send(xml('presence', { to: 'alice@localhost', type: 'subscribe' }));
    await eventually(
      () => alice.requests.some((r) => r.address === 'plain@localhost'),
      (x) => x,
    );
    await alice.provider.answerSubscription('plain@localhost', true);
    await plain.waitFor((el) => el.attrs.type === 'subscribe');
    await plain.send(xml('presence', { to: 'alice@localhost', type: 'subscribed' }));

    const table: [Availability, string | undefined, string][] = [
      ['available', undefined, 'status for available'],
      ['busy', 'dnd', 'status for busy'],
      ['in-a-meeting', 'dnd', 'status for in-a-meeting'],
      ['do-not-disturb', 'dnd', 'status for do-not-disturb'],
      ['be-right-back', 'away', 'status for be-right-back'],
      ['away', 'away', 'status for away'],
      ['off-work', 'xa', 'status for off-work'],
      ['out-of-office', 'xa', 'status for out-of-office'],
    ];
    for (const [availability, show, status] of table) {
      await alice.provider.publish(my(availability));
      const el = await plain.waitFor(
        (e) =>
          e.name === 'presence' &&
          e.attrs.from?.startsWith('alice@localhost/') === true &&
          e.getChildText('status') === status,
      );
      expect(el.getChildText('show') ?? undefined, availability).toBe(show);
      expect(el.attrs.type, availability).toBeUndefined();
      expect(el.getChild('beacon', 'urn:beacon:presence:0')?.attrs.availability).toBe(availability);
    }
    await alice.provider.publish(my('offline'));
    const gone = await plain.waitFor(
      (e) =>
        e.name === 'presence' &&
        e.attrs.type === 'unavailable' &&
        e.attrs.from?.startsWith('alice@') === true,
    );
    expect(gone.getChildText('show')).toBeNull();
    await alice.provider.publish(my('available'));

    // And inbound: plain's show values in Beacon's words.
    await eventually(
      () => alice.entry('plain@localhost')?.subscription,
      (s) => s === 'both',
    );
    const inbound: [string | undefined, Availability][] = [
      ['dnd', 'busy'],
      ['away', 'away'],
      ['xa', 'away'],
      ['chat', 'available'],
      [undefined, 'available'],
    ];
    for (const [show, expected] of inbound) {
      const marker = `plain ${show ?? 'none'}`;
      await plain.send(
        xml('presence', {}, show ? xml('show', {}, show) : undefined, xml('status', {}, marker)),
      );
      const p = await eventually(
        () => alice.presence.get('plain@localhost'),
        (x) => x?.status === marker,
      );
      expect(p?.availability, marker).toBe(expected);
      expect(p?.beacon).toBeUndefined();
    }
  });

  it('chats both ways with delivery receipts and displayed markers', async () => {
    const { id } = await alice.provider.send('bob@localhost', 'Hello Bob');
    const got = await eventually(
      () => bob.messages.find((m) => m.id === id),
      (m) => m !== undefined,
    );
    expect(got).toMatchObject({
      from: 'alice@localhost',
      body: 'Hello Bob',
      direction: 'in',
      archived: false,
    });
    await eventually(
      () => alice.receipts.find((r) => r.id === id && r.kind === 'delivered'),
      (r) => r?.from === 'bob@localhost',
    );
    await bob.provider.markDisplayed('alice@localhost', id);
    await eventually(
      () => alice.receipts.find((r) => r.id === id && r.kind === 'displayed'),
      (r) => r?.from === 'bob@localhost',
    );

    const back = await bob.provider.send('alice@localhost', 'Hi Alice, 안녕하세요 <b>not bold</b>');
    const reply = await eventually(
      () => alice.messages.find((m) => m.id === back.id),
      (m) => m !== undefined,
    );
    expect(reply?.body).toBe('Hi Alice, 안녕하세요 <b>not bold</b>');
    await eventually(
      () => bob.receipts.some((r) => r.id === back.id && r.kind === 'delivered'),
      (x) => x,
    );
  });

  it('sends and receives chat states', async () => {
    await alice.provider.sendChatState('bob@localhost', 'composing');
    await eventually(
      () => bob.chatStates.at(-1),
      (s) => s?.from === 'alice@localhost' && s.state === 'composing',
    );
    await alice.provider.sendChatState('bob@localhost', 'paused');
    await eventually(
      () => bob.chatStates.at(-1)?.state,
      (s) => s === 'paused',
    );
  });

  it('a second resource of the same user sees my sent message as direction out (carbons)', async () => {
    const alice2 = await signIn('alice', 'beacon-two');
    const { id } = await alice.provider.send('bob@localhost', 'Carbon copy me');
    const copy = await eventually(
      () => alice2.messages.find((m) => m.id === id),
      (m) => m !== undefined,
    );
    expect(copy).toMatchObject({ direction: 'out', from: 'bob@localhost', body: 'Carbon copy me' });
    // And bob's reply reaches both of alice's clients as direction in.
    const { id: replyId } = await bob.provider.send('alice@localhost', 'Both of you');
    const inCopy = await eventually(
      () => alice2.messages.find((m) => m.id === replyId),
      (m) => m !== undefined,
    );
    expect(inCopy?.direction).toBe('in');
    await alice2.provider.disconnect();
  });

  it('reads earlier messages from the server archive (MAM), newest last', async () => {
    const carol = await signIn('carol');
    await befriend(alice, carol);
    const ids: string[] = [];
    for (const body of ['one', 'two', 'three']) {
      ids.push((await alice.provider.send('carol@localhost', body)).id);
    }
    const { id: answer } = await carol.provider.send('alice@localhost', 'four');
    await eventually(
      () => alice.messages.some((m) => m.id === answer),
      (x) => x,
    );
    const history = await carol.provider.history('alice@localhost');
    expect(history.map((m) => [m.body, m.direction])).toEqual([
      ['one', 'in'],
      ['two', 'in'],
      ['three', 'in'],
      ['four', 'out'],
    ]);
    expect(history.every((m) => m.archived && m.from === 'alice@localhost')).toBe(true);
    expect(history.slice(0, 3).map((m) => m.id)).toEqual(ids);
    // Paging back: the newest two, then the two before the oldest of those.
    const page = await carol.provider.history('alice@localhost', undefined, 2);
    expect(page.map((m) => m.body)).toEqual(['three', 'four']);
    const earlier = await carol.provider.history('alice@localhost', page[0]?.at, 2);
    expect(earlier.map((m) => m.body)).toEqual(['one', 'two']);
  });

  it('roster: add, approve, deny and remove', async () => {
    const dave = await signIn('dave');
    const erin = await signIn('erin');
    await dave.provider.addContact('erin@localhost', 'Erin', 'Team');
    await eventually(
      () => dave.entry('erin@localhost'),
      (e) => e?.pendingOut === true && e.name === 'Erin' && e.groups.includes('Team'),
    );
    await eventually(
      () => erin.requests.map((r) => r.address),
      (r) => r.includes('dave@localhost'),
    );
    await erin.provider.answerSubscription('dave@localhost', false);
    const denied = await eventually(
      () => dave.entry('erin@localhost'),
      (e) => e?.pendingOut === false,
    );
    expect(denied?.subscription).toBe('none');
    expect(erin.provider.pendingSubscriptions()).toEqual([]);

    await dave.provider.removeContact('erin@localhost');
    await eventually(
      () => dave.entry('erin@localhost'),
      (e) => e === undefined,
    );
  });

  it('holds presence while the window is hidden (client state indication) and catches up when shown', async () => {
    await bob.provider.setClientActive(false);
    await new Promise((r) => setTimeout(r, 200));
    await alice.provider.publish(my('be-right-back', { statusText: 'while hidden' }));
    await new Promise((r) => setTimeout(r, 1_500));
    expect(bob.presence.get('alice@localhost')?.status).not.toBe('while hidden');
    await bob.provider.setClientActive(true);
    await eventually(
      () => bob.presence.get('alice@localhost')?.status,
      (s) => s === 'while hidden',
    );
  });

  it('a killed socket resumes the session: a message sent meanwhile arrives exactly once', async () => {
    const sentBefore = bob.provider.presenceStanzasSent;
    const statesBefore = bob.states.length;
    bob.provider.interruptTransport();
    await eventually(
      () => bob.lastState,
      (s) => s === 'connecting',
    );
    const { id } = await alice.provider.send('bob@localhost', 'While you were away');
    await eventually(
      () => bob.lastState,
      (s) => s === 'online',
      10_000,
    );
    await eventually(
      () => bob.messages.filter((m) => m.id === id).length,
      (n) => n === 1,
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(bob.messages.filter((m) => m.id === id)).toHaveLength(1);
    // Resumed, not a new session: the server kept bob's presence, so none was sent again.
    expect(bob.provider.presenceStanzasSent).toBe(sentBefore);
    expect(bob.states.slice(statesBefore).map((s) => s.state)).toEqual([
      'connecting',
      'connecting',
      'online',
    ]);
    // The stream works after resuming.
    const { id: after } = await bob.provider.send('alice@localhost', 'Back');
    await eventually(
      () => alice.messages.some((m) => m.id === after),
      (x) => x,
    );
  });
});
