/**
 * The Settings panel's forms as plain values, and the commands they become. Only the fields the
 * user changed are sent, so a save never overwrites what another window changed meanwhile. The
 * rules between fields (inactive ≤ away) are the contract's: the core checks them, not the form.
 */
import type {
  CommandInput,
  PresenceThresholds,
  SettingsPatch,
} from '../../../src-main/core/contract.js';
import { THRESHOLD_MAX_MINUTES, THRESHOLD_MIN_MINUTES } from '../../contract-values.js';

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
}

export const EMPTY_SIGN_IN: SignInForm = Object.freeze({ mailbox: '', password: '', ewsUrl: '' });

/** The sign-in command; an empty EWS URL is left out, so the core uses Autodiscover. */
export function signInCommand(form: SignInForm): CommandInput {
  const ewsUrl = form.ewsUrl.trim();
  const mailbox = form.mailbox.trim();
  // The password is sent exactly as typed: spaces may be part of it.
  return ewsUrl === ''
    ? { type: 'sign-in', mailbox, password: form.password }
    : { type: 'sign-in', mailbox, password: form.password, ewsUrl };
}

/** "presence.awayAfterMinutes" → the threshold field a core issue is about, if any. */
export function thresholdFieldOf(issuePath: string): ThresholdField | undefined {
  if (issuePath === 'presence.inactiveAfterMinutes') return 'inactiveAfterMinutes';
  if (issuePath === 'presence.awayAfterMinutes') return 'awayAfterMinutes';
  return undefined;
}
