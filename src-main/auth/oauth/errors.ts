import { AuthError } from '../../ews/errors.js';

/** Why an OAuth sign-in or token request did not give a token. Messages never hold a token. */
export type OAuthFailureKind =
  /** The user pressed Cancel (or signed out) while the sign-in waited. */
  | 'cancelled'
  /** The browser or device code was not completed in time. */
  | 'timed-out'
  /** The authority refused: the user declined, or the app is not allowed. */
  | 'refused'
  /** The refresh token no longer works (revoked, expired): the user must sign in again. */
  | 'expired'
  /** The authority could not be reached or answered with something unusable. */
  | 'unreachable';

export class OAuthError extends Error {
  constructor(
    readonly kind: OAuthFailureKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'OAuthError';
  }
}

/**
 * The refresh token stopped working (revoked, expired). An AuthError, so the EWS client treats it
 * as refused credentials: no retry, and the account waits for a new sign-in instead of looping.
 */
export class SignInExpiredError extends AuthError {
  readonly signInExpired = true;

  constructor(options?: { cause?: unknown }) {
    super(401, 'Your sign-in expired. Sign in again.');
    if (options?.cause !== undefined) this.cause = options.cause;
    this.name = 'SignInExpiredError';
  }
}
