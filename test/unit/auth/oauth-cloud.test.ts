/**
 * The Microsoft cloud of an authority and that cloud's Graph (Microsoft's national cloud
 * deployments): the service root the Graph backend is built with and the resource the scopes
 * name, so a cloud's tokens reach its own Graph only.
 */
import { describe, expect, it } from 'vitest';
import {
  cloudOfAuthority,
  graphOfAuthority,
  qualifyGraphScopes,
} from '../../../src-main/auth/oauth/cloud.js';
import { resolveOAuthConfig } from '../../../src-main/auth/oauth/config.js';
import { MICROSOFT_GRAPH_SCOPES } from '../../../src-main/auth/oauth/defaults.js';
import { graphRootFor } from '../../../src-main/core/companion/oauth-sign-in.js';

const SIM_GRAPH = 'http://127.0.0.1:4000/v1.0';

describe('the Graph of an authority’s cloud', () => {
  it.each([
    [
      'https://login.microsoftonline.com/organizations',
      false,
      'global',
      'https://graph.microsoft.com/v1.0',
      'https://graph.microsoft.com',
    ],
    [
      'https://login.windows.net/contoso.onmicrosoft.com',
      false,
      'global',
      'https://graph.microsoft.com/v1.0',
      'https://graph.microsoft.com',
    ],
    [
      'https://LOGIN.MICROSOFTONLINE.US/contoso.onmicrosoft.us',
      false,
      'us-government',
      'https://graph.microsoft.us/v1.0',
      'https://graph.microsoft.us',
    ],
    [
      'https://login.microsoftonline.us/army.onmicrosoft.us',
      true,
      'us-government-dod',
      'https://dod-graph.microsoft.us/v1.0',
      'https://dod-graph.microsoft.us',
    ],
    [
      'https://login.chinacloudapi.cn/contoso.partner.onmschina.cn',
      false,
      'china',
      'https://microsoftgraph.chinacloudapi.cn/v1.0',
      'https://microsoftgraph.chinacloudapi.cn',
    ],
    [
      'https://login.partner.microsoftonline.cn/common',
      false,
      'china',
      'https://microsoftgraph.chinacloudapi.cn/v1.0',
      'https://microsoftgraph.chinacloudapi.cn',
    ],
    // The DoD setting means nothing outside US Government.
    [
      'https://login.microsoftonline.com/common',
      true,
      'global',
      'https://graph.microsoft.com/v1.0',
      'https://graph.microsoft.com',
    ],
  ] as const)('%s (DoD %s): %s, %s', (authority, dod, cloud, graphRoot, resource) => {
    expect(cloudOfAuthority(authority, { usGovernmentDod: dod })).toBe(cloud);
    expect(graphOfAuthority(authority, { usGovernmentDod: dod })).toEqual({
      cloud,
      graphRoot,
      graphScopeResource: resource,
    });
    const config = resolveOAuthConfig({ authority, usGovernmentDod: dod });
    expect(config.cloud).toBe(cloud);
    expect(config.graphRoot).toBe(graphRoot);
    expect(config.protocol).toBe('aad');
    // Every scope names that cloud's Graph, none another's.
    expect(config.graphScopes).toEqual(MICROSOFT_GRAPH_SCOPES.map((name) => `${resource}/${name}`));
    // The configured (test) root never replaces a Microsoft cloud's own.
    expect(graphRootFor(config, SIM_GRAPH)).toBe(graphRoot);
  });

  it.each([
    'https://adfs.contoso.com/adfs',
    'https://localhost:4443',
    'https://login.microsoftonline.com.evil.example/common',
    'http://login.microsoftonline.com/common',
    'not a url',
  ])('%s is no Microsoft cloud: no Graph of Microsoft’s', (authority) => {
    expect(cloudOfAuthority(authority)).toBeUndefined();
    expect(graphOfAuthority(authority)).toBeUndefined();
  });

  it('an authority that is not Microsoft’s reaches only the Graph configured for it', () => {
    const config = resolveOAuthConfig(
      { authority: 'https://localhost:4443' },
      { graphScopes: ['Calendars.Read'], entraId: true },
    );
    expect(config.cloud).toBeUndefined();
    expect(config.graphRoot).toBeUndefined();
    // A test authority's scope names stay as it spells them.
    expect(config.graphScopes).toEqual(['Calendars.Read']);
    expect(graphRootFor(config, SIM_GRAPH)).toBe(SIM_GRAPH);
    expect(graphRootFor(config, undefined)).toBeUndefined();
  });

  it('keeps a scope that already names its resource', () => {
    expect(
      qualifyGraphScopes(['User.Read', 'https://graph.microsoft.us/Mail.ReadWrite'], {
        graphScopeResource: 'https://graph.microsoft.us',
      }),
    ).toEqual([
      'https://graph.microsoft.us/User.Read',
      'https://graph.microsoft.us/Mail.ReadWrite',
    ]);
  });
});
