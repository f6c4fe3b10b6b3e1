/**
 * Device-code sign-in end to end against a real OpenID Connect authority (oidc-provider over
 * https with its own CA): the test plays the user and enters the code at the authority.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { resolveOAuthConfig } from '../../../src-main/auth/oauth/config.js';
import { OAuthSession, type DeviceCodeStep } from '../../../src-main/auth/oauth/session.js';
import { startOidcAuthority, type OidcAuthority } from '../../support/oidc-authority.js';

let authority: OidcAuthority;

beforeAll(async () => {
  authority = await startOidcAuthority({ accessTokenSeconds: 600 });
});
afterAll(async () => {
  await authority.close();
});

function session(mailbox: string): OAuthSession {
  return new OAuthSession({
    config: resolveOAuthConfig(
      { clientId: authority.clientId, authority: authority.issuer },
      { ewsScope: authority.scope },
    ),
    mailbox,
    extraCa: authority.caPem,
    openExternal: () => {
      throw new Error('the device flow opens no browser');
    },
  });
}

describe('device-code sign-in', () => {
  it('shows a code, the user enters it at the authority, and the token is for the user and EWS', async () => {
    const s = session('alice@contoso.com');
    const steps: DeviceCodeStep[] = [];
    let approval: Promise<void> = Promise.resolve();
    const identity = await s.signInWithDeviceCode({
      onCode: (step) => {
        steps.push(step);
        approval = authority.approveDeviceCode(step.userCode, 'alice@contoso.com');
      },
    });
    await approval;
    expect(steps).toHaveLength(1);
    expect(steps[0]?.verificationUri).toBe(`${authority.issuer}/device`);
    expect(steps[0]?.userCode).toMatch(/^[A-Z]{4}-?[A-Z]{4}$/);
    expect(identity.username).toBe('alice@contoso.com');
    const token = await s.tokenSource().token();
    const claims = decodeJwt(token);
    expect(claims.iss).toBe(authority.issuer);
    expect(claims.aud).toBe(authority.audience);
    expect(claims.sub).toBe('alice@contoso.com');
    await s.close();
  }, 30_000);
});
