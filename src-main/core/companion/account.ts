/**
 * Which mailbox the companion talks to. No mailbox in the settings → the demo mailbox (the
 * simulator with the demo seed, in-process on a loopback port). Otherwise Exchange: the EWS URL
 * from the settings or from Autodiscover, with the password from the secret store, sent with
 * the method remembered for the account or chosen from the server's challenges (NTLM or Basic),
 * to Autodiscover as to EWS.
 */
import { autodiscoverAuth } from '../../auth/autodiscover-auth.js';
import { passwordAuth } from '../../auth/password-auth.js';
import { BasicAuth } from '../../ews/auth.js';
import { discoverEwsUrl, type AutodiscoverOptions } from '../../ews/autodiscover/index.js';
import { AutodiscoverError } from '../../ews/errors.js';
import type { Clock } from '../../ews/transport/clock.js';
import { createBackend } from '../../backends/index.js';
import type { MailboxBackend } from '../../mailbox/backend.js';
import type { Account, AccountSettings } from '../contract.js';
import type { DiscoveryOptions } from './discover-account.js';
import { CredentialsMissingError } from './failures.js';

/** The running demo mailbox (the simulator's handle has this shape). */
export interface DemoMailbox {
  readonly ewsUrl: string;
  /** Its Microsoft Graph face (the same mailboxes), when it has one. */
  readonly graphUrl?: string;
  /**
   * The first user is "me". `token` is the bearer token the Graph face takes for the user (a
   * static one: the demo has no authority to sign in with).
   */
  readonly users: readonly {
    email: string;
    displayName: string;
    password: string;
    token?: string;
  }[];
  close(): Promise<void>;
}

export interface SecretSource {
  /** The password stored for `account` (the mailbox address), if any. */
  get(account: string): Promise<string | undefined>;
  /** Stores it (sign-in); absent when the keychain is read-only or missing. */
  set?(account: string, secret: string): Promise<void>;
  /** Forgets it (sign-out); true when there was one. */
  delete?(account: string): Promise<boolean>;
  /**
   * Whether the keychain answers at all (bounded by the store's own timeout); absent when the
   * source cannot tell, and then the keychain counts as usable until a call fails.
   */
  probe?(): Promise<boolean>;
}

export interface MailboxConnection {
  backend: MailboxBackend;
  account: Account;
  close(): Promise<void>;
}

export interface ConnectOptions {
  settings: AccountSettings;
  startDemoMailbox: () => Promise<DemoMailbox>;
  secrets: SecretSource | undefined;
  clock: Clock;
  extraCa?: string | undefined;
  /** How long a request may take before it fails as a timeout; default 30 s. */
  timeoutMs?: number | undefined;
  /** Where Autodiscover looks (tests); the library's defaults otherwise. */
  discovery?: DiscoveryOptions | undefined;
}

/** The demo is shown by this name until the demo mailbox tells its user's. */
export const DEMO_DISPLAY_NAME = 'Demo mailbox';

export function isDemo(settings: AccountSettings): boolean {
  return settings.mailbox === undefined && settings.demo;
}

/** The user signed out and did not choose the demo: nothing is connected, nothing refreshed. */
export function isSignedOut(settings: AccountSettings): boolean {
  return settings.mailbox === undefined && !settings.demo;
}

/** The account as known before connecting (for the first Snapshot and the cache lookup). */
export function provisionalAccount(settings: AccountSettings): Account {
  if (settings.mailbox === undefined)
    return settings.demo
      ? { mode: 'demo', mailbox: '', displayName: DEMO_DISPLAY_NAME, signIn: 'signed-in' }
      : { mode: 'signed-out', mailbox: '', displayName: '', signIn: 'signed-out' };
  const account: Account = {
    mode: 'exchange',
    mailbox: settings.mailbox,
    displayName: settings.mailbox,
    signIn: 'signing-in',
  };
  if (settings.ewsUrl !== undefined) account.ewsUrl = settings.ewsUrl;
  return account;
}

/**
 * The scheduler retries; the transport does not, so a refresh fails fast and the footer says
 * so. A server's request to pause fails the request at once, and the scheduler waits it out.
 */
const TRANSPORT_POLICY = { maxAttempts: 1, maxPauseWaitMs: 0, timeoutMs: 30_000 } as const;

