import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../../src-main/ews/errors.js';
import { readEnvelope } from '../../../src-main/ews/soap/envelope.js';
import { parseXml } from '../../../src-main/ews/xml/parse.js';
import type { RequestLogEntry } from '../../../src-main/sim/index.js';
import {
  admin,
  ALEX,
  at,
  attr,
  bearerFor,
  envelope,
  ews,
  useTestSimulator,
  textAt,
} from './support.js';

const h = useTestSimulator();

const GET_OOF = `<m:GetUserOofSettingsRequest><t:Mailbox><t:Address>${ALEX}</t:Address></t:Mailbox></m:GetUserOofSettingsRequest>`;
const FIND_VOICEMAIL = `<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:ParentFolderIds><t:DistinguishedFolderId Id="voicemail"/></m:ParentFolderIds></m:FindItem>`;

async function inject(fault: Record<string, unknown>): Promise<void> {
  const result = await admin(h.sim, 'POST', '/faults', fault);
  expect(result.status).toBe(201);
}

async function log(): Promise<RequestLogEntry[]> {
  return (await admin<RequestLogEntry[]>(h.sim, 'GET', '/requests')).json;
}

function rawPost(body: string): Promise<{
  status: number;
  headers: Record<string, string | string[] | undefined>;
  received: number;
  error?: string;
}> {
  return new Promise((resolve) => {
    const url = new URL(h.sim.ewsUrl);
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { Authorization: bearerFor(h.sim), 'Content-Type': 'text/xml; charset=utf-8' },
      },
      (res) => {
        let received = 0;
        res.on('data', (chunk: Buffer) => (received += chunk.length));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, received });
        });
        res.on('error', (e) => {
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            received,
            error: e.message,
          });
        });
        res.on('aborted', () => {
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            received,
            error: 'aborted',
          });
        });
      },
    );
    req.on('error', (e) => {
      resolve({ status: 0, headers: {}, received: 0, error: e.message });
    });
    req.end(body);
  });
}

