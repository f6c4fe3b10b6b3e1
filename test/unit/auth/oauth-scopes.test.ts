/**
 * The scopes a sign-in asks for: EWS's one scope or Graph's delegated scopes, by the protocol
 * the account uses; which authorities count as Entra ID (Exchange Online).
 */
import { describe, expect, it } from 'vitest';
import { resolveOAuthConfig, scopesFor } from '../../../src-main/auth/oauth/config.js';
import {
  MICROSOFT_EWS_SCOPE,
  MICROSOFT_GRAPH_SCOPES,
} from '../../../src-main/auth/oauth/defaults.js';

describe('OAuth scopes per protocol', () => {
  it('asks EWS for its one delegated scope and Graph for the least privileged of each call', () => {
    const config = resolveOAuthConfig(undefined);
    expect(scopesFor(config, 'ews')).toEqual([MICROSOFT_EWS_SCOPE]);
    expect(MICROSOFT_EWS_SCOPE).toBe('https://outlook.office365.com/EWS.AccessAsUser.All');
    // On the global cloud's Graph (cloud.ts: each cloud's authority, its own Graph).
    expect([...scopesFor(config, 'graph')].sort()).toEqual(
      [
        'Calendars.Read',
        'Mail.ReadWrite',
        'MailboxSettings.ReadWrite',
        'People.Read',
        'Presence.Read.All',
        'Presence.ReadWrite',
        'User.Read',
        'User.ReadBasic.All',
      ]
        .map((name) => `https://graph.microsoft.com/${name}`)
        .sort(),
    );
    // Presence.ReadWrite does not cover others' presence; Calendars.Read is enough to read.
    expect(MICROSOFT_GRAPH_SCOPES).toContain('Presence.Read.All');
    expect(MICROSOFT_GRAPH_SCOPES).not.toContain('Calendars.ReadWrite');
  });

  it('takes a test authority’s names for both resources', () => {
    const config = resolveOAuthConfig(
      { authority: 'https://localhost:4443' },
      { ewsScope: 'ews.access', graphScopes: ['Calendars.Read'] },
    );
    expect(scopesFor(config, 'ews')).toEqual(['ews.access']);
    expect(scopesFor(config, 'graph')).toEqual(['Calendars.Read']);
  });

  it.each([
    ['https://login.microsoftonline.com/organizations', undefined, true],
    ['https://login.microsoftonline.us/contoso.onmicrosoft.us', undefined, true],
    ['https://LOGIN.MICROSOFTONLINE.COM/common', undefined, true],
    ['https://adfs.contoso.com/adfs', undefined, false],
    ['https://adfs.contoso.com/adfs', false, false],
    ['https://localhost:4443', true, true],
  ] as const)('%s (marked %s) is Entra ID: %s', (authority, marked, entra) => {
    const config = resolveOAuthConfig({ authority }, { entraId: marked });
    expect(config.entraId).toBe(entra);
    // Marking changes the decision only: a non-Microsoft authority is still spoken to as OIDC.
    expect(config.protocol).toBe(
      authority.toLowerCase().includes('microsoftonline') ? 'aad' : 'oidc',
    );
  });
});
