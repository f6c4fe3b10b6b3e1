/**
 * What the window says about Beacon's presence in Teams, from what the core wants published and
 * what the publisher reports. Honest and small: off when nothing is wanted, starting until Teams
 * first accepted a status, on while it holds one, failing (with why and when the next attempt is
 * due) when the last attempt failed, whatever Teams still shows from before. Pure.
 */
import type { TeamsPublishingProblem, TeamsStatus } from '../contract.js';
import type { MailboxFailure } from '../../mailbox/errors.js';
import type { PresencePair, PresencePublisherStatus } from '../../mailbox/presence.js';

/** The publisher's failure in the window's words for Teams. */
export function teamsProblemOf(failure: MailboxFailure | undefined): TeamsPublishingProblem {
  switch (failure?.reason) {
    case 'access-denied':
      return 'not-allowed';
    case 'sign-in-expired':
    case 'wrong-password':
      return 'sign-in';
    case 'server-busy':
      return 'busy';
    case 'unreachable':
    case 'host-not-found':
    case 'timeout':
    case 'tls-untrusted':
      return 'unreachable';
    default:
      return 'server-error';
  }
}

export function teamsStatusOf(
  wish: PresencePair | null,
  status: PresencePublisherStatus,
): TeamsStatus {
  if (wish === null) return { publishing: 'off' };
  if (status.failing) {
    const failing: TeamsStatus = {
      publishing: 'failing',
      reason: teamsProblemOf(status.failure),
    };
    if (status.retryAt !== undefined) failing.retryAt = new Date(status.retryAt).toISOString();
    return failing;
  }
  return { publishing: status.published === null ? 'starting' : 'on' };
}
