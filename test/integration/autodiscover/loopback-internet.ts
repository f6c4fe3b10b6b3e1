/**
 * A tiny "internet" on 127.0.0.1 for Autodiscover tests: one real HTTPS server and one real
 * plain-HTTP server, both on port 0, answering for many host names by routing on the Host
 * header. An undici Agent with a custom connector sends every known host name to those two
 * ports while keeping the name as TLS servername, so SNI and certificate checks run for the
 * name the library asked for. TLS verification stays on: the test certificate is trusted as an
 * extra CA, and a host missing from its SANs fails the check like a real impostor would.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { rootCertificates } from 'node:tls';
import selfsigned from 'selfsigned';
import { Agent, buildConnector, type Dispatcher } from 'undici';

export interface SeenRequest {
  scheme: 'http' | 'https';
  host: string;
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export type Route = (req: SeenRequest) => Reply;

export interface LoopbackInternet {
  /** Host names that resolve (to the loopback servers). */
  readonly hosts: ReadonlySet<string>;
  /** Every request either server received, in order. */
  readonly seen: SeenRequest[];
  /** A dispatcher that trusts the test certificate and routes the host names. */
  readonly dispatcher: Dispatcher;
  /** Answers `scheme://host/path` (no query, no port); unrouted requests get 404. */
  route(url: string, handler: Route): void;
  reset(): void;
  close(): Promise<void>;
}

/**
 * @param certHosts names the TLS certificate covers.
 * @param extraHosts names that resolve but are NOT in the certificate (impostors).
 */
export async function startLoopbackInternet(
  certHosts: readonly string[],
  extraHosts: readonly string[] = [],
): Promise<LoopbackInternet> {
  const pems = await selfsigned.generate([{ name: 'commonName', value: certHosts[0] ?? 'test' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      { name: 'subjectAltName', altNames: certHosts.map((value) => ({ type: 2, value })) },
    ],
  });

  const routes = new Map<string, Route>();
  const seen: SeenRequest[] = [];

  const handle =
    (scheme: 'http' | 'https') =>
    (req: IncomingMessage, res: import('node:http').ServerResponse): void => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
        const path = new URL(req.url ?? '/', 'http://x').pathname;
        const request: SeenRequest = {
          scheme,
          host,
          method: req.method ?? '',
          path,
          headers: req.headers,
          body,
        };
        seen.push(request);
        const route = routes.get(`${scheme}://${host}${path}`);
        const reply = route ? route(request) : { status: 404, body: 'Not Found' };
        res.writeHead(reply.status, { 'Content-Type': 'text/plain', ...reply.headers });
        res.end(reply.body ?? '');
      });
    };

  const https = createHttpsServer({ key: pems.private, cert: pems.cert }, handle('https'));
  const http = createHttpServer(handle('http'));
  const httpsPort = await listen(https);
  const httpPort = await listen(http);

  const hosts = new Set([...certHosts, ...extraHosts]);
  const tlsConnect = buildConnector({
    ca: [...rootCertificates, pems.cert],
    rejectUnauthorized: true,
  });
  const connect: buildConnector.connector = (options, callback) => {
    if (!hosts.has(options.hostname)) {
      const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${options.hostname}`), {
        code: 'ENOTFOUND',
      });
      callback(error, null);
      return;
    }
    tlsConnect(
      {
        ...options,
        hostname: '127.0.0.1',
        port: String(options.protocol === 'https:' ? httpsPort : httpPort),
        // Keep the name the library asked for: SNI and the certificate check use it.
        servername: options.hostname,
      },
      callback,
    );
  };
  const dispatcher = new Agent({ connect });

  return {
    hosts,
    seen,
    dispatcher,
    route(url, handler) {
      const parsed = new URL(url);
      routes.set(
        `${parsed.protocol.replace(':', '')}://${parsed.hostname}${parsed.pathname}`,
        handler,
      );
    },
    reset() {
      routes.clear();
      seen.length = 0;
    },
    async close() {
      await dispatcher.close();
      for (const server of [https, http]) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    },
  };
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

const RESPONSE_NS = 'http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006';
const OUTLOOK_NS =
  'http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a';

function poxAccount(account: string): Reply {
  return {
    status: 200,
    headers: { 'Content-Type': 'text/xml; charset=utf-8' },
    body: `<?xml version="1.0" encoding="utf-8"?><Autodiscover xmlns="${RESPONSE_NS}"><Response xmlns="${OUTLOOK_NS}"><Account><AccountType>email</AccountType>${account}</Account></Response></Autodiscover>`,
  };
}

export const pox = {
  settings: (ewsUrl: string): Reply =>
    poxAccount(
      `<Action>settings</Action><Protocol><Type>EXCH</Type><Server>mbx.internal</Server><EwsUrl>${ewsUrl}</EwsUrl></Protocol>`,
    ),
  redirectAddr: (email: string): Reply =>
    poxAccount(`<Action>redirectAddr</Action><RedirectAddr>${email}</RedirectAddr>`),
  redirectUrl: (url: string): Reply =>
    poxAccount(`<Action>redirectUrl</Action><RedirectUrl>${url}</RedirectUrl>`),
};

export function json(status: number, value: unknown): Reply {
  return { status, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(value) };
}

export function redirect(location: string, status = 302): Reply {
  return { status, headers: { Location: location } };
}

/** The address the POX request body asked about. */
export function requestedAddress(req: SeenRequest): string | undefined {
  return /<EMailAddress>([^<]*)<\/EMailAddress>/.exec(req.body)?.[1];
}
