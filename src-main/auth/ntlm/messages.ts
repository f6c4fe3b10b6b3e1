/**
 * The three NTLM messages (MS-NLMP 2.2.1) and the AV pairs of a target info block (2.2.2.1):
 * encoders and strict decoders. A decoder throws NtlmMessageError on anything malformed, never
 * reads past the buffer and never trusts a declared length.
 */

export const SIGNATURE = Buffer.from('NTLMSSP\0', 'ascii');

export const Flags = {
  UNICODE: 0x00000001,
  OEM: 0x00000002,
  REQUEST_TARGET: 0x00000004,
  SIGN: 0x00000010,
  SEAL: 0x00000020,
  NTLM: 0x00000200,
  ALWAYS_SIGN: 0x00008000,
  TARGET_TYPE_DOMAIN: 0x00010000,
  TARGET_TYPE_SERVER: 0x00020000,
  EXTENDED_SESSIONSECURITY: 0x00080000,
  TARGET_INFO: 0x00800000,
  VERSION: 0x02000000,
  N128: 0x20000000,
  KEY_EXCH: 0x40000000,
  N56: 0x80000000,
} as const;

export const AvId = {
  EOL: 0,
  NbComputerName: 1,
  NbDomainName: 2,
  DnsComputerName: 3,
  DnsDomainName: 4,
  DnsTreeName: 5,
  Flags: 6,
  Timestamp: 7,
  SingleHost: 8,
  TargetName: 9,
  ChannelBindings: 10,
} as const;

/** MsvAvFlags bit: the AUTHENTICATE message carries a MIC. */
export const AV_FLAG_MIC_PRESENT = 0x00000002;

export class NtlmMessageError extends Error {
  override readonly name = 'NtlmMessageError';
}

export interface AvPair {
  id: number;
  value: Buffer;
}

export function encodeAvPairs(pairs: readonly AvPair[]): Buffer {
  const parts: Buffer[] = [];
  for (const pair of pairs) {
    if (pair.id === AvId.EOL) continue;
    const head = Buffer.alloc(4);
    head.writeUInt16LE(pair.id, 0);
    head.writeUInt16LE(pair.value.length, 2);
    parts.push(head, pair.value);
  }
  parts.push(Buffer.alloc(4)); // MsvAvEOL
  return Buffer.concat(parts);
}

export function decodeAvPairs(bytes: Buffer): AvPair[] {
  const pairs: AvPair[] = [];
  let at = 0;
  for (;;) {
    if (at + 4 > bytes.length) throw new NtlmMessageError('Target info ends without MsvAvEOL');
    const id = bytes.readUInt16LE(at);
    const length = bytes.readUInt16LE(at + 2);
    at += 4;
    if (id === AvId.EOL) return pairs;
    if (at + length > bytes.length)
      throw new NtlmMessageError('Target info pair runs past its end');
    pairs.push({ id, value: Buffer.from(bytes.subarray(at, at + length)) });
    at += length;
  }
}

function readField(message: Buffer, at: number, what: string): Buffer {
  if (at + 8 > message.length) throw new NtlmMessageError(`${what}: field header missing`);
  const length = message.readUInt16LE(at);
  const offset = message.readUInt32LE(at + 4);
  if (length === 0) return Buffer.alloc(0);
  if (offset + length > message.length)
    throw new NtlmMessageError(`${what}: runs past the message`);
  return Buffer.from(message.subarray(offset, offset + length));
}

function checkHeader(message: Buffer, type: number, minLength: number): void {
  if (message.length < minLength || !message.subarray(0, 8).equals(SIGNATURE))
    throw new NtlmMessageError('Not an NTLM message');
  if (message.readUInt32LE(8) !== type)
    throw new NtlmMessageError(`Expected an NTLM type ${type} message`);
}

// --- NEGOTIATE ---------------------------------------------------------------------------------

export const CLIENT_FLAGS =
  Flags.UNICODE |
  Flags.REQUEST_TARGET |
  Flags.SIGN |
  Flags.NTLM |
  Flags.ALWAYS_SIGN |
  Flags.EXTENDED_SESSIONSECURITY |
  Flags.TARGET_INFO |
  Flags.N128 |
  Flags.KEY_EXCH |
  Flags.N56;

/** A NEGOTIATE message without domain or workstation (32 bytes). */
export function encodeNegotiate(flags: number = CLIENT_FLAGS): Buffer {
  const message = Buffer.alloc(32);
  SIGNATURE.copy(message, 0);
  message.writeUInt32LE(1, 8);
  message.writeUInt32LE(flags >>> 0, 12);
  // Domain and workstation fields: empty, offset at the end of the message.
  message.writeUInt32LE(32, 20);
  message.writeUInt32LE(32, 28);
  return message;
}

export function decodeNegotiate(message: Buffer): { flags: number } {
  checkHeader(message, 1, 16);
  return { flags: message.readUInt32LE(12) };
}

// --- CHALLENGE ---------------------------------------------------------------------------------

export interface ChallengeMessage {
  flags: number;
  serverChallenge: Buffer;
  targetName: Buffer;
  targetInfo: Buffer;
  avPairs: AvPair[];
}

