/**
 * Hostile and broken input reaching the XMPP provider through a real Prosody, sent by raw
 * xmpp.js "attacker" clients: every case is dropped or limited with a typed report, the
 * provider keeps working, and nothing grows without bound.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import xml from '@xmpp/xml';
import { MAX_BODY_LENGTH } from '../../../src-main/im/xmpp/messages.js';
import {
  eventually,
  rawClient,
  startProsody,
  type Prosody,
  type RawClient,
} from '../../support/prosody.js';
import { makeRecorder, type Recorder } from './xmpp-recorder.js';

let server: Prosody;
let bob: Recorder;
let mallory: RawClient;
const raws: RawClient[] = [];
const SPAMMERS = ['spam1', 'spam2', 'spam3', 'spam4', 'spam5'];

beforeAll(async () => {
  server = await startProsody({
    users: ['bob', 'mallory', ...SPAMMERS].map((name) => ({ name, password: `${name}-pw` })),
  });
  bob = makeRecorder(server, 'bob', 'bob-pw', { maxPendingSubscriptions: 3 });
  await bob.online();
  mallory = await rawClient(server, 'mallory', 'mallory-pw');
  raws.push(mallory);
  // Mallory becomes a real contact first: the attacks come from inside the roster.
  await mallory.send(xml('presence', { to: 'bob@localhost', type: 'subscribe' }));
  await eventually(
    () => bob.requests.some((r) => r.address === 'mallory@localhost'),
    (x) => x,
  );
  await bob.provider.answerSubscription('mallory@localhost', true);
  await mallory.waitFor((el) => el.name === 'presence' && el.attrs.type === 'subscribe');
  await mallory.send(xml('presence', { to: 'bob@localhost', type: 'subscribed' }));
  await eventually(
    () => bob.entry('mallory@localhost')?.subscription,
    (s) => s === 'both',
  );
}, 60_000);

afterAll(async () => {
  await bob.provider.disconnect();
  for (const r of raws) await r.stop();
  await server.stop();
}, 60_000);

const bobFull = (): string => `bob@localhost/${bob.provider.resource}`;

/** Sends a marker message and waits until bob has it: everything before it was processed. */
async function settle(tag: string): Promise<void> {
  await mallory.send(
    xml('message', { to: 'bob@localhost', type: 'chat', id: tag }, xml('body', {}, tag)),
  );
  await eventually(
    () => bob.messages.some((m) => m.id === tag),
    (x) => x,
  );
}