export async function connectMailbox(options: ConnectOptions): Promise<MailboxConnection> {
  const { settings } = options;
  // Signed out is a state the user chose: the demo does not start behind their back.
  if (isSignedOut(settings)) throw new CredentialsMissingError('Signed out: no account to connect');
  const policy = {
    ...TRANSPORT_POLICY,
    timeoutMs: options.timeoutMs ?? TRANSPORT_POLICY.timeoutMs,
  };
  if (settings.mailbox === undefined) {
    const demo = await options.startDemoMailbox();
    const me = demo.users[0];
    if (me === undefined) {
      await demo.close();
      throw new Error('The demo mailbox has no user');
    }
    return demoConnection(demo, me, settings, policy, options.clock);
  }

  const mailbox = settings.mailbox;
  let password: string | undefined;
  try {
    password = await options.secrets?.get(mailbox);
  } catch (error) {
    // An unreachable keychain is a sign-in problem the user can act on, not an internal error.
    const reason = error instanceof Error ? error.message : String(error);
    throw new CredentialsMissingError(
      `The password for ${mailbox} could not be read: ${reason}`,
      'keychain-unavailable',
    );
  }
  if (password === undefined || password === '')
    throw new CredentialsMissingError(`No password is stored for ${mailbox}; sign in again`);
  const extraCa = options.extraCa === undefined ? {} : { extraCa: options.extraCa };
  // Autodiscover signs in as EWS will: the remembered method, else what each endpoint asks for.
  const remembered =
    settings.auth === 'basic' || settings.auth === 'ntlm' ? settings.auth : undefined;
  const discoveryAuth = autodiscoverAuth(
    { method: remembered, login: mailbox, password },
    { ...extraCa, timeoutMs: policy.timeoutMs },
  );
  const url = await ewsUrlFor(settings, mailbox, {
    ...options.discovery,
    ...extraCa,
    auth: discoveryAuth.forUrl,
  });
  // The method remembered for the account, or the one the server's challenges ask for.
  const { method, auth } = await passwordAuth({
    url,
    login: mailbox,
    password,
    remembered: settings.auth,
    ...extraCa,
    timeoutMs: policy.timeoutMs,
  });
  const backend = createBackend({
    protocol: 'ews',
    ...policy,
    ...extraCa,
    url,
    mailbox,
    auth,
    clock: options.clock,
  });
  return {
    backend,
    account: {
      mode: 'exchange',
      mailbox,
      displayName: mailbox,
      ewsUrl: url,
      signIn: 'signing-in',
      auth: method,
      // A password reaches only EWS (backend-choice.ts, rule 3).
      protocol: 'ews',
    },
    close: () => backend.close(),
  };
}

/**
 * The demo mailbox over the protocol the user chose: Microsoft Graph when they chose it and the
 * demo has a Graph face, else EWS (the demo stands for an on-premises server otherwise, so
 * "automatic" keeps EWS). No presence publisher: the demo does not publish to anyone's Teams.
 */
function demoConnection(
  demo: DemoMailbox,
  me: DemoMailbox['users'][number],
  settings: AccountSettings,
  policy: { maxAttempts: number; maxPauseWaitMs: number; timeoutMs: number },
  clock: Clock,
): MailboxConnection {
  const token = me.token;
  const overGraph =
    settings.backend === 'graph' && demo.graphUrl !== undefined && token !== undefined;
  const backend = overGraph
    ? createBackend({
        protocol: 'graph',
        ...policy,
        baseUrl: demo.graphUrl,
        mailbox: me.email,
        tokenProvider: () => Promise.resolve(token),
        transportClock: clock,
        now: () => new Date(clock.now()),
      })
    : createBackend({
        protocol: 'ews',
        ...policy,
        url: demo.ewsUrl,
        mailbox: me.email,
        auth: new BasicAuth(me.email, me.password),
        clock,
      });
  return {
    backend,
    account: {
      mode: 'demo',
      mailbox: me.email,
      displayName: me.displayName,
      ewsUrl: demo.ewsUrl,
      signIn: 'signed-in',
      protocol: overGraph ? 'graph' : 'ews',
    },
    close: async () => {
      await backend.close();
      await demo.close();
    },
  };
}

/**
 * The configured URL when Autodiscover is off; otherwise Autodiscover, falling back to the
 * configured URL when it finds nothing.
 */
async function ewsUrlFor(
  settings: AccountSettings,
  mailbox: string,
  options: AutodiscoverOptions,
): Promise<string> {
  if (settings.ewsUrl !== undefined && !settings.useAutodiscover) return settings.ewsUrl;
  try {
    return (await discoverEwsUrl(mailbox, options)).ewsUrl;
  } catch (error) {
    if (error instanceof AutodiscoverError && settings.ewsUrl !== undefined) return settings.ewsUrl;
    throw error;
  }
}

/**
 * The user's display name, read with the first request: its success proves the credentials.
 * The address when the directory has no name.
 */
export async function verifyAccount(backend: MailboxBackend): Promise<string> {
  return backend.displayName();
}
