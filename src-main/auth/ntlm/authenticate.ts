/**
 * Building (client) and checking (server) an NTLMv2 AUTHENTICATE message with a MIC, the SPN and
 * the channel binding. Pure: randomness and time come in as arguments.
 */
import { timingSafeEqual } from 'node:crypto';
import {
  clientBlob,
  fileTime,
  hmacMd5,
  messageIntegrityCode,
  ntlmv2Response,
  ntowfv2,
} from './keys.js';
import {
  AV_FLAG_MIC_PRESENT,
  AvId,
  CLIENT_FLAGS,
  decodeAuthenticate,
  decodeAvPairs,
  decodeChallenge,
  encodeAuthenticate,
  encodeAvPairs,
  Flags,
  MIC_OFFSET,
  NtlmMessageError,
  withoutMic,
  type AvPair,
} from './messages.js';
import { rc4 } from './rc4.js';

/** "CONTOSO\alex" → user alex, domain CONTOSO; "alex@contoso.com" is sent whole as the user (UPN). */
export function splitLogin(login: string): { user: string; domain: string } {
  const slash = login.indexOf('\\');
  if (slash > 0) return { domain: login.slice(0, slash), user: login.slice(slash + 1) };
  return { user: login, domain: '' };
}

export interface AuthenticateInput {
  negotiate: Buffer;
  challenge: Buffer;
  user: string;
  domain: string;
  /** MD4 of the UTF-16LE password; the password itself is not needed. */
  ntHash: Buffer;
  workstation?: string;
  /**
   * MsvAvChannelBindings (16 bytes): the MD5 of the TLS channel bindings, zeros over plain HTTP.
   * Undefined leaves the pair out (a client without channel binding).
   */
  channelBindings: Buffer | undefined;
  /** MsvAvTargetName, e.g. "HTTP/mail.contoso.com". */
  spn: string | undefined;
  now: number;
  clientChallenge: Buffer;
  /** A fresh random 16-byte key, sent RC4-sealed when the server negotiated key exchange. */
  randomSessionKey: Buffer;
}

export interface BuiltAuthenticate {
  message: Buffer;
  exportedSessionKey: Buffer;
}

function pairValue(pairs: readonly AvPair[], id: number): Buffer | undefined {
  return pairs.find((p) => p.id === id)?.value;
}

function uint32(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32LE(value >>> 0);
  return out;
}

export function buildAuthenticate(input: AuthenticateInput): BuiltAuthenticate {
  const challenge = decodeChallenge(input.challenge);
  if (challenge.avPairs.length === 0)
    throw new NtlmMessageError('The server sent no target info: NTLMv2 needs it');
  const serverTime = pairValue(challenge.avPairs, AvId.Timestamp);
  const serverFlags = pairValue(challenge.avPairs, AvId.Flags)?.readUInt32LE(0) ?? 0;
  const ours = new Set<number>([AvId.Flags, AvId.ChannelBindings, AvId.TargetName]);
  const pairs: AvPair[] = challenge.avPairs.filter((p) => !ours.has(p.id));
  pairs.push({ id: AvId.Flags, value: uint32(serverFlags | AV_FLAG_MIC_PRESENT) });
  if (input.channelBindings !== undefined)
    pairs.push({ id: AvId.ChannelBindings, value: input.channelBindings });
  if (input.spn !== undefined)
    pairs.push({ id: AvId.TargetName, value: Buffer.from(input.spn, 'utf16le') });

  const timestamp = serverTime ?? fileTime(input.now);
  const blob = clientBlob(timestamp, input.clientChallenge, encodeAvPairs(pairs));
  const responseKey = ntowfv2(input.ntHash, input.user, input.domain);
  const response = ntlmv2Response(
    responseKey,
    challenge.serverChallenge,
    input.clientChallenge,
    blob,
  );

  const flags = (CLIENT_FLAGS & challenge.flags) | Flags.UNICODE;
  const keyExchange = (flags & Flags.KEY_EXCH) !== 0;
  // NTLMv2: the key exchange key is the session base key.
  const exportedSessionKey = keyExchange ? input.randomSessionKey : response.sessionBaseKey;
  const message = encodeAuthenticate({
    flags,
    // With a server timestamp the LM response is 24 zero bytes (MS-NLMP 3.1.5.1.2).
    lmChallengeResponse: serverTime ? Buffer.alloc(24) : response.lmChallengeResponse,
    ntChallengeResponse: response.ntChallengeResponse,
    domain: input.domain,
    user: input.user,
    workstation: input.workstation ?? '',
    encryptedRandomSessionKey: keyExchange
      ? rc4(response.sessionBaseKey, input.randomSessionKey)
      : Buffer.alloc(0),
  });
  messageIntegrityCode(exportedSessionKey, input.negotiate, input.challenge, message).copy(
    message,
    MIC_OFFSET,
  );
  return { message, exportedSessionKey };
}

