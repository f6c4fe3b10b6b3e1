/**
 * NTLM messages: the NEGOTIATE we send, the CHALLENGE of MS-NLMP 4.2.4.3 decoded with its target
 * info, an AUTHENTICATE built with MIC, SPN and channel binding and then checked the way the
 * server checks it (and refused when any part is changed), and the channel-binding hash against
 * the RFC 5929 / gss_channel_bindings_struct layout computed here independently.
 */
import { createHash } from 'node:crypto';
import { generate } from 'selfsigned';
import { describe, expect, it } from 'vitest';
import {
  buildAuthenticate,
  splitLogin,
  verifyAuthenticate,
} from '../../../src-main/auth/ntlm/authenticate.js';
import {
  channelBindingHash,
  serverEndPointHash,
  signatureAlgorithmOid,
} from '../../../src-main/auth/ntlm/channel-binding.js';
import { fileTime, ntHash } from '../../../src-main/auth/ntlm/keys.js';
import {
  AV_FLAG_MIC_PRESENT,
  AvId,
  decodeAuthenticate,
  decodeAvPairs,
  decodeChallenge,
  decodeNegotiate,
  encodeChallenge,
  encodeNegotiate,
  Flags,
  MIC_OFFSET,
  NtlmMessageError,
  tokenFromHeader,
} from '../../../src-main/auth/ntlm/messages.js';

/** The CHALLENGE_MESSAGE of MS-NLMP 4.2.4.3, put together from the section's fields. */
function specChallenge(): Buffer {
  const head = Buffer.from(
    '4e544c4d53535000' + // NTLMSSP\0
      '02000000' + // type 2
      '0c000c0038000000' + // target name: 12 bytes at 0x38
      '33828ae2' + // flags 0xe28a8233
      '0123456789abcdef' + // server challenge
      '0000000000000000' + // reserved
      '2400240044000000' + // target info: 36 bytes at 0x44
      '060070170000000f', // version 6.0.6000, NTLM revision 15
    'hex',
  );
  const name = Buffer.from('Server', 'utf16le');
  const info = Buffer.concat([
    Buffer.from('02000c00', 'hex'),
    Buffer.from('Domain', 'utf16le'),
    Buffer.from('01000c00', 'hex'),
    Buffer.from('Server', 'utf16le'),
    Buffer.from('00000000', 'hex'),
  ]);
  return Buffer.concat([head, name, info]);
}

describe('NEGOTIATE', () => {
  it('is 32 bytes, type 1, asking for NTLMv2 session security, 128-bit, key exchange and target info', () => {
    const message = encodeNegotiate();
    expect(message.length).toBe(32);
    expect(message.subarray(0, 8).toString('latin1')).toBe('NTLMSSP\0');
    const { flags } = decodeNegotiate(message);
    for (const flag of [
      Flags.UNICODE,
      Flags.NTLM,
      Flags.EXTENDED_SESSIONSECURITY,
      Flags.KEY_EXCH,
      Flags.N128,
      Flags.TARGET_INFO,
    ])
      expect(flags & flag).toBe(flag);
  });
});

