/**
 * The Settings panel's forms as plain values, and the commands they become. Only the fields the
 * user changed are sent, so a save never overwrites what another window changed meanwhile. The
 * rules between fields (inactive ≤ away) are the contract's: the core checks them, not the form.
 */
import type {
  CommandInput,
  CommandIssue,
  PresenceThresholds,
  SettingsPatch,
  Snapshot,
} from '../../../src-main/core/contract.js';
import { THRESHOLD_MAX_MINUTES, THRESHOLD_MIN_MINUTES } from '../../contract-values.js';
import type { Messages } from '../../i18n/messages.js';

export type KeychainState = Snapshot['keychain'];

export type PresencePatch = NonNullable<SettingsPatch['presence']>;
export type ThresholdField = 'inactiveAfterMinutes' | 'awayAfterMinutes';

/** What the inputs hold: numbers as typed, so a half-typed value is kept, not lost. */
export interface PresenceForm {
  showOffWork: boolean;
  inactiveAfterMinutes: string;
  awayAfterMinutes: string;
}

export type PresencePatchResult =
  /** `patch` is undefined when nothing changed: there is nothing to send. */
  | { ok: true; patch: PresencePatch | undefined }
  /** A field that is not a whole number of minutes in the contract's range. */
  | { ok: false; field: ThresholdField };

export function presenceFormFrom(presence: PresenceThresholds): PresenceForm {
  return {
    showOffWork: presence.showOffWork,
    inactiveAfterMinutes: String(presence.inactiveAfterMinutes),
    awayAfterMinutes: String(presence.awayAfterMinutes),
  };
}

/** "15" → 15; anything but a whole number of minutes in range → undefined. */
export function parseMinutes(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return undefined;
  const minutes = Number(trimmed);
  return minutes >= THRESHOLD_MIN_MINUTES && minutes <= THRESHOLD_MAX_MINUTES ? minutes : undefined;
}

export function presencePatchFrom(
  form: PresenceForm,
  current: PresenceThresholds,
): PresencePatchResult {
  const patch: PresencePatch = {};
  const fields: readonly ThresholdField[] = ['inactiveAfterMinutes', 'awayAfterMinutes'];
  for (const field of fields) {
    const minutes = parseMinutes(form[field]);
    if (minutes === undefined) return { ok: false, field };
    if (minutes !== current[field]) patch[field] = minutes;
  }
  if (form.showOffWork !== current.showOffWork) patch.showOffWork = form.showOffWork;
  return { ok: true, patch: Object.keys(patch).length === 0 ? undefined : patch };
}

export interface SignInForm {
  mailbox: string;
  password: string;
  ewsUrl: string;
  /** Keep the password in the OS keychain (otherwise in memory until Beacon quits). */
  remember: boolean;
}

/** Whether the keychain can be offered: "unknown" is offered, the core falls back to memory. */
export function keychainOffered(keychain: KeychainState): boolean {
  return keychain !== 'unavailable';
}

/**
 * A fresh form: the account's address (and the EWS URL last tried) when there is one, so a failed
 * attempt needs only the password again; remembering on where a keychain is.
 */
export function emptySignIn(mailbox: string, keychain: KeychainState, ewsUrl = ''): SignInForm {
  return { mailbox, password: '', ewsUrl, remember: keychainOffered(keychain) };
}

/** The sign-in command; an empty EWS URL is left out, so the core uses Autodiscover. */
export function signInCommand(form: SignInForm, keychain: KeychainState): CommandInput {
  const ewsUrl = form.ewsUrl.trim();
  const mailbox = form.mailbox.trim();
  // Without a keychain there is nothing to remember in: say so rather than let the core guess.
  const remember = form.remember && keychainOffered(keychain);
  // The password is sent exactly as typed: spaces may be part of it.
  return ewsUrl === ''
    ? { type: 'sign-in', mailbox, password: form.password, remember }
    : { type: 'sign-in', mailbox, password: form.password, ewsUrl, remember };
}

/**
 * A core issue about the presence thresholds, in words: the field's label and what is wrong with
 * it, never the contract's field names. Undefined for issues that are not about a threshold.
 */
export function thresholdIssueText(
  issue: Pick<CommandIssue, 'path'>,
  labels: Record<ThresholdField, string>,
  t: Messages,
): string | undefined {
  const field = thresholdFieldOf(issue.path);
  if (field === undefined) return undefined;
  // The form sends only whole minutes in range, so what the core still refuses on the inactive
  // field is the one rule between the fields (inactive ≤ away), which it reports there.
  if (field === 'inactiveAfterMinutes') return t.settings.inactiveAfterAway;
  return `${labels[field]}: ${t.settings.wholeMinutes(THRESHOLD_MIN_MINUTES, THRESHOLD_MAX_MINUTES)}`;
}

/** "presence.awayAfterMinutes" → the threshold field a core issue is about, if any. */
export function thresholdFieldOf(issuePath: string): ThresholdField | undefined {
  if (issuePath === 'presence.inactiveAfterMinutes') return 'inactiveAfterMinutes';
  if (issuePath === 'presence.awayAfterMinutes') return 'awayAfterMinutes';
  return undefined;
}
