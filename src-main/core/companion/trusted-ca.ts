/**
 * A private certificate authority the user chose to trust (Settings → "Trust this certificate
 * authority"). What is accepted, decided here and nowhere else:
 *
 * - exactly one PEM certificate (a `-----BEGIN CERTIFICATE-----` block; no private key, no chain);
 * - it parses as X.509 (node:crypto X509Certificate);
 * - it is a CA (basicConstraints CA:true). A leaf certificate is refused: trusting one would
 *   only ever work for that one server and usually means the wrong file was chosen;
 * - it is valid now (not before its start, not after its end).
 *
 * Pure apart from parsing: `now` is passed in.
 */
import { X509Certificate } from 'node:crypto';
import type { TrustedCa } from '../contract.js';

export type CaRefusal =
  /** Not a PEM certificate at all (or more than one, or a private key in it). */
  | 'not-a-certificate'
  /** A certificate, but not of an authority (basicConstraints CA:false or absent). */
  | 'not-a-ca'
  /** Its validity ended. */
  | 'expired'
  /** Its validity has not started yet. */
  | 'not-yet-valid';

export type CaCheck = { ok: true; pem: string; ca: TrustedCa } | { ok: false; reason: CaRefusal };

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

/** The plain words the core's typed error carries (the window words the reason itself). */
export const CA_REFUSAL_TEXT: Record<CaRefusal, string> = {
  'not-a-certificate': 'The file is not a PEM certificate',
  'not-a-ca': 'The certificate is not a certificate authority (CA:true is missing)',
  expired: 'The certificate authority has expired',
  'not-yet-valid': 'The certificate authority is not valid yet',
};

/** Checks a PEM the user chose; on success returns it normalised and as the window shows it. */
export function checkTrustedCa(input: string, now: Date): CaCheck {
  const blocks = [...input.matchAll(PEM_BLOCK)];
  const [only] = blocks;
  if (blocks.length !== 1 || only === undefined || only[1] !== 'CERTIFICATE')
    return { ok: false, reason: 'not-a-certificate' };
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(only[0]);
  } catch {
    return { ok: false, reason: 'not-a-certificate' };
  }
  if (!cert.ca) return { ok: false, reason: 'not-a-ca' };
  const from = Date.parse(cert.validFrom);
  const to = Date.parse(cert.validTo);
  if (Number.isFinite(to) && now.getTime() > to) return { ok: false, reason: 'expired' };
  if (Number.isFinite(from) && now.getTime() < from) return { ok: false, reason: 'not-yet-valid' };
  return { ok: true, pem: `${cert.toString().trim()}\n`, ca: describeCa(cert) };
}

/** What the window shows of a trusted CA: its subject, SHA-256 fingerprint and end date. */
export function describeCa(cert: X509Certificate): TrustedCa {
  const ca: TrustedCa = {
    subject: cert.subject.split('\n').join(', ').slice(0, 1000),
    fingerprint256: cert.fingerprint256,
  };
  const to = Date.parse(cert.validTo);
  if (Number.isFinite(to)) ca.notAfter = new Date(to).toISOString();
  return ca;
}

/**
 * The Snapshot's trustedCa for a stored PEM: null when there is none, or when it no longer
 * parses (a hand-edited settings file); then it is not applied either.
 */
export function trustedCaOf(pem: string | undefined): TrustedCa | null {
  if (pem === undefined) return null;
  try {
    return describeCa(new X509Certificate(pem));
  } catch {
    return null;
  }
}

/**
 * The CA list for TLS on top of the system roots: the shell's (CompanionDeps.extraCa, e.g. the
 * demo stack's) and the user's, both; undefined when neither exists.
 */
export function combinedCa(...pems: (string | undefined)[]): string | undefined {
  const present = pems.filter((pem): pem is string => pem !== undefined && pem.trim() !== '');
  if (present.length === 0) return undefined;
  return present.map((pem) => pem.trim()).join('\n') + '\n';
}
