/**
 * The NTLM building blocks against published test vectors: MD4 against RFC 1320's test suite,
 * RC4 against the well-known "Key"/"Plaintext" vector, and the NTLMv2 values of MS-NLMP 4.2.4
 * (user "User", domain "Domain", password "Password", server challenge 0123456789abcdef, client
 * challenge aa×8, time zero, target info Domain/Server, random session key 55×16).
 */
import { describe, expect, it } from 'vitest';
import {
  clientBlob,
  fileTime,
  ntHash,
  ntlmv2Response,
  ntowfv2,
} from '../../../src-main/auth/ntlm/keys.js';
import { md4 } from '../../../src-main/auth/ntlm/md4.js';
import { AvId, encodeAvPairs } from '../../../src-main/auth/ntlm/messages.js';
import { rc4 } from '../../../src-main/auth/ntlm/rc4.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('MD4 (RFC 1320 appendix A.5)', () => {
  it.each([
    ['', '31d6cfe0d16ae931b73c59d7e0c089c0'],
    ['a', 'bde52cb31de33e46245e05fbdbd6fb24'],
    ['abc', 'a448017aaf21d8525fc10ae87aa6729d'],
    ['message digest', 'd9130a8164549fe818874806e1c7014b'],
    ['abcdefghijklmnopqrstuvwxyz', 'd79e1c308aa5bbcdeea8ed63df412da9'],
    [
      'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
      '043f8582f241db351ce627e153e7f0e4',
    ],
    [
      '12345678901234567890123456789012345678901234567890123456789012345678901234567890',
      'e33b4ddc9c38f2199c3e7b164fcc0536',
    ],
  ])('MD4("%s")', (input, expected) => {
    expect(hex(md4(Buffer.from(input, 'ascii')))).toBe(expected);
  });

  it('pads correctly at the 55/56/64-byte block edges (differs for each length)', () => {
    const digests = [55, 56, 63, 64, 65].map((n) => hex(md4(Buffer.alloc(n, 0x61))));
    expect(new Set(digests).size).toBe(5);
    for (const d of digests) expect(d).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('RC4', () => {
  it('encrypts the classic vector and decrypts back', () => {
    const sealed = rc4(Buffer.from('Key'), Buffer.from('Plaintext'));
    expect(hex(sealed)).toBe('bbf316e8d940af0ad3');
    expect(rc4(Buffer.from('Key'), sealed).toString()).toBe('Plaintext');
  });
});

describe('NTLMv2 values of MS-NLMP 4.2.4', () => {
  const serverChallenge = Buffer.from('0123456789abcdef', 'hex');
  const clientChallenge = Buffer.alloc(8, 0xaa);
  const targetInfo = encodeAvPairs([
    { id: AvId.NbDomainName, value: Buffer.from('Domain', 'utf16le') },
    { id: AvId.NbComputerName, value: Buffer.from('Server', 'utf16le') },
  ]);
  const key = ntowfv2(ntHash('Password'), 'User', 'Domain');
  const response = ntlmv2Response(
    key,
    serverChallenge,
    clientChallenge,
    clientBlob(Buffer.alloc(8), clientChallenge, targetInfo),
  );

  it('NT hash of "Password" (4.2.2.1.2)', () => {
    expect(hex(ntHash('Password'))).toBe('a4f49c406510bdcab6824ee7c30fd852');
  });

  it('NTOWFv2 / ResponseKeyNT', () => {
    expect(hex(key)).toBe('0c868a403bfd7a93a3001ef22ef02e3f');
  });

  it('LMv2 response', () => {
    expect(hex(response.lmChallengeResponse)).toBe(
      '86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa',
    );
  });

  it('NTProofStr and the NT response that starts with it', () => {
    expect(hex(response.ntProofStr)).toBe('68cd0ab851e51c96aabc927bebef6a1c');
    expect(hex(response.ntChallengeResponse.subarray(0, 16))).toBe(hex(response.ntProofStr));
    // The blob: 0101, zeros, time 0, client challenge, zeros, target info, zeros.
    expect(hex(response.ntChallengeResponse.subarray(16, 44))).toBe(
      `0101000000000000${'00'.repeat(8)}${'aa'.repeat(8)}00000000`,
    );
  });

  it('session base key and the encrypted random session key', () => {
    expect(hex(response.sessionBaseKey)).toBe('8de40ccadbc14a82f15cb0ad0de95ca3');
    expect(hex(rc4(response.sessionBaseKey, Buffer.alloc(16, 0x55)))).toBe(
      'c5dad2544fc9799094ce1ce90bc9d03e',
    );
  });

  it('the user name is upper-cased, the domain is not', () => {
    expect(hex(ntowfv2(ntHash('Password'), 'user', 'Domain'))).toBe(hex(key));
    expect(hex(ntowfv2(ntHash('Password'), 'User', 'DOMAIN'))).not.toBe(hex(key));
  });
});

describe('FILETIME', () => {
  it('counts 100 ns ticks from 1601 (the Unix epoch is 116444736000000000)', () => {
    expect(fileTime(0).readBigUInt64LE()).toBe(116_444_736_000_000_000n);
    expect(fileTime(1000).readBigUInt64LE()).toBe(116_444_736_010_000_000n);
  });
});
