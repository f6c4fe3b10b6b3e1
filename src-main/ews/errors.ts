/**
 * The typed error hierarchy of the EWS library. Every failure that leaves the library is one of
 * these, so callers (and the UI) can explain it: `kind` names the family, `retryAfterMs` says how
 * long the server asked us to wait, `retryable` says whether trying again can help.
 */

export type EwsErrorKind =
  | 'transport'
  | 'http-status'
  | 'auth'
  | 'soap-fault'
  | 'ews-response'
  | 'server-busy'
  | 'throttled'
  | 'decode'
  | 'autodiscover';

export abstract class EwsError extends Error {
  abstract readonly kind: EwsErrorKind;
  /** Whether repeating the same request later can succeed. */
  readonly retryable: boolean = false;
  /** Milliseconds the server asked us to wait before the next request, if it said. */
  readonly retryAfterMs: number | undefined = undefined;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export type TransportFailure =
  'network' | 'timeout' | 'too-large' | 'aborted' | 'tls' | 'truncated';

/** A refused server certificate as a person can check it: who it names and its SHA-256. */
export interface PeerCertificateSummary {
  /** The subject as `CN=mail.contoso.com, O=Contoso`. */
  subject: string;
  /** Colon-separated hex, as browsers and `openssl x509 -fingerprint -sha256` show it. */
  fingerprint256: string;
}

/** The request never produced a complete HTTP response: DNS, TCP, TLS, timeout, size cap. */
export class TransportError extends EwsError {
  readonly kind = 'transport';
  override readonly retryable: boolean;

  /** The host the request went to, so a caller can say which server could not be reached. */
  readonly host: string | undefined;
  /** The system's error code behind a network failure, e.g. `ENOTFOUND`, `ECONNREFUSED`. */
  readonly code: string | undefined;
  /** The deadline that passed (failure `timeout`), in milliseconds. */
  readonly timeoutMs: number | undefined;
  /** The certificate the server presented when it was refused (failure `tls`). */
  readonly certificate: PeerCertificateSummary | undefined;

  constructor(
    readonly failure: TransportFailure,
    message: string,
    options?: {
      cause?: unknown;
      host?: string;
      code?: string;
      timeoutMs?: number;
      certificate?: PeerCertificateSummary;
    },
  ) {
    super(message, options);
    this.host = options?.host;
    this.code = options?.code;
    this.timeoutMs = options?.timeoutMs;
    this.certificate = options?.certificate;
    // A certificate problem or our own cancel will not fix itself; the rest may.
    this.retryable = failure !== 'tls' && failure !== 'aborted' && failure !== 'too-large';
  }
}

/** The server answered with an HTTP status that carries no SOAP envelope we can use. */
export class HttpStatusError extends EwsError {
  readonly kind: EwsErrorKind = 'http-status';
  override readonly retryable: boolean;
  override readonly retryAfterMs: number | undefined;

  constructor(
    readonly status: number,
    message: string,
    retryAfterMs?: number,
  ) {
    super(message);
    this.retryable = status === 408 || status === 429 || status >= 500;
    this.retryAfterMs = retryAfterMs;
  }
}

/** 401/403: the credentials were refused. Not retried: the user (or a token refresh) must act. */
export class AuthError extends HttpStatusError {
  override readonly kind = 'auth';
  override readonly retryable = false;

  constructor(
    status: number,
    message: string,
    /** The server's WWW-Authenticate challenges, for challenge-response schemes. */
    readonly challenges: readonly string[] = [],
    /**
     * The server's X-EWS-Policy-Reason on a 403: the tenant blocks EWS for this application
     * (Exchange Online), which no password can fix.
     */
    readonly policyReason?: string,
  ) {
    super(status, message);
  }
}

/** The body was a SOAP Fault (usually with HTTP 500). */
export class SoapFaultError extends EwsError {
  readonly kind: EwsErrorKind = 'soap-fault';
  override readonly retryable: boolean;

  constructor(
    readonly faultCode: string,
    readonly faultString: string,
    /** The EWS ResponseCode carried in the fault detail, when there is one. */
    readonly responseCode: string | undefined,
    readonly messageXml: Readonly<Record<string, string>>,
  ) {
    super(`SOAP fault ${faultCode}${responseCode ? ` (${responseCode})` : ''}: ${faultString}`);
    this.retryable = responseCode === 'ErrorInternalServerTransientError';
  }
}

/** A ResponseMessage with ResponseClass Error (or a Warning we cannot use). */
export class EwsResponseError extends EwsError {
  readonly kind: EwsErrorKind = 'ews-response';

  constructor(
    readonly responseCode: string,
    readonly messageText: string,
    /** The `MessageXml` name/value pairs (e.g. BackOffMilliseconds), verbatim. */
    readonly messageXml: Readonly<Record<string, string>>,
  ) {
    super(`${responseCode}${messageText ? `: ${messageText}` : ''}`);
  }
}

/** ErrorServerBusy: the server throttles us and says for how long. */
export class ServerBusyError extends EwsResponseError {
  override readonly kind = 'server-busy';
  override readonly retryable = true;
  override readonly retryAfterMs: number | undefined;

  constructor(
    messageText: string,
    messageXml: Readonly<Record<string, string>>,
    backOffMs: number | undefined,
  ) {
    super('ErrorServerBusy', messageText, messageXml);
    this.retryAfterMs = backOffMs;
  }
}

/**
 * We did not send the request: the server asked us to pause for longer than the caller is
 * willing to wait. `retryAfterMs` is the time left.
 */
export class ThrottledError extends EwsError {
  readonly kind = 'throttled';
  override readonly retryable = true;
  override readonly retryAfterMs: number;

  constructor(remainingMs: number) {
    super(`The server asked us to pause; ${Math.ceil(remainingMs / 1000)} s left`);
    this.retryAfterMs = remainingMs;
  }
}

/** The response was not the XML we expect: malformed, truncated, or missing required parts. */
export class DecodeError extends EwsError {
  readonly kind = 'decode';

  constructor(
    message: string,
    /** Where in the document the problem is, e.g. `Envelope/Body/GetUserOofSettingsResponse`. */
    readonly path?: string,
    options?: { cause?: unknown },
  ) {
    super(path ? `${message} (at ${path})` : message, options);
  }
}

/** Autodiscover found no usable EWS URL. `attempts` lists what was tried and why it failed. */
export class AutodiscoverError extends EwsError {
  readonly kind = 'autodiscover';

  constructor(
    message: string,
    readonly attempts: readonly { url: string; outcome: string }[],
    /** An endpoint answered 401/403 to our credentials: the password, not the DNS, is the likely cause. */
    readonly credentialsRefused = false,
  ) {
    super(message);
  }
}

export function isEwsError(value: unknown): value is EwsError {
  return value instanceof EwsError;
}
