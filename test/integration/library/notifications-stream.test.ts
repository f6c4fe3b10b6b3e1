/**
 * Live updates through EwsClient against a small scripted EWS server on a real socket (node:http
 * writing recorded envelopes in chunks): Subscribe with affinity and its cookie, the voicemail
 * folder dropped when missing, the stream delivering each envelope as it arrives on a
 * connection of its own, the heartbeat watchdog closing a silent socket, the per-envelope cap,
 * lost subscriptions, GetEvents' bounded MoreEvents loop and Unsubscribe. Every request the
 * server receives is checked against the EWS schema.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BasicAuth } from '../../../src-main/ews/auth.js';
import { EwsClient } from '../../../src-main/ews/client.js';
import { AuthError, ServerBusyError, TransportError } from '../../../src-main/ews/errors.js';
import {
  StreamingRefusedError,
  StreamSilentError,
  SubscriptionLostError,
} from '../../../src-main/ews/operations/notifications-errors.js';
import type {
  StreamMessage,
  Subscription,
} from '../../../src-main/ews/operations/notifications-types.js';
import { systemClock } from '../../../src-main/ews/transport/clock.js';
import { GateRegistry } from '../../../src-main/ews/transport/server-gate.js';
import { EwsSchemaValidator } from '../../../src-main/sim/schema/ews-schema-validator.js';
import { HEALTHY_ENVELOPES, STREAM_ENVELOPES } from '../../unit/ews/streaming-fixture.js';

const COOKIE = 'CO1PR06MB222.namprd06.prod.outlook.com~1941996295';
const MAILBOX = 'alex@beacon.test';

interface Received {
  operation: string;
  headers: IncomingMessage['headers'];
  body: string;
  valid: boolean;
}

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

const soap = (inner: string): string =>
  `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types">${inner}</s:Body></s:Envelope>`;

const message = (op: string, inner: string, cls = 'Success', code = 'NoError'): string =>
  soap(
    `<m:${op}Response><m:ResponseMessages><m:${op}ResponseMessage ResponseClass="${cls}">${cls === 'Error' ? '<m:MessageText>refused</m:MessageText>' : ''}<m:ResponseCode>${code}</m:ResponseCode>${inner}</m:${op}ResponseMessage></m:ResponseMessages></m:${op}Response>`,
  );

let server: Server;
let url: string;
let validator: EwsSchemaValidator;
let received: Received[] = [];
let handlers: Partial<Record<string, Handler>> = {};
/** Server-side sockets of GetStreamingEvents requests, to see when the client closed them. */
let streamSockets: { closed: boolean }[] = [];
const clients: EwsClient[] = [];

function client(): EwsClient {
  const c = new EwsClient({
    url,
    auth: new BasicAuth(MAILBOX, 'pw'),
    mailbox: MAILBOX,
    gates: new GateRegistry(systemClock),
    backoff: { baseDelayMs: 20, maxDelayMs: 50 },
    random: () => 0.5,
    timeoutMs: 10_000,
  });
  clients.push(c);
  return c;
}

const operationOf = (body: string): string =>
  /<m:(\w+)[\s>]/.exec(body.slice(body.indexOf('Body')))?.[1] ?? 'unknown';

