/**
 * The build's OAuth defaults: the app registration Beacon signs in with when the settings name
 * none, and the resource scopes it asks for. The only place these constants live.
 */

/** Beacon's public-client registration in Microsoft Entra ID (multi-tenant). */
export const DEFAULT_CLIENT_ID = '5c1f7b0e-3f2a-4d6e-9b8c-beac0a000001';

/** Any work or school account (the tenant comes from the user's address at sign-in). */
export const DEFAULT_AUTHORITY = 'https://login.microsoftonline.com/organizations';

/** Exchange Online's delegated EWS permission. */
export const MICROSOFT_EWS_SCOPE = 'https://outlook.office365.com/EWS.AccessAsUser.All';

/** How long the browser sign-in waits for the redirect before it gives up. */
export const BROWSER_SIGN_IN_TIMEOUT_MS = 5 * 60_000;

/** Microsoft's authority hosts; any other authority is a plain OpenID Connect issuer. */
export const MICROSOFT_AUTHORITY_HOSTS: ReadonlySet<string> = new Set([
  'login.microsoftonline.com',
  'login.microsoftonline.us',
  'login.partner.microsoftonline.cn',
  'login.windows.net',
]);
