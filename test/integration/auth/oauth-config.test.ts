/**
 * The pure decisions of OAuth sign-in: which protocol an authority is spoken to in, the build's
 * defaults, which URLs the opener may be handed, and the simulator's choice of user from a token.
 */
import { describe, expect, it } from 'vitest';
import { isAuthorityUrl, resolveOAuthConfig } from '../../../src-main/auth/oauth/config.js';
import {
  DEFAULT_AUTHORITY,
  DEFAULT_CLIENT_ID,
  MICROSOFT_EWS_SCOPE,
  MICROSOFT_GRAPH_SCOPES,
} from '../../../src-main/auth/oauth/defaults.js';
import { isEmptyCache } from '../../../src-main/auth/oauth/cache-plugin.js';
import { challengesFor, looksLikeJwt, tokenUsername } from '../../../src-main/sim/auth.js';

describe('OAuth configuration', () => {
  it('defaults to the build registration on Entra ID with the EWS scope and Graph’s', () => {
    const config = resolveOAuthConfig(undefined);
    expect(config).toEqual({
      clientId: DEFAULT_CLIENT_ID,
      authority: DEFAULT_AUTHORITY,
      authorityOrigin: 'https://login.microsoftonline.com',
      protocol: 'aad',
      ewsScopes: [MICROSOFT_EWS_SCOPE],
      graphScopes: MICROSOFT_GRAPH_SCOPES.map((name) => `https://graph.microsoft.com/${name}`),
      cloud: 'global',
      graphRoot: 'https://graph.microsoft.com/v1.0',
      entraId: true,
    });
  });

  it('speaks plain OpenID Connect to any other authority, with the settings’ client id', () => {
    const config = resolveOAuthConfig(
      { clientId: 'c1', authority: 'https://sso.contoso.com/realms/x/' },
      { ewsScope: 'ews' },
    );
    expect(config.protocol).toBe('oidc');
    expect(config.authority).toBe('https://sso.contoso.com/realms/x');
    expect(config.authorityOrigin).toBe('https://sso.contoso.com');
    expect(config.clientId).toBe('c1');
    expect(config.ewsScopes).toEqual(['ews']);
  });

  it('lets the opener have https URLs on the authority’s origin only', () => {
    const origin = 'https://login.microsoftonline.com';
    expect(isAuthorityUrl(`${origin}/organizations/oauth2/v2.0/authorize?x=1`, origin)).toBe(true);
    expect(isAuthorityUrl('http://login.microsoftonline.com/authorize', origin)).toBe(false);
    expect(isAuthorityUrl('https://login.microsoftonline.com.evil.test/authorize', origin)).toBe(
      false,
    );
    expect(isAuthorityUrl('https://user:pw@login.microsoftonline.com/authorize', origin)).toBe(
      false,
    );
    expect(isAuthorityUrl('not a url', origin)).toBe(false);
  });

  it('knows an empty MSAL cache from one holding an account', () => {
    expect(isEmptyCache('{"Account":{},"IdToken":{},"AccessToken":{},"RefreshToken":{}}')).toBe(
      true,
    );
    expect(isEmptyCache('{"Account":{"k":{}},"RefreshToken":{}}')).toBe(false);
    expect(isEmptyCache('not json')).toBe(false);
  });
});

describe('the simulator’s Bearer decisions', () => {
  it('maps preferred_username, then email, then upn, lower-cased', () => {
    expect(tokenUsername({ preferred_username: 'Alex@Beacon.test', email: 'x@y.z' })).toBe(
      'alex@beacon.test',
    );
    expect(tokenUsername({ email: 'nestor@beacon.test' })).toBe('nestor@beacon.test');
    expect(tokenUsername({ upn: 'u@beacon.test' })).toBe('u@beacon.test');
    expect(tokenUsername({ sub: 'abc' })).toBeUndefined();
  });

  it('tells a JWT from a static token and names the authority in the challenge', () => {
    expect(looksLikeJwt('aGVhZA.cGF5bG9hZA.c2ln')).toBe(true);
    expect(looksLikeJwt('alex-token')).toBe(false);
    expect(challengesFor(undefined)).toEqual(['Basic realm="beacon-sim"', 'Bearer']);
    expect(
      challengesFor({ issuer: 'https://idp.test', audience: 'a', jwksUri: 'https://idp.test/j' }),
    ).toEqual(['Basic realm="beacon-sim"', 'Bearer authorization_uri="https://idp.test"']);
  });
});
