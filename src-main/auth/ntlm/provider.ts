/**
 * NTLMv2 for on-premises Exchange, as an AuthProvider. NTLM authenticates a connection, not a
 * request, so the provider brings its own single kept-alive connection (every EWS request then
 * goes over it) and runs the three legs on it before the first request, and again whenever that
 * connection was replaced: NEGOTIATE → the server's CHALLENGE → AUTHENTICATE with a MIC, the SPN
 * and the TLS channel binding that Extended Protection checks.
 *
 * Only the NT hash is kept, never the password. A refused AUTHENTICATE is final for this provider:
 * it is never sent again (a new sign-in makes a new provider).
 */
import { randomBytes } from 'node:crypto';
import type { Dispatcher } from 'undici';
import type { AuthProvider } from '../../ews/auth.js';
import { parseChallenges } from '../../ews/auth.js';
import { AuthError } from '../../ews/errors.js';
import { httpRequest } from '../../ews/transport/http.js';
import { PinnedConnection } from '../../ews/transport/pinned-connection.js';
import { buildAuthenticate, splitLogin } from './authenticate.js';
import { channelBindingHash } from './channel-binding.js';
import { ntHash } from './keys.js';
import { KerberosRequiredError } from './errors.js';
import { encodeNegotiate, SIGNATURE, tokenFromHeader } from './messages.js';

export interface NtlmAuthOptions {
  /** The URL the handshake authenticates against (the EWS endpoint). */
  url: string;
  /** "DOMAIN\user", or a UPN such as alex@contoso.com. */
  login: string;
  password: string;
  extraCa?: string | undefined;
  /**
   * The scheme the server offered: NTLM, or Negotiate carrying a raw NTLM token (as Windows
   * clients send it to IIS). Default NTLM; a server that offers only Negotiate switches it.
   */
  scheme?: 'NTLM' | 'Negotiate';
  /** Send MsvAvChannelBindings (default true; Exchange with Extended Protection requires it). */
  channelBinding?: boolean;
  timeoutMs?: number;
  userAgent?: string;
  random?: (size: number) => Buffer;
  now?: () => number;
}

/** The schemes whose challenge carries an NTLM token (Negotiate wraps raw NTLM for HTTP too). */
const NTLM_SCHEMES = ['NTLM', 'Negotiate'] as const;

export class NtlmAuth implements AuthProvider {
  readonly scheme = 'NTLM';
  readonly sendsSecret = true;
  readonly #url: URL;
  readonly #user: string;
  readonly #domain: string;
  readonly #ntHash: Buffer;
  readonly #options: NtlmAuthOptions;
  #connection: PinnedConnection | undefined;
  #authenticatedOn: number | undefined;
  #refused: AuthError | undefined;
  #running: Promise<void> | undefined;
  #handshakes = 0;
  #scheme: 'NTLM' | 'Negotiate';

  readonly #stream: boolean;

  /** `stream` is forStream's: the password already hashed, a connection for one stream. */
  constructor(options: NtlmAuthOptions, stream?: { ntHash: Buffer }) {
    this.#url = new URL(options.url);
    const { user, domain } = splitLogin(options.login);
    this.#user = user;
    this.#domain = domain;
    this.#ntHash = stream?.ntHash ?? ntHash(options.password);
    this.#options = { ...options, password: '' };
    this.#scheme = options.scheme ?? 'NTLM';
    this.#stream = stream !== undefined;
  }