describe('XMPP provider: bad input', { timeout: 60_000 }, () => {
  it('truncates a huge message body to the limit and reports it', async () => {
    const huge = 'x'.repeat(50_000);
    await mallory.send(
      xml('message', { to: 'bob@localhost', type: 'chat', id: 'huge-1' }, xml('body', {}, huge)),
    );
    const got = await eventually(
      () => bob.messages.find((m) => m.id === 'huge-1'),
      (m) => m !== undefined,
    );
    expect(got?.body.length).toBe(MAX_BODY_LENGTH);
    expect(bob.drops).toContainEqual({
      reason: 'oversize-body',
      from: 'mallory@localhost',
      detail: `cut to ${MAX_BODY_LENGTH}`,
    });
  });

  it('ignores malformed stanzas and unknown namespaces, and keeps working', async () => {
    const dropsBefore = bob.drops.length;
    await mallory.send(
      xml(
        'message',
        { to: 'bob@localhost', type: 'chat', id: 'nested' },
        xml('body', {}, 'hi', xml('b', {}, 'x')),
      ),
    );
    await mallory.send(
      xml('message', { to: 'bob@localhost', type: 'chat' }, xml('x', { xmlns: 'urn:evil:1' })),
    );
    await mallory.send(
      xml(
        'message',
        { to: bobFull(), type: 'chat' },
        xml('received', { xmlns: 'urn:xmpp:receipts', id: 'i'.repeat(500) }),
      ),
    );
    await mallory.send(
      xml(
        'iq',
        { to: bobFull(), type: 'get', id: 'evil-iq' },
        xml('query', { xmlns: 'urn:evil:2' }),
      ),
    );
    const iqReply = await mallory.waitFor((el) => el.name === 'iq' && el.attrs.id === 'evil-iq');
    expect(iqReply.attrs.type).toBe('error');
    await settle('after-malformed');
    expect(bob.messages.some((m) => m.id === 'nested')).toBe(false);
    expect(bob.receipts).toEqual([]);
    const reasons = bob.drops.slice(dropsBefore).map((d) => d.reason);
    expect(reasons).toEqual(['malformed', 'unknown', 'malformed']);
    expect(bob.lastState).toBe('online');
  });

  it('an invalid Beacon child or idle stamp is ignored; show/status still count', async () => {
    await mallory.send(
      xml(
        'presence',
        {},
        xml('show', {}, 'dnd'),
        xml('status', {}, 'not a king'),
        xml('beacon', { xmlns: 'urn:beacon:presence:0', availability: 'king', oof: 'true' }, 'x'),
        xml('idle', { xmlns: 'urn:xmpp:idle:1', since: 'yesterday' }),
      ),
    );
    const p = await eventually(
      () => bob.presence.get('mallory@localhost'),
      (x) => x?.status === 'not a king',
    );
    expect(p).toEqual({ availability: 'busy', status: 'not a king' });
    await new Promise((r) => setTimeout(r, 600));
    await mallory.send(
      xml(
        'presence',
        {},
        xml('show', {}, 'xa'),
        xml('status', {}, 'bad until'),
        xml(
          'beacon',
          { xmlns: 'urn:beacon:presence:0', availability: 'busy', until: 'tomorrow' },
          'x',
        ),
      ),
    );
    const q = await eventually(
      () => bob.presence.get('mallory@localhost'),
      (x) => x?.status === 'bad until',
    );
    expect(q).toEqual({ availability: 'away', status: 'bad until' });
  });

  it('refuses forged carbons, archive results and roster pushes from a contact', async () => {
    const dropsBefore = bob.drops.length;
    const forged = (wrapper: string, ns: string) =>
      xml(
        'message',
        { to: bobFull() },
        xml(
          wrapper,
          wrapper === 'result' ? { xmlns: ns, queryid: 'q1', id: 'a1' } : { xmlns: ns },
          xml(
            'forwarded',
            { xmlns: 'urn:xmpp:forward:0' },
            xml(
              'message',
              { from: 'bob@localhost/x', to: 'boss@localhost', type: 'chat' },
              xml('body', {}, 'forged'),
            ),
          ),
        ),
      );
    await mallory.send(forged('sent', 'urn:xmpp:carbons:2'));
    await mallory.send(forged('result', 'urn:xmpp:mam:2'));
    await mallory.send(
      xml(
        'iq',
        { to: bobFull(), type: 'set', id: 'push-1' },
        xml(
          'query',
          { xmlns: 'jabber:iq:roster' },
          xml('item', { jid: 'evil@localhost', subscription: 'both' }),
        ),
      ),
    );
    const pushReply = await mallory.waitFor((el) => el.name === 'iq' && el.attrs.id === 'push-1');
    expect(pushReply.attrs.type).toBe('error');
    await settle('after-forged');
    expect(bob.messages.some((m) => m.body === 'forged')).toBe(false);
    expect(bob.entry('evil@localhost')).toBeUndefined();
    expect(bob.drops.slice(dropsBefore).map((d) => d.reason)).toEqual([
      'spoofed',
      'spoofed',
      'spoofed',
    ]);
  });

  it('a presence flood from one contact reaches the core as a trickle, ending on the latest', async () => {
    const eventsBefore = bob.presenceEvents.filter((e) => e.address === 'mallory@localhost').length;
    const started = Date.now();
    for (let i = 0; i < 300; i += 1) {
      void mallory.send(xml('presence', {}, xml('status', {}, `flood ${i}`)));
    }
    await eventually(
      () => bob.presence.get('mallory@localhost')?.status,
      (s) => s === 'flood 299',
      10_000,
    );
    const elapsed = Date.now() - started;
    const events =
      bob.presenceEvents.filter((e) => e.address === 'mallory@localhost').length - eventsBefore;
    // At most one per 500 ms window, plus the leading one.
    expect(events).toBeLessThanOrEqual(Math.ceil(elapsed / 500) + 2);
    expect(events).toBeLessThan(30);
    expect(bob.drops.filter((d) => d.reason === 'presence-flood').length).toBeGreaterThan(200);
  });

  it('subscription spam is capped (3 here, 50 by default) and deduplicated; strangers’ presence is dropped', async () => {
    const spammers = await Promise.all(
      SPAMMERS.map((name) => rawClient(server, name, `${name}-pw`)),
    );
    raws.push(...spammers);
    for (const s of spammers) {
      for (let i = 0; i < 10; i += 1)
        await s.send(xml('presence', { to: 'bob@localhost', type: 'subscribe' }));
    }
    const [first] = spammers;
    if (!first) throw new Error('no spammer');
    await first.send(xml('presence', { to: bobFull() }, xml('status', {}, 'hello stranger')));
    await settle('after-spam');
    await eventually(
      () => bob.drops.filter((d) => d.reason === 'subscription-cap').length,
      (n) => n >= 2,
    );
    const spamRequests = bob.requests.filter((r) => r.address.startsWith('spam'));
    expect(spamRequests).toHaveLength(3);
    expect(new Set(spamRequests.map((r) => r.address)).size).toBe(3);
    expect(bob.provider.pendingSubscriptions()).toHaveLength(3);
    expect(bob.presence.has('spam1@localhost')).toBe(false);
    expect(bob.drops).toContainEqual({ reason: 'stranger', from: 'spam1@localhost' });
    // Answering one frees a place.
    const [answered] = bob.provider.pendingSubscriptions();
    if (!answered) throw new Error('nothing pending');
    await bob.provider.answerSubscription(answered, false);
    expect(bob.provider.pendingSubscriptions()).toHaveLength(2);
  });

  it('a message flood from one contact is cut to a burst of 30, then 5 a second', async () => {
    // Earlier tests had mallory send too: a burst of 30 refills at 5 a second, so after 6 s of
    // silence the whole burst is available again, whatever ran before.
    await new Promise((resolve) => setTimeout(resolve, 6_200));
    const started = Date.now();
    const before = bob.messages.length;
    const dropsBefore = bob.drops.filter((d) => d.reason === 'message-flood').length;
    for (let i = 0; i < 200; i += 1) {
      void mallory.send(
        xml(
          'message',
          { to: 'bob@localhost', type: 'chat', id: `flood-${i}` },
          xml('body', {}, `flood ${i}`),
        ),
      );
    }
    const counted = await eventually(
      () => [
        bob.messages.length - before,
        bob.drops.filter((d) => d.reason === 'message-flood').length - dropsBefore,
      ],
      ([shown, dropped]) => (shown ?? 0) + (dropped ?? 0) === 200,
      10_000,
    );
    const elapsedSeconds = (Date.now() - started) / 1000;
    const [shown = 0] = counted;
    expect(shown).toBeGreaterThanOrEqual(30);
    expect(shown).toBeLessThanOrEqual(30 + Math.ceil(elapsedSeconds * 5) + 1);
    expect(bob.messages.slice(before, before + 30).map((m) => m.body)).toEqual(
      Array.from({ length: 30 }, (_, i) => `flood ${i}`),
    );
  }, 30_000);
});
