export * from './errors.js';
export * from './secret-store.js';
export { KeytarSecretStore, DEFAULT_SECRET_TIMEOUT_MS } from './keytar-store.js';
export type { KeytarSecretStoreOptions } from './keytar-store.js';
