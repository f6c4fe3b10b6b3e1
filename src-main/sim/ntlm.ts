/**
 * NTLM the way IIS in front of on-premises Exchange does it: a 401 offering NTLM (and Negotiate
 * when configured), the CHALLENGE on the same connection, and the AUTHENTICATE checked against
 * the user's password (NTLMv2 only), its MIC, and — with Extended Protection on — the channel
 * binding to this server's TLS certificate. An authenticated connection stays authenticated for
 * the requests that follow on it, as IIS keeps it; a new connection starts over.
 */
import { randomBytes, X509Certificate } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { verifyAuthenticate, type VerifyFailure } from '../auth/ntlm/authenticate.js';
import { channelBindingHash } from '../auth/ntlm/channel-binding.js';
import { fileTime, ntHash } from '../auth/ntlm/keys.js';
import {
  AvId,
  decodeNegotiate,
  encodeChallenge,
  Flags,
  tokenFromHeader,
} from '../auth/ntlm/messages.js';
import { authenticate } from './auth.js';
import type { Credentials } from './model.js';

export interface SimNtlmOptions {
  /** Offer Negotiate as well as NTLM (raw NTLM tokens are accepted under it, as IIS does). */
  negotiate?: boolean;
  /** Extended Protection: an AUTHENTICATE without the right channel binding is refused. */
  channelBinding?: boolean;
  /** Also offer (and accept) Basic. Default false: NTLM only. */
  basic?: boolean;
  /** Offer Negotiate alone (no NTLM challenge); raw NTLM tokens under it still work. */
  negotiateOnly?: boolean;
  /**
   * Kerberos only (NTLM disabled in the domain): Negotiate alone, and an NTLM token under it is
   * answered with a SPNEGO reject.
   */
  kerberosOnly?: boolean;
}

export type NtlmGate =
  | { user: string }
  | { reply: { status: number; headers: Record<string, string | string[]>; body: string } };

interface ConnectionState {
  negotiate?: Buffer;
  challenge?: Buffer;
  user?: string;
}

const SERVER_FLAGS =
  Flags.UNICODE |
  Flags.REQUEST_TARGET |
  Flags.SIGN |
  Flags.NTLM |
  Flags.ALWAYS_SIGN |
  Flags.TARGET_TYPE_DOMAIN |
  Flags.EXTENDED_SESSIONSECURITY |
  Flags.TARGET_INFO |
  Flags.VERSION |
  Flags.N128 |
  Flags.KEY_EXCH |
  Flags.N56;

export class NtlmAcceptor {
  readonly #states = new WeakMap<Socket, ConnectionState>();
  readonly #bindings: Buffer | undefined;
  /** Why AUTHENTICATE messages were refused, oldest first (tests, diagnostics). */
  readonly failures: VerifyFailure[] = [];
  /** Connections the server accepted (counted by the server). */
  connections = 0;
  /** AUTHENTICATE messages accepted. */
  accepted = 0;

  constructor(
    private readonly options: SimNtlmOptions,
    certificatePem: string | undefined,
    private readonly credentials: () => readonly Credentials[],
    private readonly now: () => Date,
  ) {
    this.#bindings =
      options.channelBinding === true && certificatePem !== undefined
        ? channelBindingHash(new X509Certificate(certificatePem).raw)
        : undefined;
    if (options.channelBinding === true && certificatePem === undefined)
      throw new Error('Channel binding needs the https listener');
  }

