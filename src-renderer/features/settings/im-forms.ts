/**
 * The instant-messaging and e-mail-alert forms as plain values, and the commands they become.
 * Only what the user changed is sent. Pure.
 */
import type {
  CommandInput,
  ImSettings,
  SettingsPatch,
  SmtpSettings,
} from '../../../src-main/core/contract.js';

/** `name@domain` (a domain may be a single label, as on a private server), no resource. */
export function isChatAddress(text: string): boolean {
  return /^[^\s@/]+@[^\s@/]+$/.test(text.trim()) && text.trim().length <= 320;
}

/** "" → no port; "5222" → 5222; anything else → null (not a port). */
export function parsePort(text: string): number | undefined | null {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (!/^\d{1,5}$/.test(trimmed)) return null;
  const port = Number(trimmed);
  return port >= 1 && port <= 65535 ? port : null;
}

export interface ImSignInForm {
  address: string;
  password: string;
  server: string;
  port: string;
  remember: boolean;
}

export type ImSignInResult =
  { ok: true; command: CommandInput } | { ok: false; field: 'address' | 'port' };

export function imSignInCommand(form: ImSignInForm, keychainOffered: boolean): ImSignInResult {
  const address = form.address.trim();
  if (!isChatAddress(address)) return { ok: false, field: 'address' };
  const port = parsePort(form.port);
  if (port === null) return { ok: false, field: 'port' };
  const server = form.server.trim();
  return {
    ok: true,
    command: {
      type: 'im-sign-in',
      address,
      // Sent exactly as typed: spaces may be part of it.
      password: form.password,
      remember: form.remember && keychainOffered,
      ...(server === '' ? {} : { server }),
      ...(port === undefined ? {} : { port }),
    },
  };
}

export interface AlertsForm {
  missedMessageEmail: boolean;
  missedMessageMinutes: string;
  host: string;
  port: string;
  user: string;
  from: string;
}

export const MISSED_MINUTES_MIN = 1;
export const MISSED_MINUTES_MAX = 240;

export function alertsFormFrom(im: ImSettings, smtp: SmtpSettings): AlertsForm {
  return {
    missedMessageEmail: im.missedMessageEmail,
    missedMessageMinutes: String(im.missedMessageMinutes),
    host: smtp.host ?? '',
    port: String(smtp.port),
    user: smtp.user ?? '',
    from: smtp.from ?? '',
  };
}

export type AlertsField = 'missedMessageMinutes' | 'port' | 'from';

export type AlertsPatchResult =
  { ok: true; patch: SettingsPatch | undefined } | { ok: false; field: AlertsField };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function alertsPatchFrom(
  form: AlertsForm,
  im: ImSettings,
  smtp: SmtpSettings,
): AlertsPatchResult {
  const minutesText = form.missedMessageMinutes.trim();
  const minutes = /^\d+$/.test(minutesText) ? Number(minutesText) : NaN;
  if (!(minutes >= MISSED_MINUTES_MIN && minutes <= MISSED_MINUTES_MAX))
    return { ok: false, field: 'missedMessageMinutes' };
  const port = parsePort(form.port);
  if (port === null || port === undefined) return { ok: false, field: 'port' };
  const from = form.from.trim();
  if (from !== '' && !EMAIL.test(from)) return { ok: false, field: 'from' };

  const imPatch: NonNullable<SettingsPatch['im']> = {};
  if (form.missedMessageEmail !== im.missedMessageEmail)
    imPatch.missedMessageEmail = form.missedMessageEmail;
  if (minutes !== im.missedMessageMinutes) imPatch.missedMessageMinutes = minutes;

  const smtpPatch: NonNullable<SettingsPatch['smtp']> = {};
  const text = (value: string): string | null => (value.trim() === '' ? null : value.trim());
  if (text(form.host) !== (smtp.host ?? null)) smtpPatch.host = text(form.host);
  if (port !== smtp.port) smtpPatch.port = port;
  if (text(form.user) !== (smtp.user ?? null)) smtpPatch.user = text(form.user);
  if (text(form.from) !== (smtp.from ?? null)) smtpPatch.from = text(form.from);

  const patch: SettingsPatch = {};
  if (Object.keys(imPatch).length > 0) patch.im = imPatch;
  if (Object.keys(smtpPatch).length > 0) patch.smtp = smtpPatch;
  return { ok: true, patch: Object.keys(patch).length === 0 ? undefined : patch };
}
