import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import selfsigned from 'selfsigned';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BasicAuth, BearerAuth, staticToken } from '../../../src-main/ews/auth.js';
import {
  AuthError,
  HttpStatusError,
  ServerBusyError,
  SoapFaultError,
  ThrottledError,
  TransportError,
} from '../../../src-main/ews/errors.js';
import { childText, type XmlObject } from '../../../src-main/ews/xml/parse.js';
import {
  EwsTransport,
  type EwsTransportOptions,
} from '../../../src-main/ews/transport/ews-transport.js';
import { FakeClock } from '../../support/fake-clock.js';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

const ok = (value: string): string =>
  `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><m:PingResponse xmlns:m="urn:m"><m:Value>${value}</m:Value></m:PingResponse></s:Body></s:Envelope>`;

const busyFault = (backOffMs: number): string =>
  `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault><faultcode xmlns:a="http://schemas.microsoft.com/exchange/services/2006/types">a:ErrorServerBusy</faultcode><faultstring>The server cannot service this request right now. Try again later.</faultstring><detail><e:ResponseCode xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">ErrorServerBusy</e:ResponseCode><e:Message xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">The server cannot service this request right now. Try again later.</e:Message><t:MessageXml xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"><t:Value Name="BackOffMilliseconds">${backOffMs}</t:Value></t:MessageXml></detail></s:Fault></s:Body></s:Envelope>`;

const readValue = (env: { body: XmlObject }): string =>
  childText(env.body.PingResponse as XmlObject, 'Value') ?? '';

let server: Server;
let url: string;
let handlers: Handler[] = [];
let seen: { headers: IncomingMessage['headers']; body: string; at: number }[] = [];

function reply(status: number, body: string, headers: Record<string, string> = {}): Handler {
  return (_req, res) => {
    res.writeHead(status, { 'Content-Type': 'text/xml; charset=utf-8', ...headers });
    res.end(body);
  };
}

