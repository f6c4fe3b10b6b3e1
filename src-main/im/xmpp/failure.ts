/**
 * Why an IM connection attempt failed, in the seam's words, and whether trying again can help
 * (pure). Wrong credentials and an untrusted certificate are final: retrying would only lock
 * the account or knock on a server we must not trust.
 */
import type { ImFailure } from '../provider.js';

export interface ClassifiedFailure {
  failure: ImFailure;
  /** Try again later (back-off) rather than stop. */
  retry: boolean;
}

const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'INVALID_CA',
]);

const SASL_FINAL = new Set([
  'not-authorized',
  'account-disabled',
  'credentials-expired',
  'invalid-authzid',
  'invalid-mechanism',
  'mechanism-too-weak',
  'encryption-required',
]);

function field(error: unknown, name: string): unknown {
  return typeof error === 'object' && error !== null
    ? (error as Record<string, unknown>)[name]
    : undefined;
}

export function classifyFailure(error: unknown, host?: string): ClassifiedFailure {
  const code = field(error, 'code');
  const name = field(error, 'name');
  const condition = field(error, 'condition');
  const withHost = (reason: ImFailure['reason']): ImFailure =>
    host === undefined ? { reason } : { reason, host };

  if (name === 'SASLError' && typeof condition === 'string') {
    if (SASL_FINAL.has(condition)) return { failure: withHost('wrong-password'), retry: false };
    return { failure: withHost('server-error'), retry: true };
  }
  if (name === 'InsecureStreamError') return { failure: withHost('tls-untrusted'), retry: false };
  if (typeof code === 'string') {
    if (TLS_CODES.has(code)) return { failure: withHost('tls-untrusted'), retry: false };
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
      return { failure: withHost('host-not-found'), retry: true };
    }
    if (code === 'ETIMEDOUT') return { failure: withHost('timeout'), retry: true };
    if (
      code === 'ECONNREFUSED' ||
      code === 'ECONNRESET' ||
      code === 'EHOSTUNREACH' ||
      code === 'ENETUNREACH' ||
      code === 'EPIPE'
    ) {
      return { failure: withHost('unreachable'), retry: true };
    }
  }
  if (name === 'TimeoutError') return { failure: withHost('timeout'), retry: true };
  return { failure: withHost('server-error'), retry: true };
}