describe('CHALLENGE', () => {
  it('decodes the MS-NLMP 4.2.4.3 message: flags, server challenge, target name and AV pairs', () => {
    const challenge = decodeChallenge(specChallenge());
    expect(challenge.flags >>> 0).toBe(0xe28a8233);
    expect(challenge.serverChallenge.toString('hex')).toBe('0123456789abcdef');
    expect(challenge.targetName.toString('utf16le')).toBe('Server');
    expect(challenge.avPairs.map((p) => [p.id, p.value.toString('utf16le')])).toEqual([
      [AvId.NbDomainName, 'Domain'],
      [AvId.NbComputerName, 'Server'],
    ]);
  });

  it('round-trips what the simulator encodes', () => {
    const bytes = encodeChallenge({
      flags: Flags.UNICODE | Flags.TARGET_INFO | Flags.NTLM,
      serverChallenge: Buffer.from('1122334455667788', 'hex'),
      targetName: 'BEACON',
      avPairs: [{ id: AvId.Timestamp, value: fileTime(0) }],
    });
    const decoded = decodeChallenge(bytes);
    expect(decoded.targetName.toString('utf16le')).toBe('BEACON');
    expect(decoded.avPairs[0]?.value.readBigUInt64LE()).toBe(116_444_736_000_000_000n);
  });

  it('refuses truncated or lying messages with NtlmMessageError, never reading past the end', () => {
    const good = specChallenge();
    expect(() => decodeChallenge(good.subarray(0, 40))).toThrow(NtlmMessageError);
    const lying = Buffer.from(good);
    lying.writeUInt16LE(0x400, 40); // target info claims 1 KiB
    expect(() => decodeChallenge(lying)).toThrow(NtlmMessageError);
    const noEol = Buffer.from(good.subarray(0, good.length - 4));
    noEol.writeUInt16LE(32, 40);
    expect(() => decodeChallenge(noEol)).toThrow(NtlmMessageError);
    expect(() => decodeChallenge(Buffer.concat([encodeNegotiate(), Buffer.alloc(32)]))).toThrow(
      'type 2',
    );
    expect(() => decodeAvPairs(Buffer.from('0100ff00', 'hex'))).toThrow(NtlmMessageError);
  });

  it('reads the token of an NTLM or Negotiate header only', () => {
    expect(tokenFromHeader('NTLM TlRMTVNTUAAB')?.subarray(0, 7).toString()).toBe('NTLMSSP');
    expect(tokenFromHeader('Negotiate TlRMTVNTUAAB')).toBeUndefined();
    expect(tokenFromHeader('Negotiate TlRMTVNTUAAB', ['NTLM', 'Negotiate'])).toBeDefined();
    expect(tokenFromHeader('NTLM')).toBeUndefined();
    expect(tokenFromHeader('Basic dXNlcjpwYXNz')).toBeUndefined();
  });
});

