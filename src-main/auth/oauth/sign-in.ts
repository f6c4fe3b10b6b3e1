/**
 * One OAuth sign-in as the companion runs it: the session for the account (keychain or memory
 * by `remember`), the steps the window shows (browser → verifying, or device-code → verifying,
 * then null), and Cancel. The caller verifies the token against Exchange and keeps the session.
 */
import type { SignInProgress } from '../../core/contract.js';
import { oauthRefreshTokenKey, type SecretStore } from '../../core/secrets/secret-store.js';
import { resolveOAuthConfig, type OAuthSettingsInput } from './config.js';
import { OAuthError } from './errors.js';
import { openOAuthSession } from './open-session.js';
import type { OAuthIdentity, OAuthSession } from './session.js';

export interface OAuthSignInRequest {
  readonly mailbox: string;
  readonly flow: 'browser' | 'device-code';
  readonly remember: boolean;
  /** The resource the mailbox is reached over: the sign-in asks for its scopes. Default EWS. */
  readonly protocol?: 'ews' | 'graph' | undefined;
}

export interface OAuthSignInDeps {
  readonly settings?: OAuthSettingsInput | undefined;
  /** The EWS scope when the authority is not Microsoft's (a test authority, an ADFS). */
  readonly ewsScope?: string | undefined;
  /** Graph's scopes when the authority names them otherwise (a test authority). */
  readonly graphScopes?: readonly string[] | undefined;
  /** Treat the configured authority as Entra ID (a test authority standing in for it). */
  readonly entraId?: boolean | undefined;
  readonly secrets?: SecretStore | undefined;
  readonly extraCa?: string | undefined;
  readonly openExternal: (url: string) => Promise<void> | void;
  readonly onProgress: (progress: SignInProgress | null) => void;
  readonly browserTimeoutMs?: number | undefined;
}

export interface RunningOAuthSignIn {
  /** The signed-in session; rejects with an OAuthError (cancelled, timed-out, refused, ...). */
  readonly result: Promise<{ session: OAuthSession; identity: OAuthIdentity }>;
  /** Stops waiting for the browser or the device code. */
  cancel(): void;
}

export function startOAuthSignIn(
  request: OAuthSignInRequest,
  deps: OAuthSignInDeps,
): RunningOAuthSignIn {
  const abort = new AbortController();
  const config = resolveOAuthConfig(deps.settings, {
    ewsScope: deps.ewsScope,
    graphScopes: deps.graphScopes,
    entraId: deps.entraId,
  });
  const { mailbox } = request;
  // MSAL loads with the first OAuth sign-in; Cancel may come while it loads.
  const opening = openOAuthSession({
    config,
    mailbox,
    secrets: request.remember ? deps.secrets : undefined,
    extraCa: deps.extraCa,
    openExternal: deps.openExternal,
    protocol: request.protocol,
    ...(deps.browserTimeoutMs === undefined ? {} : { browserTimeoutMs: deps.browserTimeoutMs }),
  });

  const run = async (
    session: OAuthSession,
  ): Promise<{ session: OAuthSession; identity: OAuthIdentity }> => {
    // Cancelled before the session existed: no keychain change, no browser, no device code.
    if (abort.signal.aborted) throw new OAuthError('cancelled', 'The sign-in was cancelled');
    // "Do not remember" also means a cache remembered earlier must not come back later.
    if (!request.remember)
      await deps.secrets?.delete(oauthRefreshTokenKey(mailbox)).catch(() => false);
    const identity =
      request.flow === 'browser'
        ? await session.signInWithBrowser({
            signal: abort.signal,
            onBrowser: (expiresAt, url) => {
              deps.onProgress({
                step: 'browser',
                mailbox,
                expiresAt: expiresAt.toISOString(),
                url,
              });
            },
          })
        : await session.signInWithDeviceCode({
            signal: abort.signal,
            onCode: (step) => {
              deps.onProgress({
                step: 'device-code',
                mailbox,
                userCode: step.userCode,
                verificationUri: step.verificationUri,
                expiresAt: step.expiresAt.toISOString(),
              });
            },
          });
    deps.onProgress({ step: 'verifying', mailbox });
    return { session, identity };
  };

  const result = opening.then(
    (session) =>
      run(session).catch(async (error: unknown) => {
        deps.onProgress(null);
        await session.close();
        throw error;
      }),
    (error: unknown) => {
      deps.onProgress(null);
      throw error;
    },
  );
  return {
    result,
    cancel: () => {
      abort.abort();
    },
  };
}
