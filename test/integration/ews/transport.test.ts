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
import { GateRegistry } from '../../../src-main/ews/transport/server-gate.js';
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

  it('holds every other request sharing the gate while the back-off is in force', async () => {
    const clock = new FakeClock();
    const gates = new GateRegistry(clock);
    const start = clock.now();
    handlers = [reply(500, busyFault(4000))];
    const first = await failure(
      transport({ clock, gates, maxAttempts: 1 }).send('Ping', '<x/>', readValue),
    );
    expect(first).toBeInstanceOf(ServerBusyError);
    expect(clock.now()).toBe(start);
    // Another client object for the same server waits out the same pause before sending.
    handlers = [reply(200, ok('later'))];
    expect(await transport({ clock, gates }).send('Ping', '<x/>', readValue)).toBe('later');
    expect(clock.now() - start).toBeGreaterThanOrEqual(4000);
    expect(seen).toHaveLength(2);
  });

  it('gives a new transport (a new sign-in) a clean gate', async () => {
    const clock = new FakeClock();
    const start = clock.now();
    handlers = [reply(503, '', { 'Retry-After': '600' })];
    const old = transport({ clock, maxAttempts: 1, maxPauseWaitMs: 0 });
    expect(await failure(old.send('Ping', '<x/>', readValue))).toBeInstanceOf(HttpStatusError);
    expect(old.pausedUntil()).toBe(start + 600_000);
    // The old transport sends nothing while paused…
    expect(await failure(old.send('Ping', '<x/>', readValue))).toBeInstanceOf(ThrottledError);
    expect(seen).toHaveLength(1);
    // …but the transport of a new sign-in asks at once.
    handlers = [reply(200, ok('fresh'))];
    const fresh = transport({ clock, maxPauseWaitMs: 0 });
    expect(fresh.pausedUntil()).toBeUndefined();
    expect(await fresh.send('Ping', '<x/>', readValue)).toBe('fresh');
    expect(clock.now()).toBe(start);
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

describe('EWS transport: Retry-After on the fake clock', () => {
  const HOUR = 3_600_000;
  const at = (ms: number): string => new Date(ms).toUTCString();
  /** Our own back-off with random() = 0.5: 75 % of 0.5 s, 1 s, 2 s, 4 s. */
  const OWN = [375, 750, 1500, 3000];

  /** Four 503s, each stamped by the server's clock, then success; returns when each came. */
  function failing(clock: FakeClock, retryAfter: (now: number) => string, date: boolean): number[] {
    const times: number[] = [];
    const answer: Handler = (_req, res) => {
      times.push(clock.now());
      const headers: Record<string, string> = { 'Retry-After': retryAfter(clock.now()) };
      if (date) headers.Date = at(clock.now());
      res.sendDate = false;
      res.writeHead(503, headers);
      res.end();
    };
    handlers = [
      answer,
      answer,
      answer,
      answer,
      (req, res, body) => {
        times.push(clock.now());
        reply(200, ok('back'))(req, res, body);
      },
    ];
    return times;
  }

  const gaps = (times: number[]): number[] => times.slice(1).map((t, i) => t - (times[i] ?? 0));

  it.each([
    ['0', () => '0', true],
    ['-5', () => '-5', true],
    ['soon', () => 'soon', true],
    ['1e12', () => '1e12', true],
    ['86400', () => '86400', true],
    ['a date in the past, with Date', (now: number) => at(now - HOUR), true],
    ['a date in the past, no Date', (now: number) => at(now - HOUR), false],
    ['a date a day ahead, with Date', (now: number) => at(now + 24 * HOUR), true],
    ['a date a day ahead, no Date', (now: number) => at(now + 24 * HOUR), false],
  ])('Retry-After %s: our own growing back-off, no pause kept', async (_what, value, date) => {
    const clock = new FakeClock();
    const times = failing(clock, value, date);
    const t = transport({ clock, maxAttempts: 5 });
    expect(await t.send('Ping', '<x/>', readValue)).toBe('back');
    expect(gaps(times)).toEqual(OWN);
    expect(t.pausedUntil()).toBeUndefined();
    expect(seen).toHaveLength(5);
  });

  it('Retry-After within the cap and longer than our step is waited out, then our step grows', async () => {
    const clock = new FakeClock();
    const times = failing(clock, () => '1', true);
    const t = transport({ clock, maxAttempts: 5 });
    expect(await t.send('Ping', '<x/>', readValue)).toBe('back');
    expect(gaps(times)).toEqual([1000, 1000, 1500, 3000]);
  });

  it('a pause beyond the cap fails with no hint, so the caller falls back to its own back-off', async () => {
    const clock = new FakeClock();
    handlers = [reply(503, '', { 'Retry-After': '86400' })];
    const t = transport({ clock, maxAttempts: 1 });
    const error = await failure(t.send('Ping', '<x/>', readValue));
    expect(error).toBeInstanceOf(HttpStatusError);
    expect((error as HttpStatusError).retryAfterMs).toBeUndefined();
    // The next call goes out at once.
    handlers = [reply(200, ok('at once'))];
    expect(await t.send('Ping', '<x/>', readValue)).toBe('at once');
    expect(clock.sleeps).toEqual([]);
  });

  it('caps ErrorServerBusy BackOffMilliseconds the same way', async () => {
    const clock = new FakeClock();
    handlers = [reply(500, busyFault(24 * HOUR)), reply(200, ok('after'))];
    const t = transport({ clock, maxAttempts: 2 });
    expect(await t.send('Ping', '<x/>', readValue)).toBe('after');
    expect(clock.sleeps).toEqual([375]);
  });
});
