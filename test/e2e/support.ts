/**
 * The whole stack for the end-to-end tests, over real sockets: the schema-strict simulator with
 * the demo seed, the companion on it, the web shell serving a fresh build of the renderer, and
 * Debian's Chromium driven by playwright-core.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
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
  close(): Promise<void>;
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
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
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
  const opened: string[] = [];
  const companion = await createCompanion({
    dataDir: path.join(workDir, 'data'),
    timeZone: ZONE,
    locale: LOCALE,
    clock,
    openExternal: (url) => {
      opened.push(url);
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
  });
  companion.start();
  await companion.whenIdle();
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
    close: async () => {
      await browser.close();
      await shell.close();
      await companion.stop();
      await admin.close();
      await sim.close();
      await httpsSim?.close();
      await rm(workDir, { recursive: true, force: true });
    },
  };
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
