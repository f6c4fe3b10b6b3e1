/**
 * Autodiscover: finds the EWS URL for a mailbox. This file only orchestrates the network steps;
 * URL rules live in candidates.ts, the codecs in pox-codec.ts / json-codec.ts, SRV in srv.ts.
 *
 * Order: v2 JSON (anonymous) → POX on https://<domain> → POX on https://autodiscover.<domain>
 * → plain-HTTP GET on http://autodiscover.<domain> for its redirect only → DNS SRV.
 * Credentials are only ever sent with a POX POST to an https:// URL, checked right before sending.
 */
import type { Dispatcher } from 'undici';
import { parseChallenges, type AuthProvider } from '../auth.js';
import { AuthError, AutodiscoverError, DecodeError, TransportError } from '../errors.js';
import { createDispatcher, httpRequest, type HttpResponse } from '../transport/http.js';
import {
  checkEwsUrl,
  checkRedirectTarget,
  DEFAULT_V2_BASE_URL,
  domainOf,
  httpProbeUrl,
  isRedirectStatus,
  MAX_AUTODISCOVER_REDIRECTS,
  poxCandidates,
  srvPoxUrl,
  v2JsonUrl,
} from './candidates.js';
import { decodeV2Json } from './json-codec.js';
import { buildPoxRequest, decodePoxResponse, ewsUrlChoices } from './pox-codec.js';
import { defaultSrvResolver, orderSrvRecords, srvName, type SrvResolver } from './srv.js';

/**
 * Credentials for one POX endpoint. Connection-bound schemes (NTLM) bring the dispatcher the
 * POST must go through once they authenticated; per-request schemes have none.
 */
export interface PoxCredentials {
  headers(): Promise<Record<string, string>>;
  unauthorized(challenges: readonly string[]): Promise<boolean>;
  dispatcher?(): Dispatcher | undefined;
  close?(): Promise<void>;
}

export interface AutodiscoverOptions {
  /**
   * Credentials for the POX requests (sent over https only). Without them, POX goes anonymous.
   * A provider is used for every endpoint; a function makes one per endpoint URL (NTLM
   * authenticates against that URL's connection), and each one made is closed at the end.
   */
  auth?: AuthProvider | ((url: string) => PoxCredentials);
  /** Per-request deadline. Default 10 s. */
  timeoutMs?: number;
  /** Largest answer accepted, in bytes. Default 1 MiB. */
  maxBytes?: number;
  /**
   * The undici dispatcher for every request. When given it owns TLS (its CA list) and `extraCa`
   * is not used; when absent one is created with `extraCa` and closed at the end.
   */
  dispatcher?: Dispatcher;
  /** A private root CA (PEM) trusted in addition to Node's roots. */
  extraCa?: string;
  /** SRV lookup; default node:dns/promises resolveSrv. */
  resolveSrv?: SrvResolver;
  /** Where the v2 JSON endpoint lives. Default https://outlook.office365.com. */
  v2BaseUrl?: string;
  signal?: AbortSignal;
}

export type AutodiscoverMethod = 'v2-json' | 'pox' | 'srv';

/** One request (or lookup) Autodiscover made and what came of it, in plain words. */
export interface AutodiscoverAttempt {
  url: string;
  outcome: string;
}