beforeAll(async () => {
  validator = EwsSchemaValidator.load();
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const operation = operationOf(body);
      received.push({
        operation,
        headers: req.headers,
        body,
        valid: validator.validateEnvelope(body).valid,
      });
      if (operation === 'GetStreamingEvents') {
        const state = { closed: false };
        streamSockets.push(state);
        res.on('close', () => {
          state.closed = true;
        });
      }
      const handler = handlers[operation];
      if (handler) handler(req, res, body);
      else {
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(`no handler for ${operation}`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/EWS/Exchange.asmx`;
});

afterEach(() => {
  received = [];
  handlers = {};
  streamSockets = [];
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  server.closeAllConnections();
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
});

/** Writes `text` in pieces of `size` bytes (cutting characters and tags anywhere). */
async function writeChunked(res: ServerResponse, text: string, size: number): Promise<void> {
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += size) {
    res.write(bytes.subarray(i, i + size));
    await new Promise((r) => setTimeout(r, 1));
  }
}

function streamHead(res: ServerResponse): void {
  res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8', 'Transfer-Encoding': 'chunked' });
}

const SUBSCRIPTION: Subscription = {
  id: 'STREAMSUB1',
  mode: 'streaming',
  folders: ['calendar', 'inbox', 'voicemail'],
  backEndOverrideCookie: COOKIE,
};

async function collect(iterable: AsyncIterable<StreamMessage>): Promise<{
  messages: StreamMessage[];
  error?: unknown;
}> {
  const messages: StreamMessage[] = [];
  try {
    for await (const m of iterable) messages.push(m);
  } catch (error) {
    return { messages, error };
  }
  return { messages };
}

describe('Subscribe', () => {
  it('asks for server affinity, keeps the back-end cookie and watches three folders', async () => {
    handlers.Subscribe = (_req, res) => {
      res.writeHead(200, {
        'Content-Type': 'text/xml; charset=utf-8',
        'Set-Cookie': [
          'exchangecookie=abc; path=/',
          `X-BackEndOverrideCookie=${COOKIE}; path=/; secure; HttpOnly`,
        ],
      });
      res.end(message('Subscribe', '<m:SubscriptionId>SUB-42</m:SubscriptionId>'));
    };
    const sub = await client().subscribeStreaming();
    expect(sub).toEqual({
      id: 'SUB-42',
      mode: 'streaming',
      folders: ['calendar', 'inbox', 'voicemail'],
      backEndOverrideCookie: COOKIE,
    });
    const [request] = received;
    expect(request?.valid).toBe(true);
    expect(request?.headers['x-preferserveraffinity']).toBe('true');
    expect(request?.headers['x-anchormailbox']).toBe(MAILBOX);
    expect(request?.body).toContain('<m:StreamingSubscriptionRequest>');
    expect(
      [...(request?.body ?? '').matchAll(/DistinguishedFolderId Id="(\w+)"/g)].map((m) => m[1]),
    ).toEqual(['calendar', 'inbox', 'voicemail']);
  });

  it('subscribes again without voicemail when the mailbox has no voicemail folder', async () => {
    handlers.Subscribe = (_req, res, body) => {
      res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8' });
      res.end(
        body.includes('"voicemail"')
          ? message('Subscribe', '', 'Error', 'ErrorFolderNotFound')
          : message(
              'Subscribe',
              '<m:SubscriptionId>PULL-1</m:SubscriptionId><m:Watermark>WM-0</m:Watermark>',
            ),
      );
    };
    const sub = await client().subscribePull({ timeoutMinutes: 15 });
    expect(sub).toEqual({
      id: 'PULL-1',
      mode: 'pull',
      folders: ['calendar', 'inbox'],
      watermark: 'WM-0',
    });
    expect(received.map((r) => [r.operation, r.valid])).toEqual([
      ['Subscribe', true],
      ['Subscribe', true],
    ]);
    expect(received[1]?.body).toContain('<t:Timeout>15</t:Timeout>');
  });

  it('says StreamingRefusedError when the server will not stream', async () => {
    handlers.Subscribe = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8' });
      res.end(message('Subscribe', '', 'Error', 'ErrorInvalidServerVersion'));
    };
    const error = await client()
      .subscribeStreaming({ folders: ['calendar'] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamingRefusedError);
    expect((error as StreamingRefusedError).responseCode).toBe('ErrorInvalidServerVersion');
  });
});

describe('GetStreamingEvents', () => {
  it('delivers each envelope as it arrives, in chunks cut anywhere, and ends on Closed', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    handlers.GetStreamingEvents = (_req, res) => {
      streamHead(res);
      void (async () => {
        await writeChunked(
          res,
          `${HEALTHY_ENVELOPES[0] ?? ''}\r\n${HEALTHY_ENVELOPES[1] ?? ''}`,
          7,
        );
        // The rest only once the client has shown it read the notifications.
        await held;
        await writeChunked(res, `${HEALTHY_ENVELOPES[2] ?? ''}${HEALTHY_ENVELOPES[3] ?? ''}`, 13);
        res.end();
      })();
    };
    const stream = client().streamEvents(SUBSCRIPTION, { connectionTimeoutMinutes: 5 });
    const messages: StreamMessage[] = [];
    for await (const m of stream) {
      messages.push(m);
      if (m.type === 'notifications') release();
    }
    expect(messages.map((m) => (m.type === 'connection' ? m.status : 'notifications'))).toEqual([
      'OK',
      'notifications',
      'OK',
      'Closed',
    ]);
    const batch = messages[1];
    if (batch?.type !== 'notifications') throw new Error('expected notifications');
    expect(
      batch.notifications.flatMap((n) =>
        n.events.map((e) => [n.subscriptionId, e.kind, e.kind === 'status' ? '' : e.itemId]),
      ),
    ).toEqual([
      ['STREAMSUB1', 'created', 'ITEM-A'],
      ['STREAMSUB1', 'newMail', 'ITEM-A'],
      ['STREAMSUB1', 'modified', 'ITEM-B'],
      ['STREAMSUB1', 'created', 'ITEM-C'],
    ]);
    const [request] = received;
    expect(request?.valid).toBe(true);
    expect(request?.body).toContain('<m:ConnectionTimeout>5</m:ConnectionTimeout>');
    expect(request?.headers.cookie).toBe(`X-BackEndOverrideCookie=${COOKIE}`);
    expect(request?.headers['x-anchormailbox']).toBe(MAILBOX);
    expect(request?.headers['x-preferserveraffinity']).toBeUndefined();
    expect(request?.headers.authorization).toMatch(/^Basic /);
  });

  it('leaves both ordinary request slots free while a stream is open', async () => {
    handlers.GetStreamingEvents = (_req, res) => {
      streamHead(res);
      res.write(HEALTHY_ENVELOPES[0] ?? '');
    };
    // Two GetEvents are answered only when both are at the server at once.
    const waiting: ServerResponse[] = [];
    handlers.GetEvents = (_req, res) => {
      waiting.push(res);
      if (waiting.length === 2)
        for (const r of waiting) {
          r.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8' });
          r.end(
            message(
              'GetEvents',
              '<m:Notification><t:SubscriptionId>P</t:SubscriptionId><t:MoreEvents>false</t:MoreEvents><t:StatusEvent><t:Watermark>W9</t:Watermark></t:StatusEvent></m:Notification>',
            ),
          );
        }
    };
    const c = client();
    const stream = c.streamEvents(SUBSCRIPTION);
    const iterator = stream[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual({ type: 'connection', status: 'OK' });
    const pull: Subscription = { id: 'P', mode: 'pull', folders: ['calendar'], watermark: 'W0' };
    const results = await Promise.all([c.getEvents(pull), c.getEvents(pull)]);
    expect(results.map((r) => r.watermark)).toEqual(['W9', 'W9']);
    await stream.close();
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    await new Promise((r) => setTimeout(r, 50));
    expect(streamSockets.map((s) => s.closed)).toEqual([true]);
  });

  it('closes a silent stream after two heartbeat periods with StreamSilentError', async () => {
    handlers.GetStreamingEvents = (_req, res) => {
      streamHead(res);
      res.write(HEALTHY_ENVELOPES[0] ?? '');
      // …and then nothing.
    };
    const { messages, error } = await collect(
      client().streamEvents(SUBSCRIPTION, { heartbeatIntervalMs: 100 }),
    );
    expect(messages).toEqual([{ type: 'connection', status: 'OK' }]);
    expect(error).toBeInstanceOf(StreamSilentError);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as StreamSilentError).silentForMs).toBeGreaterThanOrEqual(200);
    await new Promise((r) => setTimeout(r, 50));
    expect(streamSockets.map((s) => s.closed)).toEqual([true]);
  });

  it('fails a lost subscription with SubscriptionLostError and its id', async () => {
    handlers.GetStreamingEvents = (_req, res) => {
      streamHead(res);
      void writeChunked(res, STREAM_ENVELOPES[STREAM_ENVELOPES.length - 1] ?? '', 5).then(() =>
        res.end(),
      );
    };
    const { messages, error } = await collect(client().streamEvents(SUBSCRIPTION));
    expect(messages).toEqual([]);
    expect(error).toBeInstanceOf(SubscriptionLostError);
    expect((error as SubscriptionLostError).subscriptionId).toBe('STREAMSUB1');
    expect((error as SubscriptionLostError).messageText).toBe('구독을 찾을 수 없습니다 🔔');
  });

  it("passes a busy server's back-off to every request of the account", async () => {
    handlers.GetStreamingEvents = (_req, res) => {
      streamHead(res);
      res.end(
        soap(
          `<m:GetStreamingEventsResponse><m:ResponseMessages><m:GetStreamingEventsResponseMessage ResponseClass="Error"><m:MessageText>busy</m:MessageText><m:ResponseCode>ErrorServerBusy</m:ResponseCode><m:MessageXml><t:Value Name="BackOffMilliseconds">20000</t:Value></m:MessageXml></m:GetStreamingEventsResponseMessage></m:ResponseMessages></m:GetStreamingEventsResponse>`,
        ),
      );
    };
    const c = client();
    const before = Date.now();
    const { error } = await collect(c.streamEvents(SUBSCRIPTION));
    expect(error).toBeInstanceOf(ServerBusyError);
    expect((error as ServerBusyError).retryAfterMs).toBe(20_000);
    const until = c.transport.pausedUntil() ?? 0;
    expect(until - before).toBeGreaterThanOrEqual(19_000);
    expect(until - before).toBeLessThanOrEqual(21_000);
  });

  it('cuts off an envelope over the size cap and closes the connection', async () => {
    handlers.GetStreamingEvents = (_req, res) => {
      streamHead(res);
      res.write(HEALTHY_ENVELOPES[0] ?? '');
      res.write(`<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>`);
      res.write('x'.repeat(8000));
    };
    const { messages, error } = await collect(
      client().streamEvents(SUBSCRIPTION, { maxEnvelopeBytes: 4096 }),
    );
    expect(messages).toEqual([{ type: 'connection', status: 'OK' }]);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).failure).toBe('too-large');
    await new Promise((r) => setTimeout(r, 50));
    expect(streamSockets.map((s) => s.closed)).toEqual([true]);
  });

  it('says the stream was cut when the connection ends inside an envelope', async () => {
    handlers.GetStreamingEvents = (_req, res) => {
      streamHead(res);
      res.end((HEALTHY_ENVELOPES[1] ?? '').slice(0, 300));
    };
    const { error } = await collect(client().streamEvents(SUBSCRIPTION));
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).failure).toBe('truncated');
  });

  it('refuses with the typed error of an ordinary request (401, schema fault)', async () => {
    handlers.GetStreamingEvents = (_req, res) => {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="ews"' });
      res.end();
    };
    const denied = await collect(client().streamEvents(SUBSCRIPTION));
    expect(denied.error).toBeInstanceOf(AuthError);
    expect((denied.error as AuthError).status).toBe(401);
    handlers.GetStreamingEvents = (_req, res) => {
      res.writeHead(500, { 'Content-Type': 'text/xml; charset=utf-8' });
      res.end(
        `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault><faultcode xmlns:a="http://schemas.microsoft.com/exchange/services/2006/types">a:ErrorSchemaValidation</faultcode><faultstring>The request failed schema validation.</faultstring><detail><e:ResponseCode xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">ErrorSchemaValidation</e:ResponseCode></detail></s:Fault></s:Body></s:Envelope>`,
      );
    };
    const old = await collect(client().streamEvents(SUBSCRIPTION));
    expect(old.error).toBeInstanceOf(StreamingRefusedError);
  });
});

