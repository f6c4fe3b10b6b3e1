import { isLoopbackUrl, parseChallenges, type AuthProvider } from '../auth.js';
import {
  AuthError,
  DecodeError,
  EwsError,
  HttpStatusError,
  ThrottledError,
  TransportError,
} from '../errors.js';
import { readEnvelope, type DecodedEnvelope } from '../soap/envelope.js';
import { DEFAULT_BACKOFF, nextDelay, type BackoffPolicy } from './backoff.js';
import { systemClock, type Clock } from './clock.js';
import { createDispatcher, httpRequest, parseRetryAfter, type HttpResponse } from './http.js';
import { GateRegistry, type ServerGate } from './server-gate.js';
import type { Dispatcher } from 'undici';

export interface EwsTransportOptions {
  /** The EWS endpoint, e.g. https://outlook.office365.com/EWS/Exchange.asmx */
  url: string;
  auth: AuthProvider;
  /** SMTP address for X-AnchorMailbox (routes the request to the mailbox's server on Exchange Online). */
  anchorMailbox?: string;
  /** PEM of an extra trusted root for private servers. Verification is never turned off. */
  extraCa?: string;
  timeoutMs?: number;
  maxResponseBytes?: number;
  /** Attempts in all for retryable failures (network, 5xx, throttling). */
  maxAttempts?: number;
  backoff?: BackoffPolicy;
  /** A server pause longer than this fails the request at once with ThrottledError instead of waiting. */
  maxPauseWaitMs?: number;
  clock?: Clock;
  random?: () => number;
  /** Share gates between transports that talk to the same server (default: one registry per process). */
  gates?: GateRegistry;
  dispatcher?: Dispatcher;
  userAgent?: string;
  /** Observes each HTTP attempt (diagnostics, tests). Never receives credentials. */
  onAttempt?: (event: AttemptEvent) => void;
}

const DEFAULT_MAX_PAUSE_WAIT_MS = 60_000;

export interface AttemptEvent {
  operation: string;
  attempt: number;
  status?: number;
  error?: EwsError;
  /** How long we wait before the next attempt, when there is one. */
  retryInMs?: number;
}

// One registry per clock, so every transport of this process (or of one test's fake clock)
// shares the pause a server asked for.
const registries = new WeakMap<Clock, GateRegistry>();

function registryFor(clock: Clock): GateRegistry {
  let registry = registries.get(clock);
  if (!registry) {
    registry = new GateRegistry(clock);
    registries.set(clock, registry);
  }
  return registry;
}

/**
 * Sends SOAP envelopes to one EWS endpoint. Owns credentials, deadlines, the size cap, the
 * two-requests-in-flight limit, the server's back-off requests and our own retries. The caller
 * passes a decoder; anything it throws that says "retry" (ErrorServerBusy inside a response
 * message) is handled here like any other throttling answer.
 */
export class EwsTransport {
  readonly url: string;
  private readonly gate: ServerGate;
  private readonly clock: Clock;
  private readonly dispatcher: Dispatcher;
  private readonly options: EwsTransportOptions;

