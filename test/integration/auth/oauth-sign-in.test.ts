/**
 * The sign-in as the companion runs it, against a real OpenID Connect authority: the steps the
 * Snapshot shows (device-code, then verifying), the CLI's lines for the code, and Cancel, which
 * clears the steps and stops MSAL polling the authority, also when it comes while MSAL is still
 * loading (it loads with the first OAuth sign-in).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignInProgress } from '../../../src-main/core/contract.js';
import { SignInProgressSchema } from '../../../src-main/core/contract.js';
import { deviceCodeLines } from '../../../src-main/auth/oauth/device-code-text.js';
import { startOAuthSignIn } from '../../../src-main/auth/oauth/sign-in.js';
import { startOidcAuthority, type OidcAuthority } from '../../support/oidc-authority.js';

let authority: OidcAuthority;

beforeAll(async () => {
  authority = await startOidcAuthority({ accessTokenSeconds: 600 });
}, 30_000);
afterAll(async () => {
  await authority.close();
});

function deps(progress: (SignInProgress | null)[]) {
  return {
    settings: { clientId: authority.clientId, authority: authority.issuer },
    ewsScope: authority.scope,
    extraCa: authority.caPem,
    openExternal: () => {
      throw new Error('the device flow opens no browser');
    },
    onProgress: (p: SignInProgress | null) => {
      if (p !== null) SignInProgressSchema.parse(p);
      progress.push(p);
    },
  };
}

describe('the companion-side OAuth sign-in', () => {
  it('shows the device code, then verifying, and the CLI can print the code', async () => {
    const progress: (SignInProgress | null)[] = [];
    let approval: Promise<void> = Promise.resolve();
    const running = startOAuthSignIn(
      { mailbox: 'hana@contoso.com', flow: 'device-code', remember: false },
      {
        ...deps(progress),
        onProgress: (p: SignInProgress | null) => {
          progress.push(p);
          if (p?.step === 'device-code') {
            approval = authority.approveDeviceCode(p.userCode, 'hana@contoso.com');
          }
        },
      },
    );
    const { session, identity } = await running.result;
    await approval;
    expect(identity.username).toBe('hana@contoso.com');
    expect(progress.map((p) => p?.step ?? null)).toEqual(['device-code', 'verifying']);
    const code = progress[0];
    if (code?.step !== 'device-code') throw new Error('no device-code step');
    expect(code.verificationUri).toBe(`${authority.issuer}/device`);
    const lines = deviceCodeLines(
      {
        userCode: code.userCode,
        verificationUri: code.verificationUri,
        expiresAt: new Date(code.expiresAt),
      },
      new Date(Date.parse(code.expiresAt) - 600_000),
    );
    expect(lines).toEqual([
      `To sign in, open ${authority.issuer}/device in a browser`,
      `and enter the code ${code.userCode} (valid for 10 min).`,
    ]);
    await session.close();
  }, 30_000);

  it('Cancel while the code is shown ends the sign-in, clears the step, and polling stops', async () => {
    const progress: (SignInProgress | null)[] = [];
    const running = startOAuthSignIn(
      { mailbox: 'ivan@contoso.com', flow: 'device-code', remember: false },
      deps(progress),
    );
    while (progress.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    running.cancel();
    const error = await running.result.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ kind: 'cancelled' });
    expect(progress.map((p) => p?.step ?? null)).toEqual(['device-code', null]);
    const polls = (): number =>
      authority.requests.filter((r) => r.path === '/token' && r.method === 'POST').length;
    const after = polls();
    // MSAL polls every `interval` seconds (5 by default); none comes after the cancel.
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    expect(polls()).toBe(after);
  }, 30_000);

  it('Cancel before MSAL has loaded ends the sign-in before anything reaches the authority', async () => {
    const progress: (SignInProgress | null)[] = [];
    const before = authority.requests.length;
    const running = startOAuthSignIn(
      { mailbox: 'jun@contoso.com', flow: 'device-code', remember: false },
      deps(progress),
    );
    // At once: the session (and MSAL with it) is still being loaded.
    running.cancel();
    const error = await running.result.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ kind: 'cancelled' });
    expect(progress).toEqual([null]);
    // No device code asked for, no discovery, no polling afterwards.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(authority.requests.slice(before)).toEqual([]);
  }, 30_000);
});