  /** The challenges of a 401 from this server. */
  challenges(): string[] {
    if (this.#negotiateOnly) return ['Negotiate'];
    return [
      ...(this.options.negotiate ? ['Negotiate'] : []),
      'NTLM',
      ...(this.options.basic ? ['Basic realm="beacon-sim"'] : []),
    ];
  }

  /** Who this request speaks for, or the 401 (or CHALLENGE) to answer it with. */
  accept(req: IncomingMessage): NtlmGate {
    const socket = req.socket;
    const state = this.#states.get(socket) ?? {};
    this.#states.set(socket, state);
    const header = req.headers.authorization;
    if (header === undefined) {
      return state.user !== undefined ? { user: state.user } : this.#refuse();
    }
    if (this.options.basic && /^basic\s/i.test(header)) {
      const user = authenticate(header, this.credentials())?.email;
      return user === undefined ? this.#refuse() : { user };
    }
    const negotiate = this.options.negotiate === true || this.#negotiateOnly;
    const scheme = /^negotiate\s/i.test(header) && negotiate ? 'Negotiate' : 'NTLM';
    const token = tokenFromHeader(header, negotiate ? ['Negotiate', 'NTLM'] : ['NTLM']);
    if (token === undefined || token.length < 12) return this.#refuse();
    if (this.options.kerberosOnly) return this.#spnegoReject();
    const type = token.readUInt32LE(8);
    if (type === 1) return this.#challenge(state, token, scheme, req);
    if (type === 3) return this.#verify(socket, state, token);
    return this.#refuse();
  }

  #challenge(
    state: ConnectionState,
    negotiate: Buffer,
    scheme: string,
    req: IncomingMessage,
  ): NtlmGate {
    let clientFlags: number;
    try {
      clientFlags = decodeNegotiate(negotiate).flags;
    } catch {
      return this.#refuse();
    }
    const host = (req.headers.host ?? 'localhost').replace(/:\d+$/, '');
    const challenge = encodeChallenge({
      flags:
        (SERVER_FLAGS &
          (clientFlags | Flags.TARGET_INFO | Flags.TARGET_TYPE_DOMAIN | Flags.VERSION)) >>>
        0,
      serverChallenge: randomBytes(8),
      targetName: 'BEACON',
      avPairs: [
        { id: AvId.NbDomainName, value: Buffer.from('BEACON', 'utf16le') },
        { id: AvId.NbComputerName, value: Buffer.from('EXCH01', 'utf16le') },
        { id: AvId.DnsDomainName, value: Buffer.from('beacon.test', 'utf16le') },
        { id: AvId.DnsComputerName, value: Buffer.from(host, 'utf16le') },
        { id: AvId.Timestamp, value: fileTime(this.now().getTime()) },
      ],
    });
    state.negotiate = negotiate;
    state.challenge = challenge;
    delete state.user;
    return {
      reply: {
        status: 401,
        headers: {
          'WWW-Authenticate': `${scheme} ${challenge.toString('base64')}`,
          'Content-Type': 'text/plain; charset=utf-8',
        },
        body: '401 Unauthorized',
      },
    };
  }

  #verify(socket: Socket, state: ConnectionState, authenticateMessage: Buffer): NtlmGate {
    const { negotiate, challenge } = state;
    this.#states.delete(socket);
    if (negotiate === undefined || challenge === undefined) return this.#refuse();
    const result = verifyAuthenticate({
      negotiate,
      challenge,
      authenticate: authenticateMessage,
      ntHashFor: (user, domain) => {
        const found = this.#find(user, domain);
        return found === undefined ? undefined : ntHash(found.password);
      },
      requiredChannelBindings: this.#bindings,
    });
    if (!result.ok) {
      this.failures.push(result.why);
      return this.#refuse();
    }
    const email = this.#find(result.user, result.domain)?.email;
    if (email === undefined) return this.#refuse();
    this.accepted += 1;
    this.#states.set(socket, { user: email });
    return { user: email };
  }

  /** "alex@beacon.test" (UPN) or BEACON\alex. */
  #find(user: string, domain: string): Credentials | undefined {
    const name = user.toLowerCase();
    return this.credentials().find((c) => {
      const email = c.email.toLowerCase();
      if (domain === '') return email === name;
      return domain.toUpperCase() === 'BEACON' && email.split('@')[0] === name;
    });
  }

  get #negotiateOnly(): boolean {
    return this.options.negotiateOnly === true || this.options.kerberosOnly === true;
  }

  /** SPNEGO negTokenResp { negState: reject }: this server does not do NTLM. */
  #spnegoReject(): NtlmGate {
    return {
      reply: {
        status: 401,
        headers: {
          'WWW-Authenticate': `Negotiate ${Buffer.from('a1073005a0030a0102', 'hex').toString('base64')}`,
          'Content-Type': 'text/plain; charset=utf-8',
        },
        body: '401 Unauthorized',
      },
    };
  }

  #refuse(): NtlmGate {
    return {
      reply: {
        status: 401,
        headers: {
          'WWW-Authenticate': this.challenges(),
          'Content-Type': 'text/plain; charset=utf-8',
        },
        body: '401 Unauthorized',
      },
    };
  }
}