describe('watched folder ids', () => {
  it('asks GetFolder once for the three folders and maps their ids', async () => {
    handlers.GetFolder = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8' });
      res.end(
        soap(
          `<m:GetFolderResponse><m:ResponseMessages>${[
            'CalendarFolder:CAL',
            'Folder:INBOX',
            'SearchFolder:VM',
          ]
            .map((pair) => {
              const [kind, id] = pair.split(':');
              return `<m:GetFolderResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode><m:Folders><t:${kind ?? ''}><t:FolderId Id="${id ?? ''}"/></t:${kind ?? ''}></m:Folders></m:GetFolderResponseMessage>`;
            })
            .join('')}</m:ResponseMessages></m:GetFolderResponse>`,
        ),
      );
    };
    const ids = await client().watchedFolderIds();
    expect([...ids]).toEqual([
      ['CAL', 'calendar'],
      ['INBOX', 'inbox'],
      ['VM', 'voicemail'],
    ]);
    expect(received.map((r) => [r.operation, r.valid])).toEqual([['GetFolder', true]]);
  });
});

describe('GetEvents and Unsubscribe', () => {
  it('follows MoreEvents from watermark to watermark, bounded, with the affinity cookie', async () => {
    let n = 0;
    handlers.GetEvents = (_req, res) => {
      n++;
      res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8' });
      res.end(
        message(
          'GetEvents',
          `<m:Notification><t:SubscriptionId>P</t:SubscriptionId><t:PreviousWatermark>W${n - 1}</t:PreviousWatermark><t:MoreEvents>true</t:MoreEvents><t:ModifiedEvent><t:Watermark>W${n}</t:Watermark><t:TimeStamp>2026-03-17T17:0${n}:00Z</t:TimeStamp><t:ItemId Id="I${n}"/><t:ParentFolderId Id="CAL"/></t:ModifiedEvent></m:Notification>`,
        ),
      );
    };
    const pull: Subscription = {
      id: 'P',
      mode: 'pull',
      folders: ['calendar'],
      watermark: 'W0',
      backEndOverrideCookie: COOKIE,
    };
    const result = await client().getEvents(pull, { maxRounds: 3 });
    expect(result.watermark).toBe('W3');
    expect(result.moreEvents).toBe(true);
    expect(result.notifications.flatMap((x) => x.events.map((e) => e.watermark))).toEqual([
      'W1',
      'W2',
      'W3',
    ]);
    expect(received.map((r) => /<m:Watermark>(\w+)</.exec(r.body)?.[1])).toEqual([
      'W0',
      'W1',
      'W2',
    ]);
    expect(
      received.every((r) => r.valid && r.headers.cookie === `X-BackEndOverrideCookie=${COOKIE}`),
    ).toBe(true);
  });

  it('unsubscribes with the cookie, and counts an unknown subscription as gone', async () => {
    handlers.Unsubscribe = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8' });
      res.end(message('Unsubscribe', '', 'Error', 'ErrorSubscriptionNotFound'));
    };
    const outcome = await client()
      .unsubscribe(SUBSCRIPTION)
      .then(() => 'unsubscribed');
    expect(outcome).toBe('unsubscribed');
    expect(received.map((r) => [r.operation, r.valid, r.headers.cookie])).toEqual([
      ['Unsubscribe', true, `X-BackEndOverrideCookie=${COOKIE}`],
    ]);
  });
});
