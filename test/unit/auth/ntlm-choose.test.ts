/** The sign-in method chosen from a server's WWW-Authenticate challenges (auth/choose.ts). */
import { describe, expect, it } from 'vitest';
import { challengeScheme, chooseAuth } from '../../../src-main/auth/choose.js';

const HTTPS = new URL('https://mail.contoso.com/EWS/Exchange.asmx');
const HTTP = new URL('http://mail.contoso.com/EWS/Exchange.asmx');
const LOOPBACK = new URL('http://127.0.0.1:8080/EWS/Exchange.asmx');

describe('chooseAuth', () => {
  it.each([
    [['Bearer', 'NTLM', 'Basic realm="x"'], HTTPS, { method: 'oauth' }],
    [['Negotiate', 'NTLM'], HTTPS, { method: 'ntlm', scheme: 'NTLM' }],
    [['Negotiate'], HTTPS, { method: 'ntlm', scheme: 'Negotiate' }],
    [['Basic realm="x"', 'NTLM'], HTTPS, { method: 'ntlm', scheme: 'NTLM' }],
    [['Basic realm="x"'], HTTPS, { method: 'basic' }],
    [['Basic realm="x"'], LOOPBACK, { method: 'basic' }],
    [['Basic realm="x"'], HTTP, { method: 'none', why: 'basic-needs-https' }],
    [['NTLM'], HTTP, { method: 'ntlm', scheme: 'NTLM' }],
    [[], HTTPS, { method: 'none', why: 'no-challenge' }],
    [['Digest realm="x"'], HTTPS, { method: 'none', why: 'no-challenge' }],
  ] as const)('%j over %s', (challenges, url, expected) => {
    expect(chooseAuth(challenges, url)).toEqual(expected);
  });

  it('a password sign-in never picks OAuth: Bearer + Basic gives Basic, Bearer + NTLM gives NTLM', () => {
    expect(chooseAuth(['Bearer', 'Basic realm="x"'], HTTPS, ['ntlm', 'basic'])).toEqual({
      method: 'basic',
    });
    expect(chooseAuth(['Bearer', 'NTLM'], HTTPS, ['ntlm', 'basic'])).toEqual({
      method: 'ntlm',
      scheme: 'NTLM',
    });
    expect(chooseAuth(['Bearer'], HTTPS, ['ntlm', 'basic'])).toEqual({
      method: 'none',
      why: 'no-challenge',
    });
  });

  it('reads schemes without case and with parameters', () => {
    expect(challengeScheme('  ntlm TlRMTVNTUAACAAAA')).toBe('ntlm');
    expect(challengeScheme('Basic realm="beacon-sim"')).toBe('basic');
    expect(chooseAuth(['negotiate abc='], HTTPS)).toEqual({ method: 'ntlm', scheme: 'Negotiate' });
  });
});