beforeAll(async () => {
  server = createHttpServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      seen.push({ headers: req.headers, body, at: Date.now() });
      const handler = handlers.shift() ?? reply(200, ok('default'));
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/EWS/Exchange.asmx`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

afterEach(() => {
  handlers = [];
  seen = [];
});

function transport(extra: Partial<EwsTransportOptions> = {}): EwsTransport {
  return new EwsTransport({
    url,
    auth: new BasicAuth('alex@beacon.test', 'pw'),
    random: () => 0.5,
    ...extra,
  });
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the request to fail');
}

describe('EWS transport', () => {
  it('posts SOAP with credentials, X-AnchorMailbox and the XML content type', async () => {
    handlers = [reply(200, ok('pong'))];
    const result = await transport({ anchorMailbox: 'alex@beacon.test' }).send(
      'Ping',
      '<x/>',
      readValue,
    );
    expect(result).toBe('pong');
    const headers = seen[0]?.headers;
    expect(headers?.['content-type']).toBe('text/xml; charset=utf-8');
    expect(headers?.['x-anchormailbox']).toBe('alex@beacon.test');
    expect(headers?.authorization).toBe(
      `Basic ${Buffer.from('alex@beacon.test:pw').toString('base64')}`,
    );
    expect(seen[0]?.body).toBe('<x/>');
  });

  it('refuses to send credentials over plain HTTP to a non-loopback host', () => {
    expect(
      () =>
        new EwsTransport({
          url: 'http://mail.example.com/EWS/Exchange.asmx',
          auth: new BasicAuth('a', 'b'),
        }),
    ).toThrow(TransportError);
  });

  it('waits the BackOffMilliseconds of ErrorServerBusy, then succeeds', async () => {
    const clock = new FakeClock();
    handlers = [reply(500, busyFault(2500)), reply(200, ok('after-busy'))];
    const result = await transport({ clock }).send('Ping', '<x/>', readValue);
    expect(result).toBe('after-busy');
    expect(seen).toHaveLength(2);
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(2500);
  });

  it('holds every other request to that server while the back-off is in force', async () => {
    const clock = new FakeClock();
    const start = clock.now();
    handlers = [reply(500, busyFault(4000))];
    const first = await failure(
      transport({ clock, maxAttempts: 1 }).send('Ping', '<x/>', readValue),
    );
    expect(first).toBeInstanceOf(ServerBusyError);
    expect(clock.now()).toBe(start);
    // Another client object for the same server waits out the same pause before sending.
    handlers = [reply(200, ok('later'))];
    expect(await transport({ clock }).send('Ping', '<x/>', readValue)).toBe('later');
    expect(clock.now() - start).toBeGreaterThanOrEqual(4000);
    expect(seen).toHaveLength(2);
  });

  it('fails fast with ThrottledError when the server asks for a longer pause than we wait', async () => {
    const clock = new FakeClock();
    handlers = [reply(500, busyFault(300_000))];
    const t = transport({ clock, maxPauseWaitMs: 60_000 });
    const first = await failure(t.send('Ping', '<x/>', readValue));
    expect(first).toBeInstanceOf(ServerBusyError);
    const second = await failure(t.send('Ping', '<x/>', readValue));
    expect(second).toBeInstanceOf(ThrottledError);
    expect((second as ThrottledError).retryAfterMs).toBe(300_000);
    expect(seen).toHaveLength(1);
  });

  it.each([429, 503])('honours Retry-After on HTTP %i', async (status) => {
    const clock = new FakeClock();
    handlers = [reply(status, '', { 'Retry-After': '7' }), reply(200, ok('ok'))];
    expect(await transport({ clock }).send('Ping', '<x/>', readValue)).toBe('ok');
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(7000);
  });

  it('backs off exponentially on 5xx and gives up after the attempt limit', async () => {
    const clock = new FakeClock();
    handlers = [reply(502, 'bad gateway'), reply(502, 'bad gateway'), reply(502, 'bad gateway')];
    const error = await failure(
      transport({ clock, maxAttempts: 3, backoff: { baseDelayMs: 1000, maxDelayMs: 60_000 } }).send(
        'Ping',
        '<x/>',
        readValue,
      ),
    );
    expect(error).toBeInstanceOf(HttpStatusError);
    expect((error as HttpStatusError).status).toBe(502);
    // equal jitter with random() = 0.5: 75 % of 1 s, then of 2 s
    expect(clock.sleeps).toEqual([750, 1500]);
  });

  it('does not retry a SOAP fault that will not change', async () => {
    const fault = busyFault(0).replaceAll('ErrorServerBusy', 'ErrorInvalidRequest');
    handlers = [reply(500, fault)];
    const error = await failure(transport().send('Ping', '<x/>', readValue));
    expect(error).toBeInstanceOf(SoapFaultError);
    expect((error as SoapFaultError).responseCode).toBe('ErrorInvalidRequest');
    expect(seen).toHaveLength(1);
  });

  it('reports refused credentials as AuthError without retrying Basic', async () => {
    handlers = [reply(401, '', { 'WWW-Authenticate': 'Basic realm="x"' })];
    const error = await failure(transport().send('Ping', '<x/>', readValue));
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).challenges).toEqual(['Basic realm="x"']);
    expect(seen).toHaveLength(1);
  });

  it('refreshes a bearer token once after 401', async () => {
    let token = 'old';
    const auth = new BearerAuth({
      token: () => Promise.resolve(token),
      refresh: () => {
        token = 'new';
        return Promise.resolve(true);
      },
    });
    handlers = [reply(401, ''), reply(200, ok('ok'))];
    expect(await transport({ auth }).send('Ping', '<x/>', readValue)).toBe('ok');
    expect(seen.map((s) => s.headers.authorization)).toEqual(['Bearer old', 'Bearer new']);
  });

  it('asks the user again when the refreshed token is refused too', async () => {
    const auth = new BearerAuth({ ...staticToken('t'), refresh: () => Promise.resolve(true) });
    handlers = [reply(401, ''), reply(401, '')];
    expect(await failure(transport({ auth }).send('Ping', '<x/>', readValue))).toBeInstanceOf(
      AuthError,
    );
    expect(seen).toHaveLength(2);
  });

  it('times out a slow server', async () => {
    handlers = [() => undefined, () => undefined];
    const error = await failure(
      transport({ timeoutMs: 200, maxAttempts: 1 }).send('Ping', '<x/>', readValue),
    );
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).failure).toBe('timeout');
  });

  it('caps the response size', async () => {
    handlers = [reply(200, ok('x'.repeat(10_000)))];
    const error = await failure(
      transport({ maxResponseBytes: 1000 }).send('Ping', '<x/>', readValue),
    );
    expect((error as TransportError).failure).toBe('too-large');
  });

  it('reports a body cut short as truncated', async () => {
    handlers = [
      (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'text/xml', 'Content-Length': '5000' });
        res.write(ok('partial').slice(0, 60));
        setTimeout(() => res.destroy(), 20);
      },
    ];
    const error = await failure(transport({ maxAttempts: 1 }).send('Ping', '<x/>', readValue));
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).failure).toBe('truncated');
  });

  it('keeps at most two requests in flight to one server', async () => {
    let inFlight = 0;
    let peak = 0;
    const slow: Handler = (_req, res) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      setTimeout(() => {
        inFlight--;
        res.writeHead(200, { 'Content-Type': 'text/xml' });
        res.end(ok('slow'));
      }, 40);
    };
    handlers = Array.from({ length: 6 }, () => slow);
    const t = transport();
    const results = await Promise.all(
      Array.from({ length: 6 }, () => t.send('Ping', '<x/>', readValue)),
    );
    expect(results).toEqual(Array(6).fill('slow'));
    expect(peak).toBe(2);
  });

  it('reports an unreachable server as a network error after retrying', async () => {
    const clock = new FakeClock();
    const closed = createHttpServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const t = new EwsTransport({
      url: `http://127.0.0.1:${port}/EWS/Exchange.asmx`,
      auth: new BasicAuth('a', 'b'),
      clock,
      maxAttempts: 3,
    });
    const error = await failure(t.send('Ping', '<x/>', readValue));
    expect((error as TransportError).failure).toBe('network');
    expect(clock.sleeps).toHaveLength(2);
  });
});