export interface AutodiscoverResult {
  ewsUrl: string;
  method: AutodiscoverMethod;
  /** Redirects followed, of every kind (HTTP Location, redirectUrl, redirectAddr). */
  redirects: number;
  attempts: AutodiscoverAttempt[];
  /** The address the answer is for: the input, or the last redirectAddr target. */
  email: string;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_BYTES = 1024 * 1024;

/**
 * Finds the EWS URL for `email`. Resolves with the first usable answer; rejects with
 * AutodiscoverError listing every attempt when nothing worked or the redirect cap was hit,
 * or with TransportError('aborted') when the signal fired.
 */
export async function discoverEwsUrl(
  email: string,
  options: AutodiscoverOptions = {},
): Promise<AutodiscoverResult> {
  const owned = options.dispatcher === undefined;
  const dispatcher = options.dispatcher ?? createDispatcher({ extraCa: options.extraCa });
  const run = new Discovery(options, dispatcher);
  try {
    const found = await run.discoverFor(email.trim());
    if (found === undefined) {
      throw new AutodiscoverError(
        `No EWS URL found for ${email} after ${run.attempts.length} attempts`,
        run.failureList(),
        run.credentialsRefused,
      );
    }
    return { ...found, redirects: run.redirects, attempts: run.attempts };
  } finally {
    await run.closeCredentials();
    if (owned) await dispatcher.close();
  }
}

interface Found {
  ewsUrl: string;
  method: AutodiscoverMethod;
  email: string;
}

type PoxOutcome =
  { kind: 'found'; ewsUrl: string } | { kind: 'redirectAddr'; email: string } | { kind: 'failed' };

class Discovery {
  readonly attempts: AutodiscoverAttempt[] = [];
  redirects = 0;
  /** Some endpoint refused the credentials we sent. */
  credentialsRefused = false;
  readonly #timeoutMs: number;
  readonly #maxBytes: number;
  readonly #resolveSrv: SrvResolver;
  readonly #v2BaseUrl: string;
  /** Credentials made per endpoint, by origin and path. */
  readonly #credentials = new Map<string, PoxCredentials>();

  constructor(
    private readonly options: AutodiscoverOptions,
    private readonly dispatcher: Dispatcher,
  ) {
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    this.#resolveSrv = options.resolveSrv ?? defaultSrvResolver;
    this.#v2BaseUrl = options.v2BaseUrl ?? DEFAULT_V2_BASE_URL;
  }

  /** The credentials for one POX URL: the one provider, or the one made for that URL. */
  #credentialsFor(url: string): PoxCredentials | undefined {
    const auth = this.options.auth;
    if (auth === undefined || typeof auth !== 'function') return auth;
    let made = this.#credentials.get(url);
    if (made === undefined) {
      made = auth(url);
      this.#credentials.set(url, made);
    }
    return made;
  }

  async closeCredentials(): Promise<void> {
    const made = [...this.#credentials.values()];
    this.#credentials.clear();
    await Promise.allSettled(made.map((c) => c.close?.() ?? Promise.resolve()));
  }

  failureList(): { url: string; outcome: string }[] {
    return [...this.attempts];
  }

  async discoverFor(email: string): Promise<Found | undefined> {
    const domain = domainOf(email);
    if (domain === undefined) {
      this.#record(email, 'not an SMTP address');
      return undefined;
    }

    const v2 = await this.#tryV2(email);
    if (v2 !== undefined) return { ewsUrl: v2, method: 'v2-json', email };

    for (const url of poxCandidates(domain)) {
      const found = await this.#fromPox(url, email, 'pox');
      if (found !== 'continue') return found;
    }

    const probed = await this.#probeHttp(domain);
    if (probed !== undefined) {
      const found = await this.#fromPox(probed, email, 'pox');
      if (found !== 'continue') return found;
    }

    for (const url of await this.#srvUrls(domain)) {
      const found = await this.#fromPox(url, email, 'srv');
      if (found !== 'continue') return found;
    }
    return undefined;
  }

  /** A POX chain's result as the discovery's: found, restarted for a new address, or go on. */
  async #fromPox(
    url: string,
    email: string,
    method: AutodiscoverMethod,
  ): Promise<Found | undefined | 'continue'> {
    const outcome = await this.#poxChain(url, email);
    switch (outcome.kind) {
      case 'found':
        return { ewsUrl: outcome.ewsUrl, method, email };
      case 'redirectAddr':
        // The server says the mailbox is known by another address: start over with it.
        return this.discoverFor(outcome.email);
      case 'failed':
        return 'continue';
    }
  }