export function encodeChallenge(options: {
  flags: number;
  serverChallenge: Buffer;
  targetName: string;
  avPairs: readonly AvPair[];
}): Buffer {
  const name = Buffer.from(options.targetName, 'utf16le');
  const info = encodeAvPairs(options.avPairs);
  const head = Buffer.alloc(56);
  SIGNATURE.copy(head, 0);
  head.writeUInt32LE(2, 8);
  head.writeUInt16LE(name.length, 12);
  head.writeUInt16LE(name.length, 14);
  head.writeUInt32LE(56, 16);
  head.writeUInt32LE(options.flags >>> 0, 20);
  options.serverChallenge.copy(head, 24);
  head.writeUInt16LE(info.length, 40);
  head.writeUInt16LE(info.length, 42);
  head.writeUInt32LE(56 + name.length, 44);
  // Version 10.0 build 17763, NTLM revision 15 (Windows Server 2019).
  Buffer.from([10, 0, 0x63, 0x45, 0, 0, 0, 15]).copy(head, 48);
  return Buffer.concat([head, name, info]);
}

export function decodeChallenge(message: Buffer): ChallengeMessage {
  checkHeader(message, 2, 48);
  const flags = message.readUInt32LE(20);
  const targetInfo =
    flags & Flags.TARGET_INFO ? readField(message, 40, 'Target info') : Buffer.alloc(0);
  return {
    flags,
    serverChallenge: Buffer.from(message.subarray(24, 32)),
    targetName: readField(message, 12, 'Target name'),
    targetInfo,
    avPairs: targetInfo.length === 0 ? [] : decodeAvPairs(targetInfo),
  };
}

// --- AUTHENTICATE ------------------------------------------------------------------------------

export interface AuthenticateMessage {
  flags: number;
  lmChallengeResponse: Buffer;
  ntChallengeResponse: Buffer;
  domain: string;
  user: string;
  workstation: string;
  encryptedRandomSessionKey: Buffer;
  /** 16 bytes at offset 72 (present when the payload starts at 88 or later). */
  mic: Buffer | undefined;
}

/** Where the MIC sits in an AUTHENTICATE message with a Version field. */
export const MIC_OFFSET = 72;
const AUTH_HEADER = 88;

export function encodeAuthenticate(options: {
  flags: number;
  lmChallengeResponse: Buffer;
  ntChallengeResponse: Buffer;
  domain: string;
  user: string;
  workstation: string;
  encryptedRandomSessionKey: Buffer;
}): Buffer {
  const payloads = [
    options.lmChallengeResponse,
    options.ntChallengeResponse,
    Buffer.from(options.domain, 'utf16le'),
    Buffer.from(options.user, 'utf16le'),
    Buffer.from(options.workstation, 'utf16le'),
    options.encryptedRandomSessionKey,
  ];
  const head = Buffer.alloc(AUTH_HEADER);
  SIGNATURE.copy(head, 0);
  head.writeUInt32LE(3, 8);
  let offset = AUTH_HEADER;
  payloads.forEach((payload, i) => {
    const at = 12 + i * 8;
    head.writeUInt16LE(payload.length, at);
    head.writeUInt16LE(payload.length, at + 2);
    head.writeUInt32LE(offset, at + 4);
    offset += payload.length;
  });
  head.writeUInt32LE(options.flags >>> 0, 60);
  // Version 10.0 build 19041, NTLM revision 15; the MIC (72..88) stays zero until computed.
  Buffer.from([10, 0, 0x61, 0x4a, 0, 0, 0, 15]).copy(head, 64);
  return Buffer.concat([head, ...payloads]);
}

export function decodeAuthenticate(message: Buffer): AuthenticateMessage {
  checkHeader(message, 3, 64);
  const field = (at: number, what: string): Buffer => readField(message, at, what);
  const flags = message.readUInt32LE(60);
  const text = (bytes: Buffer): string =>
    flags & Flags.UNICODE ? bytes.toString('utf16le') : bytes.toString('latin1');
  const offsets = [0, 1, 2, 3, 4, 5]
    .map((i) => ({
      length: message.readUInt16LE(12 + i * 8),
      offset: message.readUInt32LE(16 + i * 8),
    }))
    .filter((f) => f.length > 0)
    .map((f) => f.offset);
  const payloadStart = Math.min(message.length, ...offsets);
  return {
    flags,
    lmChallengeResponse: field(12, 'LM response'),
    ntChallengeResponse: field(20, 'NT response'),
    domain: text(field(28, 'Domain')),
    user: text(field(36, 'User')),
    workstation: text(field(44, 'Workstation')),
    encryptedRandomSessionKey: field(52, 'Session key'),
    mic:
      payloadStart >= AUTH_HEADER
        ? Buffer.from(message.subarray(MIC_OFFSET, MIC_OFFSET + 16))
        : undefined,
  };
}

/** A copy of an AUTHENTICATE message with its MIC zeroed (what the MIC is computed over). */
export function withoutMic(message: Buffer): Buffer {
  const copy = Buffer.from(message);
  copy.fill(0, MIC_OFFSET, MIC_OFFSET + 16);
  return copy;
}

/** The NTLM token of an `Authorization`/`WWW-Authenticate` value ("NTLM <base64>"). */
export function tokenFromHeader(
  value: string,
  schemes: readonly string[] = ['NTLM'],
): Buffer | undefined {
  const match = /^\s*([A-Za-z]+)\s+([A-Za-z0-9+/=]+)\s*$/.exec(value);
  if (!match?.[1] || !match[2]) return undefined;
  if (!schemes.some((s) => s.toLowerCase() === match[1]?.toLowerCase())) return undefined;
  return Buffer.from(match[2], 'base64');
}
