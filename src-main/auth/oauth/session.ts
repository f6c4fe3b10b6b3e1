/**
 * One account's OAuth sign-in through MSAL (a public client): the system browser with auth
 * code + PKCE and our own loopback listener, or a device code; then tokens per resource from
 * that one sign-in, renewed silently before every request, refreshed once on a 401, and a
 * revoked refresh token turned into "sign in again" without another request to the authority.
 */
import {
  AuthError,
  CryptoProvider,
  InteractionRequiredAuthError,
  LogLevel,
  ProtocolMode,
  PublicClientApplication,
  ServerError,
  type AccountInfo,
  type AuthenticationResult,
  type Configuration,
  type DeviceCodeRequest,
} from '@azure/msal-node';
import { randomBytes } from 'node:crypto';
import type { SecretStore } from '../../core/secrets/secret-store.js';
import type { TokenSource } from '../../ews/auth.js';
import { keychainCachePlugin, type KeychainCachePlugin } from './cache-plugin.js';
import { isAuthorityUrl, scopesFor, type OAuthConfig } from './config.js';
import { BROWSER_SIGN_IN_TIMEOUT_MS } from './defaults.js';
import { OAuthError, SignInExpiredError } from './errors.js';
import { startLoopbackListener } from './loopback.js';
import { createOAuthNetwork, type OAuthNetwork } from './network.js';

export interface DeviceCodeStep {
  readonly userCode: string;
  readonly verificationUri: string;
  readonly expiresAt: Date;
}

export interface OAuthSessionOptions {
  readonly config: OAuthConfig;
  readonly mailbox: string;
  /** The keychain; absent when the user chose not to be remembered (memory only). */
  readonly secrets?: SecretStore | undefined;
  /** A private CA to trust besides the built-in roots (TLS verification stays on). */
  readonly extraCa?: string | undefined;
  /** Opens an https URL of the authority in the system browser (the shell's vetted opener). */
  readonly openExternal: (url: string) => Promise<void> | void;
  readonly browserTimeoutMs?: number;
  readonly now?: () => Date;
  /**
   * The resource the mailbox is reached over: the sign-in asks for its scopes, and `tokenSource()`
   * gives its tokens (the other resource's come silently, from the same sign-in). Default EWS.
   */
  readonly protocol?: 'ews' | 'graph' | undefined;
}

/** The signed-in identity, with no token in it. */
export interface OAuthIdentity {
  readonly username: string;
  readonly homeAccountId: string;
}

const EXPIRED_MESSAGE = 'The sign-in expired; the user must sign in again';

export class OAuthSession {
  readonly #options: OAuthSessionOptions;
  readonly #network: OAuthNetwork;
  readonly #plugin: KeychainCachePlugin | undefined;
  readonly #pca: PublicClientApplication;
  readonly #crypto = new CryptoProvider();
  #account: AccountInfo | undefined;
  #expired = false;
  /** Renewals in flight by scopes and force: callers that come meanwhile share the answer. */
  readonly #inFlight = new Map<string, Promise<AuthenticationResult>>();
  /** The last renewal queued: one at a time, so a rotated refresh token is never sent twice. */
  #tail: Promise<unknown> = Promise.resolve();