  /** v2 JSON: anonymous GET; follows https redirects to other hosts. */
  async #tryV2(email: string): Promise<string | undefined> {
    let url = v2JsonUrl(this.#v2BaseUrl, email);
    for (;;) {
      const res = await this.#send(url, {
        method: 'GET',
        headers: { Accept: 'application/json' },
      });
      if (res === undefined) return undefined;
      if (isRedirectStatus(res.status)) {
        const next = this.#followLocation(url, res);
        if (next === undefined) return undefined;
        url = next;
        continue;
      }
      let answer;
      try {
        answer = decodeV2Json(res.body);
      } catch (error) {
        if (!(error instanceof DecodeError)) throw error;
        this.#record(url, `HTTP ${res.status}; ${error.message}`);
        return undefined;
      }
      if (answer.kind === 'error') {
        this.#record(url, `HTTP ${res.status}; v2 error ${answer.code}: ${answer.message}`);
        return undefined;
      }
      if (res.status !== 200) {
        this.#record(url, `HTTP ${res.status}`);
        return undefined;
      }
      if (answer.protocol.toUpperCase() !== 'EWS') {
        this.#record(url, `answer is for protocol "${answer.protocol}", not EWS`);
        return undefined;
      }
      return this.#acceptEwsUrl(url, answer.url, 'v2 JSON');
    }
  }

  /** POX POSTs starting at `start`, following redirectUrl and HTTP redirects. */
  async #poxChain(start: string, email: string): Promise<PoxOutcome> {
    let url = start;
    let retriedAuth = false;
    for (;;) {
      // Checked here, right before credentials are attached, whatever led us to this URL.
      if (new URL(url).protocol !== 'https:') {
        this.#record(url, 'refused: credentials are only sent over https');
        return { kind: 'failed' };
      }
      const auth = this.#credentialsFor(url);
      let headers: Record<string, string>;
      try {
        headers = auth ? await auth.headers() : {};
      } catch (error) {
        // A connection-bound handshake that failed (refused, unreachable): this endpoint is out.
        if (error instanceof TransportError && error.failure === 'aborted') throw error;
        this.#record(url, `sign-in failed: ${error instanceof Error ? error.message : 'error'}`);
        if (error instanceof AuthError) this.credentialsRefused = true;
        return { kind: 'failed' };
      }
      const res = await this.#send(
        url,
        {
          method: 'POST',
          headers: { 'Content-Type': 'text/xml; charset=utf-8', ...headers },
          body: buildPoxRequest(email),
        },
        // Only credentials made for this URL may bring its connection.
        typeof this.options.auth === 'function' ? auth?.dispatcher?.() : undefined,
      );
      if (res === undefined) return { kind: 'failed' };

      if (res.status === 401 || res.status === 403) {
        const challenges = parseChallenges(res.headers['www-authenticate']);
        if (res.status === 401 && auth && !retriedAuth && (await auth.unauthorized(challenges))) {
          retriedAuth = true;
          this.#record(url, 'HTTP 401; retrying with renewed credentials');
          continue;
        }
        if (auth) this.credentialsRefused = true;
        this.#record(
          url,
          auth
            ? `HTTP ${res.status}: credentials refused`
            : `HTTP ${res.status}: the server wants credentials and none are configured`,
        );
        return { kind: 'failed' };
      }
      if (isRedirectStatus(res.status)) {
        const next = this.#followLocation(url, res);
        if (next === undefined) return { kind: 'failed' };
        url = next;
        continue;
      }
      if (res.status !== 200) {
        this.#record(url, `HTTP ${res.status}`);
        return { kind: 'failed' };
      }

      let answer;
      try {
        answer = decodePoxResponse(res.body);
      } catch (error) {
        if (!(error instanceof DecodeError)) throw error;
        this.#record(url, `unusable answer: ${error.message}`);
        return { kind: 'failed' };
      }
      switch (answer.kind) {
        case 'error':
          this.#record(url, `Autodiscover error ${answer.code}: ${answer.message}`);
          return { kind: 'failed' };
        case 'redirectAddr': {
          if (domainOf(answer.email) === undefined) {
            this.#record(url, `redirectAddr to "${answer.email}", which is not an SMTP address`);
            return { kind: 'failed' };
          }
          this.#record(url, `redirectAddr → ${answer.email}`);
          this.#countRedirect(url);
          return { kind: 'redirectAddr', email: answer.email };
        }
        case 'redirectUrl': {
          const check = checkRedirectTarget(answer.url, url);
          if (!check.ok) {
            this.#record(url, `redirectUrl ${check.reason}`);
            return { kind: 'failed' };
          }
          this.#record(url, `redirectUrl → ${check.url}`);
          this.#countRedirect(url);
          url = check.url;
          continue;
        }
        case 'settings': {
          const choices = ewsUrlChoices(answer.protocols);
          const choice = choices.find((c) => checkEwsUrl(c.url).ok) ?? choices[0];
          if (choice === undefined) {
            this.#record(url, 'settings answer without an EWS URL');
            return { kind: 'failed' };
          }
          const ewsUrl = this.#acceptEwsUrl(url, choice.url, choice.source);
          return ewsUrl === undefined ? { kind: 'failed' } : { kind: 'found', ewsUrl };
        }
      }
    }
  }

  /**
   * The plain-HTTP probe: an anonymous GET, never with credentials, only to learn a redirect.
   * Its answer is trusted only as far as an https Location goes.
   */
  async #probeHttp(domain: string): Promise<string | undefined> {
    const url = httpProbeUrl(domain);
    const res = await this.#send(url, { method: 'GET', headers: {} });
    if (res === undefined) return undefined;
    if (!isRedirectStatus(res.status)) {
      this.#record(url, `HTTP ${res.status}: no redirect`);
      return undefined;
    }
    return this.#followLocation(url, res);
  }

  async #srvUrls(domain: string): Promise<string[]> {
    const name = srvName(domain);
    const label = `srv:${name}`;
    let records;
    try {
      records = await this.#resolveSrv(name);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const detail =
        typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
      this.#record(label, `SRV lookup failed (${detail})`);
      return [];
    }
    const ordered = orderSrvRecords(records);
    const urls = ordered.map((r) => srvPoxUrl(r.name, r.port));
    this.#record(label, urls.length === 0 ? 'no usable SRV record' : `SRV → ${urls.join(', ')}`);
    return urls;
  }

  /** Records a redirect answer and returns the https target, or undefined when refused. */
  #followLocation(url: string, res: HttpResponse): string | undefined {
    const location = res.headers.location;
    if (location === undefined || location === '') {
      this.#record(url, `HTTP ${res.status} without a Location`);
      return undefined;
    }
    const check = checkRedirectTarget(location, url);
    if (!check.ok) {
      this.#record(url, `HTTP ${res.status}; ${check.reason}`);
      return undefined;
    }
    this.#record(url, `HTTP ${res.status} → ${check.url}`);
    this.#countRedirect(url);
    return check.url;
  }

  #acceptEwsUrl(url: string, candidate: string, source: string): string | undefined {
    const check = checkEwsUrl(candidate);
    if (!check.ok) {
      this.#record(url, check.reason);
      return undefined;
    }
    this.#record(url, `EWS URL ${check.url} (${source})`);
    return check.url;
  }

  /** Stops the whole discovery once more than MAX_AUTODISCOVER_REDIRECTS were asked for. */
  #countRedirect(from: string): void {
    this.redirects += 1;
    if (this.redirects > MAX_AUTODISCOVER_REDIRECTS) {
      throw new AutodiscoverError(
        `Autodiscover stopped: more than ${MAX_AUTODISCOVER_REDIRECTS} redirects (the last from ${from})`,
        this.failureList(),
      );
    }
  }

  /** One HTTP exchange; a transport failure is recorded and yields undefined (try the next). */
  async #send(
    url: string,
    req: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string },
    dispatcher?: Dispatcher,
  ): Promise<HttpResponse | undefined> {
    const signal = this.options.signal;
    if (signal?.aborted) throw new TransportError('aborted', 'Autodiscover was cancelled');
    try {
      return await httpRequest({
        ...req,
        url,
        timeoutMs: this.#timeoutMs,
        maxBytes: this.#maxBytes,
        dispatcher: dispatcher ?? this.dispatcher,
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
      if (error.failure === 'aborted') throw error;
      this.#record(url, `${error.failure}: ${error.message}`);
      return undefined;
    }
  }

  #record(url: string, outcome: string): void {
    this.attempts.push({ url, outcome });
  }
}