export type VerifyFailure =
  | 'malformed'
  | 'unknown-user'
  | 'wrong-response'
  | 'mic-missing'
  | 'wrong-mic'
  | 'channel-binding-missing'
  | 'channel-binding-mismatch';

export type VerifyResult =
  | { ok: true; user: string; domain: string; spn: string | undefined }
  | { ok: false; why: VerifyFailure };

export interface VerifyInput {
  negotiate: Buffer;
  challenge: Buffer;
  authenticate: Buffer;
  /** The NT hash of the named user's password, undefined for an unknown user. */
  ntHashFor: (user: string, domain: string) => Buffer | undefined;
  /** What MsvAvChannelBindings must be (Extended Protection); undefined: not checked. */
  requiredChannelBindings: Buffer | undefined;
}

function same(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The acceptor's side of MS-NLMP 3.2.5.1.2 for NTLMv2, with MIC and channel binding checks. */
export function verifyAuthenticate(input: VerifyInput): VerifyResult {
  let auth;
  let challenge;
  try {
    auth = decodeAuthenticate(input.authenticate);
    challenge = decodeChallenge(input.challenge);
  } catch {
    return { ok: false, why: 'malformed' };
  }
  const nt = auth.ntChallengeResponse;
  if (nt.length < 16 + 28 + 4) return { ok: false, why: 'malformed' };
  const ntHash = input.ntHashFor(auth.user, auth.domain);
  if (ntHash === undefined) return { ok: false, why: 'unknown-user' };
  const proof = nt.subarray(0, 16);
  const blob = nt.subarray(16);
  const responseKey = ntowfv2(ntHash, auth.user, auth.domain);
  if (!same(hmacMd5(responseKey, challenge.serverChallenge, blob), proof))
    return { ok: false, why: 'wrong-response' };

  let pairs: AvPair[];
  try {
    pairs = decodeAvPairs(blob.subarray(28));
  } catch {
    return { ok: false, why: 'malformed' };
  }
  const sessionBaseKey = hmacMd5(responseKey, proof);
  const exported =
    auth.flags & Flags.KEY_EXCH && auth.encryptedRandomSessionKey.length === 16
      ? rc4(sessionBaseKey, auth.encryptedRandomSessionKey)
      : sessionBaseKey;
  const avFlags = pairValue(pairs, AvId.Flags)?.readUInt32LE(0) ?? 0;
  if (avFlags & AV_FLAG_MIC_PRESENT) {
    if (auth.mic === undefined) return { ok: false, why: 'malformed' };
    const expected = messageIntegrityCode(
      exported,
      input.negotiate,
      input.challenge,
      withoutMic(input.authenticate),
    );
    if (!same(expected, auth.mic)) return { ok: false, why: 'wrong-mic' };
  } else if (input.requiredChannelBindings !== undefined) {
    // Without a MIC the bindings could have been edited on the way: Extended Protection refuses.
    return { ok: false, why: 'mic-missing' };
  }
  if (input.requiredChannelBindings !== undefined) {
    const sent = pairValue(pairs, AvId.ChannelBindings);
    if (sent === undefined || sent.equals(Buffer.alloc(16)))
      return { ok: false, why: 'channel-binding-missing' };
    if (!same(sent, input.requiredChannelBindings))
      return { ok: false, why: 'channel-binding-mismatch' };
  }
  const spn = pairValue(pairs, AvId.TargetName);
  return {
    ok: true,
    user: auth.user,
    domain: auth.domain,
    spn: spn === undefined ? undefined : spn.toString('utf16le'),
  };
}