  constructor(options: OAuthSessionOptions) {
    this.#options = options;
    this.#network = createOAuthNetwork({ extraCa: options.extraCa });
    this.#plugin = options.secrets
      ? keychainCachePlugin(options.secrets, options.mailbox)
      : undefined;
    const { config } = options;
    const configuration: Configuration = {
      auth: {
        clientId: config.clientId,
        authority: config.authority,
        ...(config.protocol === 'oidc'
          ? { knownAuthorities: [new URL(config.authority).host] }
          : {}),
      },
      system: {
        protocolMode: config.protocol === 'oidc' ? ProtocolMode.OIDC : ProtocolMode.AAD,
        networkClient: this.#network,
        // MSAL's own log holds URLs with codes at Verbose; only warnings, and never PII.
        loggerOptions: {
          logLevel: LogLevel.Warning,
          piiLoggingEnabled: false,
          loggerCallback: () => undefined,
        },
      },
      ...(this.#plugin ? { cache: { cachePlugin: this.#plugin } } : {}),
    };
    this.#pca = new PublicClientApplication(configuration);
  }

  /** The scopes of the resource the mailbox is reached over. */
  #primaryScopes(): readonly string[] {
    return scopesFor(this.#options.config, this.#options.protocol ?? 'ews');
  }

  /** True once the refresh token stopped working: nothing is asked of the authority any more. */
  get expired(): boolean {
    return this.#expired;
  }

  /** The account a previous run remembered (from the keychain), if any. */
  async restore(): Promise<OAuthIdentity | undefined> {
    const accounts = await this.#pca.getTokenCache().getAllAccounts();
    const wanted = this.#options.mailbox.toLowerCase();
    this.#account = accounts.find((a) => a.username.toLowerCase() === wanted) ?? accounts[0];
    return this.#account ? identityOf(this.#account) : undefined;
  }

  /**
   * The system browser signs the user in; resolves when the loopback redirect brought a code and
   * MSAL redeemed it. `onBrowser` runs just before the browser is opened.
   */
  async signInWithBrowser(options: {
    signal?: AbortSignal;
    /** `url`: the authority's sign-in page, vetted (https on the configured authority). */
    onBrowser?: (expiresAt: Date, url: string) => void;
  }): Promise<OAuthIdentity> {
    const timeoutMs = this.#options.browserTimeoutMs ?? BROWSER_SIGN_IN_TIMEOUT_MS;
    const pkce = await this.#crypto.generatePkceCodes();
    const state = randomBytes(24).toString('base64url');
    const scopes = [...this.#primaryScopes()];
    const listener = await startLoopbackListener({
      expectedState: state,
      timeoutMs,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    try {
      const url = await this.#pca.getAuthCodeUrl({
        scopes,
        redirectUri: listener.redirectUri,
        codeChallenge: pkce.challenge,
        codeChallengeMethod: 'S256',
        state,
        loginHint: this.#options.mailbox,
        // Entra ID's account picker; a plain OpenID Connect issuer need not know the value.
        ...(this.#options.config.protocol === 'aad' ? { prompt: 'select_account' } : {}),
      });
      if (!isAuthorityUrl(url, this.#options.config.authorityOrigin)) {
        throw new OAuthError('refused', 'The sign-in page is not on the configured authority');
      }
      options.onBrowser?.(new Date(this.now().getTime() + timeoutMs), url);
      await this.#options.openExternal(url);
      const redirect = await listener.redirect;
      const result = await this.#pca
        .acquireTokenByCode(
          {
            code: redirect.code,
            scopes,
            redirectUri: listener.redirectUri,
            codeVerifier: pkce.verifier,
            state,
          },
          { ...redirect.params, code: redirect.code, state },
        )
        .catch((error: unknown) => {
          throw mapSignInError(error);
        });
      return this.#signedIn(result);
    } finally {
      await listener.close();
    }
  }

  /** Device-code sign-in: `onCode` gets the code to show; resolves when the user entered it. */
  async signInWithDeviceCode(options: {
    signal?: AbortSignal;
    onCode: (step: DeviceCodeStep) => void;
  }): Promise<OAuthIdentity> {
    const request: DeviceCodeRequest = {
      scopes: [...this.#primaryScopes()],
      deviceCodeCallback: (response) => {
        options.onCode({
          userCode: response.userCode,
          verificationUri: response.verificationUri,
          expiresAt: new Date(this.now().getTime() + response.expiresIn * 1000),
        });
      },
    };
    const onAbort = (): void => {
      request.cancel = true;
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const result = await this.#pca.acquireTokenByDeviceCode(request).catch((error: unknown) => {
        if (options.signal?.aborted) throw new OAuthError('cancelled', 'The sign-in was cancelled');
        throw mapSignInError(error);
      });
      if (!result) throw new OAuthError('refused', 'The authority gave no token');
      return this.#signedIn(result);
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  /**
   * Tokens for one resource (the mailbox protocol's scopes by default), from the one sign-in. `token()` renews
   * silently before every request (MSAL refreshes when fewer than five minutes remain);
   * `refresh()` forces one refresh after a 401.
   */
  tokenSource(scopes: readonly string[] = this.#primaryScopes()): TokenSource {
    return {
      token: async () => (await this.#silent(scopes, false)).accessToken,
      // A refresh that cannot happen throws SignInExpiredError (an AuthError): the caller sees
      // "sign in again" at once, rather than the server's generic refusal.
      refresh: async () => {
        await this.#silent(scopes, true);
        return true;
      },
    };
  }

  /** Removes the account from MSAL's cache and the keychain. */
  async signOut(): Promise<void> {
    const cache = this.#pca.getTokenCache();
    for (const account of await cache.getAllAccounts()) await cache.removeAccount(account);
    this.#account = undefined;
    await this.#plugin?.forget();
  }

  async close(): Promise<void> {
    await this.#network.close();
  }

  private now(): Date {
    return this.#options.now?.() ?? new Date();
  }

  #signedIn(result: AuthenticationResult): OAuthIdentity {
    if (!result.account) throw new OAuthError('refused', 'The authority named no account');
    this.#account = result.account;
    this.#expired = false;
    return identityOf(result.account);
  }

  /**
   * The authority rotates the refresh token on every use and ends the whole grant when an old
   * one comes back, so two renewals must never run at once. MSAL shares only identical requests
   * in flight; a 401's forced refresh and a renewal at expiry are not identical and would both
   * send the same refresh token. So requests that find a renewal of the same kind in flight
   * share it, and the others wait their turn (MSAL's cache then holds the rotated token).
   */
  #silent(scopes: readonly string[], forceRefresh: boolean): Promise<AuthenticationResult> {
    const key = `${forceRefresh ? 'force' : 'silent'} ${[...scopes].sort().join(' ')}`;
    const shared = this.#inFlight.get(key);
    if (shared) return shared;
    const run = this.#tail.then(
      () => this.#silentNow(scopes, forceRefresh),
      () => this.#silentNow(scopes, forceRefresh),
    );
    this.#inFlight.set(key, run);
    const done = (): void => {
      if (this.#inFlight.get(key) === run) this.#inFlight.delete(key);
    };
    // Settled either way before the next renewal starts; the caller still sees the rejection.
    this.#tail = run.then(done, done);
    return run;
  }

  async #silentNow(
    scopes: readonly string[],
    forceRefresh: boolean,
  ): Promise<AuthenticationResult> {
    if (this.#expired) throw new SignInExpiredError();
    const account = this.#account ?? (await this.restore(), this.#account);
    if (!account) {
      this.#expired = true;
      throw new SignInExpiredError();
    }
    try {
      return await this.#pca.acquireTokenSilent({ account, scopes: [...scopes], forceRefresh });
    } catch (error) {
      const mapped = mapSilentError(error);
      if (mapped.kind !== 'expired') throw mapped;
      this.#expired = true;
      throw new SignInExpiredError({ cause: error });
    }
  }
}

function identityOf(account: AccountInfo): OAuthIdentity {
  return { username: account.username, homeAccountId: account.homeAccountId };
}

/** invalid_grant and friends: the refresh token is gone; anything else may pass. */
export function mapSilentError(error: unknown): OAuthError {
  if (error instanceof OAuthError) return error;
  if (error instanceof InteractionRequiredAuthError) {
    return new OAuthError('expired', EXPIRED_MESSAGE, { cause: error });
  }
  if (error instanceof ServerError && /invalid_grant|interaction_required/.test(error.errorCode)) {
    return new OAuthError('expired', EXPIRED_MESSAGE, { cause: error });
  }
  return new OAuthError('unreachable', 'The authority could not renew the token', { cause: error });
}

function mapSignInError(error: unknown): OAuthError {
  if (error instanceof OAuthError) return error;
  if (error instanceof AuthError) {
    if (/cancel/i.test(error.errorCode)) {
      return new OAuthError('cancelled', 'The sign-in was cancelled', { cause: error });
    }
    if (/expired_token|code_expired|device_code_expired/.test(error.errorCode)) {
      return new OAuthError('timed-out', 'The code was not entered in time', { cause: error });
    }
    if (error instanceof ServerError) {
      return new OAuthError('refused', 'The authority refused the sign-in', { cause: error });
    }
  }
  return new OAuthError('unreachable', 'The authority could not be reached', { cause: error });
}
