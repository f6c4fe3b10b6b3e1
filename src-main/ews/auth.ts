import type { Dispatcher } from 'undici';

/**
 * How requests get their credentials. The transport asks for headers before each request and
 * tells the provider when the server refused them, passing the server's challenge, so
 * challenge-response schemes (NTLM, Negotiate) and token refresh (OAuth) fit the same shape.
 */
export interface AuthProvider {
  /** A short label for diagnostics: "Basic", "Bearer". Never the secret. */
  readonly scheme: string;
  /** Whether this provider sends a secret, and so must never be used over plain HTTP. */
  readonly sendsSecret: boolean;
  /** Headers to add to the next request. */
  headers(): Promise<Record<string, string>>;
  /**
   * The server answered 401 with these WWW-Authenticate values. Return true when new
   * credentials are ready and one more attempt is worth making.
   */
  unauthorized(challenges: readonly string[]): Promise<boolean>;
  /**
   * Connection-bound schemes (NTLM) authenticate a connection, not a request: they bring the
   * dispatcher every request must go through. Absent for per-request schemes.
   */
  dispatcher?(): Dispatcher;
  /**
   * A connection-bound scheme's provider for one long-lived request (streaming notifications):
   * the same credentials authenticating a connection of its own, closed with it.
   */
  forStream?(): AuthProvider;
  /** Releases what the provider holds (its connection). */
  close?(): Promise<void>;
}

export class BasicAuth implements AuthProvider {
  readonly scheme = 'Basic';
  readonly sendsSecret = true;
  readonly #header: string;

  constructor(username: string, password: string) {
    this.#header = `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
  }

  headers(): Promise<Record<string, string>> {
    return Promise.resolve({ Authorization: this.#header });
  }

  /** A refused password will not become right by retrying. */
  unauthorized(): Promise<boolean> {
    return Promise.resolve(false);
  }
}

export interface TokenSource {
  /** The current access token. */
  token(): Promise<string>;
  /** Obtain a fresh token after the server refused the current one; false when that is impossible. */
  refresh?(): Promise<boolean>;
}

export class BearerAuth implements AuthProvider {
  readonly scheme = 'Bearer';
  readonly sendsSecret = true;

  constructor(private readonly source: TokenSource) {}

  async headers(): Promise<Record<string, string>> {
    return { Authorization: `Bearer ${await this.source.token()}` };
  }

  async unauthorized(): Promise<boolean> {
    return this.source.refresh ? this.source.refresh() : false;
  }
}

/** A fixed token (tests, service scripts). */
export function staticToken(token: string): TokenSource {
  return { token: () => Promise.resolve(token) };
}

/** Loopback addresses are the only place a secret may travel without TLS (the local simulator). */
export function isLoopbackUrl(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Splits a WWW-Authenticate header into its challenges ("Basic realm=x", "Bearer"). */
export function parseChallenges(header: string | undefined): string[] {
  if (header === undefined) return [];
  return header
    .split(/,\s*(?=[A-Za-z][\w-]*(?:\s|$))/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
