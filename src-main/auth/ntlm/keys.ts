/**
 * The NTLMv2 computations of MS-NLMP 3.3.2, as pure functions over bytes. Both ends use them:
 * the client builds its AUTHENTICATE message with them and the simulator checks one.
 */
import { createHash, createHmac } from 'node:crypto';
import { md4 } from './md4.js';

export function hmacMd5(key: Uint8Array, ...parts: Uint8Array[]): Buffer {
  const mac = createHmac('md5', key);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

export function md5(...parts: Uint8Array[]): Buffer {
  const hash = createHash('md5');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/** The NT hash: MD4 of the UTF-16LE password. */
export function ntHash(password: string): Buffer {
  return md4(Buffer.from(password, 'utf16le'));
}

/** NTOWFv2 (= LMOWFv2): HMAC-MD5 keyed by the NT hash over UPPER(user) + domain, UTF-16LE. */
export function ntowfv2(ntHashOfPassword: Uint8Array, user: string, domain: string): Buffer {
  return hmacMd5(ntHashOfPassword, Buffer.from(user.toUpperCase() + domain, 'utf16le'));
}

/** The client's blob ("temp" in the spec) that follows NTProofStr in the NT response. */
export function clientBlob(
  timestamp: Uint8Array,
  clientChallenge: Uint8Array,
  targetInfo: Uint8Array,
): Buffer {
  return Buffer.concat([
    Buffer.from([1, 1]),
    Buffer.alloc(6),
    timestamp,
    clientChallenge,
    Buffer.alloc(4),
    targetInfo,
    Buffer.alloc(4),
  ]);
}

export interface Ntlmv2Response {
  ntChallengeResponse: Buffer;
  lmChallengeResponse: Buffer;
  ntProofStr: Buffer;
  sessionBaseKey: Buffer;
}

/** NTProofStr, the NT and LM responses and the session base key (MS-NLMP 3.3.2). */
export function ntlmv2Response(
  responseKey: Uint8Array,
  serverChallenge: Uint8Array,
  clientChallenge: Uint8Array,
  blob: Uint8Array,
): Ntlmv2Response {
  const ntProofStr = hmacMd5(responseKey, serverChallenge, blob);
  return {
    ntProofStr,
    ntChallengeResponse: Buffer.concat([ntProofStr, blob]),
    lmChallengeResponse: Buffer.concat([
      hmacMd5(responseKey, serverChallenge, clientChallenge),
      clientChallenge,
    ]),
    sessionBaseKey: hmacMd5(responseKey, ntProofStr),
  };
}

/** The MIC: HMAC-MD5 with the exported session key over the three messages (MIC field zeroed). */
export function messageIntegrityCode(
  exportedSessionKey: Uint8Array,
  negotiate: Uint8Array,
  challenge: Uint8Array,
  authenticate: Uint8Array,
): Buffer {
  return hmacMd5(exportedSessionKey, negotiate, challenge, authenticate);
}

/** Windows FILETIME (100 ns ticks since 1601-01-01), little-endian, for MsvAvTimestamp. */
export function fileTime(epochMs: number): Buffer {
  const ticks = (BigInt(Math.round(epochMs)) + 11_644_473_600_000n) * 10_000n;
  const out = Buffer.alloc(8);
  out.writeBigUInt64LE(ticks);
  return out;
}