describe('fault injection', () => {
  it('server-busy: an HTTP 500 ErrorServerBusy fault carrying BackOffMilliseconds, then normal answers', async () => {
    await inject({ operation: 'GetUserOofSettings', kind: 'server-busy', backOffMs: 1234 });
    const busy = await ews(h.sim, GET_OOF);
    expect(busy.status).toBe(500);
    expect(textAt(busy.body, 'Fault', 'faultcode')).toBe('a:ErrorServerBusy');
    expect(textAt(busy.body, 'Fault', 'detail', 'ResponseCode')).toBe('ErrorServerBusy');
    const value = at(busy.body, 'Fault', 'detail', 'MessageXml', 'Value');
    expect(attr(value, 'Name')).toBe('BackOffMilliseconds');
    expect(textAt(busy.body, 'Fault', 'detail', 'MessageXml', 'Value')).toBe('1234');
    // The EWS library's own decoder reads it as a ServerBusyError with the back-off.
    expect(() => readEnvelope(busy.xml)).toThrow(
      expect.objectContaining({ kind: 'server-busy', retryAfterMs: 1234 }),
    );
    const after = await ews(h.sim, GET_OOF);
    expect(after.status).toBe(200);
    const entries = await log();
    expect(entries.map((e) => [e.operation, e.status, e.fault ?? null, e.user])).toEqual([
      ['GetUserOofSettings', 500, 'server-busy', ALEX],
      ['GetUserOofSettings', 200, null, ALEX],
    ]);
  });

  it('targets one operation and counts down N requests; "*" hits any operation', async () => {
    await inject({ operation: 'FindItem', kind: 'soap-fault', count: 2 });
    expect((await ews(h.sim, GET_OOF)).status).toBe(200);
    expect((await ews(h.sim, FIND_VOICEMAIL)).status).toBe(500);
    expect((await ews(h.sim, FIND_VOICEMAIL)).status).toBe(500);
    expect((await ews(h.sim, FIND_VOICEMAIL)).status).toBe(200);
    await inject({ operation: '*', kind: 'unauthorized' });
    expect((await ews(h.sim, GET_OOF)).status).toBe(401);
    expect((await ews(h.sim, GET_OOF)).status).toBe(200);
    expect((await admin(h.sim, 'GET', '/faults')).json).toEqual([]);
  });

  it('soap-fault: HTTP 500 with a generic ErrorInternalServerError fault', async () => {
    await inject({ kind: 'soap-fault' });
    const result = await ews(h.sim, GET_OOF);
    expect(result.status).toBe(500);
    expect(textAt(result.body, 'Fault', 'faultcode')).toBe('a:ErrorInternalServerError');
    expect(textAt(result.body, 'Fault', 'faultstring')).toBe(
      'An internal server error occurred. The operation failed.',
    );
  });

  it('unauthorized: 401 with the challenges even with good credentials', async () => {
    await inject({ kind: 'unauthorized' });
    const result = await ews(h.sim, GET_OOF);
    expect(result.status).toBe(401);
    expect(result.headers.get('www-authenticate')).toBe('Basic realm="beacon-sim", Bearer');
  });

  it('status: 429 and 503 with Retry-After seconds', async () => {
    await inject({ kind: 'status', status: 429, retryAfterSeconds: 7 });
    await inject({ kind: 'status', status: 503, retryAfterSeconds: 2 });
    const first = await ews(h.sim, GET_OOF);
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('7');
    const second = await ews(h.sim, GET_OOF);
    expect(second.status).toBe(503);
    expect(second.headers.get('retry-after')).toBe('2');
    expect((await log()).map((e) => e.status)).toEqual([429, 503]);
  });

  it('delay: waits before answering normally', async () => {
    await inject({ kind: 'delay', delayMs: 300 });
    const started = Date.now();
    const result = await ews(h.sim, GET_OOF);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(result.status).toBe(200);
    expect((await log())[0]).toMatchObject({ status: 200, fault: 'delay' });
  });

  it('truncated: promises a longer Content-Length than it sends, then closes', async () => {
    await inject({ kind: 'truncated' });
    const result = await rawPost(envelope(GET_OOF));
    expect(result.status).toBe(200);
    expect(Number(result.headers['content-length'])).toBeGreaterThan(result.received);
    expect(result.error).toBeDefined();
    await inject({ kind: 'truncated' });
    await expect(ews(h.sim, GET_OOF)).rejects.toThrow();
  });

  it('malformed: HTTP 200 with XML that is not well-formed', async () => {
    await inject({ kind: 'malformed' });
    const response = await fetch(h.sim.ewsUrl, {
      method: 'POST',
      headers: { Authorization: bearerFor(h.sim) },
      body: envelope(GET_OOF),
    });
    expect(response.status).toBe(200);
    const xml = await response.text();
    expect(() => parseXml(xml)).toThrow(DecodeError);
  });

  it('reset: destroys the connection without an answer', async () => {
    await inject({ kind: 'reset' });
    const result = await rawPost(envelope(GET_OOF));
    expect(result.status).toBe(0);
    expect(result.error).toMatch(/socket hang up|ECONNRESET/);
    expect((await log())[0]).toMatchObject({
      status: 0,
      fault: 'reset',
      operation: 'GetUserOofSettings',
    });
  });

  it('rejects an unknown fault kind with 400, and DELETE /faults clears pending faults', async () => {
    const bad = await admin<{ error: string }>(h.sim, 'POST', '/faults', { kind: 'explode' });
    expect(bad.status).toBe(400);
    await inject({ kind: 'soap-fault', count: 5 });
    expect((await admin<unknown[]>(h.sim, 'GET', '/faults')).json).toHaveLength(1);
    await admin(h.sim, 'DELETE', '/faults');
    expect((await ews(h.sim, GET_OOF)).status).toBe(200);
  });
});

describe('request log', () => {
  it('records operation, user, time and status, and can be cleared', async () => {
    const before = Date.now();
    await ews(h.sim, GET_OOF);
    await ews(h.sim, FIND_VOICEMAIL, { user: 'nestor@beacon.test' });
    await ews(h.sim, GET_OOF, { authorization: null });
    const entries = await log();
    expect(entries.map((e) => [e.operation, e.user, e.status])).toEqual([
      ['GetUserOofSettings', ALEX, 200],
      ['FindItem', 'nestor@beacon.test', 200],
      ['GetUserOofSettings', null, 401],
    ]);
    expect(entries[0]?.atMs).toBeGreaterThanOrEqual(before);
    expect(entries[0]?.time).toBe(new Date(entries[0]?.atMs ?? 0).toISOString());
    expect((entries[1]?.seq ?? 0) - (entries[0]?.seq ?? 0)).toBe(1);
    expect((await admin(h.sim, 'DELETE', '/requests')).status).toBe(200);
    expect(await log()).toEqual([]);
  });
});
