/**
 * Email-first sign-in: from an address alone, find the server and how to sign in to it.
 *
 * Autodiscover runs without credentials (the user has typed none yet). Its answers decide:
 * - the v2 JSON endpoint answers with an EWS URL on Exchange Online, or the address is in a
 *   known Microsoft 365 domain → Exchange Online, OAuth ("Sign in with Microsoft");
 * - an EWS URL elsewhere → on-premises, a password (Basic or NTLM is chosen at sign-in);
 * - no URL, but an Autodiscover endpoint asked for credentials → the server exists and wants a
 *   password (Autodiscover runs again with it at sign-in); Bearer alone → OAuth;
 * - nothing answered → failed: the window says so and offers the manual server field.
 *
 * `classifyDiscovery` is the pure decision; `runDiscovery` does the network step.
 */
import type { AuthProvider } from '../../ews/auth.js';
import {
  discoverEwsUrl,
  type AutodiscoverOptions,
  type AutodiscoverResult,
} from '../../ews/autodiscover/index.js';
import { AutodiscoverError, TransportError } from '../../ews/errors.js';
import { createDispatcher, httpRequest } from '../../ews/transport/http.js';
import type { Failure, SignInProgress } from '../contract.js';
import { failureFrom } from './failures.js';

export type Discovered = Extract<SignInProgress, { step: 'discovered' }>;

/** Where Autodiscover looks and how (tests: a loopback "internet"); the library's defaults else. */
export type DiscoveryOptions = Pick<
  AutodiscoverOptions,
  'dispatcher' | 'v2BaseUrl' | 'resolveSrv' | 'timeoutMs'
>;

/** Exchange Online's EWS endpoint, used when the domain alone says Microsoft 365. */
export const EXCHANGE_ONLINE_EWS_URL = 'https://outlook.office365.com/EWS/Exchange.asmx';

/** Domains that are Microsoft 365 whatever Autodiscover says (tenants' default domains, consumer). */
const MICROSOFT_365_SUFFIXES = [
  'onmicrosoft.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
] as const;

/** Hosts whose EWS is Exchange Online. */
const EXCHANGE_ONLINE_HOSTS = ['outlook.office365.com', 'outlook.office.com'] as const;

function endsWithDomain(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

/** The domain part of an address, lower-cased ('' when there is none). */
export function domainOfMailbox(mailbox: string): string {
  const at = mailbox.lastIndexOf('@');
  return at < 0
    ? ''
    : mailbox
        .slice(at + 1)
        .trim()
        .toLowerCase();
}

export function isMicrosoft365Domain(domain: string): boolean {
  return MICROSOFT_365_SUFFIXES.some((suffix) => endsWithDomain(domain, suffix));
}

export function isExchangeOnlineUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname.toLowerCase();
    return EXCHANGE_ONLINE_HOSTS.some((online) => endsWithDomain(host, online));
  } catch {
    return false;
  }
}

/** What Autodiscover came back with, as the decision needs it. */
export type DiscoveryOutcome =
  | { kind: 'found'; result: Pick<AutodiscoverResult, 'ewsUrl' | 'method'> }
  /** Nothing found; `challenges`: the WWW-Authenticate values endpoints asked with. */
  | { kind: 'not-found'; challenges: readonly string[] };

const PASSWORD_SCHEMES = new Set(['basic', 'ntlm', 'negotiate']);

function schemeOf(challenge: string): string {
  return challenge.trim().split(/\s+/, 1)[0]?.toLowerCase() ?? '';
}

/** The pure decision from an address and what Autodiscover found. */
export function classifyDiscovery(mailbox: string, outcome: DiscoveryOutcome): Discovered {
  const knownOnline = isMicrosoft365Domain(domainOfMailbox(mailbox));
  if (outcome.kind === 'found') {
    const online = knownOnline || isExchangeOnlineUrl(outcome.result.ewsUrl);
    return {
      step: 'discovered',
      mailbox,
      ewsUrl: outcome.result.ewsUrl,
      method: online ? 'oauth' : 'password',
      online,
      failed: false,
    };
  }
  if (knownOnline)
    return {
      step: 'discovered',
      mailbox,
      ewsUrl: EXCHANGE_ONLINE_EWS_URL,
      method: 'oauth',
      online: true,
      failed: false,
    };
  const schemes = new Set(outcome.challenges.map(schemeOf));
  if (schemes.size === 0)
    return { step: 'discovered', mailbox, method: 'password', online: false, failed: true };
  const passwordWanted = [...schemes].some((scheme) => PASSWORD_SCHEMES.has(scheme));
  return {
    step: 'discovered',
    mailbox,
    method: passwordWanted || !schemes.has('bearer') ? 'password' : 'oauth',
    online: false,
    failed: false,
  };
}

/**
 * Sends no credentials: it only notes the challenges an Autodiscover endpoint answers 401 with,
 * so an on-premises server that wants a password is told from one that does not exist.
 */
class ChallengeRecorder implements AuthProvider {
  readonly scheme = 'none';
  readonly sendsSecret = false;
  readonly challenges: string[] = [];

  headers(): Promise<Record<string, string>> {
    return Promise.resolve({});
  }

  unauthorized(challenges: readonly string[]): Promise<boolean> {
    this.challenges.push(...challenges.slice(0, 16));
    return Promise.resolve(false);
  }
}

export interface DiscoveryReport {
  discovered: Discovered;
  /** Nothing was found and a server's certificate was not trusted: which server, which certificate. */
  untrusted?: Failure;
}

type RunOptions = DiscoveryOptions & { extraCa?: string | undefined; signal: AbortSignal };

/**
 * Runs Autodiscover for `mailbox` without credentials. Rejects only when `signal` fired (a
 * TransportError 'aborted') or on a bug; every network failure is an outcome.
 */
export async function runDiscovery(mailbox: string, options: RunOptions): Promise<DiscoveryReport> {
  const recorder = new ChallengeRecorder();
  const { extraCa, ...rest } = options;
  try {
    const result = await discoverEwsUrl(mailbox, {
      ...rest,
      ...(extraCa === undefined ? {} : { extraCa }),
      auth: recorder,
    });
    return { discovered: classifyDiscovery(mailbox, { kind: 'found', result }) };
  } catch (error) {
    if (!(error instanceof AutodiscoverError)) throw error;
    const discovered = classifyDiscovery(mailbox, {
      kind: 'not-found',
      challenges: recorder.challenges,
    });
    if (!discovered.failed) return { discovered };
    // Autodiscover notes a refused certificate only in words: ask that server once more to
    // learn which certificate it is, so the user can check it and trust its authority.
    const refused = error.attempts.find((attempt) => attempt.outcome.startsWith('tls:'));
    if (refused === undefined) return { discovered };
    const untrusted = await refusedCertificate(refused.url, options);
    return untrusted === undefined ? { discovered } : { discovered, untrusted };
  }
}

async function refusedCertificate(url: string, options: RunOptions): Promise<Failure | undefined> {
  const owned = options.dispatcher === undefined;
  const dispatcher = options.dispatcher ?? createDispatcher({ extraCa: options.extraCa });
  try {
    await httpRequest({
      method: 'GET',
      url,
      timeoutMs: options.timeoutMs ?? 10_000,
      maxBytes: 64 * 1024,
      dispatcher,
      signal: options.signal,
    });
    return undefined;
  } catch (error) {
    if (!(error instanceof TransportError) || error.failure !== 'tls') return undefined;
    return failureFrom(error);
  } finally {
    if (owned) await dispatcher.close();
  }
}
