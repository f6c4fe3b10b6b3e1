/**
 * OAuth accounts in the companion: `sign-in-oauth` (the browser or a device code, with its steps
 * in Snapshot.signInProgress), Cancel, the silent reconnect at start from the keychain's token
 * cache, and forgetting the cache at sign-out. The EWS client sends the session's tokens
 * (BearerAuth); a refresh token that stopped working is a SignInExpiredError, which closes the
 * account until the user signs in again (no request loop).
 */
import { openOAuthSession } from '../../auth/oauth/open-session.js';
import type { OAuthSession } from '../../auth/oauth/session.js';
import { resolveOAuthConfig } from '../../auth/oauth/config.js';
import { SignInExpiredError } from '../../auth/oauth/errors.js';
import { startOAuthSignIn, type RunningOAuthSignIn } from '../../auth/oauth/sign-in.js';
import { autodiscoverAuth } from '../../auth/autodiscover-auth.js';
import { BearerAuth } from '../../ews/auth.js';
import { discoverEwsUrl } from '../../ews/autodiscover/index.js';
import { AutodiscoverError } from '../../ews/errors.js';
import { createBackend } from '../../backends/index.js';
import type { Clock } from '../../ews/transport/clock.js';
import type { AccountSettings, CommandOf, SignInProgress } from '../contract.js';
import { keychainAccount, type SecretStore } from '../secrets/secret-store.js';
import type { MailboxConnection, SecretSource } from './account.js';
import type { DiscoveryOptions } from './discover-account.js';

/** Exchange Online's EWS endpoint: the URL when the user gave none. */
export const EXCHANGE_ONLINE_EWS_URL = 'https://outlook.office365.com/EWS/Exchange.asmx';

export interface OAuthAccountsDeps {
  /** The keychain by account name (`oauth:<mailbox>` holds the token cache). */
  secrets: SecretSource | undefined;
  openExternal: (url: string) => Promise<void> | void;
  onProgress: (progress: SignInProgress | null) => void;
  extraCa: () => string | undefined;
  clock: Clock;
  timeoutMs: number | undefined;
  /** The EWS scope when the authority is not Microsoft's (an ADFS, a test authority). */
  ewsScope?: string | undefined;
  /** Where Autodiscover looks (tests); the library's defaults otherwise. */
  discovery?: DiscoveryOptions | undefined;
}

export interface OAuthAccounts {
  /** Runs the sign-in; resolves with an unverified connection, rejects with an OAuthError. */
  signIn(
    command: CommandOf<'sign-in-oauth'>,
    settings: AccountSettings,
  ): Promise<MailboxConnection>;
  /** Stops a sign-in waiting for the browser or the code; false when none was running. */
  cancel(): boolean;
  /** The remembered account, silently from the keychain's cache (no password, no window). */
  reconnect(settings: AccountSettings): Promise<MailboxConnection>;
  /** Removes the account from the token cache and its keychain entry. */
  forget(mailbox: string): Promise<void>;
}

/** The SecretStore the token cache needs, over the companion's keychain by account name. */
export function secretStoreOver(source: SecretSource): SecretStore {
  return {
    get: async (key) => (await source.get(keychainAccount(key))) ?? null,
    set: async (key, secret) => {
      if (source.set === undefined) throw new Error('The keychain cannot store secrets');
      await source.set(keychainAccount(key), secret);
    },
    delete: async (key) => (await source.delete?.(keychainAccount(key))) ?? false,
  };
}

export function createOAuthAccounts(deps: OAuthAccountsDeps): OAuthAccounts {
  let running: RunningOAuthSignIn | undefined;
  const store = deps.secrets === undefined ? undefined : secretStoreOver(deps.secrets);
  const ewsScope = deps.ewsScope === undefined ? {} : { ewsScope: deps.ewsScope };

  const connectionOver = (
    session: OAuthSession,
    mailbox: string,
    ewsUrl: string,
    storage: 'keychain' | 'memory',
  ): MailboxConnection => {
    const extraCa = deps.extraCa();
    const backend = createBackend({
      protocol: 'ews',
      maxAttempts: 1,
      maxPauseWaitMs: 0,
      timeoutMs: deps.timeoutMs ?? 30_000,
      ...(extraCa === undefined ? {} : { extraCa }),
      url: ewsUrl,
      mailbox,
      auth: new BearerAuth(session.tokenSource()),
      clock: deps.clock,
    });
    return {
      backend,
      account: {
        mode: 'exchange',
        mailbox,
        displayName: mailbox,
        ewsUrl,
        signIn: 'signing-in',
        auth: 'oauth',
        passwordStorage: storage,
      },
      close: async () => {
        await backend.close();
        await session.close();
      },
    };
  };

  /**
   * No URL came with the sign-in (discovery found an endpoint that wants a token, not a URL):
   * Autodiscover again, now with the token; Exchange Online's URL when that finds nothing.
   */
  const discoverWithToken = async (session: OAuthSession, mailbox: string): Promise<string> => {
    const extraCa = deps.extraCa();
    try {
      const found = await discoverEwsUrl(mailbox, {
        ...deps.discovery,
        ...(extraCa === undefined ? {} : { extraCa }),
        auth: autodiscoverAuth({ method: 'oauth', tokens: session.tokenSource() }).forUrl,
      });
      return found.ewsUrl;
    } catch (error) {
      if (error instanceof AutodiscoverError) return EXCHANGE_ONLINE_EWS_URL;
      throw error;
    }
  };

  return {
    async signIn(command, settings) {
      running?.cancel();
      const extraCa = deps.extraCa();
      const sign = startOAuthSignIn(
        { mailbox: command.mailbox, flow: command.flow, remember: command.remember },
        {
          settings: settings.oauth,
          ...ewsScope,
          secrets: store,
          extraCa,
          openExternal: deps.openExternal,
          onProgress: deps.onProgress,
        },
      );
      running = sign;
      try {
        const { session } = await sign.result;
        const url =
          command.ewsUrl ?? settings.ewsUrl ?? (await discoverWithToken(session, command.mailbox));
        return connectionOver(
          session,
          command.mailbox,
          url,
          command.remember && store ? 'keychain' : 'memory',
        );
      } finally {
        if (running === sign) running = undefined;
      }
    },
    cancel() {
      if (running === undefined) return false;
      running.cancel();
      running = undefined;
      deps.onProgress(null);
      return true;
    },
    async reconnect(settings) {
      const mailbox = settings.mailbox;
      if (mailbox === undefined || store === undefined) throw new SignInExpiredError();
      const session = await openOAuthSession({
        config: resolveOAuthConfig(settings.oauth, ewsScope),
        mailbox,
        secrets: store,
        extraCa: deps.extraCa(),
        openExternal: deps.openExternal,
      });
      try {
        // No remembered account: nothing can renew a token, and nothing is asked of anyone.
        if ((await session.restore()) === undefined) throw new SignInExpiredError();
      } catch (error) {
        await session.close();
        throw error;
      }
      return connectionOver(
        session,
        mailbox,
        settings.ewsUrl ?? EXCHANGE_ONLINE_EWS_URL,
        'keychain',
      );
    },
    async forget(mailbox) {
      if (store === undefined) return;
      const session = await openOAuthSession({
        config: resolveOAuthConfig(undefined, ewsScope),
        mailbox,
        secrets: store,
        openExternal: deps.openExternal,
      });
      try {
        await session.signOut();
      } finally {
        await session.close();
      }
    },
  };
}
