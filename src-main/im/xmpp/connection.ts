/**
 * One XMPP client stream, composed from xmpp.js 0.14 (the packages `@xmpp/client` is built
 * from) so Beacon controls what `@xmpp/client()` does not let a caller change:
 *
 * - TLS always, with verification: STARTTLS (our own handler, because the stock one cannot be
 *   given a certificate authority) or direct TLS (`xmpps://`). A private CA (PEM) is added to
 *   the public roots of this connection's TLS context only; nothing turns verification off.
 * - SASL only on a secure stream: SCRAM-SHA-1 first (the strongest xmpp.js 0.14 implements; it
 *   has no SCRAM-SHA-256), PLAIN only when the server offers nothing else, and never before TLS.
 * - Stream management (XEP-0198) with resumption; no `@xmpp/reconnect` (its fixed 1 s loop):
 *   the provider reconnects with its own jittered back-off.
 *
 * Node support: `@xmpp/client` 0.14 declares `engines.node >= 20.10`; it uses
 * `globalThis.crypto.randomUUID`, `node:tls`/`node:net` and ES modules, all present in the
 * Node 20.20 we run (checked in node_modules/@xmpp/client/package.json and its sources).
 */
import { Socket as NetSocket } from 'node:net';
import { rootCertificates, type ConnectionOptions } from 'node:tls';
import { Client, xml } from '@xmpp/client-core';
import { promise } from '@xmpp/events';
import iqCallee, { type IqCallee } from '@xmpp/iq/callee.js';
import iqCaller, { type IqCaller } from '@xmpp/iq/caller.js';
import createMiddleware, { type Middleware } from '@xmpp/middleware';
import resourceBinding from '@xmpp/resource-binding';
import sasl from '@xmpp/sasl';
import plain from '@xmpp/sasl-plain';
import scramSha1 from '@xmpp/sasl-scram-sha-1';
import streamFeatures from '@xmpp/stream-features';
import streamManagement, { type StreamManagement } from '@xmpp/stream-management';
import PlainTransport from '@xmpp/tcp/lib/Connection.js';
import TlsTransport from '@xmpp/tls/lib/Connection.js';
import TlsSocket from '@xmpp/tls/lib/Socket.js';
import SASLFactory from 'saslmechanisms';

const NS_TLS = 'urn:ietf:params:xml:ns:xmpp-tls';

export interface XmppConnectionOptions {
  /** `xmpp://host:port` (STARTTLS) or `xmpps://host:port` (direct TLS). */
  service: string;
  /** The XMPP domain (the part after @); also the name the certificate must carry. */
  domain: string;
  username: string;
  password: string;
  resource: string;
  /** A private certificate authority (PEM), trusted in addition to the public roots. */
  caPem?: string;
  /** Milliseconds for each step of the stream negotiation. */
  timeoutMs?: number;
}

export interface XmppConnection {
  entity: Client;
  middleware: Middleware;
  iqCaller: IqCaller;
  iqCallee: IqCallee;
  sm: StreamManagement;
}

/** Thrown when a server would have us authenticate on an unencrypted stream. */
export class InsecureStreamError extends Error {
  constructor() {
    super('The server offered authentication without TLS; Beacon refuses.');
    this.name = 'InsecureStreamError';
  }
}

export function createXmppConnection(options: XmppConnectionOptions): XmppConnection {
  const tlsOptions: ConnectionOptions = {
    servername: options.domain,
    ca: options.caPem ? [...rootCertificates, options.caPem] : undefined,
    minVersion: 'TLSv1.2',
    rejectUnauthorized: true,
  };
  class TrustedSocket extends TlsSocket {
    override connect(connectOptions: ConnectionOptions): void {
      super.connect({ ...connectOptions, ...tlsOptions });
    }
  }
  class TrustedTlsTransport extends TlsTransport {}
  TrustedTlsTransport.prototype.Socket = TrustedSocket;

  const entity = new Client({
    service: options.service,
    domain: options.domain,
    timeout: options.timeoutMs ?? 10_000,
  });
  entity.transports.push(TrustedTlsTransport, PlainTransport);

  const middleware = createMiddleware({ entity });
  const features = streamFeatures({ middleware });
  const caller = iqCaller({ middleware, entity });
  const callee = iqCallee({ middleware, entity });

  // STARTTLS with this connection's trust store.
  features.use('starttls', NS_TLS, async ({ entity: stream }) => {
    const raw = stream.socket;
    if (!(raw instanceof NetSocket)) throw new InsecureStreamError();
    const reply = await stream.sendReceive(xml('starttls', { xmlns: NS_TLS }));
    if (!reply.is('proceed', NS_TLS)) throw new Error('The server refused STARTTLS.');
    stream._detachSocket();
    const secure = new TrustedSocket();
    const connected = promise(secure, 'connect', 'error', stream.timeout);
    secure.connect({ socket: raw, host: options.domain });
    stream._attachSocket(secure);
    await connected;
    await stream.restart();
  });

  const mechanisms = new SASLFactory();
  scramSha1(mechanisms);
  plain(mechanisms);
  sasl({ streamFeatures: features, saslFactory: mechanisms }, async (authenticate, offered) => {
    if (!entity.isSecure()) throw new InsecureStreamError();
    const mechanism = offered.includes('SCRAM-SHA-1') ? 'SCRAM-SHA-1' : 'PLAIN';
    await authenticate({ username: options.username, password: options.password }, mechanism);
  });

  // Stream management before resource binding: it resumes, or binds then enables.
  const sm = streamManagement({ streamFeatures: features, entity, middleware });
  resourceBinding({ streamFeatures: features, iqCaller: caller }, options.resource);

  // XEP-0199: answer the server's pings.
  callee.get('urn:xmpp:ping', 'ping', () => ({}));

  return { entity, middleware, iqCaller: caller, iqCallee: callee, sm };
}