  /** The same sign-in on a connection of its own, for a stream that holds it for minutes. */
  forStream(): NtlmAuth {
    return new NtlmAuth({ ...this.#options, scheme: this.#scheme }, { ntHash: this.#ntHash });
  }

  /** How many handshakes ran (diagnostics, tests). */
  get handshakes(): number {
    return this.#handshakes;
  }

  dispatcher(): Dispatcher {
    return this.#pinned().dispatcher;
  }

  async headers(): Promise<Record<string, string>> {
    if (this.#refused) throw this.#refused;
    const connection = this.#pinned();
    const current =
      this.#authenticatedOn !== undefined &&
      connection.open &&
      connection.generation === this.#authenticatedOn;
    if (!current) {
      this.#running ??= this.#handshake().finally(() => {
        this.#running = undefined;
      });
      await this.#running;
    }
    // The connection is authenticated: requests on it carry no Authorization header.
    return {};
  }

  /** A 401 on an authenticated connection: it was replaced or forgotten; authenticate again once. */
  unauthorized(challenges: readonly string[]): Promise<boolean> {
    if (this.#refused) return Promise.resolve(false);
    this.#authenticatedOn = undefined;
    return Promise.resolve(
      challenges.some((c) => NTLM_SCHEMES.some((s) => c.toLowerCase().startsWith(s.toLowerCase()))),
    );
  }

  async close(): Promise<void> {
    const connection = this.#connection;
    this.#connection = undefined;
    this.#authenticatedOn = undefined;
    await connection?.close();
  }

  #pinned(): PinnedConnection {
    this.#connection ??= new PinnedConnection(this.#url.origin, {
      extraCa: this.#options.extraCa,
      stream: this.#stream,
    });
    return this.#connection;
  }

  /** A refusal by the server (wrong password, no NTLM) is final for this provider. */
  async #handshake(): Promise<void> {
    try {
      await this.#legs();
    } catch (error) {
      if (error instanceof AuthError) this.#refused = error;
      throw error;
    }
  }

  async #legs(): Promise<void> {
    this.#handshakes += 1;
    const connection = this.#pinned();
    // One more round if the server closed the connection between the legs, or offers only
    // Negotiate where NTLM was asked for.
    for (let round = 0; round < 2; round++) {
      const negotiate = encodeNegotiate();
      const first = await this.#leg(negotiate, this.#scheme);
      if (first.status !== 401) {
        // The server asked for nothing: this connection is as good as authenticated.
        this.#authenticatedOn = connection.generation;
        return;
      }
      const challenges = parseChallenges(first.headers['www-authenticate']);
      const offered = challenges
        .map((c) => tokenFromHeader(c, NTLM_SCHEMES))
        .find((t) => t !== undefined);
      if (offered === undefined) {
        const negotiateOnly =
          this.#scheme === 'NTLM' && challenges.some((c) => /^negotiate$/i.test(c.trim()));
        if (negotiateOnly && round === 0) {
          this.#scheme = 'Negotiate';
          continue;
        }
        if (this.#scheme === 'Negotiate') throw new KerberosRequiredError(challenges);
        throw new AuthError(401, 'The server does not offer NTLM sign-in', challenges);
      }
      if (!offered.subarray(0, 8).equals(SIGNATURE))
        // A SPNEGO token (Kerberos, or NTLM wrapped for Kerberos-capable acceptors).
        throw new KerberosRequiredError(challenges);
      const generation = connection.generation;
      const certificate = connection.certificate;
      const { message } = buildAuthenticate({
        negotiate,
        challenge: offered,
        user: this.#user,
        domain: this.#domain,
        ntHash: this.#ntHash,
        channelBindings:
          this.#options.channelBinding === false
            ? undefined
            : certificate === undefined
              ? Buffer.alloc(16)
              : channelBindingHash(certificate),
        spn: `HTTP/${this.#url.hostname}`,
        now: (this.#options.now ?? Date.now)(),
        clientChallenge: (this.#options.random ?? randomBytes)(8),
        randomSessionKey: (this.#options.random ?? randomBytes)(16),
      });
      const second = await this.#leg(message, this.#scheme);
      if (second.status !== 401) {
        this.#authenticatedOn = connection.generation;
        return;
      }
      if (connection.generation !== generation && round === 0) continue;
      throw new AuthError(
        401,
        'The server did not accept the credentials',
        parseChallenges(second.headers['www-authenticate']),
      );
    }
  }

  #leg(token: Buffer, scheme: string): ReturnType<typeof httpRequest> {
    return httpRequest({
      method: 'GET',
      url: this.#url.toString(),
      headers: {
        Authorization: `${scheme} ${token.toString('base64')}`,
        'User-Agent': this.#options.userAgent ?? 'Beacon/0.1 (EWS)',
      },
      timeoutMs: this.#options.timeoutMs ?? 30_000,
      maxBytes: 1024 * 1024,
      dispatcher: this.#pinned().dispatcher,
    });
  }
}
