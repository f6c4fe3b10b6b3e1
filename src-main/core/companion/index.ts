/** The companion: the core's composition root (plain Node, no Electron). */
export { createCompanion, type Companion, type CompanionDeps } from './companion.js';
export {
  DEMO_DISPLAY_NAME,
  provisionalAccount,
  verifyAccount,
  type DemoMailbox,
  type SecretSource,
} from './account.js';
export {
  CredentialsMissingError,
  SignInRequiredError,
  commandFailureFrom,
  failureFrom,
} from './failures.js';
export { keychainPasswords } from './keychain.js';
