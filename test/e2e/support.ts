/**
 * The whole stack for the end-to-end tests, over real sockets: the schema-strict simulator with
 * the demo seed, the companion on it, the web shell serving a fresh build of the renderer, and
 * Debian's Chromium driven by playwright-core.
 */
import { MICROSOFT_GRAPH_SCOPES } from '../../src-main/auth/oauth/defaults.js';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { request } from 'undici';
import {
  createCompanion,
  type Companion,
  type SecretSource,
} from '../../src-main/core/companion/index.js';
import type { SchedulerClock } from '../../src-main/core/scheduler.js';
import type { DiscoveryOptions } from '../../src-main/core/companion/discover-account.js';
import type { ImProviderFactory } from '../../src-main/im/im-service.js';
import { CsdlSchemaChecker } from '../../src-main/sim/graph/csdl-checker.js';
import {
  startSimulator,
  type RunningSimulator,
  type SimulatorOptions,
} from '../../src-main/sim/index.js';
import { startWebShell, type WebShell } from '../../src-main/web/index.js';
import {
  startOidcAuthority,
  TEST_EWS_SCOPE,
  type OidcAuthority,
} from '../support/oidc-authority.js';
import { SimAdmin } from '../support/sim-admin.js';
import { buildRendererOnce } from './renderer-build.js';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
export const ARTIFACTS = path.join(REPO_ROOT, 'test/artifacts');
export const ALEX = 'alex@beacon.test';
export const ZONE = 'America/Los_Angeles';
export const LOCALE = 'en-GB';
/** Tuesday 10 June 2025, 10:07 in Los Angeles: the demo's "Design review" is running. */
export const START = new Date('2025-06-10T17:07:00Z');

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * A clock that starts at `start` and then runs at real speed, with real timers: the scheduler's
 * retries really happen, and the demo day is the same whenever the tests run.
 */
export function runningClockFrom(start: Date): SchedulerClock {
  const offset = start.getTime() - Date.now();
  const now = (): number => Date.now() + offset;
  return {
    now,
    setTimer: (at, fn) => {
      const timer = setTimeout(fn, Math.max(0, at - now()));
      return () => {
        clearTimeout(timer);
      };
    },
  };
}

/**
 * The renderer of the current sources in a temporary folder: built once per source state and
 * copied for every other file (renderer-build.ts).
 */
export async function buildRenderer(outDir: string): Promise<void> {
  await buildRendererOnce(REPO_ROOT, path.join(REPO_ROOT, 'vite.renderer.config.ts'), outDir);
}

export interface Stack {
  clock: SchedulerClock;
  sim: RunningSimulator;
  admin: SimAdmin;
  companion: Companion;
  shell: WebShell;
  /** The fresh renderer build the shell serves (a second shell can serve it too). */
  staticDir: string;
  browser: Browser;
  opened: string[];
  /** A second simulator over https with a certificate the companion does not trust. */
  httpsSim: RunningSimulator | undefined;
  /** With `oauth`: the test authority, and the admin API of `httpsSim` (the account's server). */
  authority: OidcAuthority | undefined;
  httpsAdmin: SimAdmin | undefined;
  close(): Promise<void>;
}

/** Every Graph scope Beacon asks for (the test authority grants them). */
export const GRAPH_SCOPES: readonly string[] = MICROSOFT_GRAPH_SCOPES;

/** Graph's resource, the audience of the test authority's tokens when Graph is on. */
const GRAPH_AUDIENCE = 'https://graph.microsoft.com';

/**
 * "Sign in with Microsoft" against a test OpenID Connect authority (test/support/oidc-authority.ts),
 * in one option of `startStack`: the authority; `httpsSim` trusting its tokens, Basic off (as
 * Exchange Online), its Graph face CSDL-checked; the companion trusting both certificates, with
 * the authority in its settings (signed out), its EWS scope, and discovery finding `httpsSim` for
 * beacon.test through an SRV record; Chromium trusting the authority's certificate by its key.
 */
