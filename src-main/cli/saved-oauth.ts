/**
 * The window's OAuth sign-in, for the CLI: the companion's own reconnect (oauth-sign-in.ts)
 * restores the session silently from the keychain's token cache and builds the backend the
 * window would, over EWS or Graph as the account's settings decide. Nothing is asked of the user;
 * a cache that cannot renew a token is a one-line error saying how to sign in again.
 */
import type { AccountSettings, MailboxProtocol } from '../core/contract.js';
import type { SecretSource } from '../core/companion/account.js';
import { SignInExpiredError } from '../auth/oauth/errors.js';
import { systemClock } from '../ews/transport/clock.js';
import { ConnectionError, type OpenMailbox } from './connection.js';
import type { CliStrings } from './strings.js';

export interface SavedOAuthOptions {
  settings: AccountSettings;
  /** `--protocol`'s choice, or the window's ('window'). */
  protocol: MailboxProtocol | 'window';
  keychain: () => Promise<SecretSource>;
  extraCa: string | undefined;
  /** Graph's root for an authority that is not Microsoft's (Microsoft's use their own cloud's). */
  graphUrl: string | undefined;
  ewsScope: string | undefined;
  strings: CliStrings;
}

export async function reconnectSaved(options: SavedOAuthOptions): Promise<OpenMailbox> {
  const { createOAuthAccounts } = await import('../core/companion/oauth-sign-in.js');
  const accounts = createOAuthAccounts({
    secrets: await options.keychain(),
    openExternal: () => undefined,
    onProgress: () => undefined,
    extraCa: () => options.extraCa,
    clock: systemClock,
    timeoutMs: undefined,
    ewsScope: options.ewsScope,
    graphUrl: options.graphUrl,
  });
  // `--protocol` is the Settings choice for this one run.
  const settings: AccountSettings =
    options.protocol === 'window'
      ? options.settings
      : { ...options.settings, backend: options.protocol };
  try {
    const connection = await accounts.reconnect(settings);
    return {
      backend: connection.backend,
      close: () => connection.close(),
      refused: options.strings.signInAgain,
    };
  } catch (error) {
    if (error instanceof SignInExpiredError)
      throw new ConnectionError(options.strings.signInAgain, { cause: error });
    throw error;
  }
}
