/**
 * What the Snapshot says about Beacon's presence in Teams: off when nothing is wanted, starting
 * until Teams first accepted a status, on while it holds one, failing with the reason in the
 * window's terms and the next attempt, for every failure the publisher can report.
 */
import { describe, expect, it } from 'vitest';
import { teamsProblemOf, teamsStatusOf } from '../../../src-main/core/teams/teams-status.js';
import type { MailboxFailureReason } from '../../../src-main/mailbox/errors.js';
import type { PresencePair } from '../../../src-main/mailbox/presence.js';

const BUSY: PresencePair = { availability: 'Busy', activity: 'InACall' };
const AVAILABLE: PresencePair = { availability: 'Available', activity: 'Available' };

describe('teamsStatusOf', () => {
  it('is off when nothing is wanted, even while a clear is failing', () => {
    expect(teamsStatusOf(null, { published: null, failing: false })).toEqual({ publishing: 'off' });
    expect(
      teamsStatusOf(null, { published: BUSY, failing: true, failure: { reason: 'unreachable' } }),
    ).toEqual({ publishing: 'off' });
  });

  it('is starting until Teams accepted a status, then on (also while a change is on its way)', () => {
    expect(teamsStatusOf(BUSY, { published: null, failing: false })).toEqual({
      publishing: 'starting',
    });
    expect(teamsStatusOf(BUSY, { published: BUSY, failing: false })).toEqual({ publishing: 'on' });
    expect(teamsStatusOf(BUSY, { published: AVAILABLE, failing: false })).toEqual({
      publishing: 'on',
    });
  });

  it('is failing with the reason and the next attempt, whatever Teams still shows', () => {
    const retryAt = Date.parse('2025-06-10T17:12:00Z');
    for (const published of [null, AVAILABLE])
      expect(
        teamsStatusOf(BUSY, {
          published,
          failing: true,
          failure: { reason: 'access-denied' },
          retryAt,
        }),
      ).toEqual({
        publishing: 'failing',
        reason: 'not-allowed',
        retryAt: '2025-06-10T17:12:00.000Z',
      });
    expect(teamsStatusOf(BUSY, { published: null, failing: true })).toEqual({
      publishing: 'failing',
      reason: 'server-error',
    });
  });
});

describe('teamsProblemOf', () => {
  it('puts every failure reason in one of the window’s words', () => {
    const expected: Record<MailboxFailureReason, string> = {
      'access-denied': 'not-allowed',
      'sign-in-expired': 'sign-in',
      'wrong-password': 'sign-in',
      'server-busy': 'busy',
      unreachable: 'unreachable',
      'host-not-found': 'unreachable',
      timeout: 'unreachable',
      'tls-untrusted': 'unreachable',
      'ews-blocked': 'server-error',
      'kerberos-unsupported': 'server-error',
      'autodiscover-failed': 'server-error',
      'server-error': 'server-error',
    };
    for (const [reason, problem] of Object.entries(expected))
      expect(teamsProblemOf({ reason: reason as MailboxFailureReason })).toBe(problem);
    expect(teamsProblemOf(undefined)).toBe('server-error');
  });
});
