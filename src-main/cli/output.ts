import { EwsError, EwsResponseError, SoapFaultError } from '../ews/errors.js';
import { MailboxError } from '../mailbox/errors.js';

/**
 * JSON for people and scripts: Dates print as UTC ISO-8601 (`...Z`), Buffers as their size, and
 * EWS errors inside a result (one failed message of several) as their code and MessageXml, and a
 * mailbox's own failure (one refused mailbox of several) as its kind, the server's code and the
 * reason, whichever protocol answered.
 */
export function toJson(value: unknown): string {
  return JSON.stringify(
    value,
    function replacer(this: unknown, key: string, current: unknown) {
      const raw = (this as Record<string, unknown>)[key];
      if (raw instanceof Date) return raw.toISOString();
      if (Buffer.isBuffer(raw)) return { bytes: raw.length };
      if (raw instanceof EwsError) return errorAsJson(raw);
      if (raw instanceof MailboxError) return mailboxErrorAsJson(raw);
      return current;
    },
    2,
  );
}

/** The JSON form of an EWS error response: its code and MessageXml values, for `decode`. */
export function errorAsJson(error: EwsError): Record<string, unknown> {
  const out: Record<string, unknown> = { error: error.kind };
  if (error instanceof EwsResponseError) {
    out.responseCode = error.responseCode;
    if (error.messageText) out.messageText = error.messageText;
    out.messageXml = error.messageXml;
  } else if (error instanceof SoapFaultError) {
    out.faultCode = error.faultCode;
    out.faultString = error.faultString;
    if (error.responseCode !== undefined) out.responseCode = error.responseCode;
    out.messageXml = error.messageXml;
  } else {
    out.message = error.message;
  }
  if (error.retryAfterMs !== undefined) out.retryAfterMs = error.retryAfterMs;
  return out;
}

/** A mailbox's failure as JSON: `{ error: kind, code?, reason? }`, the same on every protocol. */
export function mailboxErrorAsJson(error: MailboxError): Record<string, unknown> {
  const out: Record<string, unknown> = { error: error.kind };
  if (error.code !== undefined) out.code = error.code;
  if (error.failure !== undefined) out.reason = error.failure.reason;
  return out;
}

/**
 * Whether a decoded result reports a failure anywhere: an EWS error inside it, or a per-item
 * result with `ok: false` (the library's shape for one failed message among several).
 */
export function hasFailure(value: unknown, depth = 0): boolean {
  if (value instanceof EwsError) return true;
  if (depth > 8 || value === null || typeof value !== 'object' || value instanceof Date)
    return false;
  if (Buffer.isBuffer(value)) return false;
  if (Array.isArray(value)) return value.some((v) => hasFailure(v, depth + 1));
  const record = value as Record<string, unknown>;
  if (record.ok === false) return true;
  return Object.values(record).some((v) => hasFailure(v, depth + 1));
}

/** One line, no stack trace: what the user sees when a command fails. */
export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, ' ').trim();
}

/** Thrown for wrong usage; main prints it with the usage hint and exits 2. */
export class UsageError extends Error {}
