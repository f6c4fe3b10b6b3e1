/**
 * Whether the companion may send the stored credentials to Exchange. A password Exchange refused
 * (HTTP 401 or 403) is never sent again, by any trigger: timers, resume, the Refresh button and
 * commands all get the refusal back without a request, so Beacon cannot lock the account out.
 * Only a new sign-in (a password the user typed again) tries once more. Pure.
 */
import type { Failure } from '../contract.js';
import { failureFrom, isCredentialRefusal } from './failures.js';

/** What wants to talk to Exchange. */
export type ContactTrigger = 'automatic' | 'user' | 'command' | 'sign-in';

export type ContactDecision = { kind: 'send' } | { kind: 'refuse'; failure: Failure };

/**
 * `blocked` is the failure that closed the account (a refusal, or a sign-in that did not
 * succeed), or undefined while the credentials are good or untested.
 */
export function decideContact(
  blocked: Failure | undefined,
  trigger: ContactTrigger,
): ContactDecision {
  if (trigger === 'sign-in' || blocked === undefined) return { kind: 'send' };
  return { kind: 'refuse', failure: blocked };
}

/** The failure that blocks the credentials after `error`, or undefined when it does not. */
export function blockAfter(error: unknown): Failure | undefined {
  return isCredentialRefusal(error) ? failureFrom(error) : undefined;
}
