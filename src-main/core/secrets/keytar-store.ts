/**
 * SecretStore on the OS keychain through keytar (macOS Keychain, Windows Credential Manager,
 * the Secret Service on Linux).
 *
 * keytar is a native module, loaded on first use only, so code that never touches secrets (the
 * CLI, the simulator) runs without it. Every failure becomes a SecretStoreUnavailableError, and
 * every call is bounded by a timeout, because a locked Linux keyring blocks a call for 25 s or
 * more while it waits for an unlock prompt that may never appear.
 */
import { SecretStoreUnavailableError } from './errors.js';
import {
  classifyKeytarFailure,
  describeThrown,
  redactDetail,
  unavailableMessage,
} from './keytar-failure.js';
import {
  SECRET_SERVICE_NAME,
  assertStorableSecret,
  keychainAccount,
  type SecretKey,
  type SecretStore,
} from './secret-store.js';

/** The part of keytar's API the store uses. */
export interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export const DEFAULT_SECRET_TIMEOUT_MS = 5_000;

export interface KeytarSecretStoreOptions {
  /** Keychain service name; `beacon` unless a test needs its own. */
  readonly service?: string;
  /** Upper bound for one keychain call, including loading keytar. */
  readonly timeoutMs?: number;
  /** Loads the keytar module; the default is a dynamic import of `keytar`. */
  readonly loadKeytar?: () => Promise<unknown>;
}

const importKeytar = (): Promise<unknown> => import('keytar');

/**
 * The keytar API inside a loaded module, or undefined. keytar is CommonJS: an ESM import sees
 * its exports under `default`.
 */
export function keytarApiOf(loaded: unknown): KeytarApi | undefined {
  const candidates = [loaded, isObject(loaded) ? loaded.default : undefined];
  return candidates.find(isKeytarApi);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null;
}

function isKeytarApi(value: unknown): value is KeytarApi {
  return (
    isObject(value) &&
    typeof value.getPassword === 'function' &&
    typeof value.setPassword === 'function' &&
    typeof value.deletePassword === 'function'
  );
}

export class KeytarSecretStore implements SecretStore {
  private readonly service: string;
  private readonly timeoutMs: number;
  private readonly loadKeytar: () => Promise<unknown>;
  /** Loaded once; a native module that failed to load will not load later in this process. */
  private keytar: Promise<KeytarApi> | undefined;

  constructor(options: KeytarSecretStoreOptions = {}) {
    this.service = options.service ?? SECRET_SERVICE_NAME;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_SECRET_TIMEOUT_MS;
    this.loadKeytar = options.loadKeytar ?? importKeytar;
    if (!(this.timeoutMs > 0)) throw new RangeError('timeoutMs must be positive');
  }

  async get(key: SecretKey): Promise<string | null> {
    const account = keychainAccount(key);
    return await this.call(`reading the ${key.kind}`, [], (keytar) =>
      keytar.getPassword(this.service, account),
    );
  }

  async set(key: SecretKey, secret: string): Promise<void> {
    const account = keychainAccount(key);
    assertStorableSecret(secret);
    await this.call(`storing the ${key.kind}`, [secret], (keytar) =>
      keytar.setPassword(this.service, account, secret),
    );
  }

  async delete(key: SecretKey): Promise<boolean> {
    const account = keychainAccount(key);
    return await this.call(`deleting the ${key.kind}`, [], (keytar) =>
      keytar.deletePassword(this.service, account),
    );
  }

  /**
   * Runs one keychain call under the timeout. `secrets` are the values that must never reach a
   * message. A call that times out keeps running natively; its late result is dropped.
   */
  private async call<T>(
    operation: string,
    secrets: readonly string[],
    run: (keytar: KeytarApi) => Promise<T>,
  ): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        reject(
          new SecretStoreUnavailableError(
            'timeout',
            unavailableMessage(operation, 'timeout', `no answer within ${this.timeoutMs} ms`),
          ),
        );
      }, this.timeoutMs);
    });
    const work = this.api(operation).then(async (keytar) => {
      try {
        return await run(keytar);
      } catch (thrown) {
        const detail = redactDetail(describeThrown(thrown), secrets);
        const reason = classifyKeytarFailure(detail);
        throw new SecretStoreUnavailableError(
          reason,
          unavailableMessage(operation, reason, detail),
        );
      }
    });
    // A late rejection after the timeout won must not surface as an unhandled rejection.
    work.catch(() => undefined);
    try {
      return await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private api(operation: string): Promise<KeytarApi> {
    this.keytar ??= this.loadKeytar().then(
      (loaded) => {
        const api = keytarApiOf(loaded);
        if (!api) throw new Error('the loaded module has no keytar API');
        return api;
      },
      (thrown: unknown) => {
        throw new Error(describeThrown(thrown));
      },
    );
    return this.keytar.catch((thrown: unknown) => {
      throw new SecretStoreUnavailableError(
        'module-unavailable',
        unavailableMessage(
          operation,
          'module-unavailable',
          redactDetail(describeThrown(thrown), []),
        ),
      );
    });
  }
}
