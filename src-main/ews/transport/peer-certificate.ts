/**
 * Which certificate a server presented when TLS verification refused it, so the user can be told
 * what was refused ("CN=mail.contoso.com, SHA-256 AB:CD:…") and compare it with what IT says.
 *
 * Verification itself is untouched: the connector below is undici's own with
 * `rejectUnauthorized: true`. It only reads the peer certificate from the TLS socket in the
 * moment between the handshake and Node's verdict, and hangs it on the error that follows.
 */
import { TLSSocket, type PeerCertificate } from 'node:tls';
import { buildConnector } from 'undici';
import type { PeerCertificateSummary } from '../errors.js';

const refused = new WeakMap<object, PeerCertificateSummary>();

/** `CN=mail.contoso.com, O=Contoso` from Node's subject object (values may repeat as arrays). */
export function subjectText(subject: PeerCertificate['subject'] | undefined): string {
  if (subject === undefined) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(subject as Record<string, unknown>)) {
    const values: unknown[] = Array.isArray(value) ? value : [value];
    for (const one of values) if (typeof one === 'string') parts.push(`${key}=${one}`);
  }
  return parts.join(', ');
}

export function summarise(cert: PeerCertificate): PeerCertificateSummary | undefined {
  if (typeof cert.fingerprint256 !== 'string' || cert.fingerprint256 === '') return undefined;
  return { subject: subjectText(cert.subject).slice(0, 500), fingerprint256: cert.fingerprint256 };
}

/** The certificate refused on the connection that failed with `error` (or an error it wraps). */
export function refusedCertificate(error: unknown): PeerCertificateSummary | undefined {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    const found = refused.get(current);
    if (found !== undefined) return found;
    current = current.cause;
  }
  return undefined;
}

/** undici's connector, verifying as always, that remembers the certificate behind a refusal. */
export function certificateRecordingConnector(
  options: buildConnector.BuildOptions,
): buildConnector.connector {
  // undici's connector returns the socket it opens, though its type says void.
  const connect: (opts: buildConnector.Options, callback: buildConnector.Callback) => unknown =
    buildConnector({ ...options, rejectUnauthorized: true });
  return (opts, callback) => {
    let presented: PeerCertificateSummary | undefined;
    const socket = connect(opts, (...args: Parameters<buildConnector.Callback>) => {
      const [error] = args;
      if (error !== null && presented !== undefined) refused.set(error, presented);
      callback(...args);
    });
    // 'secure' fires after the handshake and before Node checks the chain and the name, while
    // the socket still holds the peer's certificate (it is gone once the refusal destroys it).
    if (socket instanceof TLSSocket) {
      socket.prependOnceListener('secure', () => {
        presented = summarise(socket.getPeerCertificate());
      });
    }
  };
}
