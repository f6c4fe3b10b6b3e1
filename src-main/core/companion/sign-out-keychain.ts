/**
 * Pure decisions for forgetting a password at sign-out. Sign-out always signs out; these only
 * say whether the keychain must be asked to delete, and whether its refusal is worth telling the
 * user. A password kept in memory is forgotten with the memory, and a keychain that does not exist
 * (no Secret Service, no native module) cannot hold anything, so neither is a failure.
 */
import type { KEYCHAIN_STATES } from '../contract.js';
import { SecretStoreUnavailableError } from '../secrets/index.js';

/**
 * `skip`: nothing to ask. `best-effort`: ask, but a refusal changes nothing for the user.
 * `required`: the password may be in the keychain; a refusal is reported.
 */
export type KeychainForgetPlan = 'skip' | 'best-effort' | 'required';

export function keychainForgetPlan(args: {
  mailbox: string | undefined;
  /** The secret source can delete at all. */
  canDelete: boolean;
  keychain: (typeof KEYCHAIN_STATES)[number];
  /** This run kept the mailbox's password in memory (no keychain, or "Remember" off). */
  keptInMemory: boolean;
}): KeychainForgetPlan {
  if (args.mailbox === undefined || !args.canDelete) return 'skip';
  // The probe or a failed store already showed there is no usable keychain: a delete would fail
  // the same way, and nothing of this run can be in it.
  if (args.keychain === 'unavailable') return 'skip';
  // The keychain was not used for this password; an older entry was already removed when the
  // user signed in without "Remember my password". Deleting again only tidies up.
  if (args.keptInMemory) return 'best-effort';
  return 'required';
}

/**
 * Whether a failed delete means "a keychain exists and refused" (true) rather than "there is no
 * keychain here" (false): without a Secret Service or the native module there is nothing to delete.
 */
export function isKeychainRefusal(error: unknown): boolean {
  if (error instanceof SecretStoreUnavailableError)
    return error.reason !== 'no-secret-service' && error.reason !== 'module-unavailable';
  return true;
}
