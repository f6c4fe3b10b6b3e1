/**
 * OAuth accounts in the companion: `sign-in-oauth` (the browser or a device code, with its steps
 * in Snapshot.signInProgress), Cancel, the silent reconnect at start from the keychain's token
 * cache, and forgetting the cache at sign-out. The EWS client sends the session's tokens
 * (BearerAuth); a refresh token that stopped working is a SignInExpiredError, which closes the
 * account until the user signs in again (no request loop).
 *
 * Which protocol reaches the mailbox is decided by `chooseBackend` (backend-choice.ts): before the
 * sign-in from what is known (the authority, an EWS URL, the user's choice, the last sign-in's),
 * so the sign-in asks for that resource's scopes; again once discovery found the EWS URL; and,
 * when automatic, once more if EWS answers with the tenant's block, which moves the account to
 * Graph with a token asked silently from the same sign-in. The account remembers the protocol.
 */
import { openOAuthSession } from '../../auth/oauth/open-session.js';
import type { OAuthSession } from '../../auth/oauth/session.js';
import { resolveOAuthConfig, type OAuthConfig } from '../../auth/oauth/config.js';
import { SignInExpiredError } from '../../auth/oauth/errors.js';
import { startOAuthSignIn, type RunningOAuthSignIn } from '../../auth/oauth/sign-in.js';
import { autodiscoverAuth } from '../../auth/autodiscover-auth.js';
import { BearerAuth } from '../../ews/auth.js';
import { discoverEwsUrl } from '../../ews/autodiscover/index.js';
import { AutodiscoverError } from '../../ews/errors.js';
import { createBackend, toMailboxError } from '../../backends/index.js';
import type { MailboxBackend } from '../../mailbox/backend.js';
import { MailboxError } from '../../mailbox/errors.js';
import type { Clock } from '../../ews/transport/clock.js';
import type { AccountSettings, CommandOf, MailboxProtocol, SignInProgress } from '../contract.js';
import { keychainAccount, type SecretStore } from '../secrets/secret-store.js';
import type { MailboxConnection, SecretSource } from './account.js';
import { chooseBackend } from './backend-choice.js';
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
  /** Graph's scopes when the authority names them otherwise (a test authority). */
  graphScopes?: readonly string[] | undefined;
  /** Treat the configured authority as Entra ID, i.e. Exchange Online (a test authority). */
  entraId?: boolean | undefined;
  /**
   * Graph's service root for an authority that is not Microsoft's (tests: the simulator's
   * `/v1.0`). A Microsoft authority's tokens go to its own cloud's Graph only (cloud.ts), whatever
   * this says; without either an account cannot use Graph.
   */
  graphUrl?: string | undefined;
}

/**
 * Pure: the Graph a session's tokens may be sent to — the Microsoft cloud's own for an Entra ID
 * authority, else the one configured for the authority (a test's), else none.
 */