describe('AUTHENTICATE', () => {
  const negotiate = encodeNegotiate();
  const serverChallenge = encodeChallenge({
    flags: 0xe28a8235,
    serverChallenge: Buffer.from('0123456789abcdef', 'hex'),
    targetName: 'BEACON',
    avPairs: [
      { id: AvId.NbDomainName, value: Buffer.from('BEACON', 'utf16le') },
      { id: AvId.NbComputerName, value: Buffer.from('EXCH01', 'utf16le') },
      { id: AvId.Timestamp, value: fileTime(Date.UTC(2026, 11, 3)) },
    ],
  });
  const bindings = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
  const build = (over: Partial<Parameters<typeof buildAuthenticate>[0]> = {}): Buffer =>
    buildAuthenticate({
      negotiate,
      challenge: serverChallenge,
      user: 'alex',
      domain: 'BEACON',
      ntHash: ntHash('correct horse'),
      channelBindings: bindings,
      spn: 'HTTP/mail.beacon.test',
      now: Date.UTC(2026, 11, 3),
      clientChallenge: Buffer.alloc(8, 0xaa),
      randomSessionKey: Buffer.alloc(16, 0x55),
      ...over,
    }).message;
  const verify = (message: Buffer, required: Buffer | null = bindings) =>
    verifyAuthenticate({
      negotiate,
      challenge: serverChallenge,
      authenticate: message,
      ntHashFor: (user, domain) =>
        user === 'alex' && domain === 'BEACON' ? ntHash('correct horse') : undefined,
      requiredChannelBindings: required ?? undefined,
    });

  it('carries user, domain, the sealed session key, MsvAvFlags (MIC), the CBT and the SPN', () => {
    const message = build();
    const decoded = decodeAuthenticate(message);
    expect(decoded.user).toBe('alex');
    expect(decoded.domain).toBe('BEACON');
    expect(decoded.encryptedRandomSessionKey.length).toBe(16);
    expect(decoded.mic?.equals(Buffer.alloc(16))).toBe(false);
    // With a server timestamp the LM response is 24 zero bytes.
    expect(decoded.lmChallengeResponse.equals(Buffer.alloc(24))).toBe(true);
    const pairs = decodeAvPairs(decoded.ntChallengeResponse.subarray(16 + 28));
    const value = (id: number) => pairs.find((p) => p.id === id)?.value;
    expect(value(AvId.Flags)?.readUInt32LE(0)).toBe(AV_FLAG_MIC_PRESENT);
    expect(value(AvId.ChannelBindings)?.toString('hex')).toBe(bindings.toString('hex'));
    expect(value(AvId.TargetName)?.toString('utf16le')).toBe('HTTP/mail.beacon.test');
    // The blob's time is the server's MsvAvTimestamp.
    expect(value(AvId.Timestamp)?.equals(decoded.ntChallengeResponse.subarray(24, 32))).toBe(true);
  });

  it('is accepted by the acceptor with the right password and binding', () => {
    expect(verify(build())).toEqual({
      ok: true,
      user: 'alex',
      domain: 'BEACON',
      spn: 'HTTP/mail.beacon.test',
    });
  });

  it('is refused for a wrong password, an unknown user, a changed MIC or a changed message', () => {
    expect(verify(build({ ntHash: ntHash('wrong') }))).toEqual({
      ok: false,
      why: 'wrong-response',
    });
    expect(verify(build({ user: 'mallory' }))).toEqual({ ok: false, why: 'unknown-user' });
    const badMic = build();
    badMic[MIC_OFFSET] = (badMic[MIC_OFFSET] ?? 0) ^ 1;
    expect(verify(badMic)).toEqual({ ok: false, why: 'wrong-mic' });
    // Flipping a negotiate flag is caught by the MIC even though the NT proof still holds.
    const badFlags = build();
    badFlags.writeUInt32LE((badFlags.readUInt32LE(60) ^ Flags.SIGN) >>> 0, 60);
    expect(verify(badFlags)).toEqual({ ok: false, why: 'wrong-mic' });
    expect(verify(Buffer.from('4e544c4d5353500003000000', 'hex'))).toEqual({
      ok: false,
      why: 'malformed',
    });
  });

  it('Extended Protection: a missing, zero or different channel binding is refused', () => {
    expect(verify(build({ channelBindings: undefined }))).toEqual({
      ok: false,
      why: 'channel-binding-missing',
    });
    expect(verify(build({ channelBindings: Buffer.alloc(16) }))).toEqual({
      ok: false,
      why: 'channel-binding-missing',
    });
    expect(verify(build({ channelBindings: Buffer.alloc(16, 1) }))).toEqual({
      ok: false,
      why: 'channel-binding-mismatch',
    });
    // Without Extended Protection the same message passes.
    expect(verify(build({ channelBindings: undefined }), null).ok).toBe(true);
  });

  it('needs the server target info (NTLMv2)', () => {
    const bare = encodeChallenge({
      flags: Flags.UNICODE | Flags.NTLM,
      serverChallenge: Buffer.alloc(8),
      targetName: '',
      avPairs: [],
    });
    expect(() => build({ challenge: bare })).toThrow(NtlmMessageError);
  });

  it('splits DOMAIN\\user and keeps a UPN whole', () => {
    expect(splitLogin('BEACON\\alex')).toEqual({ domain: 'BEACON', user: 'alex' });
    expect(splitLogin('alex@beacon.test')).toEqual({ domain: '', user: 'alex@beacon.test' });
  });
});

describe('channel binding (RFC 5929 tls-server-end-point)', () => {
  const certificate = async (algorithm: 'sha256' | 'sha512'): Promise<Buffer> => {
    const pems = await generate([{ name: 'commonName', value: 'mail.beacon.test' }], {
      keySize: 2048,
      algorithm,
    });
    return Buffer.from(pems.cert.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  };

  it('hashes a SHA-256-signed certificate with SHA-256 and wraps it in gss_channel_bindings_struct', async () => {
    const der = await certificate('sha256');
    expect(signatureAlgorithmOid(der)).toBe('1.2.840.113549.1.1.11');
    const endPoint = createHash('sha256').update(der).digest();
    expect(serverEndPointHash(der).equals(endPoint)).toBe(true);
    const application = Buffer.concat([Buffer.from('tls-server-end-point:'), endPoint]);
    const struct = Buffer.alloc(20 + application.length);
    struct.writeUInt32LE(application.length, 16);
    application.copy(struct, 20);
    expect(channelBindingHash(der).toString('hex')).toBe(
      createHash('md5').update(struct).digest('hex'),
    );
  }, 20_000);

  it('uses SHA-512 for a SHA-512-signed certificate', async () => {
    const der = await certificate('sha512');
    expect(signatureAlgorithmOid(der)).toBe('1.2.840.113549.1.1.13');
    expect(serverEndPointHash(der).toString('hex')).toBe(
      createHash('sha512').update(der).digest('hex'),
    );
  }, 20_000);
});
