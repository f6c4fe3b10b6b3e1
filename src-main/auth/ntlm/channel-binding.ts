/**
 * Channel binding for Extended Protection: the "tls-server-end-point" binding of RFC 5929 (a hash
 * of the server's certificate) wrapped in a gss_channel_bindings_struct, whose MD5 travels in the
 * AUTHENTICATE message as MsvAvChannelBindings. A relayed NTLM exchange then fails, because the
 * relay's TLS connection presents another certificate.
 */
import { createHash } from 'node:crypto';
import { md5 } from './keys.js';

/** Signature algorithm OIDs whose hash is not SHA-256 (RFC 5929 §4.1: MD5/SHA-1 → SHA-256). */
const HASH_BY_SIGNATURE_OID: Readonly<Record<string, 'sha384' | 'sha512'>> = {
  '1.2.840.113549.1.1.12': 'sha384', // sha384WithRSAEncryption
  '1.2.840.113549.1.1.13': 'sha512', // sha512WithRSAEncryption
  '1.2.840.10045.4.3.3': 'sha384', // ecdsa-with-SHA384
  '1.2.840.10045.4.3.4': 'sha512', // ecdsa-with-SHA512
};

interface DerNode {
  tag: number;
  start: number; // of the contents
  end: number;
}

function readNode(der: Uint8Array, at: number): DerNode {
  const tag = der[at];
  let length = der[at + 1];
  if (tag === undefined || length === undefined) throw new Error('Truncated certificate');
  let start = at + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4) throw new Error('Unsupported DER length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (der[start + i] ?? 0);
    start += count;
  }
  const end = start + length;
  if (end > der.length) throw new Error('Truncated certificate');
  return { tag, start, end };
}

function oidText(bytes: Uint8Array): string {
  const first = bytes[0] ?? 0;
  const parts = [Math.floor(first / 40), first % 40];
  let value = 0;
  for (const byte of bytes.subarray(1)) {
    value = value * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

/** The OID of the certificate's signatureAlgorithm (the second element of Certificate). */
export function signatureAlgorithmOid(der: Uint8Array): string {
  const certificate = readNode(der, 0);
  const tbs = readNode(der, certificate.start);
  const algorithm = readNode(der, tbs.end);
  const oid = readNode(der, algorithm.start);
  if (certificate.tag !== 0x30 || algorithm.tag !== 0x30 || oid.tag !== 0x06)
    throw new Error('Not an X.509 certificate');
  return oidText(der.subarray(oid.start, oid.end));
}

/** RFC 5929 tls-server-end-point: the certificate's hash with its signature's hash (SHA-256 floor). */
export function serverEndPointHash(certificateDer: Uint8Array): Buffer {
  let algorithm: 'sha256' | 'sha384' | 'sha512' = 'sha256';
  try {
    algorithm = HASH_BY_SIGNATURE_OID[signatureAlgorithmOid(certificateDer)] ?? 'sha256';
  } catch {
    // An unreadable certificate still binds with SHA-256; the server then decides.
  }
  return createHash(algorithm).update(certificateDer).digest();
}

/** The gss_channel_bindings_struct with no addresses and the application data given. */
export function gssChannelBindings(applicationData: Uint8Array): Buffer {
  const header = Buffer.alloc(20); // initiator type/length, acceptor type/length: all zero
  header.writeUInt32LE(applicationData.length, 16);
  return Buffer.concat([header, applicationData]);
}

/** The 16 bytes of MsvAvChannelBindings for a TLS connection presenting `certificateDer`. */
export function channelBindingHash(certificateDer: Uint8Array): Buffer {
  const data = Buffer.concat([
    Buffer.from('tls-server-end-point:', 'ascii'),
    serverEndPointHash(certificateDer),
  ]);
  return md5(gssChannelBindings(data));
}