export interface StackOAuth {
  /**
   * Graph too: the authority's tokens are for Graph's audience with Graph's scopes (the tenant's
   * administrator consented to all of them), the companion asks for them and reaches `httpsSim`'s
   * Graph face (an authority that is not Microsoft's reaches only a Graph configured for it).
   */
  graph?: boolean;
  /** The Graph scopes the companion asks for and the authority grants (default GRAPH_SCOPES). */
  graphScopes?: readonly string[];
  /** The authority stands for Entra ID: the sign-in asks for Graph from the start. */
  entraId?: boolean;
  /**
   * Start signed in as Alex: before the window opens, the companion signs in in the browser and
   * the authority's login and consent are played as a person would (then the redirect to Beacon's
   * loopback listener); `startStack` returns once the account is signed in.
   */
  signedIn?: boolean;
  /** Access token lifetime at the authority (default 600 s). */
  accessTokenSeconds?: number;
}

/** Chromium trusts a certificate by its public key alone (the SPKI pin list). */
export function spkiPin(pem: string): string {
  const spki = new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

/**
 * The protocols the demo mailbox can be reached over. The window's checks run on both: the same
 * mailbox, the same Snapshot, whichever backend reads it.
 */
export const BACKENDS = ['ews', 'graph'] as const;
export type Backend = (typeof BACKENDS)[number];

/** A file-name suffix for a backend's screenshots: none for EWS (the names the docs use). */
export function shotSuffix(backend: Backend): string {
  return backend === 'ews' ? '' : `-${backend}`;
}

export interface StackOptions {
  /**
   * How the companion reaches the demo mailbox: EWS (the default) or Microsoft Graph, through
   * the simulator's Graph face with every body checked against the v1.0 CSDL.
   */
  backend?: Backend;
  /** The companion's keychain; none by default (no account needs one on the demo). */
  secrets?: SecretSource;
  /** Also start `httpsSim` (with these options: an OAuth authority, say). */
  httpsSimulator?: boolean | Omit<SimulatorOptions, 'https' | 'now'>;
  /** CAs the companion trusts beyond the system's (a test authority's, the simulators'). */
  extraCa?: (sims: { sim: RunningSimulator; httpsSim?: RunningSimulator }) => string;
  /** The EWS scope for a test OpenID Connect authority. */
  oauthEwsScope?: string;
  /** The settings file's text before the companion starts (e.g. a damaged one). */
  settingsFile?: string;
  /** The companion's IM provider after im-sign-in (the chat e2e's archive peer). */
  createImProvider?: ImProviderFactory;
  /** More Chromium switches (the voicemail test lets audio play without a gesture). */
  chromiumArgs?: string[];
  /** Where email-first discovery looks (given the simulators once they run). */
  discovery?: (sims: { sim: RunningSimulator; httpsSim?: RunningSimulator }) => DiscoveryOptions;
  /** Microsoft sign-in against a test authority, optionally on Graph and already signed in. */
  oauth?: StackOAuth;
}

/** The options `oauth` stands for, given its authority (the caller's own options win). */
function withOAuth(
  options: StackOptions,
  oauth: StackOAuth,
  authority: OidcAuthority,
): StackOptions {
  const graph = oauth.graph === true;
  return {
    ...options,
    httpsSimulator: {
      strict: false,
      ...(graph ? { graphChecker: CsdlSchemaChecker.load() } : {}),
      oauth: {
        issuer: authority.issuer,
        audience: authority.audience,
        jwksUri: authority.jwksUri,
        caPem: authority.caPem,
        basic: false,
      },
      ...(typeof options.httpsSimulator === 'object' ? options.httpsSimulator : {}),
    },
    chromiumArgs: [
      `--ignore-certificate-errors-spki-list=${spkiPin(authority.caPem)}`,
      ...(options.chromiumArgs ?? []),
    ],
    settingsFile:
      options.settingsFile ??
      JSON.stringify({
        account: {
          demo: false,
          oauth: { clientId: authority.clientId, authority: authority.issuer },
        },
      }),
    extraCa: options.extraCa ?? (({ httpsSim }) => `${httpsSim?.caPem ?? ''}\n${authority.caPem}`),
    oauthEwsScope: options.oauthEwsScope ?? authority.scope,
    discovery:
      options.discovery ??
      (({ httpsSim }) => {
        const url = new URL(httpsSim?.baseUrl ?? 'https://127.0.0.1:9');
        return {
          // No v2 endpoint and no DNS for beacon.test: the SRV record names the simulator.
          v2BaseUrl: 'http://127.0.0.1:9',
          resolveSrv: (name: string) =>
            Promise.resolve(
              name === '_autodiscover._tcp.beacon.test'
                ? [{ name: url.hostname, port: Number(url.port), priority: 0, weight: 0 }]
                : [],
            ),
          timeoutMs: 3_000,
        };
      }),
  };
}

export async function startStack(given: StackOptions = {}): Promise<Stack> {
  const oauth = given.oauth;
  const graphScopes = oauth?.graph === true ? (oauth.graphScopes ?? GRAPH_SCOPES) : [];
  const authority =
    oauth === undefined
      ? undefined
      : await startOidcAuthority({
          ...(oauth.graph === true
            ? {
                audience: GRAPH_AUDIENCE,
                resourceScopes: [TEST_EWS_SCOPE, ...graphScopes],
                adminConsent: true,
              }
            : {}),
          accessTokenSeconds: oauth.accessTokenSeconds ?? 600,
        });
  const options = oauth && authority ? withOAuth(given, oauth, authority) : given;
  const workDir = await mkdtemp(path.join(tmpdir(), 'beacon-e2e-'));
  const staticDir = path.join(workDir, 'renderer');
  const graph = options.backend === 'graph';
  const settingsFile = graph ? choosingGraph(options.settingsFile) : options.settingsFile;
  if (settingsFile !== undefined) {
    await mkdir(path.join(workDir, 'data'), { recursive: true });
    await writeFile(path.join(workDir, 'data', 'settings.json'), settingsFile);
  }
  const clock = runningClockFrom(START);
  const [sim, browser, httpsSim] = await Promise.all([
    startSimulator({
      now: () => new Date(clock.now()),
      ...(graph ? { graphChecker: CsdlSchemaChecker.load() } : {}),
    }),
    chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS, ...(options.chromiumArgs ?? [])],
    }),
    options.httpsSimulator === undefined || options.httpsSimulator === false
      ? Promise.resolve(undefined)
      : startSimulator({
          ...(options.httpsSimulator === true ? {} : options.httpsSimulator),
          now: () => new Date(clock.now()),
          https: true,
        }),
    buildRenderer(staticDir),
  ]);
  const admin = new SimAdmin(sim);
  const httpsAdmin = authority && httpsSim ? new SimAdmin(httpsSim) : undefined;
  const opened: string[] = [];
  // While `oauth.signedIn` signs in: the authority's login and consent, played as a person would.
  let signingIn: ((url: string) => void) | undefined;
  const companion = await createCompanion({
    dataDir: path.join(workDir, 'data'),
    timeZone: ZONE,
    locale: LOCALE,
    clock,
    openExternal: (url) => {
      if (signingIn) signingIn(url);
      else opened.push(url);
    },
    // The test owns the simulator (it needs the admin API); the companion only uses it.
    startDemoMailbox: () =>
      Promise.resolve({
        ewsUrl: sim.ewsUrl,
        graphUrl: sim.graphUrl,
        users: sim.users,
        close: () => Promise.resolve(),
      }),
    ...(options.secrets === undefined ? {} : { secrets: options.secrets }),
    ...(options.extraCa === undefined
      ? {}
      : { extraCa: options.extraCa(httpsSim === undefined ? { sim } : { sim, httpsSim }) }),
    ...(options.oauthEwsScope === undefined ? {} : { oauthEwsScope: options.oauthEwsScope }),
    ...(options.createImProvider === undefined
      ? {}
      : { createImProvider: options.createImProvider }),
    ...(options.discovery === undefined
      ? {}
      : { discovery: options.discovery(httpsSim === undefined ? { sim } : { sim, httpsSim }) }),
    ...(oauth?.graph === true && httpsSim !== undefined
      ? { oauthGraphScopes: graphScopes, graphUrl: httpsSim.graphUrl }
      : {}),
    ...(oauth?.entraId === true ? { oauthEntraId: true } : {}),
  });
  companion.start();
  await companion.whenIdle();
  if (oauth?.signedIn === true && authority !== undefined)
    await signInAtAuthority(companion, authority, (handler) => {
      signingIn = handler;
    });
  const shell = await startWebShell({
    api: companion,
    port: 0,
    staticDir,
    voicemailAudio: companion.voicemailAudio,
  });

  return {
    clock,
    sim,
    admin,
    companion,
    shell,
    staticDir,
    browser,
    opened,
    httpsSim,
    authority,
    httpsAdmin,
    close: async () => {
      await browser.close();
      await shell.close();
      await companion.stop();
      await admin.close();
      await httpsAdmin?.close();
      await sim.close();
      await httpsSim?.close();
      await authority?.close();
      await rm(workDir, { recursive: true, force: true });
    },
  };
}

