import { EwsError, EwsResponseError, SoapFaultError } from '../ews/errors.js';

/** JSON for people and scripts: Dates print as UTC ISO-8601 (`...Z`), Buffers as their size. */
export function toJson(value: unknown): string {
  return JSON.stringify(
    value,
    function replacer(this: unknown, key: string, current: unknown) {
      const raw = (this as Record<string, unknown>)[key];
      if (raw instanceof Date) return raw.toISOString();
      if (Buffer.isBuffer(raw)) return { bytes: raw.length };
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

/** One line, no stack trace: what the user sees when a command fails. */
export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, ' ').trim();
}

/** Thrown for wrong usage; main prints it with the usage hint and exits 2. */
export class UsageError extends Error {}
