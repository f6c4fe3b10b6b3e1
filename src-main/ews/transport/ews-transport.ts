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
import type { EnvelopeStream, StreamingDecoder } from '../soap/stream-envelope.js';
import { DEFAULT_BACKOFF, nextDelay, type BackoffPolicy } from './backoff.js';
import { systemClock, type Clock } from './clock.js';
import { createDispatcher, httpRequest, type HttpResponse } from './http.js';
import { honouredPause, parseRetryAfter } from './retry-after.js';
import { cancelledError, ServerGate, type GateRegistry } from './server-gate.js';
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
  /**
   * A server pause longer than this fails the request at once with ThrottledError instead of
   * waiting. Pauses beyond MAX_SERVER_PAUSE_MS (retry-after.ts) are never honoured at all.
   */
  maxPauseWaitMs?: number;
  clock?: Clock;
  random?: () => number;
  /**
   * Share gates between transports that talk to the same server. Default: this transport's own
   * gate, so a pause one account (or one sign-in) was asked for never outlives it.
   */
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

const DEFAULT_MAX_IN_FLIGHT = 2;

/**
 * How an answer is decoded: from the envelope of the whole body, or (large answers) by a
 * streaming decoder fed with the bytes of a 200 body as they arrive.
 */
export type Decoder<T> = ((env: DecodedEnvelope) => T) | StreamingDecoder<T>;

/** Per-request extras: affinity headers out, the answer's headers back. */
export interface SendOptions {
  /**
   * Extra request headers (X-PreferServerAffinity, the affinity Cookie). Never credentials;
   * they cannot replace the transport's own Authorization, Content-Type or X-AnchorMailbox.
   */
  headers?: Readonly<Record<string, string>>;
  /** Sees the headers of the answer that was decoded (e.g. its Set-Cookie). */
  onHeaders?: (headers: Readonly<Record<string, string | undefined>>) => void;
}