/**
 * Signs the companion in as Alex through the authority in the browser (the login and consent a
 * person gives, then the redirect to Beacon's loopback listener), and waits for the account.
 */
async function signInAtAuthority(
  companion: Companion,
  authority: OidcAuthority,
  intercept: (handler: ((url: string) => void) | undefined) => void,
): Promise<void> {
  let redirected: Promise<number> | undefined;
  intercept((url) => {
    redirected = (async () => {
      const back = await authority.signInInBrowser(url, ALEX);
      const res = await request(back.replace('//localhost:', '//127.0.0.1:'));
      await res.body.text();
      return res.statusCode;
    })();
  });
  try {
    const result = await companion.execute({
      type: 'sign-in-oauth',
      mailbox: ALEX,
      flow: 'browser',
      remember: false,
    });
    if (!result.ok) throw new Error(`sign-in-oauth refused: ${JSON.stringify(result.error)}`);
    for (let i = 0; i < 300 && redirected === undefined; i += 1)
      await new Promise((resolve) => setTimeout(resolve, 50));
    if (redirected === undefined) throw new Error('the sign-in never opened the browser');
    const status = await redirected;
    if (status !== 200) throw new Error(`the loopback redirect answered ${String(status)}`);
    for (let i = 0; i < 600 && companion.getSnapshot().account.signIn !== 'signed-in'; i += 1)
      await new Promise((resolve) => setTimeout(resolve, 50));
    await companion.whenIdle();
    const { account } = companion.getSnapshot();
    if (account.signIn !== 'signed-in')
      throw new Error(`not signed in: ${JSON.stringify(account)}`);
  } finally {
    intercept(undefined);
  }
}

/**
 * The settings file with the protocol choice set to Microsoft Graph (the demo follows it). A
 * file that is not a JSON object (a damaged one, on purpose) is left as it is.
 */
function choosingGraph(settingsFile: string | undefined): string | undefined {
  if (settingsFile === undefined) return JSON.stringify({ account: { backend: 'graph' } });
  let parsed: unknown;
  try {
    parsed = JSON.parse(settingsFile);
  } catch {
    return settingsFile;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return settingsFile;
  const settings = parsed as { account?: Record<string, unknown> };
  return JSON.stringify({ ...settings, account: { ...settings.account, backend: 'graph' } });
}

/** "10:45" as the core formats it for the test's locale and zone. */
export function shortTime(iso: string): string {
  return new Intl.DateTimeFormat(LOCALE, { timeStyle: 'short', timeZone: ZONE }).format(
    new Date(iso),
  );
}
