/**
 * Pure: which protocol reaches an account's mailbox, EWS or Microsoft Graph.
 *
 * Exchange Online blocks EWS by default since 2026-10-01 and switches it off on 2027-04-01, so
 * an Exchange Online account uses Graph; on-premises Exchange has only EWS. The rule:
 * 1. The user chose EWS: EWS, whatever the server (a tenant that still allows EWS may keep it).
 * 2. The user chose Graph: Graph, when the account signs in with OAuth (Graph takes nothing else);
 *    a password account cannot reach Graph and is told to sign in with Microsoft.
 * 3. Automatic, with a password (Basic or NTLM): EWS, since only on-premises Exchange takes one.
 * 4. Automatic, with OAuth: Graph when anything says Exchange Online — the authority is Entra ID
 *    (login.microsoftonline.com and the other Microsoft clouds, or a configured authority marked
 *    as Entra ID), the EWS URL is Exchange Online's (outlook.office365.com, outlook.office.com or
 *    a host under outlook.com), or EWS answered with the tenant's block (403, the 'ews-blocked'
 *    failure); else the protocol the last sign-in chose, else EWS (an on-premises server with
 *    its own authority, such as AD FS).
 */
import type { AccountSettings, BackendChoice, MailboxProtocol } from '../contract.js';

export interface BackendFacts {
  /** The user's setting; absent means automatic. */
  choice: BackendChoice | undefined;
  /** How the account signs in. */
  signIn: 'oauth' | 'password';
  /** The OAuth authority is Microsoft Entra ID. */
  entraAuthority: boolean;
  /** The EWS URL from the settings or discovery, when known. */
  ewsUrl: string | undefined;
  /** EWS answered with the tenant's block (EwsBlockedByApplicationPolicy and the like). */
  ewsBlocked: boolean;
  /** What the last sign-in chose for this account. */
  remembered: MailboxProtocol | undefined;
}

export type BackendReason =
  | 'chosen'
  | 'password'
  | 'entra-authority'
  | 'exchange-online-url'
  | 'ews-blocked'
  | 'remembered'
  | 'on-premises';

export type BackendDecision =
  | { protocol: MailboxProtocol; reason: BackendReason }
  /** Graph was chosen for an account that signs in with a password. */
  | { protocol: null; reason: 'graph-needs-oauth' };

/** Hosts whose EWS is Exchange Online (a host under outlook.com counts too). */
const EXCHANGE_ONLINE_EWS_HOSTS = ['outlook.office365.com', 'outlook.office.com'];

/** True when `url` is an EWS URL of Exchange Online. */
export function isExchangeOnlineEwsUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase().replace(/\.$/, '');
  } catch {
    return false;
  }
  return (
    EXCHANGE_ONLINE_EWS_HOSTS.some((online) => host === online || host.endsWith(`.${online}`)) ||
    host.endsWith('.outlook.com')
  );
}

export function chooseBackend(facts: BackendFacts): BackendDecision {
  const choice = facts.choice ?? 'automatic';
  if (choice === 'ews') return { protocol: 'ews', reason: 'chosen' };
  if (choice === 'graph')
    return facts.signIn === 'oauth'
      ? { protocol: 'graph', reason: 'chosen' }
      : { protocol: null, reason: 'graph-needs-oauth' };
  if (facts.signIn === 'password') return { protocol: 'ews', reason: 'password' };
  if (facts.entraAuthority) return { protocol: 'graph', reason: 'entra-authority' };
  if (facts.ewsUrl !== undefined && isExchangeOnlineEwsUrl(facts.ewsUrl))
    return { protocol: 'graph', reason: 'exchange-online-url' };
  if (facts.ewsBlocked) return { protocol: 'graph', reason: 'ews-blocked' };
  if (facts.remembered !== undefined) return { protocol: facts.remembered, reason: 'remembered' };
  return { protocol: 'ews', reason: 'on-premises' };
}

/**
 * The decision for the account of the settings when it signs in with a password (Basic or NTLM;
 * an account not yet signed in counts as one); undefined for the demo, the signed-out state and
 * OAuth accounts, whose protocol the OAuth sign-in decides. `{protocol: null}` means Graph was
 * chosen, which a password cannot reach: the companion sends nothing and says so.
 */
export function passwordAccountDecision(settings: AccountSettings): BackendDecision | undefined {
  if (settings.mailbox === undefined || settings.auth === 'oauth') return undefined;
  return chooseBackend({
    choice: settings.backend,
    signIn: 'password',
    entraAuthority: false,
    ewsUrl: settings.ewsUrl,
    ewsBlocked: false,
    remembered: settings.protocol,
  });
}