describe('EWS transport over TLS', () => {
  it('rejects an untrusted certificate and accepts it once its CA is configured', async () => {
    const pems = await selfsigned.generate([{ name: 'commonName', value: 'localhost' }], {
      keySize: 2048,
      extensions: [
        {
          name: 'subjectAltName',
          altNames: [
            { type: 2, value: 'localhost' },
            { type: 7, ip: '127.0.0.1' },
          ],
        },
      ],
    });
    const tls = createHttpsServer({ key: pems.private, cert: pems.cert }, (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/xml' });
      res.end(ok('secure'));
    });
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    const tlsUrl = `https://localhost:${(tls.address() as AddressInfo).port}/EWS/Exchange.asmx`;
    try {
      const untrusted = new EwsTransport({
        url: tlsUrl,
        auth: new BasicAuth('a', 'b'),
        maxAttempts: 1,
      });
      const error = await failure(untrusted.send('Ping', '<x/>', readValue));
      expect((error as TransportError).failure).toBe('tls');
      const trusted = new EwsTransport({
        url: tlsUrl,
        auth: new BasicAuth('a', 'b'),
        extraCa: pems.cert,
      });
      expect(await trusted.send('Ping', '<x/>', readValue)).toBe('secure');
    } finally {
      tls.closeAllConnections();
      await new Promise((resolve) => tls.close(resolve));
    }
  });
});
