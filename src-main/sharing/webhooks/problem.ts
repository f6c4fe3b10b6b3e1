/**
 * A failed call as one of the contract's sharing problems (pure): what the window puts in words.
 * undici and Node wrap the socket's error in `cause`; the whole chain is read.
 */
import type { SharingProblem } from '../../core/contract.js';

const CERTIFICATE_CODES = new Set([
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
  'HOSTNAME_MISMATCH',
]);

const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
]);

function chain(error: unknown): unknown[] {
  const seen: unknown[] = [];
  let current = error;
  while (current !== undefined && current !== null && seen.length < 8 && !seen.includes(current)) {
    seen.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return seen;
}

function field(error: unknown, name: 'code' | 'name' | 'message'): string {
  if (typeof error !== 'object' || error === null) return '';
  const value = (error as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : '';
}

export function networkProblemOf(error: unknown): SharingProblem {
  const links = chain(error);
  for (const link of links) {
    const code = field(link, 'code');
    const name = field(link, 'name');
    if (name === 'TimeoutError' || name === 'AbortError' || TIMEOUT_CODES.has(code))
      return 'timeout';
    if (CERTIFICATE_CODES.has(code) || code.startsWith('ERR_TLS_CERT')) return 'certificate';
    if (code === 'ECONNREFUSED') return 'connection-refused';
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME')
      return 'host-not-found';
  }
  for (const link of links)
    if (/certificate|self[- ]signed/i.test(field(link, 'message'))) return 'certificate';
  return 'network';
}

/** An answer's status: 2xx is success, a redirect is refused (never followed), the rest failed. */
export function statusProblemOf(status: number): SharingProblem | undefined {
  if (status >= 200 && status < 300) return undefined;
  if (status >= 300 && status < 400) return 'redirect-refused';
  return 'http-status';
}
