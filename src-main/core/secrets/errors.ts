/**
 * Errors of the secret store. Messages name the operation and the kind of secret, never the
 * secret itself, so they are safe to log and to show.
 */

/** Why the OS keychain could not be used. */
export type SecretStoreUnavailableReason =
  /** The native keytar module is missing or failed to load (not built for this Node/Electron). */
  | 'module-unavailable'
  /** No D-Bus session or no Secret Service on it (Linux without a desktop session). */
  | 'no-secret-service'
  /** The keyring is locked and could not be unlocked (no unlock prompt available). */
  | 'locked'
  /** The keychain did not answer in time (a hung keychain, or a locked keyring waiting for a prompt). */
  | 'timeout'
  /** The keychain answered with an error. */
  | 'service-error';

export abstract class SecretStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The OS keychain cannot be used right now; the caller can ask the user for the password instead. */
export class SecretStoreUnavailableError extends SecretStoreError {
  constructor(
    readonly reason: SecretStoreUnavailableReason,
    message: string,
  ) {
    super(message);
  }
}

/** A programming error: an unusable mailbox or secret was passed to the store. */
export class SecretStoreArgumentError extends SecretStoreError {}
