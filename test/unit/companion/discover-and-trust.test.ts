/**
 * The pure decisions behind email-first sign-in and the trusted CA: which method an address gets
 * from what Autodiscover found, and which PEM files are accepted (and why the others are not).
 */
import selfsigned from 'selfsigned';
import { describe, expect, it } from 'vitest';
import {
  classifyDiscovery,
  EXCHANGE_ONLINE_EWS_URL,
} from '../../../src-main/core/companion/discover-account.js';
import { checkTrustedCa, combinedCa } from '../../../src-main/core/companion/trusted-ca.js';

describe('classifyDiscovery', () => {
  const found = (ewsUrl: string, method: 'v2-json' | 'pox' | 'srv' = 'v2-json') =>
    ({ kind: 'found', result: { ewsUrl, method } }) as const;

  it('Exchange Online by its EWS host, on-premises otherwise', () => {
    expect(
      classifyDiscovery('a@contoso.com', found('https://outlook.office365.com/EWS/Exchange.asmx')),
    ).toMatchObject({ method: 'oauth', online: true, failed: false });
    expect(
      classifyDiscovery(
        'a@contoso.com',
        found('https://mail.contoso.com/EWS/Exchange.asmx', 'pox'),
      ),
    ).toMatchObject({ method: 'password', online: false, failed: false });
  });

  it('a Microsoft 365 domain is online even when nothing answered', () => {
    expect(
      classifyDiscovery('a@contoso.onmicrosoft.com', { kind: 'not-found', challenges: [] }),
    ).toEqual({
      step: 'discovered',
      mailbox: 'a@contoso.onmicrosoft.com',
      ewsUrl: EXCHANGE_ONLINE_EWS_URL,
      method: 'oauth',
      online: true,
      failed: false,
    });
    // A look-alike domain is not.
    expect(
      classifyDiscovery('a@notonmicrosoft.com', { kind: 'not-found', challenges: [] }),
    ).toMatchObject({ failed: true });
  });

  it('challenges without an answer: password for Basic/NTLM/Negotiate, OAuth for Bearer alone', () => {
    const withChallenges = (challenges: string[]) =>
      classifyDiscovery('a@contoso.com', { kind: 'not-found', challenges });
    expect(withChallenges(['NTLM', 'Negotiate'])).toMatchObject({
      method: 'password',
      failed: false,
    });
    expect(withChallenges(['Basic realm="x"'])).toMatchObject({
      method: 'password',
      failed: false,
    });
    expect(withChallenges(['Bearer authorization_uri="https://login"'])).toMatchObject({
      method: 'oauth',
      failed: false,
      online: false,
    });
    expect(withChallenges(['Bearer', 'NTLM'])).toMatchObject({ method: 'password' });
    expect(withChallenges([])).toMatchObject({ method: 'password', failed: true });
  });
});

describe('checkTrustedCa', () => {
  const NOW = new Date();

  it('accepts one valid CA certificate and describes it', async () => {
    const ca = await selfsigned.generate([{ name: 'commonName', value: 'Contoso Root' }], {
      keySize: 2048,
      extensions: [{ name: 'basicConstraints', cA: true }],
    });
    const check = checkTrustedCa(`\n\n${ca.cert}\n`, new Date());
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.ca.subject).toBe('CN=Contoso Root');
    expect(check.ca.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(check.pem.startsWith('-----BEGIN CERTIFICATE-----')).toBe(true);
    // Two PEMs in one file (a chain) are refused: one authority is trusted at a time.
    expect(checkTrustedCa(`${ca.cert}\n${ca.cert}`, new Date())).toEqual({
      ok: false,
      reason: 'not-a-certificate',
    });
    // Before its start: not valid yet.
    expect(checkTrustedCa(ca.cert, new Date(Date.now() - 86_400_000 * 2))).toEqual({
      ok: false,
      reason: 'not-yet-valid',
    });
  });

  it('refuses a damaged certificate block', () => {
    expect(
      checkTrustedCa('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----', NOW),
    ).toEqual({ ok: false, reason: 'not-a-certificate' });
  });
});

describe('combinedCa', () => {
  it('joins the shell CA and the user CA, and is undefined without either', () => {
    expect(combinedCa(undefined, undefined)).toBeUndefined();
    expect(combinedCa('A\n', ' ')).toBe('A\n');
    expect(combinedCa('A', 'B')).toBe('A\nB\n');
  });
});
