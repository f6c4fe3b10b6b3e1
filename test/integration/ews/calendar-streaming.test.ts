/**
 * CalendarView through the transport against a local HTTP server on a real socket, the answer
 * written in small pieces: the companion's path (findCalendarItems → EwsTransport → the
 * streaming decoder) gives the items the tree decoder reads from the same bytes, and the
 * transport's limits, deadline, auth and error mapping are what they were for buffered answers.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BasicAuth } from '../../../src-main/ews/auth.js';
import {
  AuthError,
  DecodeError,
  EwsResponseError,
  SoapFaultError,
  TransportError,
} from '../../../src-main/ews/errors.js';
import {
  decodeFindCalendarItemsResponse,
  findCalendarItems,
  findCalendarItemsStream,
  sortCalendarItems,
} from '../../../src-main/ews/operations/calendar.js';
import { readEnvelope } from '../../../src-main/ews/soap/envelope.js';
import {
  EwsTransport,
  type EwsTransportOptions,
} from '../../../src-main/ews/transport/ews-transport.js';
import { makeCalendarViewResponse } from '../../bench/fixtures-calendar.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

let server: Server;
let url: string;
let handlers: Handler[] = [];
let writes = 0;

/** Writes `body` in pieces of `size` bytes, each in its own turn of the event loop. */
function dribble(
  body: Buffer,
  size: number,
  options: { status?: number; length?: number; stopAt?: number } = {},
): Handler {
  return (_req, res) => {
    const headers: Record<string, string | number> = { 'Content-Type': 'text/xml; charset=utf-8' };
    if (options.length !== undefined) headers['Content-Length'] = options.length;
    res.writeHead(options.status ?? 200, headers);
    const end = options.stopAt ?? body.length;
    let at = 0;
    const next = (): void => {
      if (at >= end) {
        if (options.stopAt === undefined) res.end();
        else res.destroy();
        return;
      }
      res.write(body.subarray(at, Math.min(at + size, end)));
      writes++;
      at += size;
      setImmediate(next);
    };
    next();
  };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const handler = handlers.shift();
      if (handler === undefined) {
        res.writeHead(500).end();
        return;
      }
      handler(req, res);
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
  writes = 0;
});

function transport(extra: Partial<EwsTransportOptions> = {}): EwsTransport {
  return new EwsTransport({
    url,
    auth: new BasicAuth('alex@beacon.test', 'pw'),
    random: () => 0.5,
    maxAttempts: 1,
    ...extra,
  });
}

const window = { start: new Date(Date.UTC(2025, 2, 1)), end: new Date(Date.UTC(2026, 2, 1)) };

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the request to fail');
}

/** The same answer through the buffered path (the tree decoder), for comparison. */
async function buffered(handler: Handler, extra: Partial<EwsTransportOptions> = {}) {
  handlers = [handler];
  const t = transport(extra);
  try {
    return await t.send('FindItem', '<x/>', decodeFindCalendarItemsResponse);
  } finally {
    await t.close();
  }
}

async function streamed(handler: Handler, extra: Partial<EwsTransportOptions> = {}) {
  handlers = [handler];
  const t = transport(extra);
  try {
    return await t.send('FindItem', '<x/>', findCalendarItemsStream);
  } finally {
    await t.close();
  }
}

describe('CalendarView over a socket, decoded as it arrives', () => {
  const body = Buffer.from(makeCalendarViewResponse(2_000), 'utf8');

  it('findCalendarItems returns the items the tree decoder reads from the same bytes', async () => {
    // 1,000-byte pieces cut inside characters (Chloé, the en dash) and inside tags alike.
    handlers = [dribble(body, 1_000)];
    const t = transport();
    const result = await findCalendarItems(t, window);
    await t.close();
    expect(writes).toBeGreaterThan(100);
    const expected = sortCalendarItems(
      decodeFindCalendarItemsResponse(readEnvelope(body.toString('utf8'))).items,
    );
    expect(result.complete).toBe(true);
    expect(result.items).toHaveLength(2_000);
    expect(result.items).toEqual(expected);
  });

  it('keeps the size cap: a body larger than maxResponseBytes is too-large, sent chunked', async () => {
    const error = await failure(streamed(dribble(body, 64 * 1024), { maxResponseBytes: 200_000 }));
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).failure).toBe('too-large');
  });

  it('a connection dropped mid-body is the same truncated TransportError as before', async () => {
    const cut = { length: body.length, stopAt: 300_000 };
    const before = await failure(buffered(dribble(body, 50_000, cut)));
    const now = await failure(streamed(dribble(body, 50_000, cut)));
    expect(before).toBeInstanceOf(TransportError);
    expect((now as TransportError).failure).toBe((before as TransportError).failure);
    expect((now as TransportError).failure).toBe('truncated');
  });

  it('a deadline that passes mid-body is a timeout, as before', async () => {
    const stall: Handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/xml' });
      res.write(body.subarray(0, 10_000));
      // …and nothing more.
    };
    const error = await failure(streamed(stall, { timeoutMs: 300 }));
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).failure).toBe('timeout');
  });

  it('a 200 body that is not XML, or stops early in a complete HTTP answer, is a DecodeError', async () => {
    const half = body.subarray(0, 123_457);
    for (const bad of [Buffer.from('<html>oops'), half]) {
      const before = await failure(buffered(dribble(bad, 4_096)));
      const now = await failure(streamed(dribble(bad, 4_096)));
      expect(before).toBeInstanceOf(DecodeError);
      expect(now).toBeInstanceOf(DecodeError);
    }
  });

  it('a SOAP fault (HTTP 500, or inside a 200 body) is the same SoapFaultError', async () => {
    const fault = Buffer.from(
      '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault><faultcode>s:Client</faultcode><faultstring>The request failed schema validation</faultstring><detail><e:ResponseCode xmlns:e="urn:e">ErrorSchemaValidation</e:ResponseCode></detail></s:Fault></s:Body></s:Envelope>',
    );
    for (const status of [500, 200]) {
      const before = await failure(buffered(dribble(fault, 17, { status })));
      const now = await failure(streamed(dribble(fault, 17, { status })));
      expect(now).toBeInstanceOf(SoapFaultError);
      expect(now).toEqual(before);
      expect((now as SoapFaultError).responseCode).toBe('ErrorSchemaValidation');
    }
  });

  it('an error ResponseMessage is the same EwsResponseError', async () => {
    const answer = Buffer.from(
      makeCalendarViewResponse(0)
        .replace('ResponseClass="Success"', 'ResponseClass="Error"')
        .replace(
          '<m:ResponseCode>NoError',
          '<m:MessageText>No access</m:MessageText><m:ResponseCode>ErrorAccessDenied',
        ),
    );
    const before = await failure(buffered(dribble(answer, 100)));
    const now = await failure(streamed(dribble(answer, 100)));
    expect(now).toBeInstanceOf(EwsResponseError);
    expect(now).toEqual(before);
    expect((now as EwsResponseError).responseCode).toBe('ErrorAccessDenied');
  });

  it('a 401 is an AuthError and its body is not decoded', async () => {
    const denied: Handler = (_req, res) => {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="ews"' }).end('<not-xml');
    };
    const error = await failure(streamed(denied));
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).challenges).toEqual(['Basic realm="ews"']);
  });
});