  constructor(options: EwsTransportOptions) {
    const url = new URL(options.url);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackUrl(url))) {
      throw new TransportError(
        'tls',
        `Refusing to send credentials to ${url.origin}: EWS needs https://`,
      );
    }
    this.url = url.toString();
    this.options = options;
    this.clock = options.clock ?? systemClock;
    this.gate = (options.gates ?? registryFor(this.clock)).forUrl(this.url);
    this.dispatcher = options.dispatcher ?? createDispatcher({ extraCa: options.extraCa });
  }

  /** Sends one envelope and decodes the answer, retrying what is worth retrying. */
  async send<T>(
    operation: string,
    envelope: string,
    decode: (env: DecodedEnvelope) => T,
    signal?: AbortSignal,
  ): Promise<T> {
    const maxAttempts = this.options.maxAttempts ?? 4;
    const policy = this.options.backoff ?? DEFAULT_BACKOFF;
    const random = this.options.random ?? Math.random;
    let authRetried = false;
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.attempt(operation, envelope, decode, signal);
        this.options.onAttempt?.({ operation, attempt, status: 200 });
        return result;
      } catch (caught) {
        const error =
          caught instanceof EwsError
            ? caught
            : new DecodeError(`Unexpected failure: ${String(caught)}`, undefined, {
                cause: caught,
              });
        if (
          error instanceof AuthError &&
          !authRetried &&
          (await this.options.auth.unauthorized(error.challenges))
        ) {
          authRetried = true;
          this.options.onAttempt?.({ operation, attempt, error, retryInMs: 0 });
          continue;
        }
        if (error.retryAfterMs !== undefined && !(error instanceof ThrottledError))
          this.gate.pause(error.retryAfterMs);
        const tooLong =
          (error.retryAfterMs ?? 0) > (this.options.maxPauseWaitMs ?? DEFAULT_MAX_PAUSE_WAIT_MS);
        if (
          !error.retryable ||
          attempt >= maxAttempts ||
          error instanceof ThrottledError ||
          tooLong
        ) {
          this.options.onAttempt?.({ operation, attempt, error });
          throw error;
        }
        const wait = nextDelay(attempt - 1, error.retryAfterMs, policy, random);
        this.options.onAttempt?.({ operation, attempt, error, retryInMs: wait });
        // Server-requested pauses are waited out by the gate (for every caller); our own back-off here.
        if (wait > this.gate.pausedFor())
          await this.clock.sleep(wait - this.gate.pausedFor(), signal);
      }
    }
  }

  private async attempt<T>(
    operation: string,
    envelope: string,
    decode: (env: DecodedEnvelope) => T,
    signal?: AbortSignal,
  ): Promise<T> {
    const paused = this.gate.pausedFor();
    if (paused > (this.options.maxPauseWaitMs ?? DEFAULT_MAX_PAUSE_WAIT_MS))
      throw new ThrottledError(paused);
    const release = await this.gate.acquire(signal);
    let response: HttpResponse;
    try {
      const headers: Record<string, string> = {
        'Content-Type': 'text/xml; charset=utf-8',
        Accept: 'text/xml',
        'User-Agent': this.options.userAgent ?? 'Beacon/0.1 (EWS)',
        ...(await this.options.auth.headers()),
      };
      if (this.options.anchorMailbox !== undefined)
        headers['X-AnchorMailbox'] = this.options.anchorMailbox;
      response = await httpRequest({
        method: 'POST',
        url: this.url,
        headers,
        body: envelope,
        timeoutMs: this.options.timeoutMs ?? 30_000,
        maxBytes: this.options.maxResponseBytes ?? 32 * 1024 * 1024,
        dispatcher: this.dispatcher,
        ...(signal ? { signal } : {}),
      });
    } finally {
      release();
    }
    return this.interpret(operation, response, decode);
  }

  private interpret<T>(
    operation: string,
    response: HttpResponse,
    decode: (env: DecodedEnvelope) => T,
  ): T {
    const { status } = response;
    if (status === 401 || status === 403) {
      const message =
        status === 401 ? 'The server did not accept the credentials' : 'Access denied';
      const policy = status === 403 ? response.headers['x-ews-policy-reason']?.trim() : undefined;
      throw new AuthError(
        status,
        policy ? `EWS is blocked by the organisation's policy (${policy})` : message,
        parseChallenges(response.headers['www-authenticate']),
        policy || undefined,
      );
    }
    const retryAfter = parseRetryAfter(response.headers['retry-after'], this.clock.now());
    if (status === 429 || status === 503) {
      throw new HttpStatusError(
        status,
        status === 429 ? 'Too many requests' : 'Service unavailable',
        retryAfter,
      );
    }
    const looksLikeXml =
      /xml/i.test(response.headers['content-type'] ?? '') ||
      response.body.trimStart().startsWith('<');
    if (status === 200 || (status === 500 && looksLikeXml)) {
      // A 500 normally carries a SOAP fault, which readEnvelope turns into a typed error.
      const envelope = readEnvelope(response.body);
      if (status === 500)
        throw new HttpStatusError(500, `HTTP 500 without a SOAP fault from ${operation}`);
      return decode(envelope);
    }
    throw new HttpStatusError(status, `HTTP ${status} from ${operation}`, retryAfter);
  }

  /** Closes pooled connections. */
  async close(): Promise<void> {
    if (!this.options.dispatcher) await this.dispatcher.close();
  }
}
