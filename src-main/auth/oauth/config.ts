/**
 * Pure: the OAuth configuration one sign-in uses, from the account's settings and the build's
 * defaults. A Microsoft authority is spoken to as Entra ID; any other is a plain OpenID Connect
 * issuer (MSAL's OIDC protocol mode, the issuer as its only known authority). A Microsoft
 * authority's cloud gives the Graph its tokens are for: the scopes name that Graph, and the
 * backend is sent nowhere else (cloud.ts).
 */
import { graphOfAuthority, qualifyGraphScopes, type MicrosoftCloud } from './cloud.js';
import {
  DEFAULT_AUTHORITY,
  DEFAULT_CLIENT_ID,
  MICROSOFT_AUTHORITY_HOSTS,
  MICROSOFT_EWS_SCOPE,
  MICROSOFT_GRAPH_SCOPES,
} from './defaults.js';

export interface OAuthSettingsInput {
  readonly clientId?: string | undefined;
  readonly authority?: string | undefined;
  /** The tenant is in US Government L5 (DoD) (its authority is L4's too). */
  readonly usGovernmentDod?: boolean | undefined;
}

export interface OAuthConfig {
  readonly clientId: string;
  /** With a trailing slash removed. */
  readonly authority: string;
  /** The authority's origin (`https://login.microsoftonline.com`), the only one the opener allows. */
  readonly authorityOrigin: string;
  readonly protocol: 'aad' | 'oidc';
  /** The EWS resource's scopes. */
  readonly ewsScopes: readonly string[];
  /** Microsoft Graph's delegated scopes, on the Graph of the authority's cloud. */
  readonly graphScopes: readonly string[];
  /** The Microsoft cloud of the authority; undefined for any other authority (AD FS, a test's). */
  readonly cloud: MicrosoftCloud | undefined;
  /**
   * Graph's service root in the authority's cloud, the only Graph its tokens may be sent to;
   * undefined when the authority is not Microsoft's (its Graph, if any, is configured apart).
   */
  readonly graphRoot: string | undefined;
  /**
   * The authority is Microsoft Entra ID, so the account is in Exchange Online: Microsoft's hosts,
   * or an authority the build or a test marks as Entra ID.
   */
  readonly entraId: boolean;
}

export interface OAuthConfigOptions {
  /** The EWS scope when the authority is not Microsoft's (an ADFS, a test authority). */
  ewsScope?: string | undefined;
  /** Graph's scopes when the authority names them otherwise (a test authority). */
  graphScopes?: readonly string[] | undefined;
  /** Treat the configured authority as Entra ID (a test authority standing in for it). */
  entraId?: boolean | undefined;
}

/** The scopes a sign-in asks for when the account's mailbox is reached over `protocol`. */
export function scopesFor(config: OAuthConfig, protocol: 'ews' | 'graph'): readonly string[] {
  return protocol === 'graph' ? config.graphScopes : config.ewsScopes;
}

export function resolveOAuthConfig(
  settings: OAuthSettingsInput | undefined,
  options: OAuthConfigOptions = {},
): OAuthConfig {
  const authority = (settings?.authority ?? DEFAULT_AUTHORITY).replace(/\/+$/, '');
  const url = new URL(authority);
  const microsoft = MICROSOFT_AUTHORITY_HOSTS.has(url.hostname.toLowerCase());
  const graph = graphOfAuthority(authority, { usGovernmentDod: settings?.usGovernmentDod });
  const graphScopes = options.graphScopes ?? MICROSOFT_GRAPH_SCOPES;
  return {
    clientId: settings?.clientId ?? DEFAULT_CLIENT_ID,
    authority,
    authorityOrigin: url.origin,
    protocol: microsoft ? 'aad' : 'oidc',
    ewsScopes: [options.ewsScope ?? MICROSOFT_EWS_SCOPE],
    graphScopes: graph === undefined ? [...graphScopes] : qualifyGraphScopes(graphScopes, graph),
    cloud: graph?.cloud,
    graphRoot: graph?.graphRoot,
    entraId: microsoft || options.entraId === true,
  };
}

/** Whether `url` may be opened for a sign-in: https on the configured authority's origin only. */
export function isAuthorityUrl(url: string, authorityOrigin: string): boolean {
  try {
    const parsed = new URL(url);
    return (
      parsed.protocol === 'https:' &&
      parsed.origin === authorityOrigin &&
      parsed.username === '' &&
      parsed.password === ''
    );
  } catch {
    return false;
  }
}
