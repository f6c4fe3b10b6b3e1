/**
 * Pure decisions about keytar failures: which reason a native error stands for, and the text
 * that may be shown for it (with the secret redacted, should a native layer ever echo it).
 */
import type { SecretStoreUnavailableReason } from './errors.js';

/** Longest native detail kept in a message; libsecret errors are one short line. */
const MAX_DETAIL_LENGTH = 300;

/** libsecret/GDBus phrasings for "there is no session bus or no Secret Service on it". */
const NO_SECRET_SERVICE_PATTERNS: readonly RegExp[] = [
  /autolaunch D-Bus/i,
  /Could not connect/i,
  /DBUS_SESSION_BUS_ADDRESS/,
  /org\.freedesktop\.DBus\.Error\.(ServiceUnknown|NoServer|Disconnected|FileNotFound|NoReply)/,
  /org\.freedesktop\.secrets was not provided/i,
];

export function classifyKeytarFailure(detail: string): SecretStoreUnavailableReason {
  if (NO_SECRET_SERVICE_PATTERNS.some((pattern) => pattern.test(detail))) {
    return 'no-secret-service';
  }
  // libsecret: "Cannot create an item in a locked collection", "... is locked".
  if (/\blocked\b/i.test(detail)) return 'locked';
  return 'service-error';
}

/** The message of whatever was thrown, without assuming it is an Error. */
export function describeThrown(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message;
  if (typeof thrown === 'string') return thrown;
  return 'unknown error';
}

/** `detail` made safe to show: every occurrence of a known secret replaced, length capped. */
export function redactDetail(detail: string, secrets: readonly string[]): string {
  let safe = detail;
  for (const secret of secrets) {
    if (secret.length > 0) safe = safe.split(secret).join('[redacted]');
  }
  safe = safe.replace(/\s+/g, ' ').trim();
  return safe.length > MAX_DETAIL_LENGTH ? `${safe.slice(0, MAX_DETAIL_LENGTH)}…` : safe;
}

const ADVICE: Record<SecretStoreUnavailableReason, string> = {
  'module-unavailable':
    'the native keytar module could not be loaded (reinstall Beacon, or rebuild keytar for this runtime)',
  'no-secret-service':
    'no Secret Service is reachable (on Linux, run Beacon in a desktop session with gnome-keyring or KWallet)',
  locked: 'the keyring is locked (unlock it, for example by signing in to the desktop, and retry)',
  timeout:
    'the keychain did not answer in time (it may be waiting for an unlock prompt; unlock it and retry)',
  'service-error': 'the keychain reported an error',
};

export function unavailableMessage(
  operation: string,
  reason: SecretStoreUnavailableReason,
  safeDetail: string | undefined,
): string {
  const base = `The OS keychain is unavailable for ${operation}: ${ADVICE[reason]}.`;
  return safeDetail ? `${base} (${safeDetail})` : base;
}