export function graphRootFor(
  config: Pick<OAuthConfig, 'graphRoot'>,
  configured: string | undefined,
): string | undefined {
  return config.graphRoot ?? configured;
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
  const configOptions = {
    ...ewsScope,
    graphScopes: deps.graphScopes,
    entraId: deps.entraId,
  };
  const configOf = (settings: AccountSettings | undefined): OAuthConfig =>
    resolveOAuthConfig(settings?.oauth, configOptions);

  /** The protocol from what is known now (OAuth accounts always get one). */
  const protocolFor = (
    settings: AccountSettings,
    config: OAuthConfig,
    ewsUrl: string | undefined,
    ewsBlocked = false,
  ): MailboxProtocol => {
    const protocol =
      chooseBackend({
        choice: settings.backend,
        signIn: 'oauth',
        entraAuthority: config.entraId,
        ewsUrl,
        ewsBlocked,
        remembered: settings.protocol,
      }).protocol ?? 'ews';
    // No Graph is known for this authority (an AD FS): its tokens are for EWS only, and are
    // never sent to a Graph of Microsoft's that did not issue them.
    return protocol === 'graph' && graphRootFor(config, deps.graphUrl) === undefined
      ? 'ews'
      : protocol;
  };

  const transportPolicy = () => {
    const extraCa = deps.extraCa();
    return {
      maxAttempts: 1,
      maxPauseWaitMs: 0,
      timeoutMs: deps.timeoutMs ?? 30_000,
      ...(extraCa === undefined ? {} : { extraCa }),
    };
  };

  const connectionOver = (
    session: OAuthSession,
    mailbox: string,
    target: { protocol: 'ews'; ewsUrl: string } | { protocol: 'graph'; ewsUrl?: string },
    storage: 'keychain' | 'memory',
    config: OAuthConfig,
  ): MailboxConnection => {
    let backend: MailboxBackend;
    const graphRoot = graphRootFor(config, deps.graphUrl);
    if (target.protocol === 'graph') {
      // protocolFor chooses Graph only when one is known for the authority.
      if (graphRoot === undefined) throw new Error('No Graph is known for this authority');
      // The Graph resource's tokens, whichever resource the sign-in asked for first, sent to the
      // Graph of the cloud that issued them.
      const tokens = session.tokenSource(config.graphScopes);
      backend = createBackend({
        protocol: 'graph',
        ...transportPolicy(),
        baseUrl: graphRoot,
        mailbox,
        tokenProvider: async ({ forceRefresh }) => {
          if (forceRefresh) await tokens.refresh?.();
          return tokens.token();
        },
        transportClock: deps.clock,
        now: () => new Date(deps.clock.now()),
        // Beacon's presence in Teams, as a session under the app id (a GUID with Entra ID).
        presenceSessionId: config.clientId,
      });
    } else {
      backend = createBackend({
        protocol: 'ews',
        ...transportPolicy(),
        url: target.ewsUrl,
        mailbox,
        auth: new BearerAuth(session.tokenSource(config.ewsScopes)),
        clock: deps.clock,
      });
    }
    return {
      backend,
      account: {
        mode: 'exchange',
        mailbox,
        displayName: mailbox,
        ...(target.ewsUrl === undefined ? {} : { ewsUrl: target.ewsUrl }),
        signIn: 'signing-in',
        auth: 'oauth',
        passwordStorage: storage,
        protocol: target.protocol,
      },
      close: async () => {
        await backend.close();
        await session.close();
      },
    };
  };

  /**
   * Automatic and EWS chosen: the first request tells whether the tenant blocks EWS. Blocked, the
   * account moves to Graph once Graph has answered (the session is kept; the EWS backend is
   * closed); when Graph does not answer either, or for any other EWS answer, the EWS connection
   * goes to the caller's own check, which shows the block in the user's words.
   */
  const unlessEwsBlocked = async (
    connection: MailboxConnection,
    session: OAuthSession,
    settings: AccountSettings,
    config: OAuthConfig,
  ): Promise<MailboxConnection> => {
    if ((settings.backend ?? 'automatic') !== 'automatic') return connection;
    try {
      await connection.backend.displayName();
      return connection;
    } catch (error) {
      const mapped = toMailboxError(error);
      if (!(mapped instanceof MailboxError) || mapped.failure?.reason !== 'ews-blocked')
        return connection;
      const ewsUrl = connection.account.ewsUrl;
      if (protocolFor(settings, config, ewsUrl, true) !== 'graph') return connection;
      const graph = connectionOver(
        session,
        connection.account.mailbox,
        { protocol: 'graph', ...(ewsUrl === undefined ? {} : { ewsUrl }) },
        connection.account.passwordStorage ?? 'memory',
        config,
      );
      try {
        // Graph must answer before the account moves: a tenant that has not consented to
        // Graph's scopes, or a Graph the machine cannot reach, would otherwise turn the block's
        // helpful words ("ask your administrator…") into a bare server error.
        await graph.backend.displayName();
      } catch {
        await graph.backend.close();
        return connection;
      }
      await connection.backend.close();
      return graph;
    }
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
      const config = configOf(settings);
      const knownUrl = command.ewsUrl ?? settings.ewsUrl;
      const protocol = protocolFor(settings, config, knownUrl);
      const sign = startOAuthSignIn(
        { mailbox: command.mailbox, flow: command.flow, remember: command.remember, protocol },
        {
          settings: settings.oauth,
          ...configOptions,
          secrets: store,
          extraCa,
          openExternal: deps.openExternal,
          onProgress: deps.onProgress,
        },
      );
      running = sign;
      try {
        const { session } = await sign.result;
        const storage = command.remember && store ? 'keychain' : 'memory';
        if (protocol === 'graph')
          return connectionOver(
            session,
            command.mailbox,
            { protocol: 'graph', ...(knownUrl === undefined ? {} : { ewsUrl: knownUrl }) },
            storage,
            config,
          );
        const url = knownUrl ?? (await discoverWithToken(session, command.mailbox));
        // The URL discovery found may say Exchange Online.
        if (protocolFor(settings, config, url) === 'graph')
          return connectionOver(
            session,
            command.mailbox,
            { protocol: 'graph', ewsUrl: url },
            storage,
            config,
          );
        const connection = connectionOver(
          session,
          command.mailbox,
          { protocol: 'ews', ewsUrl: url },
          storage,
          config,
        );
        return await unlessEwsBlocked(connection, session, settings, config);
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
      const config = configOf(settings);
      const ewsUrl = settings.ewsUrl ?? EXCHANGE_ONLINE_EWS_URL;
      const protocol = protocolFor(settings, config, settings.ewsUrl);
      const session = await openOAuthSession({
        config,
        protocol,
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
      if (protocol === 'graph')
        return connectionOver(
          session,
          mailbox,
          { protocol: 'graph', ...(settings.ewsUrl === undefined ? {} : { ewsUrl }) },
          'keychain',
          config,
        );
      const connection = connectionOver(
        session,
        mailbox,
        { protocol: 'ews', ewsUrl },
        'keychain',
        config,
      );
      return await unlessEwsBlocked(connection, session, settings, config);
    },
    async forget(mailbox) {
      if (store === undefined) return;
      const session = await openOAuthSession({
        config: configOf(undefined),
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