/** What a streaming request (streaming-request.ts) shares with the ordinary ones. */
export interface StreamingContext {
  url: string;
  auth: AuthProvider;
  anchorMailbox: string | undefined;
  userAgent: string;
  extraCa: string | undefined;
  gate: ServerGate;
  clock: Clock;
  maxPauseWaitMs: number;
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
  /** Fired by close(): every request still queued, waiting or on the wire is cancelled. */
  private readonly closing = new AbortController();

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
    this.gate =
      options.gates?.forUrl(this.url) ?? new ServerGate(DEFAULT_MAX_IN_FLIGHT, this.clock);
    this.dispatcher = options.dispatcher ?? createDispatcher({ extraCa: options.extraCa });
  }

  /** Sends one envelope and decodes the answer, retrying what is worth retrying. */
  async send<T>(
    operation: string,
    envelope: string,
    decode: Decoder<T>,
    signal?: AbortSignal,
    options: SendOptions = {},
  ): Promise<T> {
    if (this.closing.signal.aborted) throw closedError();
    // The caller's cancel and close()'s, whichever comes first.
    const cancel =
      signal === undefined ? this.closing.signal : AbortSignal.any([signal, this.closing.signal]);
    return this.sendUntilCancelled(operation, envelope, decode, cancel, options);
  }

  private async sendUntilCancelled<T>(
    operation: string,
    envelope: string,
    decode: Decoder<T>,
    signal: AbortSignal,
    options: SendOptions,
  ): Promise<T> {
    const maxAttempts = this.options.maxAttempts ?? 4;
    const policy = this.options.backoff ?? DEFAULT_BACKOFF;
    const random = this.options.random ?? Math.random;
    let authRetried = false;
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.attempt(operation, envelope, decode, signal, options);
        this.options.onAttempt?.({ operation, attempt, status: 200 });
        return result;
      } catch (caught) {
        const error =
          caught instanceof EwsError
            ? caught
            : signal.aborted
              ? cancelledError(signal, caught)
              : new DecodeError(`Unexpected failure: ${String(caught)}`, undefined, {
                  cause: caught,
                });
        // Only a 401 asks for new credentials: a 403 (access denied, EWS blocked by policy) is
        // not answered by a refreshed token or a new handshake.
        if (
          error instanceof AuthError &&
          error.status === 401 &&
          !authRetried &&
          (await this.options.auth.unauthorized(error.challenges))
        ) {
          authRetried = true;
          this.options.onAttempt?.({ operation, attempt, error, retryInMs: 0 });
          continue;
        }
        // A pause beyond the cap is not honoured: the server counts as unavailable and our own
        // back-off decides. A ThrottledError's pause is already in the gate.
        const pause = honouredPause(error.retryAfterMs);
        if (pause !== undefined && !(error instanceof ThrottledError)) this.gate.pause(pause);
        const tooLong = (pause ?? 0) > (this.options.maxPauseWaitMs ?? DEFAULT_MAX_PAUSE_WAIT_MS);
        if (
          !error.retryable ||
          attempt >= maxAttempts ||
          error instanceof ThrottledError ||
          tooLong
        ) {
          this.options.onAttempt?.({ operation, attempt, error });
          throw error;
        }
        const wait = nextDelay(attempt - 1, pause, policy, random);
        this.options.onAttempt?.({ operation, attempt, error, retryInMs: wait });
        // A pause at least as long as our wait is waited out by the gate (for every caller);
        // otherwise we wait here, the whole wait (the pause ends within it).
        if (wait > this.gate.pausedFor())
          await this.clock.sleep(wait, signal).catch((slept: unknown) => {
            throw cancelledError(signal, slept);
          });
      }
    }
  }

  private async attempt<T>(
    operation: string,
    envelope: string,
    decode: Decoder<T>,
    signal?: AbortSignal,
    options: SendOptions = {},
  ): Promise<T> {
    const maxWait = this.options.maxPauseWaitMs ?? DEFAULT_MAX_PAUSE_WAIT_MS;
    const paused = this.gate.pausedFor();
    if (paused > maxWait) throw new ThrottledError(paused);
    const release = await this.gate.acquire(signal, maxWait);
    const stream = typeof decode === 'function' ? undefined : decode.open();
    let response: HttpResponse;
    try {
      const headers: Record<string, string> = {
        ...options.headers,
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
        dispatcher: this.options.auth.dispatcher?.() ?? this.dispatcher,
        ...(signal ? { signal } : {}),
        ...(stream === undefined
          ? {}
          : {
              bodySink: (status: number) =>
                status === 200
                  ? (chunk: Buffer) => {
                      stream.write(chunk);
                    }
                  : undefined,
            }),
      });
    } finally {
      release();
    }
    const result = this.interpret(operation, response, decode, stream);
    options.onHeaders?.(response.headers);
    return result;
  }

  private interpret<T>(
    operation: string,
    response: HttpResponse,
    decode: Decoder<T>,
    stream?: EnvelopeStream<T>,
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
    // Only a pause we honour travels with the error; a longer one means "unavailable".
    const retryAfter = honouredPause(
      parseRetryAfter(response.headers['retry-after'], response.headers.date, this.clock.now()),
    );
    if (status === 429 || status === 503) {
      throw new HttpStatusError(
        status,
        status === 429 ? 'Too many requests' : 'Service unavailable',
        retryAfter,
      );
    }
    if (status === 200 && response.streamed === true && stream !== undefined)
      return stream.finish();
    const looksLikeXml =
      /xml/i.test(response.headers['content-type'] ?? '') ||
      response.body.trimStart().startsWith('<');
    if (status === 200 || (status === 500 && looksLikeXml)) {
      // A 500 normally carries a SOAP fault, which readEnvelope turns into a typed error.
      const envelope = readEnvelope(response.body);
      if (status === 500)
        throw new HttpStatusError(500, `HTTP 500 without a SOAP fault from ${operation}`);
      // A streaming decoder took every 200 body above.
      if (typeof decode !== 'function')
        throw new DecodeError(`The answer to ${operation} was not streamed`);
      return decode(envelope);
    }
    throw new HttpStatusError(status, `HTTP ${status} from ${operation}`, retryAfter);
  }

  /** Credentials, TLS trust, anchor and gate for a long-lived streaming request on its own connection. */
  streamingContext(): StreamingContext {
    return {
      url: this.url,
      auth: this.options.auth,
      anchorMailbox: this.options.anchorMailbox,
      userAgent: this.options.userAgent ?? 'Beacon/0.1 (EWS)',
      extraCa: this.options.extraCa,
      gate: this.gate,
      clock: this.clock,
      maxPauseWaitMs: this.options.maxPauseWaitMs ?? DEFAULT_MAX_PAUSE_WAIT_MS,
    };
  }

  /** Epoch ms until which the server asked us to send nothing; undefined when open. */
  pausedUntil(): number | undefined {
    const left = this.gate.pausedFor();
    return left > 0 ? this.clock.now() + left : undefined;
  }

  /**
   * Cancels every request still running (each rejects at once with TransportError 'aborted', so
   * no answer arrives after close) and closes pooled connections. Later sends are refused.
   */
  async close(): Promise<void> {
    if (!this.closing.signal.aborted) this.closing.abort(closedError());
    if (!this.options.dispatcher) await this.dispatcher.close();
    await this.options.auth.close?.();
  }
}

/** The typed error of a request made, or still running, after close(). */
function closedError(): TransportError {
  return new TransportError('aborted', 'The connection to the mailbox was closed');
}
