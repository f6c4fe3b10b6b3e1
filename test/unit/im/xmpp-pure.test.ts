/**
 * The XMPP provider's pure decisions: back-off delays, the XEP-0115 capability hash, PRESENCE.md's
 * outbound mapping and coalescing key, and the limits' bookkeeping.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { backoffDelay } from '../../../src-main/im/xmpp/backoff.js';
import { capsVerification } from '../../../src-main/im/xmpp/caps.js';
import { classifyFailure } from '../../../src-main/im/xmpp/failure.js';
import {
  LatestPerWindow,
  SubscriptionInbox,
  throttledDropLog,
  type Timers,
} from '../../../src-main/im/xmpp/limits.js';
import { mapMyPresence, presenceKey } from '../../../src-main/im/xmpp/presence-map.js';
import { AVAILABILITIES } from '../../../src-main/presence/vocabulary.js';

describe('backoffDelay', () => {
  it('doubles its ceiling per attempt, jitters within the upper half, and stops at the maximum', () => {
    fc.assert(
      fc.property(fc.nat(40), fc.double({ min: 0, max: 0.999999, noNaN: true }), (attempt, r) => {
        const d = backoffDelay(attempt, () => r);
        const ceiling = Math.min(300_000, 1_000 * 2 ** Math.min(attempt, 30));
        return d >= ceiling / 2 && d <= ceiling;
      }),
    );
    expect([0, 1, 2, 3].map((a) => backoffDelay(a, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect(backoffDelay(50, () => 0.999)).toBeLessThanOrEqual(300_000);
  });
});

describe('capsVerification', () => {
  it('matches XEP-0115’s worked example', () => {
    const ver = capsVerification({ category: 'client', type: 'pc', name: 'Exodus 0.9.1' }, [
      'http://jabber.org/protocol/muc',
      'http://jabber.org/protocol/disco#info',
      'http://jabber.org/protocol/caps',
      'http://jabber.org/protocol/disco#items',
    ]);
    expect(ver).toBe('QgayPKawpkPSDYmwT/WM94uAlu0=');
  });
});

describe('classifyFailure', () => {
  it('names final and passing failures', () => {
    expect(classifyFailure({ name: 'SASLError', condition: 'not-authorized' }, 'h')).toEqual({
      failure: { reason: 'wrong-password', host: 'h' },
      retry: false,
    });
    expect(classifyFailure({ code: 'SELF_SIGNED_CERT_IN_CHAIN' }).retry).toBe(false);
    expect(classifyFailure({ code: 'ENOTFOUND' }).failure.reason).toBe('host-not-found');
    expect(classifyFailure({ code: 'ECONNREFUSED' })).toEqual({
      failure: { reason: 'unreachable' },
      retry: true,
    });
    expect(classifyFailure(new Error('odd')).failure.reason).toBe('server-error');
  });
});

describe('mapMyPresence', () => {
  const base = { statusText: 'note', activityText: 'line', oof: false, idle: false };
  it('maps every availability to PRESENCE.md’s show and a priority', () => {
    const shows = AVAILABILITIES.map((availability) => {
      const p = mapMyPresence({ ...base, availability }, undefined);
      return [availability, p.unavailable ? 'unavailable' : (p.show ?? 'none'), p.priority];
    });
    expect(shows).toEqual([
      ['available', 'none', 5],
      ['busy', 'dnd', 1],
      ['in-a-meeting', 'dnd', 1],
      ['do-not-disturb', 'dnd', 1],
      ['be-right-back', 'away', 0],
      ['away', 'away', 0],
      ['off-work', 'xa', 0],
      ['out-of-office', 'xa', 0],
      ['offline', 'unavailable', 0],
    ]);
  });
  it('gives equal keys to equal presences and different keys to real changes', () => {
    const a = mapMyPresence({ ...base, availability: 'busy' }, undefined);
    expect(presenceKey(a)).toBe(
      presenceKey(mapMyPresence({ ...base, availability: 'busy' }, undefined)),
    );
    expect(presenceKey(a)).not.toBe(
      presenceKey(mapMyPresence({ ...base, availability: 'busy', statusText: 'other' }, undefined)),
    );
    const idle = mapMyPresence({ ...base, availability: 'away', idle: true }, new Date(0));
    expect(idle.idleSince).toBe('1970-01-01T00:00:00.000Z');
  });
});

class StepTimers implements Timers {
  readonly pending: (() => void)[] = [];
  setTimeout(fn: () => void): unknown {
    this.pending.push(fn);
    return fn;
  }
  clearTimeout(handle: unknown): void {
    const i = this.pending.indexOf(handle as () => void);
    if (i >= 0) this.pending.splice(i, 1);
  }
  fire(): void {
    const fn = this.pending.shift();
    fn?.();
  }
}

describe('LatestPerWindow', () => {
  it('passes the first value, keeps only the latest in the window, and bounds its keys', () => {
    const timers = new StepTimers();
    const out: [string, number][] = [];
    let coalesced = 0;
    const gate = new LatestPerWindow<number>(
      500,
      (k, v) => out.push([k, v]),
      () => (coalesced += 1),
      timers,
      2,
    );
    for (let i = 0; i < 100; i += 1) gate.offer('a', i);
    expect(out).toEqual([['a', 0]]);
    timers.fire();
    expect(out).toEqual([
      ['a', 0],
      ['a', 99],
    ]);
    expect(coalesced).toBe(98);
    gate.offer('b', 1);
    gate.offer('c', 1);
    expect(gate.tracked).toBe(2);
    expect(out.some(([k]) => k === 'c')).toBe(false);
  });
});

describe('SubscriptionInbox', () => {
  it('holds at most 50 by default and deduplicates', () => {
    const inbox = new SubscriptionInbox();
    const verdicts = Array.from({ length: 80 }, (_, i) => inbox.offer(`u${i}@x`));
    expect(verdicts.filter((v) => v === 'new')).toHaveLength(50);
    expect(verdicts.filter((v) => v === 'over-cap')).toHaveLength(30);
    expect(inbox.offer('u0@x')).toBe('duplicate');
    inbox.resolve('u0@x');
    expect(inbox.offer('u79@x')).toBe('new');
  });
});

describe('throttledDropLog', () => {
  it('says the first drop of a reason, then one line a minute with the count left unsaid', () => {
    const lines: string[] = [];
    let t = 0;
    const report = throttledDropLog(
      (l) => lines.push(l),
      60_000,
      () => t,
    );
    for (let i = 0; i < 500; i += 1) report({ reason: 'presence-flood', from: 'm@x' });
    report({ reason: 'oversize-body' });
    t = 60_000;
    report({ reason: 'presence-flood', from: 'm@x' });
    expect(lines).toEqual([
      'IM input dropped: presence-flood from m@x',
      'IM input dropped: oversize-body',
      'IM input dropped: presence-flood from m@x (and 499 more before)',
    ]);
  });
});
