/**
 * Why signing in failed, as a sentence in the window's language. Built only from the core's typed
 * `failure` (and the error's code): never from the server's or the core's own message, which may
 * be English, technical, or name fields the user never sees.
 */
import type { Account, Failure } from '../../../src-main/core/contract.js';
import type { Messages } from '../../i18n/messages.js';
import type { ActionState } from '../../store/app-store.js';

/** A deadline in seconds as people say it: whole seconds, or tenths below ten ("0.3", "30"). */
export function secondsText(seconds: number): string {
  return String(seconds >= 10 ? Math.round(seconds) : Math.round(seconds * 10) / 10);
}

/**
 * Who the failure happened to, so a sentence says only what is true of it: an account that signs
 * in with a password (Beacon can say it did not send it); a Microsoft sign-in (no password goes to
 * the server, a token does); the demo mailbox (no password, and no address the user typed).
 */
export type FailureAudience = 'password' | 'microsoft' | 'demo';

export function failureAudience(
  account: Pick<Account, 'mode' | 'auth'> | undefined,
): FailureAudience {
  if (account?.mode === 'demo') return 'demo';
  return account?.auth === 'oauth' ? 'microsoft' : 'password';
}

export function failureSentence(
  failure: Failure,
  t: Messages,
  audience: FailureAudience = 'password',
): string {
  const f = t.signIn.failure;
  const demo = audience === 'demo';
  switch (failure.reason) {
    case 'wrong-password':
      return f.wrongPassword;
    case 'ews-blocked':
      return f.ewsBlocked;
    case 'access-denied':
      return f.accessDenied;
    case 'unreachable':
      if (demo)
        return failure.host === undefined
          ? f.unreachableDemoNoHost
          : f.unreachableDemo(failure.host);
      return failure.host === undefined ? f.unreachableNoHost : f.unreachable(failure.host);
    case 'host-not-found':
      if (demo)
        return failure.host === undefined
          ? f.hostNotFoundDemoNoHost
          : f.hostNotFoundDemo(failure.host);
      return failure.host === undefined ? f.hostNotFoundNoHost : f.hostNotFound(failure.host);
    case 'timeout':
      return f.timeout(secondsText(failure.seconds ?? 30));
    case 'tls-untrusted': {
      // Only a password account has a password Beacon kept from the server.
      const sentence =
        audience === 'password'
          ? failure.host === undefined
            ? f.tlsUntrustedNoHost
            : f.tlsUntrusted(failure.host)
          : failure.host === undefined
            ? f.tlsUntrustedNotConnectedNoHost
            : f.tlsUntrustedNotConnected(failure.host);
      const cert = failure.certificate;
      return cert === undefined
        ? sentence
        : `${sentence} ${f.certificate(cert.subject, cert.fingerprint256)}`;
    }
    case 'autodiscover-failed':
      return f.autodiscoverFailed;
    case 'no-password':
      return f.noPassword;
    case 'keychain-unavailable':
      return f.keychainUnavailable;
    case 'server-busy':
      return f.serverBusy;
    case 'server-error':
      return f.serverError;
    case 'kerberos-unsupported':
      return f.kerberosUnsupported;
    case 'sign-in-expired':
      return f.signInExpired;
    case 'graph-needs-oauth':
      return f.graphNeedsOAuth;
  }
}

/**
 * What to say when sign-out reported a problem. The core signs out whatever the keychain says;
 * when it could not remove the password, that is worth a sentence, unless there never was a
 * keychain to keep one in.
 */
export function signOutSentence(
  action: ActionState,
  keychain: 'unknown' | 'available' | 'unavailable',
  t: Messages,
): string | undefined {
  if (action.error === undefined) return undefined;
  if (action.failure?.reason === 'keychain-unavailable')
    return keychain === 'unavailable' ? undefined : t.settings.signOutKeychain;
  return commandFailureSentence(action, t);
}

/** The sentence for a failed sign-in (or use-demo) command; undefined when it did not fail. */
export function commandFailureSentence(
  action: ActionState,
  t: Messages,
  audience: FailureAudience = 'password',
): string | undefined {
  if (action.error === undefined) return undefined;
  if (action.failure !== undefined) return failureSentence(action.failure, t, audience);
  // The form sends what the user typed; the schema refusing it means the address or URL is off.
  if (action.code === 'invalid-command') return t.signIn.failure.invalidAddress;
  return t.signIn.failure.generic;
}
