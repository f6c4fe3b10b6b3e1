/**
 * The build's OAuth defaults: the app registration Beacon signs in with when the settings name
 * none, and the resource scopes it asks for. The only place these constants live.
 */
import { ENTRA_AUTHORITY_HOSTS } from './cloud.js';

/** Beacon's own public-client registration in Microsoft Entra ID (multi-tenant). */
export const BEACON_CLIENT_ID = '5c1f7b0e-3f2a-4d6e-9b8c-beac0a000001';

/**
 * The client id a build was made with: `BEACON_OAUTH_CLIENT_ID` in the environment of
 * `npm run build` (electron.vite.config.ts writes it into the main process's bundle), so an
 * organisation can ship Beacon with its own app registration. Unbuilt runs (the web shell and
 * the CLI from source) read the same variable when they start.
 */
declare const __BEACON_OAUTH_CLIENT_ID__: string | undefined;

/** A client id as Entra ID and OpenID Connect issuers spell them: a GUID or a short token. */
const CLIENT_ID = /^[\w.-]{1,128}$/;

/** Pure: the configured client id when it is one, else Beacon's registration. */
export function chooseClientId(configured: string | undefined): string {
  const value = configured?.trim() ?? '';
  return CLIENT_ID.test(value) ? value : BEACON_CLIENT_ID;
}

/** The client id used when the account's settings name none. */
export const DEFAULT_CLIENT_ID = chooseClientId(
  typeof __BEACON_OAUTH_CLIENT_ID__ === 'string' && __BEACON_OAUTH_CLIENT_ID__ !== ''
    ? __BEACON_OAUTH_CLIENT_ID__
    : process.env.BEACON_OAUTH_CLIENT_ID,
);

/** Any work or school account (the tenant comes from the user's address at sign-in). */
export const DEFAULT_AUTHORITY = 'https://login.microsoftonline.com/organizations';

/** Exchange Online's delegated EWS permission. */
export const MICROSOFT_EWS_SCOPE = 'https://outlook.office365.com/EWS.AccessAsUser.All';

/**
 * Microsoft Graph's delegated scopes for an Exchange Online account, by name: config.ts asks for
 * them on the Graph of the account's cloud (`https://graph.microsoft.us/User.Read`, cloud.ts), the least privileged for
 * each call Beacon makes (graph-corpus INDEX.md, "Permissions for a desktop public client"):
 * the signed-in user, calendar view and free/busy, the automatic replies it writes, voicemail and
 * conversation history (read, mark read, move, create), people and directory search, contacts'
 * Teams presence, and its own presence session.
 */
export const MICROSOFT_GRAPH_SCOPES: readonly string[] = Object.freeze([
  'User.Read',
  'Calendars.Read',
  'MailboxSettings.ReadWrite',
  'Mail.ReadWrite',
  'People.Read',
  'User.ReadBasic.All',
  'Presence.Read.All',
  'Presence.ReadWrite',
]);

/** How long the browser sign-in waits for the redirect before it gives up. */
export const BROWSER_SIGN_IN_TIMEOUT_MS = 5 * 60_000;

/** Microsoft's authority hosts, of every cloud (cloud.ts); any other is a plain OpenID Connect issuer. */
export const MICROSOFT_AUTHORITY_HOSTS: ReadonlySet<string> = ENTRA_AUTHORITY_HOSTS;
