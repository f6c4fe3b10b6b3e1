/**
 * MSAL's token cache, persisted in the OS keychain (one entry per account: `oauth:<mailbox>`)
 * and nowhere else. remember=false keeps it in memory for this run only.
 */
import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';
import { oauthRefreshTokenKey, type SecretStore } from '../../core/secrets/secret-store.js';

export interface KeychainCachePlugin extends ICachePlugin {
  /** Removes the account's entry from the keychain. */
  forget(): Promise<void>;
}

export function keychainCachePlugin(secrets: SecretStore, mailbox: string): KeychainCachePlugin {
  const key = oauthRefreshTokenKey(mailbox);
  return {
    async beforeCacheAccess(context: TokenCacheContext): Promise<void> {
      const stored = await secrets.get(key);
      if (stored !== null) context.tokenCache.deserialize(stored);
    },
    async afterCacheAccess(context: TokenCacheContext): Promise<void> {
      if (!context.cacheHasChanged) return;
      const serialized = context.tokenCache.serialize();
      const empty = isEmptyCache(serialized);
      if (empty) await secrets.delete(key);
      else await secrets.set(key, serialized);
    },
    async forget(): Promise<void> {
      await secrets.delete(key);
    },
  };
}

/** An MSAL cache with no account, token or app metadata left. */
export function isEmptyCache(serialized: string): boolean {
  try {
    const parsed = JSON.parse(serialized) as Record<string, unknown>;
    return Object.values(parsed).every(
      (section) =>
        section === null ||
        typeof section !== 'object' ||
        Object.keys(section as Record<string, unknown>).length === 0,
    );
  } catch {
    return false;
  }
}
