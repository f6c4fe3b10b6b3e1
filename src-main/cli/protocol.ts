/**
 * Pure: which protocol the CLI's server commands speak, and with which secret. The decision is
 * the window's (`chooseBackend` in core/companion/backend-choice.ts); this only gathers its facts
 * from flags, environment and the saved account, and lets `--protocol` / BEACON_PROTOCOL choose
 * as the Settings choice does.
 */
import { graphOfCloud } from '../auth/oauth/cloud.js';
import { chooseBackend, type BackendFacts } from '../core/companion/backend-choice.js';
import type { AccountSettings, MailboxProtocol } from '../core/contract.js';
import { UsageError } from './output.js';

/** Graph's global service root: where a token goes when nothing names another Graph. */
export const GRAPH_GLOBAL_URL = graphOfCloud('global').graphRoot;

export interface ProtocolInputs {
  /** `--protocol`, else BEACON_PROTOCOL; undefined or '' lets the account decide. */
  asked: string | undefined;
  /** The secret the environment gives: BEACON_TOKEN, BEACON_PASSWORD, or neither. */
  secret: 'token' | 'password' | 'none';
  /** The window's account, when it is the mailbox the command runs as. */
  own: AccountSettings | undefined;
  /** The saved account's authority is Microsoft Entra ID. */
  entraAuthority: boolean;
  /** The EWS URL from --url, BEACON_EWS_URL or the saved account, when known. */
  ewsUrl: string | undefined;
}

export type ProtocolPlan =
  /** EWS or Graph with the secret from the environment (or a password from keychain/prompt). */
  | { via: 'secret'; protocol: MailboxProtocol; auth: 'token' | 'password' }
  /** The window's OAuth sign-in, restored from the keychain's token cache. */
  | { via: 'saved-oauth'; protocol: MailboxProtocol | 'window' }
  /** Graph asked for an account that has only a password: Graph takes OAuth only. */
  | { via: 'error'; reason: 'graph-needs-oauth' };

/** `--protocol` / BEACON_PROTOCOL: ews or graph (any case), else wrong usage. */
export function parseProtocol(value: string | undefined): MailboxProtocol | undefined {
  if (value === undefined || value === '') return undefined;
  const lower = value.toLowerCase();
  if (lower === 'ews' || lower === 'graph') return lower;
  throw new UsageError(`--protocol must be ews or graph (not "${value}")`);
}

export function planProtocol(inputs: ProtocolInputs): ProtocolPlan {
  const asked = parseProtocol(inputs.asked);
  const savedOAuth = inputs.own?.auth === 'oauth';
  // A secret in the environment wins over the saved sign-in, as it does for EWS.
  if (inputs.secret === 'none' && savedOAuth)
    return { via: 'saved-oauth', protocol: asked ?? 'window' };
  const signIn = inputs.secret === 'token' ? 'oauth' : 'password';
  const facts: BackendFacts = {
    choice: asked ?? inputs.own?.backend,
    signIn,
    entraAuthority: inputs.entraAuthority,
    ewsUrl: inputs.ewsUrl,
    ewsBlocked: false,
    remembered: inputs.own?.protocol,
  };
  const decision = chooseBackend(facts);
  if (decision.protocol === null) return { via: 'error', reason: 'graph-needs-oauth' };
  return {
    via: 'secret',
    protocol: decision.protocol,
    auth: inputs.secret === 'token' ? 'token' : 'password',
  };
}
