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
